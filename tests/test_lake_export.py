"""``python -m etl export --lake``: every table as Hive-partitioned Parquet, read back unchanged."""
from __future__ import annotations

import re

import duckdb
import pytest

from etl.__main__ import main as etl_main
from etl.export import export_connection
from tests.metric_fixtures import Warehouse, small_county
from warehouse import lake


def _read_back(folder):
    con = duckdb.connect()
    lake.attach_tables(con, folder)
    return con


def _rows(con, table):
    return con.execute(f"select * from {table} order by all").fetchall()


def test_round_trip_keeps_every_table_row_for_row_with_its_types(tmp_path):
    w = small_county()
    w.award("a1", 2024, "county", school="A").rating(2024, "A", "good").plan(2024, "县培", 30, "county")
    w.con.execute("insert into etl_reject values (1, 7, '名册.xlsx', 'Sheet1', '身份证号', "
                  "'{\"姓名\": \"张三\"}', '身份证号校验位不对')")
    report = export_connection(w.con, tmp_path)
    back = _read_back(tmp_path)
    for table, columns in lake.base_tables().items():
        assert _rows(back, table) == _rows(w.con, table), table
        described = [(c, t) for c, t, *_ in back.execute(f"describe {table}").fetchall()]
        assert described == list(columns), table
    assert report.rows["participation"] == 7 and report.rows["roster"] == 11
    assert report.replaced == []


def test_facts_are_partitioned_by_year_and_dimensions_are_not(tmp_path):
    export_connection(small_county().con, tmp_path)
    assert sorted(p.name for p in (tmp_path / "participation").iterdir()) == ["year=2023", "year=2024"]
    assert [p.name for p in (tmp_path / "school").iterdir()] == ["part-0.parquet"]
    # the year is in the folder name, not repeated in the file
    con = duckdb.connect()
    names = [r[0] for r in con.execute("select name from parquet_schema($f)",
                                       {"f": str(tmp_path / "participation" / "year=2023" / "part-0.parquet")}).fetchall()]
    assert "year" not in names and "teacher_key" in names
    assert con.execute("select count(*) from read_parquet($f)",
                       {"f": str(tmp_path / "participation" / "year=2023" / "*.parquet")}).fetchone() == (4,)


def test_an_empty_warehouse_exports_empty_tables_that_read_back(tmp_path):
    export_connection(Warehouse().con, tmp_path)
    back = _read_back(tmp_path)
    assert back.execute("select count(*) from participation").fetchone() == (0,)
    assert [c for c, *_ in back.execute("describe roster").fetchall()][:3] == ["year", "teacher_key", "school_code"]


def test_regions_share_one_lake_and_a_re_export_replaces_only_its_own(tmp_path):
    north, south = small_county(), Warehouse()
    south.school("S1").roster(2024, "s1", "S1").program("P24", 2024, "county", hours=8).took("P24", "s1")
    export_connection(north.con, tmp_path, region="520100")
    export_connection(south.con, tmp_path, region="520200")
    back = _read_back(tmp_path)
    assert back.execute("select count(*), sum(hours) from participation").fetchone() == (8, 40 + 10 + 10 + 12 + 20 + 10 + 20 + 8)
    assert back.execute("select count(*) from school").fetchone() == (4,)

    south.roster(2024, "s2", "S1").took("P24", "s2")
    report = export_connection(south.con, tmp_path, region="520200")
    assert str(tmp_path / "participation" / "region=520200") in report.replaced
    assert not any("520100" in folder for folder in report.replaced)
    back = _read_back(tmp_path)
    assert back.execute("select count(*) from participation").fetchone() == (9,)
    assert sorted(lake.regions(tmp_path / "roster")) == ["520100", "520200"]


def test_a_lake_is_split_by_region_or_not_never_both(tmp_path):
    export_connection(small_county().con, tmp_path / "plain")
    with pytest.raises(ValueError, match="没有按地区分区"):
        export_connection(small_county().con, tmp_path / "plain", region="520100")
    export_connection(small_county().con, tmp_path / "split", region="520100")
    with pytest.raises(ValueError, match="--region"):
        export_connection(small_county().con, tmp_path / "split")


@pytest.mark.parametrize("region", ["../x", "", "52 01", "a/b"])
def test_a_region_code_is_a_plain_folder_name(tmp_path, region):
    with pytest.raises(ValueError, match="地区代码"):
        export_connection(small_county().con, tmp_path, region=region)
    assert not any(tmp_path.iterdir())


def test_command_line_exports_the_demo_and_says_what_it_replaced(demo_warehouse, tmp_path, capsys):
    argv = ["export", "--warehouse", str(demo_warehouse), "--lake", str(tmp_path / "lake")]
    assert etl_main(argv) == 0
    first = capsys.readouterr().out
    demo = duckdb.connect(str(demo_warehouse), read_only=True)
    participation = demo.execute("select count(*) from participation").fetchone()[0]
    assert re.search(rf"participation\s+{participation:,} 行", first)
    assert "已取代" not in first
    assert etl_main(argv) == 0
    assert "已取代上一次导出" in capsys.readouterr().out
    back = _read_back(tmp_path / "lake")
    assert back.execute("select count(*), sum(hours) from participation").fetchone() == \
        demo.execute("select count(*), sum(hours) from participation").fetchone()


def test_command_line_names_a_missing_warehouse(tmp_path, capsys):
    assert etl_main(["export", "--warehouse", str(tmp_path / "none.duckdb"), "--lake", str(tmp_path / "l")]) == 2
    assert "找不到数据仓库文件" in capsys.readouterr().err
