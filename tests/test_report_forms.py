"""``python -m report forms`` on the hand-made county: the workbook's sheets and numbers, its rule
sheets, a school scope, and refusals."""
from __future__ import annotations

import argparse
import io

import duckdb
import polars as pl
import pytest

from report.official.cli import forms, register
from tests.official_fixture import official_county
from warehouse.schema import create_schema


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("forms") / "county.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    official_county(con)
    con.close()
    return path


def run(*argv) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["forms", *argv])
    out, err = io.StringIO(), io.StringIO()
    return args.run(args, out=out, err=err), out.getvalue(), err.getvalue()


def sheet(path, name: str) -> pl.DataFrame:
    return pl.read_excel(path, sheet_name=name, read_options={"header_row": 2})


def test_workbook_holds_every_table_with_its_rule_sheet(warehouse, tmp_path):
    target = tmp_path / "forms.xlsx"
    code, out, err = run("--year", "2024", "--warehouse", str(warehouse), "--out", str(target), "--teachers")
    assert code == 0, err
    assert "7 张表" in out
    import fastexcel

    names = fastexcel.read_excel(target.read_bytes()).sheet_names
    assert names[0] == "说明"
    assert "表1 专任教师接受培训情况" in names and "表1 专任教师接受培训情况 口径" in names
    table = sheet(target, "表1 专任教师接受培训情况")
    total = table.filter(pl.col("学段") == "合计").row(0, named=True)
    assert (total["专任教师数（人）"], total["接受培训人数合计（人）"], total["国家级（人）"]) == (8, 7, 3)
    assert [total[c] for c in ("36学时及以下（人）", "37–72学时（人）", "73–108学时（人）", "109学时及以上（人）")] == [2, 2, 2, 1]
    rules = pl.read_excel(target, sheet_name="表1 专任教师接受培训情况 口径", has_header=False).to_series(0).to_list()
    assert any("teacher_training_period" in line for line in rules if line)  # names its definition
    assert any("一名教师在一行的合计中只计一次" in line for line in rules if line)
    funds = sheet(target, "表3-3 培训经费占公用经费比例")
    assert funds.filter(pl.col("学校代码") == "J")["占比（%）"].to_list() == [4.0]
    assert funds.filter(pl.col("学校代码") == "N")["有经费数据"].to_list() == ["否"]


def test_school_year_and_school_scope(warehouse, tmp_path):
    target = tmp_path / "j.xlsx"
    code, _, err = run("--year", "2024", "--period", "school", "--school", "J", "--warehouse", str(warehouse),
                       "--out", str(target))
    assert code == 0, err
    total = sheet(target, "表1 专任教师接受培训情况").filter(pl.col("学段") == "合计").row(0, named=True)
    assert (total["专任教师数（人）"], total["接受培训人数合计（人）"]) == (2, 2)  # t3, t4
    import fastexcel

    assert "表3-1 附 未达进度教师" not in fastexcel.read_excel(target.read_bytes()).sheet_names  # no --teachers


def test_unknown_school_and_missing_warehouse_are_refused_in_chinese(warehouse, tmp_path):
    code, _, err = run("--year", "2024", "--school", "不存在学校", "--warehouse", str(warehouse),
                       "--out", str(tmp_path / "x.xlsx"))
    assert code == 1 and "没有学校“不存在学校”" in err
    code, _, err = run("--year", "2024", "--warehouse", str(tmp_path / "none.duckdb"))
    assert code == 1 and "找不到数据仓库" in err
