"""Downloads Streamlit builds when the reader clicks (a paged list's every page, a big page's
workbook, the official workbook) run in a thread of the server, outside every script run: no
session state. They used to read the reader from the session there, so with accounts a logged-in
analyst's list came out empty (no reader: no schools) and an English reader's headers Chinese.
Here each such download is run as Streamlit runs it, in a fresh thread after the page was drawn
(``click``), on the two-school county with accounts."""
from __future__ import annotations

import io

import polars as pl
import pytest

from access.__main__ import main as access_cli
from page_harness import csv_frame, on_click  # noqa: F401  (fixture)
from tests.test_access_ui import _xlsx_text, accounts, county, log_in, start  # noqa: F401  (fixtures)
from tests.two_schools import B_TEACHER_IDS, B_TOKENS
from ui import downloads


@pytest.fixture()
def click(on_click, monkeypatch):  # noqa: F811
    monkeypatch.setattr(downloads, "EAGER_ALL_ROWS", 0)  # every paged list and page workbook: on click
    return on_click


def teacher_table(at, masked: str) -> pl.DataFrame:
    """The one table on the page with a masked-ID column (headed ``masked``), as shown."""
    [shown] = [pl.from_pandas(d.value) for d in at.dataframe if masked in d.value.columns]
    return shown


def english(at):
    at.sidebar.radio(key="lang").set_value("English").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_analysts_list_built_on_click_is_the_list_on_screen_in_english(county, accounts, monkeypatch, click):
    at = english(log_in(start(monkeypatch, county), "fx"))
    at.switch_page("views/analysis/coverage.py").run()
    shown = teacher_table(at, "ID number (masked)")
    # No passed training in 2024: 甲二 (none that year) and 乙一 (SP24 not completed); the rest passed one.
    assert sorted(shown["Name"].to_list()) == ["乙一老师", "甲二老师"]
    got = csv_frame(click(at, "dl_csv_coverage_untrained"))
    assert got.columns == shown.columns  # English, as on screen
    assert got.rows() == shown.rows()


def test_a_school_users_page_workbook_built_on_click_holds_its_school_only(county, accounts, monkeypatch, click):
    at = english(log_in(start(monkeypatch, county), "zhang"))
    at.switch_page("views/analysis/school.py").run()
    book = click(at, "dl_page_xlsx")
    about = pl.read_excel(io.BytesIO(book), sheet_id=1)
    assert about.columns == ["Item", "Value"] and about["Item"][0] == "Page"  # the reader's language
    text = _xlsx_text(book)
    assert "甲校" in text  # the page's tables, not empty ones
    assert [t for t in (*B_TOKENS, *B_TEACHER_IDS) if t in text] == []


def test_an_account_disabled_after_the_page_was_drawn_gets_nothing_on_click(county, accounts, monkeypatch, click):
    at = log_in(start(monkeypatch, county), "fx")
    at.switch_page("views/analysis/coverage.py").run()
    assert csv_frame(click(at, "dl_csv_coverage_untrained")).height == 2  # 甲二, 乙一 (above)
    access_cli(["--accounts", str(accounts), "disable", "fx"], out=io.StringIO())
    assert csv_frame(click(at, "dl_csv_coverage_untrained")).height == 0


def test_the_official_workbook_built_on_click_holds_the_whole_teacher_annex(county, accounts, monkeypatch, click):
    at = log_in(start(monkeypatch, county), "fx")
    at.switch_page("views/analysis/official.py").run()
    shown = teacher_table(at, "身份证号（脱敏）")
    book = pl.read_excel(io.BytesIO(click(at, "of_workbook")), sheet_name="表3-1 附 未达进度教师",
                         read_options={"header_row": 2})
    # 2024 as of the 2021–2025 cycle: the six teachers, first on the 2023 roster, owe 2/5 of 360 h
    # (144 h); the most any has is 80 h (甲一: GP23 40 + GP24 40), so all six are below pace.
    assert shown.height == 6 and book.rows() == shown.rows()
