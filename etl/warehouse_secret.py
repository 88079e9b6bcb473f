"""The keyed-hash secret belongs to its warehouse.

Teachers are keyed by HMAC(secret, ID number) (``etl.identity``), and the ID numbers are
not kept: with another secret, the same teacher gets another key, so a corrected roster
would add every teacher a second time and coverage would fall to nothing, silently. So the
warehouse records a fingerprint of its secret (table ``etl_secret``), and a load

- with the secret file missing, for a warehouse that has a fingerprint or any teacher, is
  refused: it never makes a new secret for an existing warehouse;
- with a secret whose fingerprint differs from the recorded one is refused;
- for a new (or teacher-less) warehouse without a secret file creates one (mode 0600).

A warehouse from before fingerprints adopts the secret beside it at its next load. The
refusal says how to restore the secret from a backup, or how to re-key deliberately:
``python -m etl rekey 原始文件夹/`` rebuilds the warehouse from the raw files under a new
secret (the old file and the old secret are kept; ``etl.rekey``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
from pathlib import Path

import duckdb

import settings
from etl.identity import Secret, load_secret

FINGERPRINT_LABEL = b"shixun-warehouse-secret-fingerprint-v1"
TABLE = "etl_secret"


class SecretError(Exception):
    """A load refused because of the secret; ``str(exc)`` says what to do, in Chinese."""


def fingerprint(secret: bytes) -> str:
    """16 hex characters that name a secret without revealing it (an HMAC of a fixed label)."""
    return hmac.new(bytes(secret), FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]


def recorded(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint the warehouse recorded (the latest), or None."""
    exists = con.execute("select count(*) from duckdb_tables() where table_name = ?", [TABLE]).fetchall()[0][0]
    if not exists:
        return None
    rows = con.execute(f"select fingerprint from {TABLE} order by recorded_at desc limit 1").fetchall()
    return rows[0][0] if rows else None


def _restore_advice(target: Path, path: Path, want: str) -> str:
    kept = sorted(p.name for p in path.parent.glob(path.name + ".replaced-*"))
    lines = [f"请从备份中找回该数据仓库的密钥文件，放回 {path}（权限 600），再重新导入；"
             f"正确的密钥指纹为 {want}（python -m etl secret --warehouse {target} 可显示当前文件的指纹）。"]
    if kept:
        lines.append(f"此文件夹中保留的旧密钥：{'、'.join(kept)}。")
    lines.append(f"如果密钥确实无法找回，请用原始文件重建并启用新密钥：python -m etl rekey 原始文件所在文件夹/ "
                 f"--warehouse {target}（旧数据仓库和旧密钥都会保留）。")
    return "\n".join(lines)


def bind(con: duckdb.DuckDBPyConnection, target: Path) -> Secret:
    """The secret for a load into ``target`` (``con`` is the load's staging connection), checked
    against the fingerprint the warehouse recorded; records it on the first load."""
    path = settings.secret_path(target)
    want = recorded(con)
    has_teachers = con.execute("select count(*) from teacher").fetchall()[0][0] > 0
    if not path.exists() and (want or has_teachers):
        raise SecretError(f"数据仓库 {target} 的密钥文件 {path} 不见了，已拒绝导入："
                          "没有原密钥，同一位教师会被当成新教师重复计入。\n" + _restore_advice(target, path, want or "（未记录）"))
    secret = load_secret(path)
    have = fingerprint(secret)
    if want and want != have:
        raise SecretError(f"密钥文件 {path} 不是数据仓库 {target} 的密钥（指纹 {have}，应为 {want}），已拒绝导入："
                          "换用别的密钥，同一位教师会被当成新教师重复计入。\n" + _restore_advice(target, path, want))
    if not want:
        con.execute(f"create table if not exists {TABLE} (fingerprint varchar not null, recorded_at timestamp not null)")
        con.execute(f"insert into {TABLE} values (?, ?)", [have, dt.datetime.now()])
    return secret if isinstance(secret, Secret) else Secret(secret)


def keep_aside(path: Path) -> Path | None:
    """Rename a secret file to ``<name>.replaced-<time>`` (never deleted); return the new path."""
    if not path.exists():
        return None
    aside = path.with_name(f"{path.name}.replaced-{dt.datetime.now():%Y%m%d%H%M%S}")
    os.replace(path, aside)
    return aside
