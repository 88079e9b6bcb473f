"""官方报表 page on the demo county: the tables on screen are the workbook's, both languages,
both periods, and a school account sees only its school."""
from __future__ import annotations

import io

import duckdb
import polars as pl

from page_harness import csv_frame, downloads, on_click, open_app, table  # noqa: F401  (fixtures)

PAGE = "views/analysis/official.py"


def sheet(data: bytes, name: str) -> pl.DataFrame:
    """A table sheet of the workbook: title in row 1, headers in row 3."""
    return pl.read_excel(io.BytesIO(data), sheet_name=name, read_options={"header_row": 2})


def test_tables_on_screen_equal_the_workbook_and_count_persons(monkeypatch, demo_warehouse):
    from report.official.tables import build
    from report.official.workbook import workbook_bytes
    from warehouse.filters import Filters

    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert at.title[0].value == "官方报表"
    shown = table(at, 0)
    assert shown.columns[:3] == ["学段", "专任教师数（人）", "接受培训人数合计（人）"]
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        teachers, trained = con.execute(
            "select count(*), count(*) filter (where exists (select 1 from participation p join program g "
            "using (program_code) where g.year = 2024 and p.result = 'passed' and p.teacher_key = r.teacher_key)) "
            "from roster r where r.year = 2024").fetchall()[0]
        stats = build(con, Filters(year=2024), "calendar", "zh", teacher_level=True)
    total = shown.filter(pl.col("学段") == "合计").row(0, named=True)
    assert (total["专任教师数（人）"], total["接受培训人数合计（人）"]) == (teachers, trained)
    book = sheet(workbook_bytes(stats, "全县"), "表1 专任教师接受培训情况")
    assert book.rows() == shown.rows()
    assert len(at.dataframe) == len(stats.tables)  # every table of the workbook is on the page


def test_school_year_period_is_a_click_and_a_link(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    calendar = table(at, 0)
    at.segmented_control(key="of_period").set_value("school").run()
    assert not at.exception
    school = table(at, 0)
    assert school["学段"].to_list()[-1] == "合计"
    assert school.rows() != calendar.rows()  # the school year 2023-09-01..2024-08-31 counts other training
    linked = open_app(monkeypatch, demo_warehouse, PAGE, year="2024", period="school")
    assert table(linked, 0).rows() == school.rows()  # the choice lives in the URL


def test_english(monkeypatch, demo_warehouse):
    zh = table(open_app(monkeypatch, demo_warehouse, PAGE, year="2024", period="school"), 0)
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024", lang="English", period="school")
    assert at.title[0].value == "Official statistics"
    en = table(at, 0)
    assert en.columns[:3] == ["Stage", "Full-time teachers", "Teachers trained, total"]
    assert en["Stage"].to_list() == ["Pre-primary", "Primary", "Lower secondary", "Upper secondary", "Vocational",
                                     "Special education", "Total"]
    assert [r[1:] for r in en.rows()] == [r[1:] for r in zh.rows()]


def test_an_unknown_period_in_the_link_says_so(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024", period="weekly")
    assert any("weekly" in w.value for w in at.warning)
    assert at.segmented_control(key="of_period").value == "calendar"


def test_the_teacher_annex_shows_a_page_at_a_time_and_its_files_hold_every_page(monkeypatch, demo_warehouse,
                                                                                downloads, on_click):  # noqa: F811
    from report.official.tables import build
    from warehouse.filters import Filters

    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        [(behind,)] = con.execute("select count(*) from teacher_cycle_year "
                                  "where cycle_start = 2021 and as_of_year = 2024 and not compliant").fetchall()
        tables = {t.key: t for t in build(con, Filters(year=2024), "calendar", "zh", teacher_level=True).tables}
    annex = tables["completion_teachers"]
    assert tables["completion"].frame["截至年度"].to_list() == ["2024"]  # a year, not "2,024"
    assert annex.frame.height == behind > 50  # more than one page of the demo county's teachers
    at_annex = [t.value for t in at.subheader].index(annex.title)  # one table under each title
    assert table(at, at_annex).rows() == annex.frame.head(50).rows()
    assert f"共 {behind:,} 人。 第 1 / {-(-behind // 50)} 页，每页 50 条" in [c.value for c in at.caption]
    at.number_input(key="of_page").set_value(2).run()
    assert table(at, at_annex).rows() == annex.frame.slice(50, 50).rows()
    assert csv_frame(downloads(at, "dl_csv_official_completion_teachers")).height == behind
    book = sheet(on_click(at, "of_workbook"), annex.title)
    assert book.height == behind and book.rows() == annex.frame.rows()
