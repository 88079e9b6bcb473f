"""学校排名 page on the demo county: the table is the download, the composite is the sum of
the contributions, and the weights and comparison group (also from a link) change the ranks."""
from __future__ import annotations

import polars as pl

from page_harness import chart, csv_frame, downloads, open_app, table  # noqa: F401

from warehouse.queries.ranking import MIN_GROUP_SCHOOLS

PAGE = "views/analysis/ranking.py"
CONTRIBUTIONS = ["覆盖率贡献", "合格率贡献", "人均学时贡献", "获奖贡献", "考核等次贡献"]


def test_table_is_its_download_and_contributions_add_up(monkeypatch, demo_warehouse, downloads):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert at.title[0].value == "学校排名"
    shown = table(at, 0)
    csv = csv_frame(downloads(at, "dl_csv_ranking_table"))
    assert csv.columns == shown.columns
    assert csv["学校"].to_list() == shown["学校"].to_list()
    assert csv.height == 39  # every school with a 2024 roster
    assert not set(CONTRIBUTIONS) & set(csv.columns)   # the table fits the screen: contributions are the chart's
    # the chart's download: composite = Σ contributions (each rounded to 0.1: allow the rounding of five terms)
    bars = csv_frame(downloads(at, "dl_csv_ranking_contributions"))
    assert bars.height > 0 and set(CONTRIBUTIONS) <= set(bars.columns)
    for row in bars.iter_rows(named=True):
        assert abs(row["综合得分（0–100）"] - sum(row[c] for c in CONTRIBUTIONS)) <= 0.3
        assert row["综合得分（0–100）"] == csv.filter(pl.col("学校") == row["学校"])["综合得分（0–100）"][0]


def test_coverage_only_weights_from_a_link_rank_by_coverage(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024", w_coverage="100", w_pass_rate="0",
                  w_hours_per_teacher="0", w_award_density="0", w_rating="0")
    assert at.slider(key="w_coverage").value == 100 and at.slider(key="w_rating").value == 0
    shown = table(at, 0)
    for _, group in shown.group_by("比较组"):
        if group.height < MIN_GROUP_SCHOOLS:  # too small: scored against every school (tests/test_metric_ranking.py)
            continue
        best = group.filter(pl.col("名次") == 1)
        worst = group.filter(pl.col("培训覆盖率（%）") == group["培训覆盖率（%）"].min())
        # min-max normalised within the group: the best coverage scores 100, the lowest 0
        assert best["培训覆盖率（%）"].max() == group["培训覆盖率（%）"].max()
        assert best["综合得分（0–100）"].to_list()[0] == 100.0
        assert worst["综合得分（0–100）"].to_list()[0] == 0.0


def test_comparing_with_all_schools_ranks_one_to_thirty_nine(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, year="2024")
    assert table(at, 0)["比较组"].n_unique() > 1  # by stage at first
    at.radio(key="ranking_group").set_value("all").run()
    shown = table(at, 0)
    assert shown["比较组"].unique().to_list() == ["全部学校"]
    assert shown["名次"].min() == 1 and shown.height == 39
    [first, *_] = chart(at, "ranking_contributions")
    assert len(first["y"]) == 39  # the chart now shows the whole county
