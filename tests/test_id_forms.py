"""ID numbers are masked in every written form: 18 or 15 digits, half- or full-width, with
spaces, hyphens or dots, in file and sheet names, headers and raw values, wherever they go
(warehouse tables, rejects, the command line's output, the import preview).

Before: an ID in a file or sheet name was stored in etl_batch/etl_reject and shown in
downloads, and one written with spaces (622922 1975 0205 3433) reached the rejects in clear.
"""
from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import duckdb
import polars as pl
import pytest
import xlsxwriter

from etl.__main__ import print_report
from etl.identity import check_char, mask_ids, mask_text
from etl.load import load_paths
from ui import importing
from etl import upload_check, upload_guard

FIRST17 = "62292219750205343"
ID18 = FIRST17 + check_char(FIRST17)     # 622922197502053433 is not valid; this one is
ID15 = "622922750205343"
FORMS = [ID18, f"{ID18[:6]} {ID18[6:10]} {ID18[10:14]} {ID18[14:]}", f"{ID18[:6]}-{ID18[6:14]}-{ID18[14:]}",
         f"{ID18[:6]}.{ID18[6:14]}.{ID18[14:]}", ID18.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
         ID15, f"{ID15[:6]} {ID15[6:12]} {ID15[12:]}", "11010519491231002x"]
SEPARATORS = re.compile(r"[ \-.\u3000]")


def digits_runs(text: str) -> list[str]:
    """Runs of 15+ digits once separators are taken out: what an ID in clear would leave."""
    half = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return re.findall(r"\d{15,}", SEPARATORS.sub("", half))


@pytest.mark.parametrize("form", FORMS)
def test_every_form_is_masked_in_text_and_in_columns(form):
    text = f"姓名张三，证件{form}，请核对"
    masked = mask_text(text)
    assert digits_runs(masked) == [] and masked.startswith("姓名张三，证件") and masked.endswith("，请核对")
    stars = "*" * (8 if len(SEPARATORS.sub("", form)) == 15 else 11)  # the masked form keeps the length
    assert stars in masked
    column = pl.select(mask_ids(pl.lit(text)).alias("x"))["x"][0]
    assert digits_runs(column) == [] and stars in column


def test_two_ids_one_character_apart_are_both_masked():
    text = f"{ID18},{ID15}"
    assert digits_runs(mask_text(text)) == []
    assert digits_runs(pl.select(mask_ids(pl.lit(text)).alias("x"))["x"][0]) == []


@pytest.mark.parametrize("innocent", ["2021.09.01-2021.12.31", "13912345678", "20210901-20211231",
                                      "12345678901234567", "第 1234567890 号"])
def test_other_numbers_are_left_alone(innocent):
    assert mask_text(innocent) == innocent
    assert pl.select(mask_ids(pl.lit(innocent)).alias("x"))["x"][0] == innocent


def spaced_workbook(path):
    """Sheet and file named with an ID, a header holding one, and a rejected row whose name cell
    holds one written with spaces."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(f"{ID18[:6]}-{ID18[6:14]}-{ID18[14:]}")
    rows = [["学校代码", "学校名称", "学段", "所属乡镇", "城乡类型", f"备注{ID15}"],
            ["9000000001", "新建小学", "小学", "附城镇", "城区", ""],
            ["9000000002", f"张三 {FORMS[1]}", "大学", "附城镇", "城区", FORMS[2]]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return path


def test_names_headers_and_raw_values_never_reach_the_warehouse_or_the_output(tmp_path):
    path = spaced_workbook(tmp_path / f"{ID18}名册.xlsx")
    report = load_paths([path], tmp_path / "w.duckdb")
    assert report.results[0].rows_rejected == 1
    out = io.StringIO()
    with redirect_stdout(out):
        print_report(report)
    assert digits_runs(out.getvalue()) == [] and "622***********" in out.getvalue()
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        for table in ("etl_batch", "etl_reject", "etl_warning", "school"):
            text = con.sql(f"select * from {table}").pl().write_csv()
            assert digits_runs(text) == [], (table, text)
        assert con.execute("select source_file, sheet from etl_batch").fetchall() == [
            ("622***********" + ID18[-4:] + "名册.xlsx", "622***********" + ID18[-4:])]


def test_the_upload_path_masks_the_name_before_anything_is_stored_or_shown(tmp_path):
    data = spaced_workbook(tmp_path / "x.xlsx").read_bytes()
    upload_guard._previews.clear()
    report, messages = upload_guard.preview_uploads([(f"{FORMS[1]}.xlsx", data)], tmp_path / "w.duckdb")
    shown = importing.report_frame(report).write_csv()
    assert digits_runs(shown) == [] and messages == [] and FORMS[1][-4:] in shown
    assert upload_check.clean_name(f"{FORMS[2]}.xlsx", "xlsx") == f"622_{ID18[-4:]}.xlsx"  # * is not a file-name character
