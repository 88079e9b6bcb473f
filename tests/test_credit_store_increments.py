"""credits.store rebuilds only the ledger's cycles from the earliest year a load changed, and
the result equals a whole rebuild; another rule set rebuilds it whole.

Rules: 10 学时 = 1 学分, 5-year cycles anchored at 2021 (2016–2020, 2021–2025), at most 5 credits
a year, 师德 at least 4, a national award offsets 5 (capped at 6)."""
from __future__ import annotations

import pytest

from credits import store
from tests.credit_fixtures import CreditWarehouse, rule_set

LEDGER = [name for name, _ in store.MODELS]
RULES = rule_set(caps={"per_year": 5}, category=[{"name": "师德", "themes": ["师德"], "min": 4}],
                 offsets={"award": [{"levels": ["national"], "amount": 5}], "award_cap": 6})
# a category maximum caps across the cycle: credit_course is rebuilt by cycle, not by year
CAPPED = rule_set(caps={"per_year": 5}, category=[{"name": "学科", "themes": ["学科"], "max": 6}],
                  offsets={"award": [{"levels": ["national"], "amount": 5}], "award_cap": 6})


def county(rules=RULES) -> CreditWarehouse:
    w = CreditWarehouse().school("S1").school("S2")
    w.roster("t1", "S1", range(2019, 2025))
    w.roster("t2", "S1", (2020, 2021, 2022, 2023), first_tier="new").roster("t2", "S2", (2024,))
    w.roster("t3", "S2", (2022, 2023, 2024))
    w.course("t1", 2019, 60, code="A19")
    w.course("t1", 2021, 40, code="A21")
    w.course("t1", 2021, 30, code="B21")
    w.course("t2", 2022, 50, theme="师德", code="C22")
    w.course("t3", 2023, 80, code="D23")
    w.award("t1", 2022, "national")
    w.apply(rules)
    return w


def a_load_of_2023_and_2024(w: CreditWarehouse) -> None:
    w.course("t1", 2023, 30, code="E23")
    w.con.execute("update participation set hours = 90 where program_code = 'D23'")
    w.roster("t4", "S2", (2024,), first_tier="new")
    w.award("t3", 2024, "national")


def ledger(w: CreditWarehouse, key: str) -> dict:
    """The teacher's 2021–2025 ledger row."""
    return w.con.sql("select * from metric_teacher_credit where teacher_key = $k and cycle_start = 2021",
                     params={"k": key}).pl().row(0, named=True)


def contents(w: CreditWarehouse) -> dict[str, list[tuple]]:
    """Every ledger table's rows, sorted; sums rounded to 9 places (their order of addition varies)."""
    def rounded(row):
        return tuple(round(v, 9) if isinstance(v, float) else v for v in row)
    return {name: sorted((rounded(r) for r in w.con.execute(f"select * from {name}").fetchall()), key=repr)
            for name in LEDGER}


@pytest.mark.parametrize("rules", [RULES, CAPPED], ids=["year_caps", "category_max"])
def test_a_load_rebuilds_only_its_cycles_and_equals_a_whole_rebuild(monkeypatch, rules):
    a, b = county(rules), county(rules)
    a_load_of_2023_and_2024(a)
    a_load_of_2023_and_2024(b)
    b.apply(rules)  # whole
    old_cycle = [r for r in contents(a)["credit_course"] if r[2] == 2016]

    def whole(con):
        raise AssertionError("rebuilt whole")
    monkeypatch.setattr(store, "store_models", whole)
    store.apply(a.con, rules, changed_years={2023, 2024})
    assert contents(a) == contents(b)
    assert [r for r in contents(a)["credit_course"] if r[2] == 2016] == old_cycle  # A19 untouched
    # t3: 90 h in 2023 = 9 credits, capped at 5 a year; plus 5 for the 2024 national award
    row = ledger(a, "t3")
    assert (row["training"], row["award_offset"], row["earned"]) == (5, 5, 10)
    assert ledger(a, "t4")["start_year"] == 2024  # joined in 2024: pro-rated from then


def test_a_change_in_the_first_cycle_stores_every_cycle_anew_and_equals_a_whole_rebuild():
    def change_2019(w):
        w.con.execute("update participation set hours = 100 where program_code = 'A19'")
    a, b = county(CAPPED), county(CAPPED)
    change_2019(a)
    change_2019(b)
    b.apply(CAPPED)
    store.apply(a.con, CAPPED, changed_years={2019})
    assert contents(a) == contents(b)
    assert a.con.execute("select counted from credit_course where program_code = 'A19'").fetchall() == [(5.0,)]


def test_nothing_changed_keeps_the_ledger(monkeypatch):
    w = county()
    before = contents(w)
    monkeypatch.setattr(store, "store_models", lambda con: pytest.fail("rebuilt whole"))
    store.apply(w.con, RULES, changed_years=set())
    assert contents(w) == before


def test_another_rule_set_rebuilds_the_ledger_whole_whatever_the_load_changed():
    w = county()
    store.apply(w.con, rule_set(), changed_years=set())  # no caps, no category, no offsets
    # t1's 2021–2025 cycle: 40 + 30 h = 7 credits, no cap; the 2022 award offsets nothing
    row = ledger(w, "t1")
    assert (row["training"], row["award_offset"], row["earned"]) == (7, 0, 7)
