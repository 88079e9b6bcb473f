"""warehouse.filters: the typed filter and the one where-clause builder."""
import duckdb
import pytest
from pydantic import ValidationError

from metric_fixtures import small_county
from warehouse.filters import Filters, where_clause
from warehouse.queries import coverage


def test_year_sets_both_ends_of_the_range():
    f = Filters(year=2024)
    assert (f.year_from, f.year_to) == (2024, 2024)
    assert Filters(year_from=2022).year_to is None


def test_conflicting_or_reversed_years_are_refused():
    with pytest.raises(ValidationError):
        Filters(year=2024, year_from=2020)
    with pytest.raises(ValidationError):
        Filters(year_from=2024, year_to=2020)


def test_unknown_codes_and_fields_are_refused():
    with pytest.raises(ValidationError):
        Filters(stages=["university"])
    with pytest.raises(ValidationError):
        Filters(train_tiers=["国培"])  # codes, not labels
    with pytest.raises(ValidationError):
        Filters(allowed_school=frozenset({"A"}))  # a typo must not silently drop the scope


def test_equal_selections_are_equal_and_hashable():
    a = Filters(schools=["B", "A", "A"], townships="城关镇")
    b = Filters(schools=("A", "B"), townships=["城关镇"])
    assert a == b and hash(a) == hash(b) and a.schools == ("A", "B")


def test_json_round_trip_keeps_everything():
    f = Filters(year=2024, subjects=["数学"], allowed_schools=frozenset({"A", "B"}))
    assert Filters.model_validate_json(f.model_dump_json()) == f


def test_replace_changes_a_field_and_revalidates():
    f = Filters(year=2024, schools=["A"])
    g = f.replace(year=None, year_from=2021)
    assert (g.year, g.year_from, g.year_to, g.schools) == (None, 2021, None, ("A",))
    with pytest.raises(ValidationError):
        f.replace(stages=["nope"])


def test_where_clause_binds_values_and_uses_only_given_columns():
    sql, params = where_clause(
        Filters(year_from=2022, year_to=2024, subjects=["语文"], allowed_schools=frozenset({"A"})),
        {"year": "t.year", "school": "t.school_code", "subject": "t.subject"},
    )
    assert "语文" not in sql and "'A'" not in sql
    assert params == {"year_from": 2022, "year_to": 2024, "f_subjects": ["语文"], "allowed_schools": ["A"]}
    con = duckdb.connect()
    con.execute("create table t as select * from (values (2023, 'A', '语文'), (2023, 'B', '语文'), "
                "(2021, 'A', '语文')) as v(year, school_code, subject)")
    assert con.execute(f"select school_code, year from t {sql}", params).fetchall() == [("A", 2023)]


def test_no_filter_gives_no_clause():
    assert where_clause(Filters(), {"year": "y"}) == ("", {})


def test_scope_without_a_school_column_is_an_error():
    with pytest.raises(ValueError):
        where_clause(Filters(allowed_schools=frozenset({"A"})), {"year": "y"})
    with pytest.raises(ValueError):
        where_clause(Filters(), {"colour": "c"})


def test_quotes_in_values_are_data_not_sql():
    con = small_county().con
    hostile = Filters(schools=["A' or '1'='1"], subjects=["语文'); drop table roster; --"])
    assert coverage.coverage_by(con, hostile, by="school").height == 0
    assert con.execute("select count(*) from roster").fetchall() == [(11,)]
