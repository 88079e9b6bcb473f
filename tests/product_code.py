"""The product's Python files (what the meta-tests hold to account): app.py, settings.py and
the packages the app and the commands are made of; not tests or benchmarks."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("app.py", "settings.py")
PACKAGES = ("access", "credits", "etl", "report", "ui", "views", "warehouse")


def product_files() -> list[Path]:
    files = [ROOT / m for m in MODULES]
    for package in PACKAGES:
        files += sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)
    return files


def module_name(path: Path) -> str:
    """``ui/data.py`` → ``ui.data``; ``etl/__init__.py`` → ``etl``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)
