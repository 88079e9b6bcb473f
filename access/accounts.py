"""Local accounts: a JSON file beside the warehouse, argon2id password hashes, the login check.

The file is ``settings.accounts_path()`` (``ACCOUNTS_PATH``, else
``<warehouse>.accounts.json``), written with mode 0600 by ``python -m access`` only: the app
reads it and never writes it. Its absence means demo mode (see ``ui.reader``).

Layout::

    {"version": 1, "accounts": {"zhang": {"role": "school", "schools": ["2162292201"],
      "name": "张校长", "password_hash": "$argon2id$...", "disabled": false,
      "oidc": false, "created_at": "...", "updated_at": "..."}}}
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Iterator

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from access.throttle import LoginGuard
from access.user import Role, User

HASHER = PasswordHasher()  # argon2id with the library's recommended (RFC 9106 low-memory) cost
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[A-Za-z0-9_.@\-]{2,64}$")
SCHOOL_CODE = re.compile(r"^[A-Za-z0-9_\-]{1,32}$")
FILE_VERSION = 1


class AccountsError(Exception):
    """The accounts file cannot be used; the message is for the administrator, in Chinese."""


class Account(BaseModel):
    """One stored account. ``password_hash`` is None for an OIDC-only account."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    schools: tuple[str, ...] = ()
    name: str = ""
    password_hash: str | None = None
    disabled: bool = False
    oidc: bool = False  # may log in through the OIDC provider (username = e-mail)
    created_at: str = ""
    updated_at: str = ""

    @field_validator("schools", mode="before")
    @classmethod
    def _sorted(cls, value):
        return tuple(sorted(set(value or ())))

    @model_validator(mode="after")
    def _school_needs_schools(self) -> "Account":
        if self.role == "school" and not self.schools:
            raise ValueError("学校账号必须至少指定一所学校（--school 学校代码）")
        for code in self.schools:
            if not SCHOOL_CODE.match(code):
                raise ValueError(f"学校代码“{code}”格式不对：只能含字母、数字、- 和 _")
        return self

    def user(self, username: str) -> User:
        return User(username=username, role=self.role, display_name=self.name,
                    schools=frozenset(self.schools) if self.role == "school" else frozenset())


class AccountsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = FILE_VERSION
    accounts: dict[str, Account] = Field(default_factory=dict)


# ----------------------------------------------------------------------------- the file
def read_accounts(path: Path) -> AccountsFile | None:
    """The accounts in ``path``; ``None`` when the file does not exist (demo mode).

    Raises ``AccountsError`` when it exists but cannot be read or parsed: the app then
    refuses everyone rather than falling back to demo mode (fail closed).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AccountsError(f"无法读取账号文件 {path}：{exc.strerror}") from exc
    try:
        return AccountsFile.model_validate(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        raise AccountsError(f"账号文件 {path} 已损坏，无法解析：请用 python -m access list 检查，"
                            "或从备份恢复") from exc


def loose_permissions(path: Path) -> bool:
    """True when group or others may read the file (it should be 0600)."""
    try:
        return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))
    except OSError:
        return False


def write_accounts(path: Path, data: AccountsFile) -> None:
    """Write atomically (temp file + rename) with mode 0600 from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data.model_dump_json(indent=2))
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)  # in case a umask or an ACL widened it
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def editing(path: Path) -> Iterator[AccountsFile]:
    """Read-modify-write under an exclusive lock, so two admin commands cannot lose a change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(f".{path.name}.lock")
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            data = read_accounts(path) or AccountsFile()
            yield data
            write_accounts(path, data)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountsError(f"密码太短：至少 {MIN_PASSWORD} 个字符")
    return HASHER.hash(password)


# ----------------------------------------------------------------------------- login
class Outcome(str, Enum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"  # unknown user or wrong password: one message for both
    DISABLED = "disabled"
    THROTTLED = "throttled"              # too many attempts from this address (or pair, or server)
    BUSY = "busy"                        # every password-check slot stayed taken


@dataclass(frozen=True)
class LoginResult:
    outcome: Outcome
    user: User | None = None
    wait: float = 0.0                    # THROTTLED: seconds before another attempt may pass


# A valid hash of a random password: verifying against it makes an unknown user cost the
# same argon2 work as a known one, so response time does not tell which usernames exist.
@functools.cache
def _dummy_hash() -> str:
    return HASHER.hash(os.urandom(16).hex())


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(data: AccountsFile, username: str, password: str,
                 guard: LoginGuard | None = None, address: str = "unknown") -> LoginResult:
    """Check a username and password against the accounts.

    With a ``guard`` (``access.throttle``), an attempt over a rate limit is refused before
    any argon2 work, and checks queue for one of the few check slots. Unknown users,
    OIDC-only accounts and wrong passwords all do one argon2 verification and get the same
    outcome; a disabled account is refused (and says so) only after the right password, so
    the message reveals nothing to someone guessing.
    """
    username = username.strip()[:64]
    password = password[:1024]  # argon2 hashes any length; a megabyte of password is just work
    if guard is not None:
        verdict = guard.admit(address, username)
        if not verdict.allowed:
            return LoginResult(Outcome.THROTTLED, wait=verdict.wait)
    account = data.accounts.get(username)
    with (guard.checking() if guard is not None else contextlib.nullcontext(True)) as slot:
        if not slot:
            return LoginResult(Outcome.BUSY)
        ok = _verify(account.password_hash if account else None, password)
    if not ok or account is None:
        if guard is not None:
            guard.failed(address, username)
        return LoginResult(Outcome.BAD_CREDENTIALS)
    if account.disabled:
        return LoginResult(Outcome.DISABLED)
    if guard is not None:
        guard.succeeded(address, username)
    return LoginResult(Outcome.OK, account.user(username))


def credential_stamp(account: Account) -> str:
    """Changes whenever an admin resets the password, disables the account or changes its role
    or schools: a session keeps it from its login and is ended when it no longer matches."""
    material = f"{account.password_hash}|{account.disabled}|{account.role}|{','.join(account.schools)}|{account.oidc}"
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def active_user(data: AccountsFile | None, username: str, stamp: str | None = None) -> User | None:
    """The user for a session that logged in earlier, re-read on every run: an account
    disabled, removed, reset or changed since then (its ``credential_stamp`` differs from the
    session's ``stamp``) is logged out at the next click."""
    if data is None:
        return None
    account = data.accounts.get(username)
    if account is None or account.disabled:
        return None
    if stamp is not None and stamp != credential_stamp(account):
        return None
    return account.user(username)
