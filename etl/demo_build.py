"""Build the demo warehouse: write the demo county's raw files, then load them like real ones."""
from __future__ import annotations

from pathlib import Path

import settings
from etl.load import LoadReport, load_paths


def build_demo(warehouse: Path | None = None, out_dir: Path | None = None) -> LoadReport:
    from etl.demo import write_demo_files  # the generator is only needed here

    out_dir = Path(out_dir or settings.DEMO_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = write_demo_files(out_dir)
    return load_paths(files, Path(warehouse) if warehouse else settings.warehouse_path())
