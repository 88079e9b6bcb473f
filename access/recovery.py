"""The way back when the warehouse file is missing or broken.

Two roads (docs/deployment.md, "故障恢复"):
1. rebuild from the raw files: ``python -m etl load 原始文件夹/`` (or ``make demo``);
2. restore an earlier version, which the ETL keeps as ``<warehouse>.prev``, ``.prev-2``, …
   (``etl.warehouse_io``): ``python -m access restore-previous`` puts back the newest one
   that reads in full (every table, every block checksummed), never a damaged one. The
   file it replaces is kept as ``<warehouse>.replaced-<time>``: nothing is ever deleted by
   a restore.

``python -m access check`` reads the live file and every kept version in full and names
each damaged table.

The restore takes the ETL's writer lock (no load can run meanwhile) and swaps the file in
as a load does (``etl.warehouse_io.swap_in``), so readers see the old file or the restored
one, never a mix.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

import settings
from etl.warehouse_io import FILE_MODE, generations, previous_path, swap_in, verify, writer_lock

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


def full_check(warehouse: Path | None = None) -> tuple[bool, str]:
    """(live file fully readable, the report): every table of the live file and of each kept
    version read in full; a damaged one is named with its table."""
    path = Path(warehouse) if warehouse else settings.warehouse_path()
    lines, ok = [], False
    if not path.exists():
        lines.append(f"找不到数据仓库文件：{path}")
    elif bad := verify(path):
        lines.append(f"数据仓库已损坏：{path}")
        lines += [f"  表 {table}：{error}" for table, error in bad]
    else:
        ok = True
        lines.append(f"数据仓库正常（每张表都已完整读取）：{path}")
    kept = generations(path)
    good = None
    for gen in kept:
        bad = verify(gen)
        state = "完好" if not bad else "已损坏（" + "、".join(t for t, _ in bad) + "）"
        good = good or (gen if not bad else None)
        lines.append(f"  保留的版本 {gen.name}：{state}")
    if not ok:
        lines.append("恢复办法（由系统管理员在服务器上执行）：")
        if good:
            lines.append(f"  1. 恢复最近一个完好的版本（{good.name}）：python -m access restore-previous")
        lines.append(f"  {2 if good else 1}. 从原始文件重建：python -m etl load 原始文件所在文件夹/")
    return ok, "\n".join(lines)


def health(warehouse: Path | None = None) -> Health:
    """Is the warehouse usable, and is there a usable previous version to go back to?"""
    path = Path(warehouse) if warehouse else settings.warehouse_path()
    has_prev = any(_probe(gen) is None for gen in generations(path))
    if not path.exists():
        return Health(path, "missing", previous=has_prev)
    problem = _probe(path)
    if problem:
        return Health(path, "broken", problem, previous=has_prev)
    return Health(path, "ok", previous=has_prev)


def restore_previous(warehouse: Path | None = None, generation: int | None = None) -> tuple[Path, Path | None]:
    """Put back the newest kept version that reads in full (or generation ``n``: 1 = ``.prev``,
    2 = ``.prev-2``…); return (the version restored, where the replaced file was kept).

    The version stays in place too (it is copied, not moved), so a second restore is
    harmless. Raises ``RecoveryError`` when no kept version reads in full.
    """
    path = Path(warehouse) if warehouse else settings.warehouse_path()
    with writer_lock(path):
        kept = generations(path)
        if generation is not None:
            wanted = previous_path(path) if generation == 1 else path.with_name(f"{path.name}.prev-{generation}")
            kept = [wanted] if wanted.exists() else []
        if not kept:
            raise RecoveryError(f"没有可恢复的保留版本（{previous_path(path).name} 等都不存在）：请从原始文件重建，"
                                "python -m etl load 原始文件所在文件夹/")
        damaged, chosen = [], None
        for gen in kept:
            bad = verify(gen)
            if not bad:
                chosen = gen
                break
            damaged.append(f"{gen.name}（{'、'.join(t for t, _ in bad)}）")
        if chosen is None:
            raise RecoveryError(f"保留的版本都已损坏：{'；'.join(damaged)}：不会恢复损坏的文件，请从原始文件重建，"
                                "python -m etl load 原始文件所在文件夹/")
        stage = path.with_name(f"{path.name}.restore-{os.getpid()}")
        try:
            shutil.copyfile(chosen, stage)
            os.chmod(stage, FILE_MODE)
            replaced = swap_in(stage, path, aside=path.with_name(f"{path.name}.replaced-{dt.datetime.now():%Y%m%d%H%M%S}"))
        finally:
            stage.unlink(missing_ok=True)
    return chosen, replaced
