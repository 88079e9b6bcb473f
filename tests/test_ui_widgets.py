"""ui.widgets: the one-line summary of what a page shows."""
from __future__ import annotations

from ui.widgets import filter_summary
from warehouse.filters import Filters


def test_summary_of_the_whole_county():
    assert filter_summary(Filters(year=2024)) == "2024 年 · 全县"


def test_a_school_user_is_never_told_they_see_the_whole_county():
    assert filter_summary(Filters(year=2024, allowed_schools=frozenset({"S1"}))) == "2024 年 · 本校"
    assert filter_summary(Filters(year=2024, allowed_schools=frozenset({"S1", "S2"}))) == "2024 年 · 2 所学校"


def test_more_than_three_chosen_values_are_counted():
    assert filter_summary(Filters(year=2024, schools=("S1", "S2", "S3", "S4"))) == "2024 年 · 4 所学校"
    assert filter_summary(Filters(year=2024, townships=("甲", "乙", "丙", "丁"))) == "2024 年 · 4 个乡镇"


def test_up_to_three_chosen_values_are_named():
    assert filter_summary(Filters(year=2024, townships=("附城镇",))) == "2024 年 · 附城镇"
    assert filter_summary(Filters(year=2024, stages=("junior", "primary"), train_tiers=("national",))) \
        == "2024 年 · 初中、小学 · 国培"
    assert filter_summary(Filters(year=2024, train_forms=("online",))) == "2024 年 · 网络培训"
