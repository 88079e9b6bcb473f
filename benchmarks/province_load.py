"""Load the province through the real ETL (``etl.load.load_paths``) and measure it.

Runs in a process of its own (see ``province.fresh_process``), so its peak memory is the
load's and nothing else's. ``warehouse.aggregates.build`` is timed on its own (wrapped
for the run): it is the part of the load that stores the heavy models as tables.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import time
from pathlib import Path

import duckdb

from benchmarks.memory import PeakMemory, process_peak_bytes
from benchmarks.sealed_copy import sealed_copy
import etl.load
from etl.load import load_paths
from warehouse import aggregates


@dataclasses.dataclass
class LoadResult:
    seconds: float
    build_seconds: float          # aggregates.build (views + stored models) inside the load
    peak_bytes: int               # sampled RSS peak during the load
    process_peak_bytes: int       # VmHWM / ru_maxrss of the whole load process
    size_bytes: int               # the warehouse file on disk after the swap
    files: int
    csv_files: int
    xlsx_files: int
    input_bytes: int
    rows_read: dict[str, int]     # kind -> rows read from the files
    rows_loaded: dict[str, int]
    rows_rejected: dict[str, int]
    failed: list[str]
    table_rows: dict[str, int]    # rows in the warehouse tables afterwards
    phases: dict[str, float] = dataclasses.field(default_factory=dict)  # where the seconds went

    @property
    def total_read(self) -> int:
        return sum(self.rows_read.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_read / self.seconds if self.seconds else 0.0


TABLES = ("school", "teacher", "roster", "program", "participation", "award", "school_rating", "plan_target",
          "teacher_year", "teacher_cycle_year_stored")


# Steps of etl.load.load_paths, timed by wrapping the names etl.load calls them by.
PHASES = {
    "read files, find headers": "recognise_file",
    "validate rows (etl.validate.check)": "check",
    "write tables (etl.replace.write_table)": "write_table",
    "stored models (warehouse.aggregates.build)": "aggregates.build",
    "checkpoint and swap": "commit_stage",
}


def _timer(fn, label: str, spent: dict[str, float]):
    @functools.wraps(fn)
    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - t0
    return timed


@contextlib.contextmanager
def _timed_phases(spent: dict[str, float]):
    """Wrap the load's steps (and each kind's resolver) with timers, for this process only."""
    saved = []
    for label, name in PHASES.items():
        owner, attr = (aggregates, "build") if name == "aggregates.build" else (etl.load, name)
        saved.append((owner, attr, getattr(owner, attr)))
        setattr(owner, attr, _timer(getattr(owner, attr), label, spent))
    resolvers = dict(etl.load.RESOLVERS)
    for kind, fn in resolvers.items():
        etl.load.RESOLVERS[kind] = _timer(fn, "check references, key teachers (etl.resolve)", spent)
    try:
        yield
    finally:
        for owner, attr, fn in saved:
            setattr(owner, attr, fn)
        etl.load.RESOLVERS.update(resolvers)


def load(files: list[Path], warehouse: Path, fresh: bool = True) -> LoadResult:
    """Load ``files`` into ``warehouse`` (removed first when ``fresh``) and measure."""
    if fresh:
        for leftover in warehouse.parent.glob(warehouse.name + "*"):
            leftover.unlink()
    spent: dict[str, float] = {}
    with _timed_phases(spent), PeakMemory() as peak:
        t0 = time.perf_counter()
        report = load_paths(files, warehouse)
        seconds = time.perf_counter() - t0
    build_seconds = spent.get("stored models (warehouse.aggregates.build)", 0.0)
    read: dict[str, int] = {}
    loaded: dict[str, int] = {}
    rejected: dict[str, int] = {}
    for r in report.results:
        if r.kind is None:
            continue
        read[r.kind] = read.get(r.kind, 0) + r.rows_read
        loaded[r.kind] = loaded.get(r.kind, 0) + r.rows_loaded
        rejected[r.kind] = rejected.get(r.kind, 0) + r.rows_rejected
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        table_rows = {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in TABLES}
    finally:
        con.close()
    return LoadResult(
        seconds=seconds, build_seconds=build_seconds, peak_bytes=peak.bytes,
        process_peak_bytes=process_peak_bytes(), size_bytes=warehouse.stat().st_size,
        files=len(files), csv_files=sum(f.suffix == ".csv" for f in files),
        xlsx_files=sum(f.suffix == ".xlsx" for f in files), input_bytes=sum(f.stat().st_size for f in files),
        rows_read=read, rows_loaded=loaded, rows_rejected=rejected,
        failed=[f"{r.where}: {r.message}" for r in report.results if r.status == "failed"],
        table_rows=table_rows, phases=spent)


def load_into_copy(base: Path, files: list[Path], warehouse: Path) -> LoadResult:
    """Copy ``base`` (with its secret, so teachers keep their keys) and load ``files`` into it."""
    for leftover in warehouse.parent.glob(warehouse.name + "*"):
        leftover.unlink()
    sealed_copy(base, warehouse)  # as the load that swapped it in leaves a live warehouse
    return load(files, warehouse, fresh=False)
