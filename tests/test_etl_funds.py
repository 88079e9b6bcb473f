"""培训经费 (training funds), a kind of its own: 元 or 万元 by the header, schools by code or name,
a budget too small to be 元 warned about, a duplicate or a zero budget rejected, reload unchanged."""
from __future__ import annotations

from etl.load import load_paths
from etl_files import SCHOOLS, query, write_csv, write_xlsx

FUNDS = "select year, school_code, training_spend, public_funds from training_funds order by 1, 2"


def test_funds_in_yuan_and_in_wan_yuan_load_as_yuan(tmp_path):
    schools = write_csv(tmp_path / "学校名册.csv", SCHOOLS)
    yuan = write_csv(tmp_path / "经费2023.csv", [["年度", "学校代码", "培训经费支出", "公用经费"],
                                                ["2023", "S1", "12000", "100000"]])
    wan = write_xlsx(tmp_path / "经费2024.xlsx", {"2024": [
        ["2024年学校培训经费统计表"],
        ["年度", "学校名称", "培训经费支出（万元）", "公用经费（万元）"],
        [2024, "一小", 1.2, 10], [2024, "二中", 0.35, 10], ["合计", None, 1.55, 20]]})
    wh = tmp_path / "w.duckdb"
    report = load_paths([schools, yuan, wan], wh)
    funds = [r for r in report.results if r.kind == "training_funds"]
    assert [(r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_skipped) for r in funds] == [(1, 1, 0, 0), (3, 2, 0, 1)]
    assert query(wh, FUNDS) == [(2023, "S1", 12000.0, 100000.0), (2024, "S1", 12000.0, 100000.0),
                                (2024, "S2", 3500.0, 100000.0)]
    again = load_paths([schools, yuan, wan], wh)
    assert {r.status for r in again.results} == {"unchanged"}


def test_a_budget_that_looks_like_wan_yuan_warns_and_a_zero_budget_or_duplicate_is_rejected(tmp_path):
    schools = write_csv(tmp_path / "学校名册.csv", SCHOOLS)
    funds = write_csv(tmp_path / "经费.csv", [["年度", "学校代码", "培训经费", "公用经费"],
                                             ["2024", "S1", "1.2", "10"],        # 万元 written under a 元 header
                                             ["2024", "S2", "500", "0"],         # no budget
                                             ["2024", "S1", "900", "90000"]])    # S1 again
    wh = tmp_path / "w.duckdb"
    [_, result] = load_paths([schools, funds], wh).results
    assert (result.rows_loaded, result.rows_rejected, result.rows_warned) == (1, 2, 1)
    assert query(wh, "select row_number, column_name, reason from etl_reject order by 1") == [
        (3, "公用经费", "公用经费为 0：占比无法计算，请填写该校当年的公用经费，或留空"),
        (4, "年度", "与第 2 行重复（年度、学校代码相同）：请删除重复行或核对")]
    [(row, message)] = query(wh, "select row_number, message from etl_warning")
    assert row == 2 and "以万元为单位" in message
