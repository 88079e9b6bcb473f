"""The dry run (etl.load.preview) predicts exactly what the load then does, writes nothing, and
its prediction matches an independent before/after comparison of the tables.

Several files, each a case the loader handles differently: a first load, a partial roster over
a full one, a corrected participation file (rows removed, a blank that clears), a participation
file without a result column, and a workbook whose extra sheets are skipped.
"""
from __future__ import annotations

import hashlib

from etl.load import load_paths, preview
from etl_files import ID_A, ID_B, make_id, query, write_county, write_csv, write_xlsx
from warehouse.schema import TABLE_KEYS

ID_C = make_id("19950303", 33)
ROSTER = [["年度", "身份证号", "姓名", "学校代码", "任教学科", "职称", "发展层级"],
          ["2024", ID_A, "张三", "S1", "语文", "一级教师", "骨干"], ["2024", ID_B, "李四", "S2", "数学", None, "合格"]]
PART = ["项目编号", "身份证号", "姓名", "完成学时", "考核结果", "学分"]
TABLE = {"school": "school", "roster": "roster", "program": "program", "participation": "participation"}


def _rows(wh, table: str) -> dict[tuple, dict]:
    keys = TABLE_KEYS[table]
    out = {}
    for row in query(wh, f"select * exclude (batch_id, created_batch) from {table}"):
        cols = [c for (c,) in query(wh, f"select column_name from duckdb_columns() where table_name = '{table}' "
                                        "and column_name not in ('batch_id', 'created_batch') order by column_index")]
        named = dict(zip(cols, row))
        out[tuple(named[k] for k in keys)] = named
    return out


def _diff(before: dict, after: dict) -> tuple[int, int, dict[str, int]]:
    """(new keys, changed rows, rows changed per column), computed from two snapshots."""
    new = sum(1 for k in after if k not in before)
    per: dict[str, int] = {}
    changed = 0
    for k, row in after.items():
        if k in before and row != before[k]:
            changed += 1
            for c, v in row.items():
                if before[k][c] != v and c != "result_gap":
                    per[c] = per.get(c, 0) + 1
    return new, changed, per


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _check_prediction(wh, files, kind_table: str | None = None):
    before_bytes = _sha(wh)
    before = _rows(wh, kind_table) if kind_table and wh.exists() else {}
    planned = preview(files, wh)
    assert planned.dry_run and _sha(wh) == before_bytes  # nothing written
    done = load_paths(files, wh)
    assert [(r.source_file, r.sheet, r.status, r.rows_loaded, r.rows_rejected, r.rows_skipped, r.effect.comparable())
            for r in planned.results] == \
           [(r.source_file, r.sheet, r.status, r.rows_loaded, r.rows_rejected, r.rows_skipped, r.effect.comparable())
            for r in done.results]
    if kind_table:
        [r] = [r for r in done.results if r.status == "loaded"]
        new, changed, per = _diff(before, _rows(wh, kind_table))
        assert (r.effect.new, r.effect.changed, r.effect.fields) == (new, changed, per)
    return planned


def test_a_first_load_is_predicted_row_for_row(tmp_path):
    wh = tmp_path / "w.duckdb"
    planned = _check_prediction(wh, write_county(tmp_path / "county"))
    assert [(r.kind, r.effect.new) for r in planned.results] == [("school", 2), ("roster", 4), ("program", 3)]
    assert not wh.exists()  or query(wh, "select count(*) from school") == [(2,)]


def test_a_partial_roster_and_a_corrected_participation_file_are_predicted(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths([*write_county(tmp_path / "county"), write_csv(tmp_path / "名册2024.csv", ROSTER)], wh)
    partial = write_csv(tmp_path / "职称.csv", [["年度", "身份证号", "姓名", "学校代码", "职称"],
                                                ["2024", ID_A, "张三", "S1", "高级教师"], ["2024", ID_B, "李四", "S2", None]])
    planned = _check_prediction(wh, [partial], "roster")
    assert [(r.effect.changed, r.effect.unchanged, r.effect.fields) for r in planned.results] == [(1, 1, {"title": 1})]

    v1 = write_csv(tmp_path / "参训.csv", [PART, ["P1", ID_A, "张三", 40, "合格", 2], ["P1", ID_B, "李四", 30, "合格", 2]])
    _check_prediction(wh, [v1], "participation")
    # v2: 李四 removed, 张三's hours corrected and 学分 blanked (this file said 2: the blank clears it).
    v2 = write_csv(tmp_path / "参训.csv", [PART, ["P1", ID_A, "张三", 36, "合格", None]])
    planned = _check_prediction(wh, [v2], "participation")
    [r] = planned.results
    assert (r.effect.removed, r.effect.changed, r.effect.fields) == (1, 1, {"hours": 1, "credits": 1})
    assert query(wh, "select hours, credits from participation") == [(36.0, None)]


def test_rows_without_a_result_and_rejected_rows_are_predicted(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths([*write_county(tmp_path / "county"), write_csv(tmp_path / "名册2024.csv", ROSTER)], wh)
    part = write_csv(tmp_path / "名单.csv", [["项目编号", "身份证号", "完成学时"], ["P1", ID_A, 40], ["P1", ID_B, 40],
                                             ["P1", ID_C, 40], ["P9", ID_A, 8]])
    planned = _check_prediction(wh, [part], "participation")
    [r] = planned.results
    assert r.effect.no_result == {"no_column": 2}
    assert r.effect.rejects == {
        "身份证号：该教师（按身份证号）不在 2024 年教师名册中：请先导入该年教师名册，或核对身份证号": 1,
        "项目编号：项目编号“P9”不在培训项目表中：请先导入该项目，或核对编号": 1}


def test_a_workbook_with_extra_sheets_is_predicted(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths([*write_county(tmp_path / "county"), write_csv(tmp_path / "名册2024.csv", ROSTER)], wh)
    book = write_xlsx(tmp_path / "模板.xlsx", {"说明": [["请按要求填写"]],
                                               "数据": [PART, ["P3", ID_A, "张三", 10, "合格", 1]],
                                               "选项": [["考核结果"], ["合格"], ["不合格"]]}, hidden=("选项",))
    planned = _check_prediction(wh, [book], "participation")
    assert [(r.sheet, r.status) for r in planned.results] == [("说明", "skipped"), ("选项", "skipped"), ("数据", "loaded")]
