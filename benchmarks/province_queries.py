"""Latency of every query the pages issue, cold and warm, under three typical filters.

What a page issues is recorded, not guessed: ``province_render`` runs each page of
``ui.navigation.PAGES`` through AppTest with ``ui.data.query`` wrapped, and every call (query
function, filters after the access scope, keyword arguments) becomes a ``Call`` here. Query
functions of ``warehouse.queries`` that no page calls yet are added with their default
arguments (page "—"), so the whole metric layer is timed whatever state the pages are in.

*Cold*: the warehouse file is dropped from the OS page cache (``posix_fadvise``
DONTNEED, this file only), a new read-only connection is opened (empty DuckDB buffer
pool), and the query runs once; the open is timed separately. *Warm*: one connection, a
first run discarded, then ``warm_reps`` runs. Functions are called directly, as
``ui.data._cached_query`` calls them, so Streamlit's result cache (which would answer a
repeated view in microseconds) is not what is measured.
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import os
import statistics
import time
from pathlib import Path

import duckdb

from warehouse.filters import Filters

QUERY_MODULES = ("overview", "coverage", "progression", "ranking", "cycle", "awards", "plan", "quality")
NO_PAGE = "—"


@dataclasses.dataclass(frozen=True)
class Case:
    label: str        # shown in the report
    filters: Filters  # what the sidebar would hold


@dataclasses.dataclass(frozen=True)
class Call:
    page: str          # url_path of the page that issued it, "sidebar", or NO_PAGE
    case: str          # Case.label
    module: str
    name: str
    filters_json: str
    kwargs_json: str

    @property
    def function(self):
        return getattr(importlib.import_module(self.module), self.name)

    @property
    def filters(self) -> Filters:
        return Filters.model_validate_json(self.filters_json)

    @property
    def kwargs(self) -> dict:
        return json.loads(self.kwargs_json)

    @property
    def query_id(self) -> str:
        short = self.module.rsplit(".", 1)[-1]
        args = ", ".join(f"{k}={v}" for k, v in self.kwargs.items())
        return f"{short}.{self.name}({args})"

    @property
    def same_query(self) -> tuple:
        """Calls that run the same SQL with the same values (pages share some queries)."""
        return (self.module, self.name, self.filters_json, self.kwargs_json)


def make_call(page: str, case: str, function, filters: Filters, kwargs: dict) -> Call:
    return Call(page, case, function.__module__, function.__name__, filters.model_dump_json(),
                json.dumps(kwargs, sort_keys=True, ensure_ascii=False))


def typical_cases(con: duckdb.DuckDBPyConnection) -> list[Case]:
    """Whole province, the township with most roster teachers, and that township's largest
    school, in the latest roster year (the sidebar's default year)."""
    year = con.execute("select max(year) from roster").fetchall()[0][0]
    township, school = con.execute("""
        with sizes as (
            select s.township, r.school_code, count(*) as teachers
            from roster as r join school as s using (school_code)
            where r.year = $year and s.township is not null
            group by all
        ),
        towns as (select township, sum(teachers) as teachers from sizes group by township)
        select t.township, arg_max(s.school_code, s.teachers)
        from towns as t join sizes as s using (township)
        group by t.township, t.teachers
        order by t.teachers desc, t.township
        limit 1
    """, {"year": year}).fetchall()[0]
    return [
        Case("全省 province", Filters(year=year)),
        Case(f"一个乡镇 township ({township})", Filters(year=year, townships=(township,))),
        Case(f"一所学校 school ({school})", Filters(year=year, schools=(school,))),
    ]


def query_functions() -> list:
    """Every public ``(con, filters, …)`` function of the query modules."""
    found = []
    for short in QUERY_MODULES:
        module = importlib.import_module(f"warehouse.queries.{short}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params[:2] == ["con", "filters"]:
                found.append(fn)
    return found


def complete(recorded: list[Call], cases: list[Case]) -> list[Call]:
    """Recorded page calls, plus every query function no page called (defaults, each case)."""
    seen = {(c.module, c.name) for c in recorded}
    extra = [make_call(NO_PAGE, case.label, fn, case.filters, {})
             for fn in query_functions() if (fn.__module__, fn.__name__) not in seen for case in cases]
    return recorded + extra


def drop_from_page_cache(path: Path) -> None:
    """Evict this file's pages from the OS cache, so the next read comes from disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def _run(con: duckdb.DuckDBPyConnection, call: Call) -> tuple[float, int]:
    fn, filters, kwargs = call.function, call.filters, call.kwargs
    with con.cursor() as cur:   # a cursor per query, as ui.data does
        t0 = time.perf_counter()
        frame = fn(cur, filters, **kwargs)
        return time.perf_counter() - t0, frame.height


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    s = sorted(values)
    if len(s) == 1:
        return s[0]
    pos = (len(s) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


@dataclasses.dataclass
class Timing:
    call: Call
    rows: int
    cold: list[float]
    warm: list[float]
    open_seconds: list[float]
    error: str | None = None

    @property
    def cold_median(self) -> float:
        return statistics.median(self.cold) if self.cold else float("nan")

    @property
    def cold_p95(self) -> float:
        return percentile(self.cold, 95) if self.cold else float("nan")

    @property
    def warm_median(self) -> float:
        return statistics.median(self.warm) if self.warm else float("nan")

    @property
    def warm_p95(self) -> float:
        return percentile(self.warm, 95) if self.warm else float("nan")


def time_calls(warehouse: Path, calls: list[Call], cold_reps: int = 3, warm_reps: int = 10) -> list[Timing]:
    """Cold and warm timings of each distinct call (page labels of shared calls are merged)."""
    merged: dict[tuple, Call] = {}
    for c in calls:
        if c.same_query in merged:
            prev = merged[c.same_query]
            pages = sorted(set(prev.page.split(", ")) | {c.page})
            merged[c.same_query] = dataclasses.replace(prev, page=", ".join(pages))
        else:
            merged[c.same_query] = c
    out = []
    for call in merged.values():
        cold, opens, rows, error = [], [], 0, None
        try:
            for _ in range(cold_reps):
                drop_from_page_cache(warehouse)
                t0 = time.perf_counter()
                con = duckdb.connect(str(warehouse), read_only=True)
                opens.append(time.perf_counter() - t0)
                try:
                    seconds, rows = _run(con, call)
                finally:
                    con.close()
                cold.append(seconds)
            warm = []
            con = duckdb.connect(str(warehouse), read_only=True)
            try:
                _run(con, call)
                for _ in range(warm_reps):
                    seconds, rows = _run(con, call)
                    warm.append(seconds)
            finally:
                con.close()
        except Exception as exc:  # a broken query is reported, not fatal to the benchmark
            warm, error = [], f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        out.append(Timing(call, rows, cold, warm, opens, error))
    return out
