"""学校画像 page on the demo county: a link naming the school opens its report card, whose
numbers are that school's own counts; picking another school changes them."""
from __future__ import annotations

import duckdb

from page_harness import csv_frame, downloads, metrics, open_app, table  # noqa: F401

PAGE = "views/analysis/school.py"


def counts(warehouse, name: str, year: int) -> tuple[int, int]:
    """(roster teachers, participation rows) of one school in one year."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("""
            select (select count(*) from roster r where r.year = $y and r.school_code = s.school_code),
                   (select count(*) from participation p where p.year = $y and p.school_code = s.school_code)
            from school s where s.school_name = $n""", {"y": year, "n": name}).fetchone()


def test_a_link_naming_the_school_opens_its_report_card(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024", school="附城初中")
    assert at.title[0].value == "学校画像：附城初中"
    teachers, person_times = counts(demo_warehouse, "附城初中", 2024)
    shown = metrics(at)
    assert shown["名册教师（人）"] == f"{teachers:,}"
    assert shown["参训人次"] == f"{person_times:,}"
    years = table(at, 0)
    csv = csv_frame(downloads(at, "dl_csv_school_years"))
    assert csv["年度"].to_list() == years["年度"].to_list() == [2025, 2024, 2023, 2022, 2021]
    assert csv["参训人次"].to_list() == years["参训人次"].to_list()
    assert years.filter(years["年度"] == 2024)["参训人次"].to_list() == [person_times]
    # Every download of the card is named for the school (a folder of downloads says whose each is).
    from page_harness import RecordingStorage

    names = [RecordingStorage.names[b.proto.url.rsplit("/", 1)[-1].split(".")[0]] for b in at.download_button]
    assert len(names) >= 10 and all(n.startswith("附城初中") for n in names), names
    assert "附城初中_2024_年各培训层级参训人次_" in " ".join(names), names


def test_picking_another_school_shows_its_numbers(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024", school="附城初中")
    assert "城东小学" in at.selectbox(key="school_pick").options  # shown by name, chosen by code
    at.selectbox(key="school_pick").set_value(_code(demo_warehouse, "城东小学")).run()
    _, person_times = counts(demo_warehouse, "城东小学", 2024)
    assert at.title[0].value == "学校画像：城东小学"
    assert metrics(at)["参训人次"] == f"{person_times:,}"


def _code(warehouse, name: str) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select school_code from school where school_name = ?", [name]).fetchone()[0]
