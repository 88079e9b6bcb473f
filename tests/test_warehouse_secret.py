"""The secret belongs to its warehouse: a load with a missing or different secret is refused
(it never makes a new one for an existing warehouse), and re-keying is an explicit rebuild.

Before: deleting ``.secret`` and loading a corrected roster silently created a new secret and
added every teacher a second time (coverage 95.9% -> 0.0%, exit code 0).
"""
from __future__ import annotations

import io
import os
import stat
import sys
from contextlib import redirect_stderr, redirect_stdout

import duckdb
import pytest

import settings
from etl.__main__ import main
from etl.load import load_paths
from etl.warehouse_secret import SecretError, fingerprint, recorded
from two_schools import SECRET, build, write_files


def teachers(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from teacher").fetchall()[0][0]


def fingerprint_in(path) -> str | None:
    with duckdb.connect(str(path), read_only=True) as con:
        return recorded(con)


@pytest.fixture
def county(tmp_path):
    warehouse, report = build(tmp_path)
    assert report.ok and teachers(warehouse) == 6
    return warehouse


def corrected_roster(folder):
    """The roster again with one name corrected (a changed file: it is loaded, not 'unchanged')."""
    raw = folder / "raw2"
    files = write_files(raw)
    roster = raw / "教师名册.csv"
    roster.write_text(roster.read_text(encoding="utf-8").replace("甲一老师", "甲一老师（改）"), encoding="utf-8")
    return files, roster


def test_the_warehouse_records_its_secrets_fingerprint(county):
    assert fingerprint_in(county) == fingerprint(bytes.fromhex(SECRET))
    assert len(fingerprint(bytes.fromhex(SECRET))) == 16 and SECRET not in fingerprint(bytes.fromhex(SECRET))


def test_a_lost_secret_is_refused_and_no_new_one_is_made(county, tmp_path):
    settings.secret_path(county).unlink()
    before = county.read_bytes()
    _, roster = corrected_roster(tmp_path)
    with pytest.raises(SecretError) as refused:
        load_paths([roster], county)
    message = str(refused.value)
    assert f"数据仓库 {county} 的密钥文件 {settings.secret_path(county)} 不见了，已拒绝导入" in message
    assert fingerprint(bytes.fromhex(SECRET)) in message and "python -m etl rekey" in message
    assert not settings.secret_path(county).exists()  # no new secret
    assert county.read_bytes() == before and teachers(county) == 6


def test_identical_files_with_a_lost_secret_are_refused_too(county, tmp_path):
    settings.secret_path(county).unlink()
    with pytest.raises(SecretError):
        load_paths(write_files(tmp_path / "same"), county)


def test_a_different_secret_is_refused_with_both_fingerprints(county, tmp_path):
    other = "cd" * 32
    settings.secret_path(county).write_text(other)
    _, roster = corrected_roster(tmp_path)
    with pytest.raises(SecretError, match=f"指纹 {fingerprint(bytes.fromhex(other))}，应为 "
                                          f"{fingerprint(bytes.fromhex(SECRET))}"):
        load_paths([roster], county)
    assert teachers(county) == 6


def test_the_right_secret_loads_the_correction_without_duplicates(county, tmp_path):
    _, roster = corrected_roster(tmp_path)
    assert load_paths([roster], county).ok
    assert teachers(county) == 6


def test_a_new_warehouse_gets_a_private_secret_and_records_it(tmp_path):
    warehouse = tmp_path / "new.duckdb"
    load_paths(write_files(tmp_path / "raw"), warehouse)
    secret = settings.secret_path(warehouse)
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert fingerprint_in(warehouse) == fingerprint(bytes.fromhex(secret.read_text().strip()))


def test_a_warehouse_from_before_fingerprints_adopts_its_secret(county, tmp_path):
    with duckdb.connect(str(county)) as con:
        con.execute("drop table etl_secret")
    _, roster = corrected_roster(tmp_path)
    assert load_paths([roster], county).ok
    assert fingerprint_in(county) == fingerprint(bytes.fromhex(SECRET)) and teachers(county) == 6


def run_cli(args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_refuses_without_a_traceback(county, tmp_path):
    settings.secret_path(county).unlink()
    _, roster = corrected_roster(tmp_path)
    code, _, err = run_cli(["load", str(roster), "--warehouse", str(county)])
    assert code == 1 and err.startswith("错误：数据仓库") and "Traceback" not in err


def test_rekey_rebuilds_under_a_new_secret_and_keeps_the_old_ones(county, tmp_path):
    settings.secret_path(county).unlink()  # lost for good
    files, _ = corrected_roster(tmp_path)
    code, out, err = run_cli(["rekey", *map(str, files), "--warehouse", str(county)])
    assert (code, err) == (0, "")
    new_secret = settings.secret_path(county).read_text().strip()
    assert new_secret != SECRET and fingerprint_in(county) == fingerprint(bytes.fromhex(new_secret))
    assert teachers(county) == 6  # rebuilt from the files: each teacher once
    assert county.with_name(county.name + ".prev").exists()  # the old warehouse is kept
    assert not list(tmp_path.glob(".county.duckdb.rekey-*"))
    code, out, _ = run_cli(["secret", "--warehouse", str(county)])
    assert code == 0 and "一致" in out
    # and the next corrected roster loads under the new secret without duplicates
    roster = tmp_path / "raw2" / "教师名册.csv"
    assert load_paths([roster], county).ok and teachers(county) == 6
