"""``python -m access``: add, disable, enable, reset, list, check, restore-previous."""
from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from access.__main__ import main
from access.accounts import Outcome, authenticate, read_accounts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def accounts_path(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "county.duckdb.accounts.json"
    monkeypatch.setenv("ACCOUNTS_PATH", str(path))
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "county.duckdb"))
    return path


def run(*argv: str, password: str | None = None) -> tuple[int, str]:
    out = io.StringIO()
    stdin = io.StringIO(password + "\n") if password is not None else io.StringIO("")
    code = main(list(argv), out=out, stdin=stdin)
    return code, out.getvalue()


def login(path: Path, user: str, password: str) -> Outcome:
    return authenticate(read_accounts(path), user, password).outcome


def test_add_creates_a_school_account_that_can_log_in(accounts_path):
    code, out = run("add", "zhang", "--role", "school", "--school", "2162292201", "--name", "张校长",
                    "--password-stdin", password="pass-1234")
    assert (code, out.strip()) == (0, "已添加用户“zhang”（学校）")
    account = read_accounts(accounts_path).accounts["zhang"]
    assert (account.role, account.schools, account.name) == ("school", ("2162292201",), "张校长")
    assert login(accounts_path, "zhang", "pass-1234") is Outcome.OK
    assert stat.S_IMODE(accounts_path.stat().st_mode) == 0o600


def test_add_refuses_a_school_account_without_a_school_and_a_duplicate(accounts_path, capsys):
    assert run("add", "zhang", "--role", "school", "--password-stdin", password="pass-1234")[0] == 1
    assert "至少指定一所学校" in capsys.readouterr().err
    assert not accounts_path.exists()
    run("add", "zhang", "--role", "leader", "--password-stdin", password="pass-1234")
    assert run("add", "zhang", "--role", "analyst", "--password-stdin", password="pass-1234")[0] == 1
    assert "已存在" in capsys.readouterr().err
    assert read_accounts(accounts_path).accounts["zhang"].role == "leader"


def test_disable_refuses_login_and_enable_restores_it(accounts_path):
    run("add", "li", "--role", "analyst", "--password-stdin", password="pass-1234")
    assert run("disable", "li") == (0, "已停用用户“li”\n")
    assert login(accounts_path, "li", "pass-1234") is Outcome.DISABLED
    assert run("enable", "li")[0] == 0
    assert login(accounts_path, "li", "pass-1234") is Outcome.OK


def test_reset_replaces_the_password(accounts_path):
    run("add", "li", "--role", "analyst", "--password-stdin", password="pass-1234")
    assert run("reset", "li", "--password-stdin", password="new-pass-5678")[0] == 0
    assert login(accounts_path, "li", "pass-1234") is Outcome.BAD_CREDENTIALS
    assert login(accounts_path, "li", "new-pass-5678") is Outcome.OK


def test_commands_on_an_unknown_user_fail_with_exit_1(accounts_path, capsys):
    for command in (["disable", "ghost"], ["enable", "ghost"], ["reset", "ghost", "--password-stdin"]):
        assert run(*command, password="pass-1234")[0] == 1
    assert capsys.readouterr().err.count("没有用户“ghost”") == 3


def test_list_shows_accounts_without_hashes(accounts_path):
    run("add", "zhang", "--role", "school", "--school", "S2", "--school", "S1", "--password-stdin",
        password="pass-1234")
    run("add", "wang@bureau.gov.cn", "--role", "leader", "--oidc")
    run("disable", "zhang")
    code, out = run("list")
    assert code == 0
    assert out.splitlines() == ["wang@bureau.gov.cn\t局领导\t-\t-\t启用\tOIDC",
                                "zhang\t学校\tS1,S2\t-\t停用\t密码"]
    assert "argon2" not in out


def test_list_without_a_file_says_demo_mode(accounts_path):
    assert "演示模式" in run("list")[1]


def test_the_module_runs_as_a_command(accounts_path):
    env = {**os.environ, "ACCOUNTS_PATH": str(accounts_path)}
    done = subprocess.run([sys.executable, "-m", "access", "add", "zhao", "--role", "leader", "--password-stdin"],
                          input="pass-1234\n", capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    bad = subprocess.run([sys.executable, "-m", "access", "add"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert bad.returncode == 2  # argparse usage error
    assert login(accounts_path, "zhao", "pass-1234") is Outcome.OK
