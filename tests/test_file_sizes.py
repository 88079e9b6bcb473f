"""Files small enough to hold in your head (STYLE.md §12): no product .py file over 300 lines."""
from __future__ import annotations

from tests.product_code import ROOT, product_files

LIMIT = 300


def long_files(files, root=ROOT, limit: int = LIMIT) -> list[str]:
    found = []
    for path in files:
        with path.open(encoding="utf-8") as fh:
            n = sum(1 for _ in fh)
        if n > limit:
            found.append(f"{path.relative_to(root)} ({n})")
    return found


def test_no_product_file_is_over_300_lines():
    assert long_files(product_files()) == []


def test_a_long_file_is_named_with_its_length(tmp_path):
    (tmp_path / "short.py").write_text("x = 1\n" * 300)
    (tmp_path / "long.py").write_text("x = 1\n" * 301)
    assert long_files(sorted(tmp_path.glob("*.py")), tmp_path) == ["long.py (301)"]
    listed = {str(p.relative_to(ROOT)) for p in product_files()}
    assert {"app.py", "ui/data.py", "views/analysis/overview.py"} <= listed and not any(
        p.startswith(("tests/", "benchmarks/")) for p in listed)
