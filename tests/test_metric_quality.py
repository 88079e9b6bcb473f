"""quality.* : load history, rejects, warnings (bureau-wide only) and data gaps."""
import pytest

from metric_fixtures import small_county
from warehouse.filters import Filters
from warehouse.queries import quality

SCOPED = Filters(allowed_schools=frozenset({"A"}))


@pytest.fixture(scope="module")
def con():
    w = small_county()
    w.con.execute("""
        insert into etl_batch (batch_id, source_file, sheet, kind, sha256, loaded_at, rows_read,
                               rows_loaded, rows_rejected, status)
        values (1, '名册.xlsx', 'Sheet1', 'roster', 'x', '2025-01-02 10:00', 10, 8, 2, 'loaded'),
               (2, '参训.csv', null, 'participation', 'y', '2025-01-03 10:00', 5, 4, 1, 'loaded')
    """)
    w.con.execute("""
        insert into etl_reject values
            (1, 7, '名册.xlsx', 'Sheet1', '身份证号', '{"姓名": "张三"}', '身份证号校验位错误'),
            (1, 9, '名册.xlsx', 'Sheet1', '身份证号', '{"姓名": "李四"}', '身份证号校验位错误'),
            (2, 3, '参训.csv', null, '项目编号', '{}', '项目编号不存在')
    """)
    w.con.execute("insert into etl_warning values (2, 4, '参训.csv', null, '姓名', '姓名与名册不一致')")
    w.rating(2024, "A", "good")
    return w.con


def test_load_history_newest_first(con):
    df = quality.load_history(con, Filters(), limit=1)
    assert df.select("batch_id", "rows_rejected", "total").rows() == [(2, 1, 2)]


def test_rejects_of_one_load_in_row_order(con):
    df = quality.rejects(con, Filters(), batch_id=1)
    assert df.select("row_number", "reason", "total").rows() == [
        (7, "身份证号校验位错误", 2), (9, "身份证号校验位错误", 2)]
    assert quality.rejects(con, Filters())["total"][0] == 3


def test_reject_reasons_most_frequent_first(con):
    df = quality.reject_reasons(con, Filters())
    assert df.select("reason", "rows", "first_row").rows() == [("身份证号校验位错误", 2, 7), ("项目编号不存在", 1, 3)]


def test_load_tables_are_hidden_from_school_users(con):
    assert quality.load_history(con, SCOPED).height == 0
    assert quality.rejects(con, SCOPED).height == 0
    assert quality.reject_reasons(con, SCOPED).height == 0
    assert quality.load_warnings(con, SCOPED).height == 0
    assert quality.load_warnings(con, Filters())["message"].to_list() == ["姓名与名册不一致"]


def test_data_gaps_flag_missing_roster_participation_and_rating(con):
    got = {(r["year"], r["school_code"]): (r["no_roster"], r["no_participation"], r["not_rated"])
           for r in quality.data_gaps(con, Filters()).iter_rows(named=True)}
    # C has roster teachers but never any participation; only A is rated, in 2024
    assert got[(2024, "C")] == (False, True, True)
    assert got[(2024, "A")] == (False, False, False)
    assert got[(2023, "B")] == (False, False, True)
    assert set(quality.data_gaps(con, SCOPED)["school_code"]) == {"A"}


def test_roster_completeness(con):
    con2 = small_county()
    con2.con.execute("update roster set dev_tier = null where teacher_key = 'c2'")
    df = quality.roster_completeness(con2.con, Filters())
    # 2023: 5 teachers; 2024: 6 with c2's tier missing; no hire dates in the fixture
    assert df.select("year", "roster_teachers", "missing_dev_tier", "missing_hire_date").rows() == [
        (2023, 5, 0, 5), (2024, 6, 1, 6)]
