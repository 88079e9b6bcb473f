"""etl.normalize: full-width text, stray whitespace, numbers stored as text, every date form."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from etl.normalize import clean_header, clean_text, compact, to_date, to_int, to_number, to_year


def _apply(fn, values: list[str | None]) -> list:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(fn(pl.col("v")).alias("v"))["v"].to_list()


def test_full_width_digits_letters_and_ideographic_space_become_half_width():
    assert _apply(clean_text, ["ＡＢＣ１２３", "\u3000李四\u3000", "Ｐ－０１"]) == ["ABC123", "李四", "P-01"]


def test_line_breaks_and_runs_of_spaces_collapse_and_blank_cells_become_null():
    assert _apply(clean_text, ["  城关\n第一  小学 ", "a\t\tb", "\r\n", "", None]) == ["城关第一小学", "a b", None, None, None]


def test_spaces_padding_a_chinese_name_are_dropped():
    # '张 三' is a two-character name padded to line up with three-character ones.
    assert _apply(clean_text, ["张 三", "张\n三", "欧阳 娜 娜", "阿依古丽·买买提"]) == ["张三", "张三", "欧阳娜娜", "阿依古丽·买买提"]


def test_compact_removes_every_space_from_codes():
    assert _apply(compact, [" P 2024 01 ", "Ｐ２０２４－０１"]) == ["P202401", "P2024-01"]


def test_numbers_stored_as_text_are_read():
    values = ["１２０", " 24学时", "12.0", "1,200", "１２０．５", "40 小时", "abc", None]
    assert _apply(to_number, values) == [120.0, 24.0, 12.0, 1200.0, 120.5, 40.0, None, None]


def test_whole_numbers_only_for_integer_fields():
    assert _apply(to_int, ["12", "12.0", "12.5", "１２"]) == [12, 12, None, 12]


@pytest.mark.parametrize("text", [
    "45356",                 # Excel serial: 45356 days after 1899-12-30
    "45356.75",              # serial with a time of day
    "2024-03-05",
    "2024-03-05 00:00:00",   # how calamine renders a date cell
    "2024/3/5",
    "2024.3.5",
    "2024年3月5日",
    "2024年3月5号",
    "20240305",
    "２０２４－０３－０５",
    " 2024 / 3 / 5 ",
])
def test_every_date_form_reads_as_the_same_day(text):
    assert _apply(to_date, [text]) == [dt.date(2024, 3, 5)]


@pytest.mark.parametrize("text", ["202403", "2024-03", "2024年3月", "2024.3"])
def test_month_only_dates_read_as_the_first_of_the_month(text):
    assert _apply(to_date, [text]) == [dt.date(2024, 3, 1)]


def test_a_bare_year_is_a_year_not_an_excel_serial():
    # 1980 as an Excel serial would be 1905-06-02; a clerk writing 1980 in 出生年月 means the year.
    assert _apply(to_date, ["1980"]) == [dt.date(1980, 1, 1)]


def test_impossible_or_unreadable_dates_are_null():
    assert _apply(to_date, ["2024-02-30", "2023-13-01", "abc", "1", "", None]) == [None] * 6


def test_years_from_plain_numbers_year_words_and_dates():
    assert _apply(to_year, ["2024", "2024年", "2024年度", "45356", "2024/3/5", "今年"]) == [2024] * 5 + [None]


def test_header_cells_compare_without_spaces_markers_or_full_width():
    assert clean_header(" *身份\n证号： ") == "身份证号"
    assert clean_header("完成学时（ｈ）") == "完成学时(h)"
    assert clean_header(None) == ""
