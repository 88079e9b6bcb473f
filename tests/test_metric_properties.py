"""Properties that must hold for any data (hypothesis): rates stay in [0, 1], the ranking
does not depend on the order rows were loaded in, and one more passed participation never
lowers a coverage."""
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from metric_fixtures import Warehouse
from warehouse.filters import Filters
from warehouse.queries import coverage, cycle, progression, ranking

SCHOOLS = ["S1", "S2", "S3"]
YEARS = [2023, 2024]
TIERS = ["national", "provincial", "municipal", "county", "school"]
RESULTS = ["passed", "failed", "incomplete", None]
DEV = ["new", "qualified", "key", "distinguished", "educationist", None]
RATINGS = ["excellent", "good", "pass", "fail"]

teacher = st.fixed_dictionaries({
    "schools": st.tuples(st.sampled_from(SCHOOLS + [None]), st.sampled_from(SCHOOLS + [None])),
    "tiers": st.tuples(st.sampled_from(DEV), st.sampled_from(DEV)),
})
dataset = st.fixed_dictionaries({
    "teachers": st.lists(teacher, min_size=1, max_size=8),
    "programs": st.lists(st.tuples(st.sampled_from(YEARS), st.sampled_from(TIERS),
                                   st.integers(1, 120)), min_size=1, max_size=4),
    "took": st.lists(st.tuples(st.integers(0, 7), st.integers(0, 3), st.sampled_from(RESULTS),
                               st.floats(0, 1)), max_size=20),
    "awards": st.lists(st.tuples(st.integers(0, 7), st.sampled_from(YEARS), st.sampled_from(TIERS)), max_size=5),
    "ratings": st.lists(st.tuples(st.sampled_from(SCHOOLS), st.sampled_from(RATINGS)), max_size=3),
})


def rows_of(data) -> dict[str, list[tuple]]:
    """The dataset as table rows (participation only for programs a teacher could take)."""
    rows = {"school": [], "roster": [], "program": [], "participation": [], "award": [], "rating": []}
    for i, s in enumerate(SCHOOLS):
        rows["school"].append((s, ["primary", "junior"][i % 2]))
    for t, spec in enumerate(data["teachers"]):
        for year, school, tier in zip(YEARS, spec["schools"], spec["tiers"]):
            if school:
                rows["roster"].append((year, f"t{t}", school, tier))
    for p, (year, tier, hours) in enumerate(data["programs"]):
        rows["program"].append((f"P{p}", year, tier, hours))
    seen = set()
    for t, p, result, share in data["took"]:
        if t < len(data["teachers"]) and p < len(data["programs"]) and (t, p) not in seen:
            seen.add((t, p))
            year, _, hours = data["programs"][p]
            rows["participation"].append((f"P{p}", f"t{t}", year, round(hours * share, 1), result))
    for t, year, level in data["awards"]:
        if t < len(data["teachers"]):
            rows["award"].append((f"t{t}", year, level))
    rows["rating"] = list({s: (s, r) for s, r in data["ratings"]}.values())
    return rows


_SHARED: list = []


def build(rows, shuffle_seed: int | None = None) -> Warehouse:
    """Fill the one shared warehouse (emptied first) with the rows, in shuffled order if asked."""
    if not _SHARED:
        _SHARED.append(Warehouse().con)
    w = Warehouse(reuse=_SHARED[0])
    order = {k: list(v) for k, v in rows.items()}
    if shuffle_seed is not None:
        rng = random.Random(shuffle_seed)
        for v in order.values():
            rng.shuffle(v)
    for code, stage in order["school"]:
        w.school(code, stage=stage)
    for year, key, school, tier in order["roster"]:
        w.roster(year, key, school, dev_tier=tier)
    for code, year, tier, hours in order["program"]:
        w.program(code, year, tier, hours=hours)
    for program, key, year, hours, result in order["participation"]:
        w.took(program, key, result, hours=hours)
    for i, (key, year, level) in enumerate(order["award"]):
        w.award(key, year, level, name=f"奖{i}")
    for school, rating in order["rating"]:
        w.rating(2024, school, rating)
    return w


def in_unit(values) -> bool:
    return all(v is None or 0.0 <= v <= 1.0 + 1e-12 for v in values)


PROPERTY = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(dataset)
def test_every_rate_lies_between_0_and_1(data):
    con = build(rows_of(data)).con
    f = Filters()
    for by in ("year", "school", "stage", "subject", "dev_tier", "train_tier", "urban_rural"):
        df = coverage.coverage_by(con, f, by=by)
        assert in_unit(df["coverage"]) and in_unit(df["pass_rate"])
    for view, cols in {"metric_school_year": ["coverage", "pass_rate"],
                       "metric_tier_year": ["coverage", "pass_rate"],
                       "metric_dev_tier_year": ["share"]}.items():
        for col in cols:
            assert in_unit(v for (v,) in con.execute(f"select {col} from {view}").fetchall())
    assert in_unit(cycle.compliance(con, f, by="school", cycle_start=2021)["compliance_rate"])
    assert in_unit(progression.promotion_rates(con, f)["promotion_rate"])
    assert in_unit(progression.train_tier_mix(con, f)["share"])
    assert in_unit(coverage.equity_gaps(con, f)["coverage"])
    r = ranking.ranking(con, Filters(year=2024))
    for col in ("norm_coverage", "norm_pass_rate", "norm_hours_per_teacher", "norm_award_density", "norm_rating"):
        assert in_unit(r[col])
    assert all(0 <= c <= 100 + 1e-9 for c in r["composite"])


@PROPERTY
@given(dataset, st.integers(0, 10_000))
def test_ranking_does_not_depend_on_row_order(data, seed):
    rows = rows_of(data)
    first = ranking.ranking(build(rows).con, Filters(year=2024))
    again = ranking.ranking(build(rows, shuffle_seed=seed).con, Filters(year=2024))
    assert first.select("school_code", "rank", "previous_rank").rows() == \
        again.select("school_code", "rank", "previous_rank").rows()
    assert first["composite"].to_list() == pytest.approx(again["composite"].to_list())


@PROPERTY
@given(dataset, st.integers(0, 7), st.sampled_from(YEARS), st.sampled_from(TIERS))
def test_a_passed_participation_never_lowers_coverage(data, who, year, tier):
    rows = rows_of(data)
    w = build(rows)
    before = {(r["year"], r["school_code"]): r["coverage"]
              for r in coverage.coverage_by(w.con, Filters(), by="school").iter_rows(named=True)}
    before_tier = {(r["year"], r["train_tier"]): r["coverage"]
                   for r in coverage.coverage_by(w.con, Filters(), by="train_tier").iter_rows(named=True)}
    w.program("EXTRA", year, tier, hours=8).took("EXTRA", f"t{who % len(data['teachers'])}")
    after = {(r["year"], r["school_code"]): r["coverage"]
             for r in coverage.coverage_by(w.con, Filters(), by="school").iter_rows(named=True)}
    after_tier = {(r["year"], r["train_tier"]): r["coverage"]
                  for r in coverage.coverage_by(w.con, Filters(), by="train_tier").iter_rows(named=True)}
    for key, value in before.items():
        if value is not None:
            assert after[key] >= value
    for key, value in before_tier.items():
        if value is not None:
            assert after_tier[key] >= value


def test_equal_schools_all_share_rank_one():
    w = build({k: [] for k in ("school", "roster", "program", "participation", "award", "rating")})
    for s in ("E1", "E2", "E3"):
        w.school(s).roster(2024, f"{s}-t", s)
    assert ranking.ranking(w.con, Filters(year=2024))["rank"].to_list() == [1, 1, 1]
