"""The training-form filter (培训形式) on the small county, counted by hand, and in the sidebar.

small_county's programmes get forms: N23 online, S23 offline, C24 online, S24 none (未填).
2024: roster a1, a2 (A), m, b1 (B), c1, c2 (C) = 6 teachers; participation m C24 passed 20 h,
b1 C24 incomplete, a1 S24 passed 10 h.
"""
from __future__ import annotations

from metric_fixtures import small_county
from page_harness import metrics, open_app, own_warehouse  # noqa: F401

from warehouse import layer
from warehouse.filters import Filters
from warehouse.queries import coverage, figures, plan

MEASURES = ["roster_teachers", "person_times", "with_result", "passed", "passed_hours", "trained_teachers", "coverage"]


def _county():
    w = small_county()
    for code, form in (("N23", "online"), ("S23", "offline"), ("C24", "online")):
        w.con.execute("update program set form = ? where program_code = ?", [form, code])
    return w


def _row(con, filters, by=("year",)):
    return layer.query(con, MEASURES, by=list(by), filters=filters).rows(named=True)


def test_online_counts_only_online_programmes_and_keeps_the_roster():
    con = _county().con
    [row] = _row(con, Filters(year=2024, train_forms=["online"]))
    # C24: m passed 20 h, b1 incomplete; the roster stays 6
    assert (row["roster_teachers"], row["person_times"], row["with_result"], row["passed"],
            row["passed_hours"], row["trained_teachers"]) == (6, 2, 2, 1, 20.0, 1)
    assert abs(row["coverage"] - 1 / 6) < 1e-12


def test_a_programme_without_a_form_is_unknown():
    con = _county().con
    [row] = _row(con, Filters(year=2024, train_forms=["unknown"]))
    assert (row["person_times"], row["trained_teachers"], row["passed_hours"]) == (1, 1, 10.0)  # a1 S24


def test_every_form_chosen_equals_no_form_filter():
    con = _county().con
    every = ["online", "offline", "blended", "shadowing", "other", "unknown"]
    for by in (("year",), ("year", "school_code"), ("year", "train_tier")):
        assert _row(con, Filters(train_forms=every), by) == _row(con, Filters(), by)


def test_form_and_tier_filters_combine():
    con = _county().con
    [county] = _row(con, Filters(year=2024, train_forms=["online"], train_tiers=["county"]))
    [school] = _row(con, Filters(year=2024, train_forms=["online"], train_tiers=["school"]))
    assert (county["person_times"], county["trained_teachers"]) == (2, 1)
    assert (school["person_times"], school["trained_teachers"]) == (0, 0)
    # by tier under the form filter: national 0, county 2, school 0 person-times
    by_tier = {r["train_tier"]: r["person_times"] for r in _row(con, Filters(year=2024, train_forms=["online"]),
                                                                 ("year", "train_tier"))}
    assert (by_tier["national"], by_tier["county"], by_tier["school"]) == (0, 2, 0)


def test_page_queries_honour_the_form():
    con = _county().con
    f = Filters(year=2024, train_forms=["online"])
    by_school = {r["school_code"]: (r["roster_teachers"], r["trained_teachers"])
                 for r in coverage.coverage_by(con, f, by="school").rows(named=True)}
    assert by_school == {"A": (2, 0), "B": (2, 1), "C": (2, 0)}
    untrained = coverage.untrained_teachers(con, f)
    assert untrained["total"][0] == 5   # all but m
    [att] = figures.attendance(con, f).rows(named=True)
    assert (att["roster_teachers"], att["attended_teachers"], att["trained_teachers"]) == (6, 2, 1)
    programmes = plan.program_completion(con, f)["program_code"].to_list()
    assert programmes == ["C24"]
    assert plan.program_completion(con, Filters(year=2024, train_forms=["unknown"]))["program_code"].to_list() == ["S24"]


def test_overview_form_filter_shows_the_seed_reports_online_figure(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, "views/analysis/overview.py", year="2024")
    at.sidebar.multiselect(key="form").set_value(["online"]).run()
    shown = metrics(at)
    assert shown["参训人次"] == "9,296"          # the seed report's 网络培训 9,296 人次
    assert [shown[t] for t in ("国培", "省培", "市/州培", "县/区培", "校培")] == ["492", "262", "728", "2,165", "5,649"]
    assert at.query_params["form"] in ("online", ["online"])   # the code, not the label


def test_a_link_with_a_form_code_opens_filtered_and_other_pages_say_they_ignore_it(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, "views/analysis/overview.py", year="2024", form="shadowing")
    assert metrics(at)["参训人次"] == "490"     # 外出交流/跟岗 490 人次
    ranking = open_app(monkeypatch, demo_warehouse, "views/analysis/ranking.py", year="2024", form="shadowing")
    assert any("不按以下筛选计算：培训形式" in c.value for c in ranking.caption)
    overview = open_app(monkeypatch, demo_warehouse, "views/analysis/overview.py", year="2024")
    assert not any("不按以下筛选" in c.value for c in overview.caption)


def test_teacher_form_year_summed_over_forms_is_teacher_year(demo_con):
    from warehouse.layer.training_form import participation_columns
    columns = participation_columns()
    summed = ", ".join(f"sum({c})::double as {c}" for c in columns)
    by_form = demo_con.execute(f"select year, teacher_key, {summed} from teacher_form_year group by all order by all").fetchall()
    whole = demo_con.execute(f"select year, teacher_key, {', '.join(f'{c}::double' for c in columns)} from teacher_year "
                             "where person_times > 0 order by all").fetchall()
    assert len(by_form) == len(whole) > 10_000 and by_form == whole
    # 2024 online, as the seed report: 9,296 person-times
    assert demo_con.execute("select sum(person_times) from teacher_form_year where year = 2024 and form = 'online'"
                            ).fetchall() == [(9296,)]


def test_a_warehouse_built_before_the_form_model_disables_the_filter_and_says_why(monkeypatch, own_warehouse):
    import duckdb as db
    with db.connect(str(own_warehouse)) as con:
        con.execute("drop table teacher_form_year")
    at = open_app(monkeypatch, own_warehouse, "views/analysis/overview.py", year="2024", form="online")
    box = at.sidebar.multiselect(key="form")
    assert box.disabled and "导入任一文件" in box.help
    assert not at.exception and metrics(at)["参训人次"] == "13,400"   # no form applied, no error
