"""Copied links that name nothing say so: an unknown year or school, a value in the other
language or as a code (AppTest; the browser test opens the same links)."""
from __future__ import annotations

from page_harness import metrics, open_app  # noqa: F401

SCHOOL = "views/analysis/school.py"


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def test_an_unknown_year_says_which_year_is_shown(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, year="2030")
    assert any("2030" in w and "2025" in w for w in warnings(at)), warnings(at)
    assert at.caption[0].value.startswith("2025 年")


def test_codes_and_english_labels_work_in_the_chinese_ui(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, year="2024", stage="Junior secondary", tier="national")
    assert at.caption[0].value == "2024 年 · 初中 · 国培"
    assert metrics(at)["参训人次"] != "13,400"


def test_an_unknown_value_is_named_not_dropped_silently(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, year="2024", township="火星乡")
    assert any("火星乡" in w for w in warnings(at)), warnings(at)


def test_an_unknown_school_shows_no_school(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, SCHOOL, year="2024", school="XX999")
    assert any("XX999" in w for w in warnings(at)), warnings(at)
    assert not at.metric  # no other school's figures
    assert at.title[0].value == "学校画像"


def test_a_school_code_opens_its_card_and_the_address_keeps_the_code(monkeypatch, demo_warehouse):
    import duckdb

    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        code, = con.execute("select school_code from school where school_name = '附城初中'").fetchone()
    at = open_app(monkeypatch, demo_warehouse, SCHOOL, year="2024", school=code)
    assert at.title[0].value == "学校画像：附城初中"
    assert at.query_params["school"] in (code, [code])


def _param(at, key):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_a_link_opens_a_page_with_its_choices(monkeypatch, demo_warehouse):
    from page_harness import table

    at = open_app(monkeypatch, demo_warehouse, "views/analysis/coverage.py", year="2024",
                  coverage_by="township", coverage_untrained_page="2")
    assert at.radio(key="coverage_by").value == "township"
    assert at.number_input(key="coverage_untrained_page").value == 2
    assert any("第 2 / " in c.value for c in at.caption) and not [w for w in at.warning if "link_off" in w.icon]
    at.number_input(key="coverage_untrained_page").set_value(1).run()
    at.number_input(key="coverage_untrained_page").set_value(2).run()
    paged_by_hand = table(at, 0)["姓名"].to_list()
    linked = open_app(monkeypatch, demo_warehouse, "views/analysis/coverage.py", year="2024",
                      coverage_untrained_page="2")
    assert table(linked, 0)["姓名"].to_list() == paged_by_hand
    weighted = open_app(monkeypatch, demo_warehouse, "views/analysis/awards.py", year="2024", awards_weighted="true")
    assert weighted.toggle(key="awards_weighted").value is True
    bad = open_app(monkeypatch, demo_warehouse, "views/analysis/coverage.py", year="2024", coverage_untrained_page="x")
    assert any("“x”" in w.value for w in bad.warning)
