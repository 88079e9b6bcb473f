"""What a load (or its dry run) reports, per sheet: the kind and why, the column mapping, the
first rows as they would be stored, row counts and the effect on the warehouse.

Plain dataclasses and polars frames: a report pickles, so a preview can run in a separate
process (``etl.upload_guard``) and hand its report back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.effect import Effect


@dataclass
class SheetResult:
    source_file: str
    sheet: str | None
    kind: str | None
    status: str                  # loaded | unchanged | failed | empty | skipped
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_skipped: int = 0
    rows_warned: int = 0
    rows_removed: int = 0        # rows an earlier version of the file wrote that this one lacks
    replaced_batch: int | None = None
    message: str = ""
    first_reasons: list[str] = field(default_factory=list)
    batch_id: int | None = None
    header_row: int | None = None  # 1-based, as the clerk sees it
    why: str = ""                # the identifying headers that made it this kind
    mapping: list[tuple[str, str | None]] = field(default_factory=list)  # header -> field label, None = ignored
    sample: pl.DataFrame | None = None  # the first rows as they would be stored (ID numbers masked)
    effect: Effect = field(default_factory=Effect)

    @property
    def where(self) -> str:
        return self.source_file + (f" [{self.sheet}]" if self.sheet else "")


@dataclass
class LoadReport:
    warehouse: Path
    results: list[SheetResult]
    dry_run: bool = False        # nothing was written: the effect is what a load would do

    @property
    def ok(self) -> bool:
        return not any(r.status == "failed" for r in self.results)

    @property
    def changed(self) -> bool:
        return not self.dry_run and any(r.status == "loaded" for r in self.results)
