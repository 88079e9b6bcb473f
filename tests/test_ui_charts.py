"""ui.charts: the same colour for the same tier on every page and in both languages, and
charts labelled for people (title, axis titles with units, hover with separators)."""
from __future__ import annotations

import polars as pl

from ui import charts


def test_a_tier_keeps_its_colour():
    tiers = charts.colors("train_tier")
    assert tiers["国培"] == charts.PALETTE["train_tier"]["national"]
    # award levels use the tiers' colours, level for level
    assert charts.colors("award_level")["国家级"] == tiers["国培"]
    assert charts.order("train_tier") == ["国培", "省培", "市/州培", "县/区培", "校培"]


def test_bar_chart_has_title_axis_titles_and_people_friendly_hover():
    shown = pl.DataFrame({"培训层级": ["国培", "校培"], "参训人次": [617, 8169]})
    fig = charts.bar(shown, "培训层级", "参训人次", title="2024 年各培训层级参训人次", color="培训层级",
                     color_kind="train_tier")
    assert fig.layout.title.text == "2024 年各培训层级参训人次"
    assert fig.layout.xaxis.title.text == "培训层级" and fig.layout.yaxis.title.text == "参训人次"
    assert "Noto Sans CJK SC" in fig.layout.font.family
    assert all(":,.0f" in trace.hovertemplate for trace in fig.data)  # 8,169 not 8169
    assert fig.layout.yaxis.tickformat == ",~f"  # ticks 8,000 not 8000
    assert {trace.name: trace.marker.color for trace in fig.data} == {
        "国培": charts.PALETTE["train_tier"]["national"], "校培": charts.PALETTE["train_tier"]["school"]}


def test_value_axes_of_every_chart_kind_separate_thousands_but_leave_percentages_alone():
    shown = pl.DataFrame({"学校": ["一小", "二中"], "学时": [1200.5, 980.0], "覆盖率（%）": [92.4, 81.0]})
    assert charts.bar(shown, "学校", "学时", title="t", horizontal=True).layout.xaxis.tickformat == ",~f"
    assert charts.line(shown, "学校", "学时", title="t", value_kind="num").layout.yaxis.tickformat == ",~f"
    assert charts.stacked(shown, "学校", ["学时"], title="t", value_title="学时").layout.xaxis.tickformat == ",~f"
    assert charts.grouped(shown, "学校", ["学时"], title="t", value_title="学时").layout.yaxis.tickformat == ",~f"
    pct = charts.line(shown, "学校", "覆盖率（%）", title="t", value_kind="pct").layout.yaxis
    assert pct.tickformat is None and pct.ticksuffix == "%"


def test_bar_values_stay_upright_and_unclipped():
    shown = pl.DataFrame({"培训层级": ["国培", "省培", "校培"], "参训人次": [10, 15, 151]})
    fig = charts.bar(shown, "培训层级", "参训人次", title="t", show_values=True)
    [trace] = fig.data
    assert trace.textangle == 0 and trace.cliponaxis is False and trace.texttemplate == "%{y:,.0f}"


def test_sankey_labels_are_dark_and_apart():
    shown = pl.DataFrame({"从": ["2023 新教师", "2023 合格教师"], "到": ["2024 合格教师", "2024 合格教师"], "人数": [3, 40]})
    [trace] = charts.sankey(shown, "从", "到", "人数", title="t", colours={}).data
    assert trace.textfont.color == "#1f2430" and trace.node.pad >= 22


def test_charts_take_query_columns_and_find_their_headers_in_either_language():
    import pytest
    from ui.tables import Col, cleared, display

    rows = pl.DataFrame({"train_tier": ["national", "school"], "person_times": [617, 8169]})
    shown = display(rows, [Col("train_tier", "code:train_tier"), Col("person_times")])
    assert charts.header(shown, "person_times") == "参训人次" == shown.columns[1]
    assert charts.header(shown, "参训人次") == "参训人次"            # a header stands as it is
    [trace] = charts.bar(shown, "train_tier", "person_times", title="t").data
    assert list(trace.x) == ["国培", "校培"] and list(trace.y) == [617, 8169]
    assert charts.header(charts.first_rows(shown), "train_tier") == "培训层级"   # the chart's rows too
    assert charts.header(cleared(shown), "person_times") == "参训人次"          # and an emptied frame
    with pytest.raises(KeyError):
        charts.header(shown, "coverage")
