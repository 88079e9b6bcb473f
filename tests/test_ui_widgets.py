"""ui.widgets: the one-line summary of what a page shows."""
from __future__ import annotations

from ui.widgets import filter_summary
from warehouse.filters import Filters


def test_summary_of_the_whole_county():
    assert filter_summary(Filters(year=2024)) == "2024 年 · 全县"


def test_a_school_user_is_never_told_they_see_the_whole_county():
    assert filter_summary(Filters(year=2024, allowed_schools=frozenset({"S1"}))) == "2024 年 · 本校"
    assert filter_summary(Filters(year=2024, allowed_schools=frozenset({"S1", "S2"}))) == "2024 年 · 2 所学校"


def test_chosen_schools_are_counted():
    assert filter_summary(Filters(year=2024, schools=("S1", "S2"))) == "2024 年 · 2 所学校"
