"""The demo county, built through the real load path, reproduces the seed report's 2024 figures."""
from __future__ import annotations

import shutil

import duckdb

from etl.load import load_paths

# The seed report (a county, 2024): 13,400 person-times = 617 + 840 + 1,126 + 2,648 + 8,169.
REPORT_2024_TIERS = {"national": 617, "provincial": 840, "municipal": 1126, "county": 2648, "school": 8169}
REPORT_2024_AWARDS = {"provincial": 117, "municipal": 285, "county": 996}
EXCELLENT_2024 = {"附城初中", "莲麓初中", "康乐中学", "蓝川初中", "康乐一中", "八松初中", "虎关初中", "五户学校",
                  "新治街小学", "城北学校", "流川学区", "城东小学", "胭脂湖小学", "胭脂学区", "莲麓学区", "八松学区",
                  "康丰学区", "县幼儿园", "城东幼儿园", "城北幼儿园"}


def test_2024_person_times_by_tier_match_the_report(demo_con):
    rows = demo_con.execute("""
        select p.train_tier, count(*) from participation pa join program p using (program_code)
        where pa.year = 2024 group by 1""").fetchall()
    assert dict(rows) == REPORT_2024_TIERS
    assert sum(REPORT_2024_TIERS.values()) == 13_400


def test_2024_tier_view_matches_the_report(demo_con):
    rows = demo_con.execute("select train_tier, person_times from metric_tier_year where year = 2024").fetchall()
    assert dict(rows) == REPORT_2024_TIERS


def test_2024_awards_by_level_match_the_report(demo_con):
    rows = demo_con.execute("select award_level, count(*) from award where year = 2024 group by 1").fetchall()
    assert dict(rows) == REPORT_2024_AWARDS


def test_2024_ratings_are_twenty_excellent_and_nineteen_pass(demo_con):
    rows = demo_con.execute("""
        select s.school_name, r.rating from school_rating r join school s using (school_code)
        where r.year = 2024""").fetchall()
    assert len(rows) == 39
    assert {name for name, rating in rows if rating == "excellent"} == EXCELLENT_2024
    assert {rating for name, rating in rows if name not in EXCELLENT_2024} == {"pass"}


def test_demo_has_39_schools_and_about_2800_teachers_per_year(demo_con):
    assert demo_con.execute("select count(*) from school").fetchall() == [(39,)]
    per_year = dict(demo_con.execute("select year, count(*) from roster group by 1").fetchall())
    assert sorted(per_year) == [2021, 2022, 2023, 2024, 2025]
    assert all(2_500 <= n <= 3_100 for n in per_year.values()), per_year


def test_every_demo_row_is_loaded_rejected_or_skipped(demo_build):
    _, report, _ = demo_build
    for r in report.results:
        assert r.status == "loaded", (r.where, r.status, r.message)
        assert r.rows_read == r.rows_loaded + r.rows_rejected + r.rows_skipped, r.where


def test_loading_the_demo_files_again_changes_nothing(demo_build, tmp_path):
    warehouse, _, raw = demo_build
    copy = tmp_path / "again.duckdb"
    shutil.copyfile(warehouse, copy)
    shutil.copyfile(warehouse.with_name(warehouse.name + ".secret"), copy.with_name(copy.name + ".secret"))
    tables = ["school", "teacher", "roster", "program", "participation", "award", "school_rating", "plan_target",
              "etl_batch", "etl_reject"]

    def fingerprint(path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            return {t: con.execute(f"select count(*), sum(hash(t)) from {t} as t").fetchall() for t in tables}
        finally:
            con.close()

    before = fingerprint(copy)
    report = load_paths([raw], copy)
    assert {r.status for r in report.results} == {"unchanged"}
    assert not report.changed
    assert fingerprint(copy) == before
