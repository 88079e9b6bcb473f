""""Download this page": one workbook with a first sheet stating the page, its filters, the time
and the metric definitions, then one sheet per table or chart the page drew, holding what
the page's own downloads hold (AppTest on the demo county)."""
from __future__ import annotations

import io

import polars as pl

from page_harness import csv_frame, downloads, open_app  # noqa: F401


def sheets(data: bytes) -> dict[str, pl.DataFrame]:
    return pl.read_excel(io.BytesIO(data), sheet_id=0)  # every sheet, in order, by name


def test_the_overview_downloads_as_one_workbook_of_what_it_shows(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, year="2024", township="附城镇")
    [button] = [b for b in at.download_button if b.key == "dl_page_xlsx"]
    assert button.label == "下载本页（Excel）"
    book = sheets(downloads(at, "dl_page_xlsx"))
    about = book["说明"]
    assert about.columns == ["项目", "内容"]
    items = about["项目"].to_list()
    assert items[:3] == ["页面", "范围", "下载时间"] and about["内容"].to_list()[:2] == ["总览", "2024 年 · 附城镇"]
    assert len(items) > 3 and set(items[3:]) == {"指标口径"}
    # Every chart or table with downloads on the page is a sheet, with the same rows as its CSV.
    offered = [b.key[len("dl_csv_"):] for b in at.download_button if b.key.startswith("dl_csv_")]
    assert len(book) == 1 + len(offered) and len(offered) >= 4
    first = csv_frame(downloads(at, f"dl_csv_{offered[0]}"))
    sheet = book[list(book)[1]]
    assert sheet.columns == first.columns and sheet.rows() == first.rows()
