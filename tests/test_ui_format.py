"""ui.format: numbers as the pages print them."""
from __future__ import annotations

from ui import format as fmt


def test_counts_get_thousands_separators_and_missing_values_a_dash():
    assert fmt.num(13400) == "13,400"
    assert fmt.num(107.04, 1) == "107.0"
    assert fmt.num(None) == fmt.DASH and fmt.num(float("nan")) == fmt.DASH


def test_fractions_are_shown_as_percentages():
    assert fmt.pct(0.9236) == "92.4%"
    assert fmt.pct(None) == fmt.DASH  # an empty denominator is not 0 %


def test_changes_are_signed_and_rates_change_in_points():
    assert fmt.delta_count(13400, 12080) == "+1,320"
    assert fmt.delta_count(0, 1) == "-1"
    assert fmt.delta_count(5, 5) == "0"
    assert fmt.delta_count(5, None) is None
    assert fmt.delta_points(0.924, 0.881, "个百分点") == "+4.3 个百分点"
    assert fmt.delta_points(0.5, 0.5, "pts") == "0"
