"""The one codebook: every code list, its order, its Chinese and English label, its colour and
its weight, read from ``warehouse/codebook.csv``.

The warehouse stores codes (``national``, ``primary`` …). Everything that needs a list of
codes, their order or their words reads them here: ``settings`` (the tuples), the
``Literal`` types of ``warehouse.filters``, the UI's labels and colours, and SQL, which joins
the ``codebook`` table that ``load`` writes into the warehouse::

    select l.code as award_level, l.sort_order, l.weight
    from codebook as l where l.list = 'award_level'

Columns of the file and the table: ``list`` (the code list, e.g. ``train_tier``), ``code``,
``sort_order`` (1, 2, … within the list), ``zh``, ``en``, ``colour`` (``#rrggbb`` or empty),
``weight`` (award level weights, rating scores; empty elsewhere), ``group_code`` (the code of
the group a code counts under: a school stage's ``stage_group`` of the official statistics,
nine-year schools under junior; empty elsewhere). Adding a code is one line of the file;
nothing else repeats the list.

This module imports nothing from the project, so ``settings`` can derive from it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

FILE = Path(__file__).with_name("codebook.csv")
TABLE = "codebook"


@dataclass(frozen=True)
class Code:
    list: str
    code: str
    sort_order: int
    zh: str
    en: str
    colour: str | None
    weight: float | None
    group_code: str | None = None


@lru_cache(maxsize=1)
def entries() -> tuple[Code, ...]:
    """Every row of the codebook, in file order."""
    with FILE.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Code(r["list"], r["code"], int(r["sort_order"]), r["zh"], r["en"],
                 r["colour"] or None, float(r["weight"]) if r["weight"] else None, r["group_code"] or None)
            for r in csv.DictReader(fh))


def lists() -> tuple[str, ...]:
    """The names of the code lists, in file order."""
    return tuple(dict.fromkeys(e.list for e in entries()))


def rows(list_name: str) -> tuple[Code, ...]:
    """One list's codes in their order; a KeyError names an unknown list."""
    found = sorted((e for e in entries() if e.list == list_name), key=lambda e: e.sort_order)
    if not found:
        raise KeyError(f"代码表中没有这个代码清单 (no code list named) {list_name!r}")
    return tuple(found)


def codes(list_name: str) -> tuple[str, ...]:
    """The codes of one list, in display order."""
    return tuple(e.code for e in rows(list_name))


def labels(list_name: str) -> dict[str, tuple[str, str]]:
    """code -> (zh, en) for one list, in order."""
    return {e.code: (e.zh, e.en) for e in rows(list_name)}


def label(list_name: str, code: str, lang: str = "zh") -> str:
    """The word for a code (the code itself when the list does not know it)."""
    for e in rows(list_name):
        if e.code == code:
            return e.zh if lang == "zh" else e.en
    return code


def colours(list_name: str) -> dict[str, str]:
    """code -> colour for the codes of one list that have one."""
    return {e.code: e.colour for e in rows(list_name) if e.colour}


def weights(list_name: str) -> dict[str, float]:
    """code -> weight for the codes of one list that have one."""
    return {e.code: e.weight for e in rows(list_name) if e.weight is not None}


def groups(list_name: str) -> dict[str, str]:
    """code -> group code for the codes of one list that have one (``stage`` -> ``stage_group``)."""
    return {e.code: e.group_code for e in rows(list_name) if e.group_code}


def load(con) -> None:
    """Write the codebook into the warehouse as the ``codebook`` table (replacing its rows),
    so SQL joins it instead of repeating ``(values …)`` lists."""
    con.execute(f"""
        create table if not exists {TABLE} (
            list varchar not null, code varchar not null, sort_order integer not null,
            zh varchar not null, en varchar not null, colour varchar, weight double,
            group_code varchar, primary key (list, code))""")
    # a warehouse written before group_code existed gets the column (the build rewrites the rows)
    con.execute(f"alter table {TABLE} add column if not exists group_code varchar")
    con.execute(f"delete from {TABLE}")
    columns = ("list", "code", "sort_order", "zh", "en", "colour", "weight", "group_code")
    rows = pl.DataFrame([tuple(getattr(e, c) for c in columns) for e in entries()], orient="row",
                        schema={"list": pl.String, "code": pl.String, "sort_order": pl.Int32, "zh": pl.String,
                                "en": pl.String, "colour": pl.String, "weight": pl.Float64, "group_code": pl.String})
    con.register("codebook_rows", rows)  # one insert: executemany took 0.1 s, a row at a time
    try:
        con.execute(f"insert into {TABLE} ({', '.join(columns)}) select {', '.join(columns)} from codebook_rows")
    finally:
        con.unregister("codebook_rows")
