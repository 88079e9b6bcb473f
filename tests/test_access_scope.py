"""A school user cannot obtain another school's rows through any query function or download.

Every public query function in ``warehouse/queries`` (found by
walking the modules, so a new function is covered the day it is written) is called with
the scope of school 甲 on the two-school county (tests/two_schools.py), with every value of
its ``Literal`` and ``bool`` arguments. Two promises are checked:

1. no cell, and no byte of the CSV / Excel download made from the result, holds anything of
   school 乙 (code, name, township, teacher names, codes, masked IDs, keys, award names);
2. the result equals the same call on a county where 乙 never existed: nothing of 乙 leaks
   even as a count or an average. The ranking is the one documented exception: a school's
   rank is computed among its comparison group (the other schools are not returned).
"""
from __future__ import annotations

import io
import zipfile

import duckdb
import polars as pl
import pytest

from tests.query_walk import call_variants, qualified, query_functions
from tests.two_schools import A, B, B_TEACHER_IDS, B_TOKENS, build
from ui import downloads
from warehouse.filters import Filters

# Functions whose result may legitimately differ from "甲 alone" (see the module docstring).
POPULATION_WIDE = {"warehouse.queries.ranking.ranking"}
CASES = [(f, kw) for f in query_functions() for kw in call_variants(f)]
IDS = [qualified(f).removeprefix("warehouse.queries.") + "(" + ",".join(f"{k}={v}" for k, v in kw.items()) + ")"
       for f, kw in CASES]


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """(two-school connection, 甲-alone connection, 乙's teacher keys)."""
    both, report = build(tmp_path_factory.mktemp("both"))
    alone, _ = build(tmp_path_factory.mktemp("alone"), only_a=True)
    assert report.ok
    con_both = duckdb.connect(str(both), read_only=True)
    con_alone = duckdb.connect(str(alone), read_only=True)
    keys = [r[0] for r in con_both.execute(
        "select distinct teacher_key from roster where school_code = ?", [B]).fetchall()]
    assert len(keys) == 3
    yield con_both, con_alone, keys
    con_both.close()
    con_alone.close()


def forbidden(keys: list[str]) -> list[str]:
    return list(B_TOKENS) + keys + B_TEACHER_IDS


def leaks(text: str, keys: list[str]) -> list[str]:
    return [token for token in forbidden(keys) if token in text]


def frame_text(result) -> str:
    """Every value of a result in full (a frame's repr would elide rows and columns)."""
    if isinstance(result, pl.DataFrame):
        return result.write_csv() + " ".join(result.columns)
    if isinstance(result, (tuple, list)):
        return "\n".join(frame_text(r) for r in result)
    if isinstance(result, dict):
        return "\n".join(f"{k}: {frame_text(v)}" for k, v in result.items())
    return repr(result)


def xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist())


def test_the_walk_finds_the_query_functions_of_every_page():
    names = {qualified(f) for f in query_functions()}
    # One per page topic at least; the walk must not silently find nothing.
    for expected in ("warehouse.queries.overview.headline", "warehouse.queries.coverage.untrained_teachers",
                     "warehouse.queries.ranking.ranking", "warehouse.queries.quality.rejects",
                     "warehouse.queries.options.schools"):
        assert expected in names


def test_the_unscoped_county_does_show_school_b(county):
    # Guards the test itself: the tokens are really there for a reader who sees everything.
    con_both, _, keys = county
    from warehouse.queries.coverage import untrained_teachers, coverage_by

    everything = frame_text(coverage_by(con_both, Filters(), by="school")) + \
        frame_text(untrained_teachers(con_both, Filters()))
    assert B in everything and "乙校" in everything and "乙" in everything


@pytest.mark.parametrize(("function", "kwargs"), CASES, ids=IDS)
def test_school_scope_reveals_nothing_of_the_other_school(county, function, kwargs):
    con_both, _, keys = county
    scoped = Filters(allowed_schools=frozenset({A}))
    result = function(con_both.cursor(), scoped, **kwargs)
    assert leaks(frame_text(result), keys) == []
    if isinstance(result, pl.DataFrame):
        assert leaks(downloads.csv_bytes(result).decode("utf-8-sig"), keys) == []
        assert leaks(xlsx_text(downloads.xlsx_bytes(result)), keys) == []


ALONE_CASES = [(case, name) for case, name in zip(CASES, IDS) if qualified(case[0]) not in POPULATION_WIDE]


@pytest.mark.parametrize(("function", "kwargs"), [c for c, _ in ALONE_CASES], ids=[n for _, n in ALONE_CASES])
def test_school_scope_gives_what_the_school_alone_would_give(county, function, kwargs):
    con_both, con_alone, _ = county
    scoped = Filters(allowed_schools=frozenset({A}))
    got = function(con_both.cursor(), scoped, **kwargs)
    alone = function(con_alone.cursor(), scoped, **kwargs)
    assert comparable(got) == comparable(alone)


def comparable(result):
    """A query's result as plain values: frames as rows (their load time differs between
    builds), tuples of results element by element."""
    if isinstance(result, pl.DataFrame):
        return result.drop([c for c in ("loaded_at",) if c in result.columns]).to_dicts()
    if isinstance(result, tuple):
        return tuple(comparable(r) for r in result)
    return result


def test_ranking_returns_only_the_schools_own_row_with_its_rank(county):
    con_both, _, _ = county
    from warehouse.queries.ranking import ranking

    result = ranking(con_both.cursor(), Filters(year=2024, allowed_schools=frozenset({A})),
                     weights={"group_by": "all"})
    assert result["school_code"].to_list() == [A]
    assert result["rank"].to_list()[0] in (1, 2)  # its place among the two schools


def test_school_scope_counts_only_the_schools_own_teachers(county):
    con_both, _, _ = county
    from warehouse.queries.overview import headline

    result = headline(con_both.cursor(), Filters(year=2024, allowed_schools=frozenset({A})))
    # 2024 at 甲: a1, a2, a3 on the roster (the rejected row is not a teacher); passed in
    # 2024: a1 (GP24, 40 h) and a3 (SP24, 10 h) -> 2 of 3 trained, 50 h / 3 teachers.
    row = result.row(0, named=True)
    assert (row["year"], row["roster_teachers"], row["trained_teachers"], row["passed_hours"]) == (2024, 3, 2, 50.0)
    assert row["coverage"] == pytest.approx(2 / 3)


def test_an_empty_scope_sees_no_teacher(county):
    con_both, _, _ = county
    from warehouse.queries.coverage import untrained_teachers
    from warehouse.queries.overview import headline

    nobody = Filters(allowed_schools=frozenset())
    assert untrained_teachers(con_both.cursor(), nobody).is_empty()
    assert headline(con_both.cursor(), nobody)["roster_teachers"].to_list() == [0, 0]
