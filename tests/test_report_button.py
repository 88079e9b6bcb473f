"""The year-end report button on the overview and school pages, clicked as a reader would:
the file offered is the report of the page's year and scope."""
from __future__ import annotations

import io

from docx import Document
from page_harness import downloads, open_app  # noqa: F401

KEY = "annual_report"


def made(at, downloads) -> Document:
    [button] = [b for b in at.button if b.key == KEY]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return Document(io.BytesIO(downloads(at, f"{KEY}_download")))


def test_overview_button_makes_the_county_report_of_the_year(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, "views/analysis/overview.py", year="2024")
    doc = made(at, downloads)
    assert doc.paragraphs[0].text == "2024年度教师培训工作总结"
    assert "五级培训教师13400人次" in " ".join(p.text for p in doc.paragraphs)


def test_overview_button_follows_a_township_filter(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, "views/analysis/overview.py", year="2023")
    at.sidebar.multiselect(key="township").set_value(["莲麓镇"]).run()
    doc = made(at, downloads)
    assert doc.paragraphs[0].text == "莲麓镇2023年度教师培训工作总结"


def test_school_page_button_makes_that_schools_report(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, "views/analysis/school.py", year="2024")
    at.selectbox(key="school_pick").set_value("2162292203").run()  # 康乐中学 (the picker; ?school= holds the code)
    doc = made(at, downloads)
    assert doc.paragraphs[0].text == "康乐中学2024年度教师培训工作总结"
    assert "康乐中学2024年度考核结果为优秀。" in " ".join(p.text for p in doc.paragraphs)


def test_english_ui_makes_the_english_report(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, "views/analysis/overview.py", year="2024", lang="English")
    [button] = [b for b in at.button if b.key == KEY]
    assert button.label == "Make the year-end report (Word)"
    doc = made(at, downloads)
    assert doc.paragraphs[0].text == "Teacher Training in 2024: Year-End Summary"
