"""ui.downloads: what a reader gets from a download button, byte for byte."""
from __future__ import annotations

import io
from datetime import date

import polars as pl

from ui import downloads

FRAME = pl.DataFrame({
    "学校": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "附城初中", None],
    "变化": [-3, 0, 5, None, 1, 2],          # numbers, negative ones included, stay numbers
    "覆盖率（%）": [85.3, 90.0, None, 12.5, 100.0, 0.0],
    "日期": [date(2024, 3, 5)] * 6,
})


def test_csv_starts_with_a_bom_and_keeps_chinese_headers():
    data = downloads.csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows reads it as UTF-8
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "学校,变化,覆盖率（%）,日期"
    assert "\r\n" in text


def test_csv_neutralises_formulas_but_not_numbers():
    back = pl.read_csv(io.BytesIO(downloads.csv_bytes(FRAME)[3:]))
    assert back["学校"].to_list() == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "附城初中", None]
    assert back["变化"].to_list() == [-3, 0, 5, None, 1, 2]


def test_xlsx_has_chinese_headers_numbers_and_no_formulas():
    data = downloads.xlsx_bytes(FRAME, sheet="总览/培训[层级]")  # characters a sheet name cannot hold
    back = pl.read_excel(io.BytesIO(data))
    assert back.columns == ["学校", "变化", "覆盖率（%）", "日期"]
    # text cells as written (strings, not formulas: no apostrophe needed, unlike CSV)
    assert back["学校"].to_list()[:4] == ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"]
    assert back["变化"].to_list() == [-3, 0, 5, None, 1, 2]
    assert back["覆盖率（%）"].to_list()[:2] == [85.3, 90.0]
    # xlsx is a zip; a formula would be stored as an <f> element in the sheet XML
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet


def test_neutralise_leaves_plain_text_and_numbers_alone():
    assert downloads.neutralise("附城初中") == "附城初中"
    assert downloads.neutralise(-5) == -5
    assert downloads.neutralise("\t=1") == "'\t=1"


def test_file_stem_is_safe_and_dated():
    stem = downloads.file_stem("2024 年/各校:覆盖率")
    assert "/" not in stem and ":" not in stem and " " not in stem
    assert stem.startswith("2024_年_各校_覆盖率_")


def test_a_long_tables_files_are_built_on_click_with_the_same_bytes(monkeypatch):
    got: dict[str, object] = {}

    class Row:
        def download_button(self, label, data, **kwargs):
            got[kwargs["key"]] = data

    monkeypatch.setattr(downloads.st, "container", lambda **kwargs: Row())
    short = pl.DataFrame({"学校": ["附城初中"] * downloads.EAGER_XLSX_ROWS})
    long = pl.DataFrame({"学校": [f"学校{i}" for i in range(downloads.EAGER_CSV_ROWS + 1)]})
    downloads.buttons(short, "short", "s")
    downloads.buttons(long, "long", "l")
    # 200 rows: both files ready on the page; 5,001 rows: each built when clicked, as the table is
    assert got["dl_csv_s"] == downloads.csv_bytes(short) and isinstance(got["dl_xlsx_s"], bytes)
    assert callable(got["dl_csv_l"]) and callable(got["dl_xlsx_l"])
    assert got["dl_csv_l"]() == downloads.csv_bytes(long)
    assert pl.read_csv(io.BytesIO(got["dl_csv_l"]())).height == downloads.EAGER_CSV_ROWS + 1
