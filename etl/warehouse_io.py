"""Open, stage and atomically swap the warehouse file.

A load never writes into the live file. It copies the live warehouse to a staging file
beside it, writes there, checkpoints, and swaps the staging file in with one ``rename``:
readers see the old state or the new one, never a mix, and a load killed at any moment
leaves the live file as it was. Only the load itself reads the staging file before ``swap_in``
fsyncs it and renames it, so its connection does not fsync (DuckDB's ``fsync_mode`` NONE: a
commit or checkpoint mid-load does not wait for the disk), and the copied bytes start going to
disk in a background thread as soon as the copy is made, while the load checks and writes.

Verified generations: the new file is read in full before it is swapped in (every table;
DuckDB checks each block's checksum as it reads), and a load refuses to build on a damaged
live file, naming the table. The live file is read in full before it is copied unless it is
*sealed*: ``<name>.verified`` records its inode, size and change times as they were when
this code read it in full and swapped it in, and every write goes through a staging file, so
an equal seal means no byte was written through the file system since. Damage the file
system cannot see (a failing disk) is still found: the copy carries it into the staging
file, whose full read then fails, and the live file is then read too and named. The
replaced file becomes ``<name>.prev`` (a hard link), the one before that ``<name>.prev-2``
and so on, ``WAREHOUSE_GENERATIONS`` in all (default 3): so a damaged file is never rotated
into the backups, and a damaged live file cannot push the last good copy out. Warehouse
files are created with mode 0640 (the app may run as another user of the same group).
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import stat
import threading
from pathlib import Path
from typing import Iterator

import duckdb

from warehouse.schema import create_tables

GENERATIONS = max(1, int(os.environ.get("WAREHOUSE_GENERATIONS", "3")))
FILE_MODE = 0o640


class WarehouseDamaged(Exception):
    """A warehouse file that fails the full read; ``str(exc)`` names the table, in Chinese."""


def verify(path: Path) -> list[tuple[str, str]]:
    """Read every column of every table of ``path`` in full; ``[(table, error)]`` for each one
    that fails (``("（文件）", error)`` when the file does not even open). Empty: all readable."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except (duckdb.Error, OSError) as exc:
        return [("（文件）", _first_line(exc))]
    bad = []
    try:
        tables = con.execute("select table_name from duckdb_tables() where schema_name = 'main' "
                             "order by table_name").fetchall()
        for (table,) in tables:
            columns = [c for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = 'main' and table_name = ?",
                [table]).fetchall()]
            # Hashing every column makes DuckDB read (and checksum) every block of the table.
            parts = ", ".join(f'bit_xor(hash("{c}"))' for c in (q.replace('"', '""') for q in columns))
            name = table.replace('"', '""')
            try:
                con.execute(f'select count(*){", " + parts if parts else ""} from "{name}"').fetchall()
            except duckdb.Error as exc:
                bad.append((table, _first_line(exc)))
    except duckdb.Error as exc:
        bad.append(("（目录）", _first_line(exc)))
    finally:
        con.close()
    return bad


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:300]


def damage_message(path: Path, bad: list[tuple[str, str]]) -> str:
    tables = "、".join(t for t, _ in bad)
    return (f"数据仓库文件 {path} 已损坏（无法完整读取的表：{tables}；{bad[0][1]}），已停止，未作任何更改。"
            "请系统管理员运行 python -m access check 查看各版本的状态，再用 python -m access restore-previous "
            "恢复最近一个完好的版本，或从原始文件重建：python -m etl load 原始文件所在文件夹/")


def generations(target: Path) -> list[Path]:
    """The kept earlier versions, newest first: ``.prev``, ``.prev-2``, …"""
    found = [previous_path(target)] + [target.with_name(f"{target.name}.prev-{i}") for i in range(2, 100)]
    return [p for p in found if p.exists()]


def _rotate(target: Path) -> None:
    """Keep the live file as ``.prev``, shifting the older ones and dropping past the retention."""
    prev = previous_path(target)
    older = [target.with_name(f"{target.name}.prev-{i}") for i in range(2, GENERATIONS + 1)]
    chain = [prev, *older]
    for path in target.parent.glob(f"{target.name}.prev-*"):
        suffix = path.name.rsplit("-", 1)[-1]
        if suffix.isdigit() and int(suffix) > GENERATIONS:
            path.unlink(missing_ok=True)
    for newer, older_path in reversed(list(zip(chain, chain[1:]))):
        if newer.exists():
            os.replace(newer, older_path)
    if GENERATIONS == 1:
        prev.unlink(missing_ok=True)
    tmp = target.with_name(target.name + ".prev.tmp")
    tmp.unlink(missing_ok=True)
    os.link(target, tmp)
    os.replace(tmp, prev)
    _private(prev)


def _private(path: Path) -> None:
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) & 0o037:
            os.chmod(path, FILE_MODE)


def staging_path(target: Path) -> Path:
    return target.with_name(f"{target.name}.staging-{os.getpid()}")


def previous_path(target: Path) -> Path:
    return target.with_name(target.name + ".prev")


@contextlib.contextmanager
def writer_lock(target: Path) -> Iterator[None]:
    """One load at a time per warehouse (a second one waits)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.with_name(target.name + ".lock")
    with os.fdopen(os.open(lock, os.O_WRONLY | os.O_CREAT, 0o600), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def remove_stale_stages(target: Path) -> None:
    """Staging files left by killed loads (their process is gone)."""
    for stale in target.parent.glob(f"{target.name}.staging-*"):
        pid = stale.name.rsplit("-", 1)[-1].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def open_stage(target: Path) -> tuple[Path, duckdb.DuckDBPyConnection]:
    """Copy the live warehouse (if any) to a staging file and open it for writing."""
    remove_stale_stages(target)
    stage = staging_path(target)
    for leftover in (stage, stage.with_name(stage.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if target.exists():
        # never build on (and so never carry forward) a damaged file
        if not sealed(target) and (bad := verify(target)):
            raise WarehouseDamaged(damage_message(target, bad))
        shutil.copyfile(target, stage)
        _flush_in_background(stage)
    try:
        # No fsync while the load writes: swap_in fsyncs the file once, before the rename (a
        # load killed before then leaves only a stale stage, removed by the next load).
        con = duckdb.connect(str(stage), config={"fsync_mode": "NONE"})
        _private(stage)
        con.execute("set enable_progress_bar = false")  # no progress bars on the clerk's terminal
        create_tables(con)  # views are (re)made once, just before the swap
    except duckdb.Error as exc:
        for leftover in (stage, stage.with_name(stage.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise carried_damage(target) or exc
    return stage, con


def _flush_in_background(path: Path) -> None:
    """Start writing ``path``'s dirty pages to disk now, in a thread, while the load works (the
    copy's while it checks and writes, its own while the new file is read in full), so that
    the fsync in ``swap_in`` finds little left to write."""
    def flush() -> None:
        with contextlib.suppress(OSError), open(path, "rb") as fh:
            os.fsync(fh.fileno())
    threading.Thread(target=flush, name="stage-flush", daemon=True).start()


def carried_damage(target: Path) -> WarehouseDamaged | None:
    """After a DuckDB error on the staging copy: the live file's damage, if it is damaged (a
    sealed file is not read before it is copied, so its damage first shows on the copy)."""
    if target.exists() and (bad := verify(target)):
        return WarehouseDamaged(damage_message(target, bad))
    return None


def commit_stage(stage: Path, con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Checkpoint, close and verify the staging file, then swap it in (``swap_in``)."""
    con.execute("checkpoint")
    con.close()
    _flush_in_background(stage)  # the load's writes go to disk while the full read below runs
    if bad := verify(stage):  # a file that cannot be read in full never replaces the live one
        raise carried_damage(target) or WarehouseDamaged(damage_message(stage, bad))
    swap_in(stage, target)  # the outgoing file was read in full (or sealed) when this load began
    seal(target)


def seal_path(target: Path) -> Path:
    return target.with_name(target.name + ".verified")


def _identity(path: Path) -> dict:
    st = path.stat()
    return {"inode": st.st_ino, "device": st.st_dev, "size": st.st_size,
            "mtime_ns": st.st_mtime_ns, "ctime_ns": st.st_ctime_ns}


def seal(target: Path) -> None:
    """Record that ``target``, as it is now, was read in full (see the module docstring)."""
    tmp = seal_path(target).with_suffix(".verified.tmp")
    tmp.unlink(missing_ok=True)
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "w", encoding="utf-8") as fh:
        json.dump(_identity(target), fh)
    os.replace(tmp, seal_path(target))


def sealed(target: Path) -> bool:
    """``target`` is byte for byte the file this code last read in full: same inode, size,
    modification and change times, and no write-ahead log beside it."""
    try:
        recorded = json.loads(seal_path(target).read_text(encoding="utf-8"))
        return recorded == _identity(target) and not target.with_name(target.name + ".wal").exists()
    except (OSError, ValueError):
        return False


def swap_in(stage: Path, target: Path, aside: Path | None = None) -> Path | None:
    """Fsync ``stage`` and rename it over ``target`` in one step (readers see the old file or
    the new one, never a mix), then fsync the folder. The outgoing file is kept: as ``aside``
    when given (a restore), else rotated into the ``.prev`` generations (a load); a write-ahead
    log of it goes with it, never to the new file. Returns where it is kept (None: no file)."""
    with open(stage, "rb") as fh:
        os.fsync(fh.fileno())
    _private(stage)
    kept = None
    if target.exists():
        if aside is None:
            _rotate(target)
            kept = previous_path(target)
        else:
            aside.unlink(missing_ok=True)
            os.link(target, aside)
            kept = aside
    wal = target.with_name(target.name + ".wal")
    if wal.exists():
        keep = kept or aside or previous_path(target)
        os.replace(wal, keep.with_name(keep.name + ".wal"))
    os.replace(stage, target)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return kept


def discard_stage(stage: Path, con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(Exception):
        con.close()
    for leftover in (stage, stage.with_name(stage.name + ".wal")):
        leftover.unlink(missing_ok=True)
