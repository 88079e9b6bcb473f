"""The README's "Load your own files" example: a clerk's full set, as the national system and the
platforms export it, loads in one command; loading it again changes nothing.

Files (tests/national_files.py): 学校基本信息 (3 schools), 教职工基础信息 without 年度 (4 teachers,
--year 2024), 培训项目 (GP2024-01 国培 50 h, SP2024-07 省培 30 h), 教职工国内培训 (4 person-times
in 3 programmes it names but does not code), 国培结业名单 (--program GP2024-01: 王芳 ✓, 李强 ×,
no hours column), 奖励与荣誉 (2 awards + 1 honour).
"""
from __future__ import annotations

import hashlib

from etl.__main__ import main
from etl_files import query
from national_files import awards, domestic_training, graduation_list, programmes, roster, school_list

TABLES = {
    "school": "select school_code, stage from school order by 1",
    "roster": "select t.name, r.year, r.school_code from roster r join teacher t using (teacher_key) order by 1",
    "program": "select program_code, program_name, train_tier, hours from program order by train_tier, 1",
    "participation": ("select t.name, p.program_code, p.hours, p.result from participation p join teacher t "
                      "using (teacher_key) order by 1, 2"),
    "award": "select t.name, a.award_level, a.award_name from award a join teacher t using (teacher_key) order by 1",
}


def _gn(name: str, tier: str) -> str:
    return "GN2024-" + hashlib.sha256(f"2024|{name}|{tier}".encode()).hexdigest()[:8].upper()


def _command(tmp_path) -> list[str]:
    files = [school_list(tmp_path), roster(tmp_path, title=None), programmes(tmp_path), domestic_training(tmp_path),
             graduation_list(tmp_path), awards(tmp_path)]
    return ["load", *map(str, files), "--year", "2024", "--program", "GP2024-01",
            "--warehouse", str(tmp_path / "w.duckdb")]


def test_a_clerks_full_set_loads_in_one_command_and_again_changes_nothing(tmp_path, capsys):
    args = _command(tmp_path)
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[0] for line in out if line.startswith("[")] == [
        "[已导入] 学校基本信息.xlsx [学校基本信息]", "[已导入] 教职工基础信息.xlsx [教职工基础信息·2024年度]",
        "[已导入] 培训项目.xlsx [培训项目]", "[已导入] 国培结业名单.xlsx [名单·GP2024-01]",
        "[已导入] 教职工国内培训.xlsx [教职工国内培训]", "[已导入] 奖励与荣誉.xlsx [教职工奖励]", "[已导入] 奖励与荣誉.xlsx [荣誉信息]"]
    assert "    年度 2024：取自--year（导入页：年度）" in out
    wh = tmp_path / "w.duckdb"
    county = _gn("2024年县级班主任能力提升培训", "county")
    school = _gn("2024年城关中学校本研修", "school")
    municipal = _gn("2024年州级体育教师培训", "municipal")
    expected = {
        "school": [("2152000001", "primary"), ("2152000002", "junior"), ("2152000003", "primary")],
        "roster": [("李强", 2024, "2152000002"), ("王芳", 2024, "2152000001"), ("赵敏", 2024, "2152000002"),
                   ("陈刚", 2024, "2152000003")],
        "program": sorted([(county, "2024年县级班主任能力提升培训", "county", 24.0),
                           (municipal, "2024年州级体育教师培训", "municipal", 30.0),
                           ("GP2024-01", "国培计划(2024)—乡村骨干教师培训", "national", 50.0),
                           ("SP2024-07", "2024年信息技术应用能力提升工程2.0省级培训", "provincial", 30.0),
                           (school, "2024年城关中学校本研修", "school", 12.0)], key=lambda r: (r[2], r[0])),
        "participation": sorted([("李强", county, 20.0, "passed"), ("李强", "GP2024-01", 50.0, "failed"),
                                 ("王芳", county, 24.0, "passed"), ("王芳", "GP2024-01", 50.0, "passed"),
                                 ("赵敏", school, 12.0, "passed"), ("陈刚", municipal, 30.0, "passed")]),
        "award": [("李强", "municipal", "市级优秀班主任"), ("王芳", "county", "县级优质课评比"), ("赵敏", "school", "优秀教师")],
    }
    assert {table: query(wh, sql) for table, sql in TABLES.items()} == expected
    # What the dashboard counts from it: person-times per tier of 2024 (no one took the 省培 SP2024-07).
    assert query(wh, "select train_tier, person_times from metric_tier_year where year = 2024 order by 1") == [
        ("county", 2), ("municipal", 1), ("national", 2), ("provincial", 0), ("school", 1)]

    assert main(args) == 0
    again = capsys.readouterr().out.splitlines()
    assert [line.split("]")[0] for line in again if line.startswith("[")] == ["[未变化"] * 7
    assert again[-1].endswith("（未作更改）")
    assert {table: query(wh, sql) for table, sql in TABLES.items()} == expected
