"""Figures: every number the report prints, with where it came from.

A ``Figure`` holds a value read from a query function of ``warehouse/queries`` (its
``Source``: function, filters, row and column), the metric definition it stands for (a
metric view's header line, ``warehouse.definitions``) and how it is written. The text
templates place figures, never numbers; the 数据口径 appendix lists them in the order the
text shows them, and a test re-reads each one from its source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Literal

import duckdb
import polars as pl

from warehouse.filters import Filters

# Thresholds are written in the templates file in the units the text states them in
# (per cent, percentage points, teachers) and printed as written.
Kind = Literal["count", "pct", "pp", "hours", "year", "threshold_pct", "threshold_pp", "threshold_count"]


@dataclass(frozen=True)
class Source:
    """Where a value comes from: ``function(con, filters, **kwargs)``, the row whose columns
    equal ``row``, and ``column`` (a ``None`` function = a setting or threshold, ``value``)."""

    function: Callable | None
    filters: Filters | None = None
    row: tuple[tuple[str, object], ...] = ()
    column: str = ""
    kwargs: tuple[tuple[str, object], ...] = ()
    value: object = None
    origin: str = ""   # what a value without a query is: the templates' threshold, the report's year

    @property
    def name(self) -> str:
        if self.function is None:
            return self.origin
        module = self.function.__module__.removeprefix("warehouse.queries.")
        return f"{module}.{self.function.__name__}"

    def fetch(self, con: duckdb.DuckDBPyConnection):
        """Run the query again and return the value (a test's check, and the builder's read)."""
        if self.function is None:
            return self.value
        frame: pl.DataFrame = self.function(con, self.filters, **dict(self.kwargs))
        for column, wanted in self.row:
            frame = frame.filter(pl.col(column).is_null() if wanted is None else pl.col(column) == wanted)
        if frame.height != 1:
            raise LookupError(f"{self.name}: {frame.height} rows match {dict(self.row)}")
        return frame[self.column][0]


@dataclass(frozen=True)
class Figure:
    """One number of the text. ``kind`` decides how it is written: counts as integers, rates
    (fractions) as percentages with one decimal, ``pp`` (a change of a rate) as percentage
    points without sign, ``hours`` with one decimal, years as they are."""

    key: str
    value: object
    kind: Kind
    source: Source
    definition: str = ""

    def shown(self, lang: str) -> str:
        v = self.value
        if v is None:
            return "—"
        if self.kind.startswith("threshold"):  # as the bureau typed it in the templates file
            return f"{v:g}"
        if self.kind in ("pct", "pp"):
            return f"{abs(v) * 100:.1f}"
        if self.kind == "hours":
            return f"{abs(v):,.1f}" if lang == "en" else f"{abs(v):.1f}"
        if self.kind == "year":
            return str(int(v))
        # counts: the seed report writes 13400, an English text 13,400
        return f"{abs(int(v)):,}" if lang == "en" else str(abs(int(v)))

    def sign(self) -> int:
        """-1, 0 or 1 by the value as written (a change that rounds to 0.0 points is 0)."""
        if self.value is None:
            return 0
        digits = self.shown("zh")
        if float(digits) == 0:
            return 0
        return 1 if self.value > 0 else -1


@dataclass
class Ledger:
    """The figures the document has printed, in order (the 数据口径 appendix)."""

    figures: list[Figure] = field(default_factory=list)

    def record(self, figure: Figure) -> None:
        self.figures.append(figure)


def read(con: duckdb.DuckDBPyConnection, key: str, kind: Kind, function: Callable, filters: Filters,
         column: str, row: dict | None = None, definition: str = "", **kwargs) -> Figure:
    """A figure read now from ``function`` (the same read a test repeats)."""
    source = Source(function, filters, tuple((row or {}).items()), column, tuple(kwargs.items()))
    return Figure(key, source.fetch(con), kind, source, definition)


def from_frame(frame: pl.DataFrame, key: str, kind: Kind, function: Callable, filters: Filters,
               column: str, row: dict | None = None, definition: str = "", **kwargs) -> Figure:
    """A figure taken from a frame already returned by ``function(con, filters, **kwargs)``
    (one query per table, not one per number); the source names the same read."""
    source = Source(function, filters, tuple((row or {}).items()), column, tuple(kwargs.items()))
    picked = frame
    for c, wanted in source.row:
        picked = picked.filter(pl.col(c).is_null() if wanted is None else pl.col(c) == wanted)
    if picked.height != 1:
        raise LookupError(f"{source.name}: {picked.height} rows match {row}")
    return Figure(key, picked[column][0], kind, source, definition)


def threshold(key: str, value: float, kind: Kind, definition: str) -> Figure:
    """A threshold from the templates file (not from the warehouse; the appendix says so)."""
    return Figure(key, value, kind, Source(None, value=value, origin="annual_*.toml [thresholds]"), definition)
