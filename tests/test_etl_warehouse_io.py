"""etl.warehouse_io: a killed load leaves the previous warehouse intact; readers keep working across a swap.

Loads run as real subprocesses (``python -m etl load``) so that SIGKILL hits a real writer.
Waiting for a staging file to appear is polling, not a timed assertion: the assertions are
about the warehouse's content only.
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl.load import load_paths
from etl_files import make_id, query, write_county, write_csv

ROOT = Path(__file__).resolve().parents[1]
STATE = "select (select count(*) from roster), (select count(*) from teacher), (select count(*) from etl_batch)"


def _big_roster(path: Path, n: int) -> Path:
    """A 2025 roster of n teachers at S1: enough work that a load takes a moment."""
    rows = [["年度", "身份证号", "姓名", "学校代码"]]
    rows += [["2025", make_id(f"19{70 + i % 30:02d}0101", i % 1000, f"62{i // 1000:04d}"), f"教师{i}", "S1"]
             for i in range(n)]
    return write_csv(path, rows)


def _start_load(warehouse: Path, *files: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "etl", "load", *map(str, files), "--warehouse", str(warehouse)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(predicate, proc: subprocess.Popen, limit: float = 120.0) -> bool:
    """Poll until predicate() holds or the process ends (bounded, so a broken load cannot hang the suite)."""
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None:
        if predicate():
            return True
        time.sleep(0.005)
    return predicate()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def county_warehouse(tmp_path) -> Path:
    warehouse = tmp_path / "w.duckdb"
    assert load_paths(write_county(tmp_path / "county"), warehouse).ok
    return warehouse


@pytest.mark.slow
def test_a_load_killed_after_opening_its_stage_leaves_the_warehouse_unchanged(county_warehouse, tmp_path):
    big = _big_roster(tmp_path / "名册2025.csv", 20_000)
    before_sha, before = _sha(county_warehouse), query(county_warehouse, STATE)
    assert before == [(4, 3, 3)]  # the tiny county: 4 roster rows, 3 teachers, 3 batches
    proc = _start_load(county_warehouse, big)
    stages = lambda: list(tmp_path.glob("w.duckdb.staging-*"))  # noqa: E731
    assert _wait_for(lambda: bool(stages()), proc), "the load never opened a staging file"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _sha(county_warehouse) == before_sha
    assert query(county_warehouse, STATE) == before
    # The next load cleans up the dead load's stage and completes.
    assert load_paths([big], county_warehouse).ok
    assert query(county_warehouse, STATE) == [(20_004, 20_003, 4)]
    assert stages() == []


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8, 0.95])
def test_a_load_killed_at_any_moment_leaves_the_old_or_the_new_state_never_a_mix(county_warehouse, tmp_path, fraction):
    big = _big_roster(tmp_path / "名册2025.csv", 5_000)
    before = query(county_warehouse, STATE)
    # How long a whole load takes here, measured on a copy, sets where in it the kill lands.
    probe = tmp_path / "probe" / "w.duckdb"
    probe.parent.mkdir()
    probe.write_bytes(county_warehouse.read_bytes())
    (probe.parent / "w.duckdb.secret").write_bytes((tmp_path / "w.duckdb.secret").read_bytes())
    start = time.monotonic()
    assert _start_load(probe, big).wait() == 0
    whole = time.monotonic() - start
    after = query(probe, STATE)
    assert after == [(5_004, 5_003, 4)]

    proc = _start_load(county_warehouse, big)
    time.sleep(whole * fraction)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = duckdb.connect(str(county_warehouse), read_only=True)  # openable
    state = con.execute(STATE).fetchall()
    con.close()
    assert state in (before, after)


def test_a_reader_keeps_working_while_a_load_swaps_in_a_new_file(county_warehouse, tmp_path):
    reader = duckdb.connect(str(county_warehouse), read_only=True)
    assert reader.execute(STATE).fetchall() == [(4, 3, 3)]
    proc = _start_load(county_warehouse, _big_roster(tmp_path / "名册2025.csv", 2_000))
    while proc.poll() is None:  # the reader queries all through the load
        assert reader.execute(STATE).fetchall() == [(4, 3, 3)]
        time.sleep(0.05)
    assert proc.returncode == 0
    # The open connection still reads the file it opened (the old state), without error ...
    assert reader.execute("select count(*) from school").fetchall() == [(2,)]
    assert reader.execute(STATE).fetchall() == [(4, 3, 3)]
    # ... and a new connection, as another app process opens it, sees the new state.
    out = subprocess.run([sys.executable, "-c", "import duckdb, sys; print(duckdb.connect(sys.argv[1], read_only=True)"
                          ".execute('select count(*) from roster').fetchall()[0][0])", str(county_warehouse)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2004"
    # In this same process DuckDB hands out the instance already open for this path (old state)
    # while any connection to it is open; ATTACH into a fresh connection reads the new file.
    fresh = duckdb.connect()
    fresh.execute("attach $path as w (read_only)", {"path": str(county_warehouse)})
    assert fresh.execute("select count(*) from w.roster").fetchall() == [(2_004,)]
    fresh.close()
    reader.close()
    assert query(county_warehouse, STATE) == [(2_004, 2_003, 4)]
