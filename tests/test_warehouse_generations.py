"""Verified generations: a damaged warehouse is found table by table, never built on, never
rotated into the backups, and only an undamaged kept version is restored.

Before: with 1 MiB of random bytes written mid-file, ``access check`` said the warehouse was
fine, the next load carried the damage forward and rotated it over the only good ``.prev``,
and ``restore-previous`` restored a damaged file.
"""
from __future__ import annotations

import io
import os
import random
import stat

import duckdb
import pytest

from access.__main__ import main as access_main
from access.recovery import RecoveryError, restore_previous
from etl import warehouse_io
from etl.load import load_paths
from etl.warehouse_io import WarehouseDamaged, generations, previous_path, seal, sealed, verify
from two_schools import build


def schools_file(folder, n: int):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "学校名册.csv"
    path.write_text("学校代码,学校名称,学段,所属乡镇,城乡类型\n" + "".join(
        f"90000000{i:02d},学校{i},小学,附城镇,城区\n" for i in range(1, n + 1)), encoding="utf-8")
    return path


def count_schools(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from school").fetchall()[0][0]


def damage(path, at: float, seed: int = 7, span: int = 1 << 20) -> None:
    """``span`` bytes (at most half the file) of random bytes written at ``at`` of its length."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(int(size * at))
        fh.write(random.Random(seed).randbytes(min(span, size // 2)))


@pytest.fixture
def county(tmp_path):
    warehouse, report = build(tmp_path)
    assert report.ok
    return warehouse


def test_a_full_read_names_the_damaged_tables(county):
    assert verify(county) == []
    damage(county, 0.5)
    bad = verify(county)
    assert bad and all("checksum" in error for _, error in bad)
    out = io.StringIO()
    assert access_main(["check", "--warehouse", str(county)], out=out) == 1
    report = out.getvalue()
    assert report.startswith(f"数据仓库已损坏：{county}")
    for table, _ in bad:
        assert f"  表 {table}：Corrupt database file" in report


def test_a_load_never_builds_on_a_damaged_file_nor_rotates_it(county, tmp_path):
    assert load_paths([schools_file(tmp_path / "a", 1)], county).ok  # now there is a good .prev
    good_prev = previous_path(county).read_bytes()
    # over its whole middle: 1 MiB at one spot may fall on free blocks, which harms nothing
    # (the layout moves whenever a stored model is added)
    damage(county, 0.25, span=county.stat().st_size // 2)
    assert verify(county), "the damage must reach a table"
    damaged = county.read_bytes()
    with pytest.raises(WarehouseDamaged, match="已损坏（无法完整读取的表："):
        load_paths([schools_file(tmp_path / "b", 2)], county)
    assert county.read_bytes() == damaged and previous_path(county).read_bytes() == good_prev
    assert not list(tmp_path.glob("county.duckdb.staging-*"))


def test_a_sealed_file_is_not_read_again_and_any_write_breaks_the_seal(county, tmp_path, monkeypatch):
    assert sealed(county)  # the load that built it read it in full and sealed it
    read = []
    monkeypatch.setattr(warehouse_io, "verify", lambda path: read.append(path.name) or verify(path))
    assert load_paths([schools_file(tmp_path / "a", 1)], county).ok
    assert read == [f"county.duckdb.staging-{os.getpid()}"]  # the new file only
    assert sealed(county)
    kept = county.stat()
    with open(county, "r+b") as fh:  # one byte rewritten as it was, the times put back
        first = fh.read(1)
        fh.seek(0)
        fh.write(first)
    os.utime(county, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert county.stat().st_mtime_ns == kept.st_mtime_ns and not sealed(county)  # the change time moved
    read.clear()
    assert load_paths([schools_file(tmp_path / "b", 2)], county).ok
    assert read == ["county.duckdb", f"county.duckdb.staging-{os.getpid()}"]


def test_damage_the_seal_cannot_see_is_found_and_the_live_file_named(county, tmp_path):
    """A failing disk changes bytes without a write: the seal still matches, the copy carries
    the damage into the new file, whose full read fails; the live file is then read and named."""
    assert load_paths([schools_file(tmp_path / "a", 1)], county).ok
    good_prev = previous_path(county).read_bytes()
    damage(county, 0.25, span=county.stat().st_size // 2)
    assert verify(county), "the damage must reach a table"
    seal(county)  # as if the disk had changed the bytes under the file system
    damaged = county.read_bytes()
    with pytest.raises(WarehouseDamaged, match=f"^数据仓库文件 {county} 已损坏（无法完整读取的表："):
        load_paths([schools_file(tmp_path / "b", 2)], county)
    assert county.read_bytes() == damaged and previous_path(county).read_bytes() == good_prev
    assert not list(tmp_path.glob("county.duckdb.staging-*"))


def test_restore_takes_the_newest_undamaged_version_and_skips_damaged_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(warehouse_io, "GENERATIONS", 3)
    live = tmp_path / "w.duckdb"
    for n in (1, 2, 3, 4):
        assert load_paths([schools_file(tmp_path / f"v{n}", n)], live).ok
    assert [p.name for p in generations(live)] == ["w.duckdb.prev", "w.duckdb.prev-2", "w.duckdb.prev-3"]
    assert [count_schools(p) for p in generations(live)] == [3, 2, 1]
    # A kept file holds free blocks too (damage there harms nothing), so the two are damaged
    # over their whole middle and checked to be found damaged.
    for path in (live, previous_path(live)):
        damage(path, 0.25, span=path.stat().st_size // 2)
        assert verify(path), path
    restored, kept = restore_previous(live)
    assert restored.name == "w.duckdb.prev-2" and count_schools(live) == 2 and verify(live) == []
    assert kept.name.startswith("w.duckdb.replaced-")
    with pytest.raises(RecoveryError, match="保留的版本都已损坏：w.duckdb.prev（"):
        restore_previous(live, generation=1)


def test_retention_keeps_the_set_number_of_generations(tmp_path, monkeypatch):
    monkeypatch.setattr(warehouse_io, "GENERATIONS", 2)
    live = tmp_path / "w.duckdb"
    for n in (1, 2, 3, 4, 5):
        assert load_paths([schools_file(tmp_path / f"v{n}", n)], live).ok
    assert [(p.name, count_schools(p)) for p in generations(live)] == [("w.duckdb.prev", 4), ("w.duckdb.prev-2", 3)]


def test_warehouse_files_are_not_world_readable(tmp_path):
    live = tmp_path / "w.duckdb"
    for n in (1, 2):
        load_paths([schools_file(tmp_path / f"v{n}", n)], live)
    for path in (live, previous_path(live)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path
    assert stat.S_IMODE(live.with_name("w.duckdb.lock").stat().st_mode) == 0o600
    restore_previous(live)
    assert stat.S_IMODE(live.stat().st_mode) == 0o640
