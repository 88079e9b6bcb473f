"""Sessions and defaults in the real app (AppTest): ``reset`` ends a live session, no accounts
file means read-only aggregates (the full demo needs ``DASHBOARD_DEMO=1``), and the broken-
warehouse page shows server paths and admin commands to administrators only."""
from __future__ import annotations

import io
import shutil

import polars as pl

from access.__main__ import main as access_cli
from access.user import READ_ONLY_USER
from ui.downloads import may_download
from ui.tables import Col, display
from etl.warehouse_io import previous_path
from tests.test_access_ui import PASSWORD, accounts, county, log_in, open_pages, start  # noqa: F401 (fixtures)


def test_resetting_a_password_ends_the_live_session(county, accounts, monkeypatch):  # noqa: F811
    at = log_in(start(monkeypatch, county), "ju")
    assert at.title[0].value == "总览"
    assert access_cli(["--accounts", str(accounts), "reset", "ju", "--password-stdin"], out=io.StringIO(),
                      stdin=io.StringIO("another-pass-99\n")) == 0
    at.run()
    assert [t.value for t in at.title] == ["登录师训数据看板"]
    log_in(at, "ju", "another-pass-99")
    assert at.title[0].value == "总览"


def test_without_accounts_and_without_the_demo_setting_the_app_is_read_only(county, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.delenv("DASHBOARD_DEMO", raising=False)
    monkeypatch.setenv("ACCOUNTS_PATH", str(tmp_path / "none.json"))
    at = start(monkeypatch, county)
    assert any("只读模式" in i.value for i in at.info) and not any("演示模式" in w.value for w in at.warning)
    assert at.title[0].value == "总览"
    pages = open_pages(at)
    assert "import" not in pages and "overview" in pages
    rows = pl.DataFrame({"name": ["张三"], "school_name": ["甲校"]})
    assert not may_download(display(rows, [Col("name", "text")]), READ_ONLY_USER)
    assert may_download(display(rows, [Col("school_name", "text")]), READ_ONLY_USER)


def test_the_demo_setting_gives_the_full_demo(county, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    monkeypatch.setenv("ACCOUNTS_PATH", str(tmp_path / "none.json"))
    at = start(monkeypatch, county)
    assert any("演示模式" in w.value for w in at.warning)
    assert "import" in open_pages(at)


def test_rejects_and_warnings_count_as_teacher_level_whatever_their_headers():
    rows = pl.DataFrame({"row_number": [3], "reason": ["姓名与名册不一致：张三"], "raw": ['{"姓名": "张三"}'],
                         "batch_id": [1], "message": ["表头在第 1 行"]})
    rejects = display(rows, [Col("row_number"), Col("reason", "text", header=("问题", "Problem"))])
    raw = display(rows, [Col("raw", "text")])
    history = display(rows, [Col("batch_id"), Col("message", "text")])
    for frame in (rejects, raw):
        assert not may_download(frame, READ_ONLY_USER)
    assert may_download(history, READ_ONLY_USER)  # a load's own message names no row


def test_a_broken_warehouse_shows_no_paths_or_commands_to_a_school_user(county, accounts, tmp_path, monkeypatch):  # noqa: F811
    broken = tmp_path / "county.duckdb"
    broken.write_bytes(b"not a database" * 1000)
    shutil.copyfile(county, previous_path(broken))
    at = log_in(start(monkeypatch, broken), "zhang")
    shown = " ".join([e.value for e in at.error] + [i.value for i in at.info] + [t.value for t in at.title])
    assert "数据暂时无法使用" in shown
    assert str(tmp_path) not in shown and "python -m" not in shown and "restore-previous" not in shown
