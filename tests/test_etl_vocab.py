"""The national system's vocabulary: drop-down codes, hierarchical labels, level words, results
written as words or ticks, ID cells as platforms write them and old 15-digit numbers."""
from __future__ import annotations

import polars as pl
import pytest

from etl.fields import kind_spec
from etl.identity import is_valid_id, normalise_id
from etl.normalize import enum_value
from etl.validate import mask_ids, mask_reason
from etl_files import make_id
from national_files import ID_LI, ID_LI15


def _read(kind: str, field: str, cells: list[str]) -> list[str | None]:
    spec = kind_spec(kind).field(field)
    from etl.normalize import compact
    return pl.select(enum_value(compact(pl.lit(pl.Series(cells))), spec.values, spec.codes)).to_series().to_list()


def test_drop_down_cells_are_read_by_their_label_or_by_a_known_code():
    assert _read("roster", "gender", ["1-男", "2-女", "1", "2", "女", "9-未说明的性别", "3"]) == [
        "男", "女", "男", "女", "女", None, None]
    assert _read("school", "is_weak", ["0-否", "1-是"]) == ["false", "true"]


def test_school_categories_coded_or_hierarchical_read_as_the_stage():
    assert _read("school", "stage", ["211-小学", "311", "中等教育-普通初中", "初等教育-小学", "学前教育-幼儿园",
                                     "342-高级中学", "中等教育"]) == [
        "primary", "junior", "junior", "primary", "kindergarten", "senior", None]


def test_level_words_and_codes_of_the_national_system():
    assert _read("award", "award_level", ["地市级", "基层单位", "5-基层单位荣誉称号", "3", "4-县级", "8-国际国外荣誉称号"]) == [
        "municipal", "school", "school", "municipal", "county", None]
    assert _read("program", "train_tier", ["10-国家级", "20", "30-地市级", "40-县级", "60-校级", "99-其他"]) == [
        "national", "provincial", "municipal", "county", "school", None]
    assert _read("program", "form", ["1-长期脱产研修（一个月以上）", "2-短期面授培训", "3", "4-面授培训与网络研修相结合"]) == [
        "offline", "offline", "online", "blended"]


def test_results_as_words_ticks_and_crosses():
    assert _read("participation", "result", ["是", "否", "✓", "✔", "√", "✗", "✘", "×", "通过", "未通过", "1-是", "优秀"]) == [
        "passed", "failed", "passed", "passed", "passed", "failed", "failed", "failed", "passed", "failed", "passed",
        "passed"]


ID_W = make_id("19850612", 21)


@pytest.mark.parametrize("written", ["\t" + ID_W, "'" + ID_W, "‘" + ID_W, f'="{ID_W}"', f' ="{ID_W}" ',
                                     f"{ID_W[:6]} {ID_W[6:14]} {ID_W[14:]}", f"'{ID_W[:9]}\u3000{ID_W[9:]}"])
def test_id_cells_as_platforms_write_them_read_as_the_number(written):
    id_number = ID_W
    assert pl.select(normalise_id(pl.lit(written))).item() == id_number


def test_an_old_15_digit_id_becomes_18_digits_by_gb_11643():
    # 622922 750308 031 -> 622922 19750308 031 + check character, as make_id computes it independently.
    assert ID_LI == make_id("19750308", 31)
    assert pl.select(normalise_id(pl.lit(ID_LI15))).item() == ID_LI
    assert is_valid_id(ID_LI)
    # Not 15 digits: left alone (the checks then say what is wrong).
    assert pl.select(normalise_id(pl.lit("6229227503080312"))).item() == "6229227503080312"


def test_every_id_form_is_masked_in_kept_text():
    text = f"身份证号{ID_LI15}，新号{ID_LI}，编号1234567890123456"
    masked = pl.select(mask_ids(pl.lit(text))).item()
    assert masked == "身份证号622********8031，新号622***********" + ID_LI[-4:] + "，编号1234567890123456"
    assert mask_reason(text) == masked


def test_year_months_typed_as_numbers_read_by_the_cells_display_format(tmp_path):
    """2008.10 typed into a number cell is stored as 2008.1: two decimals shown -> October; General
    (or a CSV) -> January, with a warning that the month is ambiguous; text 2008.10 -> October."""
    import xlsxwriter

    from etl.load import load_paths
    from etl_files import SCHOOLS, query, write_csv
    path = tmp_path / "名册.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("名册")
    two = wb.add_format({"num_format": "0.00"})
    for c, h in enumerate(["年度", "身份证号", "姓名", "学校代码", "参加工作年月"]):
        ws.write_string(0, c, h)
    people = [(make_id("19800101", 1), "甲", 2008.1, two), (make_id("19800101", 2), "乙", 2008.1, None),
              (make_id("19800101", 3), "丙", "2008.10", None), (make_id("19800101", 4), "丁", 2008.09, two)]
    for r, (id_number, name, value, fmt) in enumerate(people, start=1):
        ws.write_string(r, 0, "2024")
        ws.write_string(r, 1, id_number)
        ws.write_string(r, 2, name)
        ws.write_string(r, 3, "S1")
        ws.write(r, 4, value, fmt) if fmt else ws.write(r, 4, value)
    wb.close()
    wh = tmp_path / "w.duckdb"
    load_paths([write_csv(tmp_path / "学校.csv", SCHOOLS), path], wh)
    assert query(wh, "select t.name, strftime(r.hire_date, '%Y-%m') from roster r join teacher t using (teacher_key) "
                     "order by t.name") == [("丁", "2008-09"), ("丙", "2008-10"), ("乙", "2008-01"), ("甲", "2008-10")]
    assert query(wh, "select row_number, column_name, message from etl_warning") == [(3, "参加工作年月", (
        "“参加工作年月”写作 2008.1：可能是 2008 年 1 月，也可能是 2008 年 10 月（Excel 会把 2008.10 存成 2008.1）。"
        "已按 1 月导入：请核对，并把该列设为文本格式后写成 2008-10 这样的形式"))]
