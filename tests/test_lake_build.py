"""``python -m warehouse.build --engine duckdb``: the stored models from a lake, and the app reading them.

The same build on Spark, and its parity with DuckDB, is in tests/test_spark_parity.py.
"""
from __future__ import annotations

import duckdb
import pytest

from etl.export import export_connection, export_lake
from page_harness import metrics, open_app
from tests.metric_fixtures import small_county
from warehouse import build as batch
from warehouse import lake
from warehouse.portable import order


@pytest.fixture(scope="module")
def demo_models(demo_warehouse, tmp_path_factory):
    root = tmp_path_factory.mktemp("lake_build")
    export_lake(demo_warehouse, root / "lake")
    assert batch.main(["--engine", "duckdb", "--lake", str(root / "lake"), "--out", str(root / "models")]) == 0
    return root / "models"


def test_every_model_is_written_with_its_rows_and_columns(demo_warehouse, demo_models):
    manifest = lake.read_manifest(demo_models)
    demo = duckdb.connect(str(demo_warehouse), read_only=True)
    assert list(manifest["models"]) == list(order())
    for model, info in manifest["models"].items():
        assert info["rows"] == demo.execute(f"select count(*) from {model}").fetchone()[0], model
    served = lake.connect(demo_models)
    served.execute("set variable cycle_start = 2021")
    for model in ("metric_tier_year", "metric_school_year", "metric_teacher_cycle"):
        sql = f"select * from {model} order by all"
        assert served.execute(sql).fetchall() == demo.execute(sql).fetchall(), model


def test_the_app_serves_a_lake_of_models_as_it_serves_the_file(monkeypatch, demo_models):
    at = open_app(monkeypatch, demo_models, "views/analysis/overview.py", year="2024")
    shown = metrics(at)
    # the seed report's 2024 figures (tests/test_page_overview.py), here from Parquet
    assert shown["参训人次"] == "13,400"
    assert [shown[t] for t in ("国培", "省培", "市/州培", "县/区培", "校培")] == ["617", "840", "1,126", "2,648", "8,169"]


def test_the_import_page_over_a_lake_says_where_files_go_and_writes_nothing(monkeypatch, demo_models):
    before = sorted(p.name for p in demo_models.rglob("*"))
    at = open_app(monkeypatch, demo_models, "views/data/import_files.py")
    assert not at.exception
    assert any("在 Spark 上建模的数据湖" in i.value and "python -m etl export --lake" in i.value for i in at.info)
    assert not at.get("file_uploader")                     # no uploader: nothing can be written to the lake
    assert sorted(p.name for p in demo_models.rglob("*")) == before


def test_another_cycle_anchor_is_computed_from_the_stored_rows(tmp_path):
    w = small_county()
    export_connection(w.con, tmp_path / "lake")
    batch.build("duckdb", tmp_path / "lake", tmp_path / "models", cycle_start=2021)
    served = lake.connect(tmp_path / "models")
    for anchor in (2021, 2023):
        for con in (w.con, served):
            con.execute("set variable cycle_start = $a", {"a": anchor})
        sql = "select cycle_start, as_of_year, teacher_key, passed_hours from teacher_cycle_year order by all"
        assert served.execute(sql).fetchall() == w.rows(sql), anchor
    # cycle from 2023: m passed 10 h in 2023 and 20 h in 2024 -> 30 h by 2024
    assert served.execute("select passed_hours from teacher_cycle_year where teacher_key = 'm' "
                          "and as_of_year = 2024").fetchall() == [(30.0,)]


def test_a_rebuild_replaces_the_previous_and_keeps_it_aside(tmp_path, capsys):
    export_connection(small_county().con, tmp_path / "lake")
    argv = ["--engine", "duckdb", "--lake", str(tmp_path / "lake"), "--out", str(tmp_path / "models")]
    assert batch.main(argv) == 0
    assert "上一次的结果" not in capsys.readouterr().out
    assert batch.main(argv) == 0
    assert f"上一次的结果已移到 {tmp_path / 'models.prev'}" in capsys.readouterr().out
    assert lake.is_model_lake(tmp_path / "models.prev") and lake.is_model_lake(tmp_path / "models")
    assert not (tmp_path / "models.building").exists()


def test_a_folder_that_is_not_a_build_is_never_overwritten(tmp_path, capsys):
    export_connection(small_county().con, tmp_path / "lake")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    assert batch.main(["--engine", "duckdb", "--lake", str(tmp_path / "lake"), "--out", str(tmp_path / "mine")]) == 2
    assert "不会覆盖" in capsys.readouterr().err
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"


def test_a_missing_lake_is_named_with_the_command_that_makes_it(tmp_path, capsys):
    assert batch.main(["--engine", "duckdb", "--lake", str(tmp_path / "none"), "--out", str(tmp_path / "m")]) == 2
    assert "python -m etl export --lake" in capsys.readouterr().err


def test_a_broken_manifest_is_reported_not_raised_as_a_traceback(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / lake.MANIFEST).write_text("{not json")
    with pytest.raises(duckdb.IOException, match="无法读取建模结果"):
        lake.connect(tmp_path / "models")
