"""Open, stage and atomically swap the warehouse file.

A load never writes into the live file. It copies the live warehouse to a staging file
beside it, writes there, checkpoints, and swaps the staging file in with one ``rename``:
readers see the old state or the new one, never a mix, and a load killed at any moment
leaves the live file as it was. The replaced file is kept as ``<name>.prev`` (a hard link,
so keeping it costs nothing) as a documented way back.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from pathlib import Path
from typing import Iterator

import duckdb

from warehouse.schema import create_tables


def staging_path(target: Path) -> Path:
    return target.with_name(f"{target.name}.staging-{os.getpid()}")


def previous_path(target: Path) -> Path:
    return target.with_name(target.name + ".prev")


@contextlib.contextmanager
def writer_lock(target: Path) -> Iterator[None]:
    """One load at a time per warehouse (a second one waits)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_name(target.name + ".lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_stale_stages(target: Path) -> None:
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
    _remove_stale_stages(target)
    stage = staging_path(target)
    for leftover in (stage, stage.with_name(stage.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if target.exists():
        shutil.copyfile(target, stage)
    con = duckdb.connect(str(stage))
    con.execute("set enable_progress_bar = false")  # no progress bars on the clerk's terminal
    create_tables(con)  # views are (re)made once, just before the swap
    return stage, con


def commit_stage(stage: Path, con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Checkpoint, close, fsync and rename the staging file over the live one."""
    con.execute("checkpoint")
    con.close()
    with open(stage, "rb") as fh:
        os.fsync(fh.fileno())
    if target.exists():
        prev, tmp = previous_path(target), target.with_name(target.name + ".prev.tmp")
        tmp.unlink(missing_ok=True)
        os.link(target, tmp)
        os.replace(tmp, prev)
    os.replace(stage, target)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def discard_stage(stage: Path, con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(Exception):
        con.close()
    for leftover in (stage, stage.with_name(stage.name + ".wal")):
        leftover.unlink(missing_ok=True)
