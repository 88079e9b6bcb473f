"""The way back when the warehouse file is missing or broken.

Two roads (docs/deployment.md, "故障恢复"):
1. rebuild from the raw files: ``python -m etl load 原始文件夹/`` (or ``make demo``);
2. restore the version the last load replaced, which the ETL keeps as ``<warehouse>.prev``:
   ``python -m access restore-previous``. The file it replaces is kept as
   ``<warehouse>.replaced-<time>`` so nothing is ever deleted by a restore.

The restore takes the ETL's writer lock (no load can run meanwhile) and swaps with one
``rename``, so readers see the old file or the restored one, never a mix.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

import settings
from etl.warehouse_io import previous_path, writer_lock

# Tables every usable warehouse has (DATA_CONTRACT.md); checked by a cheap count each.
CORE_TABLES = ("school", "teacher", "roster", "program", "participation", "etl_batch")


class RecoveryError(Exception):
    """A restore that cannot be done; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class Health:
    path: Path
    state: str          # ok | missing | broken
    detail: str = ""    # the first line of the error, for "broken"
    previous: bool = False  # a usable <warehouse>.prev exists

    @property
    def ok(self) -> bool:
        return self.state == "ok"

    def message(self) -> str:
        """What the reader sees, in Chinese, with the way back."""
        if self.ok:
            return f"数据仓库正常：{self.path}"
        what = ("找不到数据仓库文件" if self.state == "missing"
                else "数据仓库文件已损坏，无法打开")
        ways = ["从原始文件重建：python -m etl load 原始文件所在文件夹/（示例数据：make demo）"]
        if self.previous:
            ways.insert(0, "恢复上一次导入前的版本：python -m access restore-previous")
        lines = [f"{what}：{self.path}"]
        if self.detail:
            lines.append(f"原因：{self.detail}")
        lines.append("恢复办法（由系统管理员在服务器上执行）：")
        lines += [f"  {i}. {w}" for i, w in enumerate(ways, start=1)]
        return "\n".join(lines)


def _probe(path: Path) -> str | None:
    """None when the file opens read-only and its core tables answer; else the error."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except (duckdb.Error, OSError) as exc:
        return str(exc).splitlines()[0][:300]
    try:
        for table in CORE_TABLES:  # fixed names, not input
            con.execute(f"select count(*) from {table}").fetchall()
    except duckdb.Error as exc:
        return str(exc).splitlines()[0][:300]
    finally:
        con.close()
    return None


def health(warehouse: Path | None = None) -> Health:
    """Is the warehouse usable, and is there a usable previous version to go back to?"""
    path = Path(warehouse) if warehouse else settings.warehouse_path()
    prev = previous_path(path)
    has_prev = prev.exists() and _probe(prev) is None
    if not path.exists():
        return Health(path, "missing", previous=has_prev)
    problem = _probe(path)
    if problem:
        return Health(path, "broken", problem, previous=has_prev)
    return Health(path, "ok", previous=has_prev)


def restore_previous(warehouse: Path | None = None) -> Path | None:
    """Put ``<warehouse>.prev`` back in place; return where the replaced file was kept.

    The previous file stays in place too (it is copied, not moved), so a second restore
    is harmless. Raises ``RecoveryError`` when there is no usable previous version.
    """
    path = Path(warehouse) if warehouse else settings.warehouse_path()
    prev = previous_path(path)
    with writer_lock(path):
        if not prev.exists():
            raise RecoveryError(f"没有可恢复的上一版本（{prev} 不存在）：请从原始文件重建，"
                                "python -m etl load 原始文件所在文件夹/")
        problem = _probe(prev)
        if problem:
            raise RecoveryError(f"上一版本 {prev} 也无法打开（{problem}）：请从原始文件重建")
        stage = path.with_name(f"{path.name}.restore-{os.getpid()}")
        try:
            shutil.copyfile(prev, stage)
            with open(stage, "rb") as fh:
                os.fsync(fh.fileno())
            aside = path.with_name(f"{path.name}.replaced-{dt.datetime.now():%Y%m%d%H%M%S}")
            kept = None
            if path.exists():
                aside.unlink(missing_ok=True)
                os.link(path, aside)
                kept = aside
            # A write-ahead log belongs to the file it was written for, never to the restored one.
            wal = path.with_name(path.name + ".wal")
            if wal.exists():
                os.replace(wal, aside.with_name(aside.name + ".wal"))
            os.replace(stage, path)
        finally:
            stage.unlink(missing_ok=True)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return kept
