"""access.recovery: a missing or corrupted warehouse is named, and the kept previous version
can be put back (``python -m access restore-previous``)."""
from __future__ import annotations

import io

import duckdb
import pytest

from access.__main__ import main
from access.recovery import RecoveryError, health, restore_previous
from etl.warehouse_io import previous_path
from warehouse.schema import create_schema


def make_warehouse(path, schools: int) -> None:
    con = duckdb.connect(str(path))
    create_schema(con)
    for i in range(schools):
        con.execute("insert into school (school_code, school_name) values (?, ?)", [f"S{i}", f"学校{i}"])
    con.close()


def count_schools(path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select count(*) from school").fetchall()[0][0]
    finally:
        con.close()


def test_a_missing_warehouse_names_the_file_and_the_rebuild(tmp_path):
    state = health(tmp_path / "w.duckdb")
    assert (state.state, state.previous) == ("missing", False)
    assert "找不到数据仓库文件" in state.message() and "python -m etl load" in state.message()
    assert "restore-previous" not in state.message()


def test_a_corrupted_warehouse_is_broken_and_offers_the_previous_version(tmp_path):
    live = tmp_path / "w.duckdb"
    make_warehouse(previous_path(live), schools=2)
    live.write_bytes(b"this is not a duckdb file" * 100)
    state = health(live)
    assert (state.state, state.previous) == ("broken", True)
    assert "python -m access restore-previous" in state.message()


def test_a_good_warehouse_is_ok(tmp_path):
    make_warehouse(tmp_path / "w.duckdb", schools=1)
    assert health(tmp_path / "w.duckdb").ok


def test_restore_puts_the_previous_version_back_and_keeps_the_broken_one(tmp_path):
    live = tmp_path / "w.duckdb"
    make_warehouse(previous_path(live), schools=2)
    live.write_bytes(b"garbage")
    restored, kept = restore_previous(live)
    assert restored == previous_path(live) and count_schools(live) == 2
    assert kept.read_bytes() == b"garbage" and kept.name.startswith("w.duckdb.replaced-")
    assert previous_path(live).exists()  # copied, not moved: a second restore is harmless
    restore_previous(live)
    assert count_schools(live) == 2


def test_restore_of_a_missing_warehouse_needs_no_file_to_keep(tmp_path):
    live = tmp_path / "w.duckdb"
    make_warehouse(previous_path(live), schools=3)
    assert restore_previous(live) == (previous_path(live), None)
    assert count_schools(live) == 3


def test_restore_without_a_usable_previous_version_refuses(tmp_path):
    live = tmp_path / "w.duckdb"
    make_warehouse(live, schools=1)
    with pytest.raises(RecoveryError, match="没有可恢复的保留版本"):
        restore_previous(live)
    previous_path(live).write_bytes(b"also garbage")
    with pytest.raises(RecoveryError, match="保留的版本都已损坏：w.duckdb.prev（（文件））"):
        restore_previous(live)
    assert count_schools(live) == 1  # the live file was not touched


def test_a_stale_write_ahead_log_is_moved_away_with_the_replaced_file(tmp_path):
    live = tmp_path / "w.duckdb"
    make_warehouse(previous_path(live), schools=2)
    live.write_bytes(b"garbage")
    live.with_name("w.duckdb.wal").write_bytes(b"stale log")
    _, kept = restore_previous(live)
    assert not live.with_name("w.duckdb.wal").exists()
    assert kept.with_name(kept.name + ".wal").read_bytes() == b"stale log"
    assert count_schools(live) == 2


def test_the_command_line_checks_and_restores(tmp_path, capsys):
    live = tmp_path / "w.duckdb"
    make_warehouse(previous_path(live), schools=2)
    out = io.StringIO()
    assert main(["check", "--warehouse", str(live)], out=out) == 1
    assert main(["restore-previous", "--warehouse", str(live)], out=out) == 0
    assert main(["check", "--warehouse", str(live)], out=out) == 0
    assert "已恢复保留的版本 w.duckdb.prev（已完整读取校验）" in out.getvalue()
    assert "数据仓库正常（每张表都已完整读取）" in out.getvalue()
    assert main(["restore-previous", "--warehouse", str(tmp_path / "none.duckdb")], out=out) == 1
    assert "没有可恢复的保留版本" in capsys.readouterr().err
