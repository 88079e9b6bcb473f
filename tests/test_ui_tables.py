"""ui.tables.display: the frame a reader sees and downloads, from a query result."""
from __future__ import annotations

import polars as pl

from ui.tables import Col, display

RESULT = pl.DataFrame({
    "train_tier": ["national", "school", None, "elsewhere"],
    "coverage": [0.8534, 1.0, None, 0.0],
    "person_times": [617, 8169, 0, 3],
    "is_weak": [True, False, None, True],
})
COLUMNS = [Col("train_tier", "code:train_tier"), Col("coverage", "pct"), Col("person_times"),
           Col("is_weak", "bool")]


def test_codes_become_labels_rates_percentages_and_headers_chinese():
    shown = display(RESULT, COLUMNS)
    assert shown.columns == ["培训层级", "培训覆盖率（%）", "参训人次", "薄弱学校"]
    assert shown.rows() == [
        ("国培", 85.3, 617, "是"),
        ("校培", 100.0, 8169, "否"),
        ("未填", None, 0, "未填"),      # a missing code is said, a missing rate stays empty
        ("elsewhere", 0.0, 3, "是"),    # an unknown code is shown as it is, never dropped
    ]


def test_a_header_can_be_given_as_a_pair():
    shown = display(RESULT, [Col("person_times", header=("人次", "Person-times"))])
    assert shown.columns == ["人次"]


def test_a_column_of_long_names_is_capped_so_the_next_columns_stay_on_screen():
    from ui.tables import _column_config
    shown = pl.DataFrame({"项目名称": ["国培计划(2024)—甘肃省中小学校长及管理干部培训(第二期)", "短名"],
                          "项目编号": ["GP2024-001", "GP2024-002"], "参训人次": [21, 3]})
    config = _column_config(shown)
    assert config["项目名称"]["width"] == "medium"          # 27 CJK characters: over 24 display columns
    assert "项目编号" not in config                          # 10 characters: as wide as it needs
    assert config["参训人次"]["type_config"]["format"] == "localized"
