"""forms.person_times_by_form on the small county (worked by hand) and the demo's 2024 report figures."""
import pytest

from metric_fixtures import small_county
from warehouse.filters import Filters
from warehouse.queries import forms


@pytest.fixture
def wh():
    w = small_county()
    # N23 online, S23 shadowing, C24 online, S24 blended (no form: unknown, tested below).
    for code, form in {"N23": "online", "S23": "shadowing", "C24": "online", "S24": "blended"}.items():
        w.con.execute("update program set form = ? where program_code = ?", [form, code])
    return w


def test_person_times_by_form_per_year(wh):
    df = forms.person_times_by_form(wh.con, Filters())
    got = [(r["year"], r["form"], r["person_times"], r["passed"]) for r in df.iter_rows(named=True)]
    # 2023: N23 a1 passed (online 1/1); S23 a2 failed, m passed, b1 passed (shadowing 3, 2 passed)
    # 2024: C24 m passed, b1 incomplete (online 2, 1 passed); S24 a1 passed (blended 1)
    assert got == [(2023, "online", 1, 1), (2023, "shadowing", 3, 2),
                   (2024, "online", 2, 1), (2024, "blended", 1, 1)]


def test_form_totals_of_one_year_fill_every_form(wh):
    assert forms.form_totals(wh.con, Filters(year=2024)) == {
        "online": 2, "offline": 0, "blended": 1, "shadowing": 0, "other": 0, "unknown": 0}


def test_school_tier_and_form_filters(wh):
    # School B in 2023: b1 at S23 (shadowing); 2024: m and b1 at C24 (online).
    assert forms.form_totals(wh.con, Filters(schools=("B",)))["online"] == 2
    assert forms.form_totals(wh.con, Filters(schools=("B",), year=2023))["shadowing"] == 1
    # The tier filter: only school-tier programs (S23 shadowing 3, S24 blended 1).
    by = forms.form_totals(wh.con, Filters(train_tiers=("school",)))
    assert (by["online"], by["shadowing"], by["blended"]) == (0, 3, 1)
    only = forms.person_times_by_form(wh.con, Filters(train_forms=("online",)))
    assert only["person_times"].to_list() == [1, 2]
    # The access scope: a user of school C sees no rows (C never trains).
    assert forms.person_times_by_form(wh.con, Filters(allowed_schools=frozenset({"C"}))).height == 0


def test_teacher_filters_count_the_rows_with_the_same_definitions(wh):
    # 数学 teachers: a2 (S23 failed), m (S23 passed at A, C24 passed at B).
    df = forms.person_times_by_form(wh.con, Filters(subjects=("数学",)), by_tier=True)
    got = [(r["year"], r["train_tier"], r["form"], r["person_times"]) for r in df.iter_rows(named=True)]
    assert got == [(2023, "school", "shadowing", 2), (2024, "county", "online", 1)]
    assert forms.form_totals(wh.con, Filters(dev_tiers=("key",)))["shadowing"] == 1   # b1 at S23


def test_a_program_without_form_counts_as_unknown(wh):
    wh.con.execute("update program set form = null where program_code = 'S24'")
    assert forms.form_totals(wh.con, Filters(year=2024))["unknown"] == 1


def test_demo_2024_matches_the_seed_report(demo_con):
    # Seed report: 网络培训 9,296 人次, 外出交流/跟岗 490 人次, of 13,400.
    got = forms.form_totals(demo_con, Filters(year=2024))
    assert (got["online"], got["shadowing"]) == (9296, 490)
    assert sum(got.values()) == 13_400
