"""ui.login and ui.reader in the real app (``app.py`` under AppTest): demo banner, login form, refusals,
and a logged-in school user who, on every page it can open, sees and downloads nothing of
the other school. Also the pure rules: which pages a role opens, which frames it downloads.
"""
from __future__ import annotations

import io

import polars as pl
import pytest
from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

from access.__main__ import main as access_cli
from access.user import DEMO_USER, User, is_teacher_level
from tests.page_harness import APP, RecordingStorage, downloads  # noqa: F401  (fixture)
from tests.two_schools import A, B, B_TEACHER_IDS, B_TOKENS, build
from ui.downloads import may_download
from ui.navigation import PAGES
from ui.reader import visible_pages
from ui.tables import Col, display

PASSWORD = "pass-1234"
TEACHER_HEADERS = ("姓名", "身份证号（脱敏）", "教师编号")


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    warehouse, report = build(tmp_path_factory.mktemp("county"))
    assert report.ok
    return warehouse


@pytest.fixture()
def accounts(county, tmp_path, monkeypatch):
    """An accounts file with a school user of 甲, a leader, an analyst and a disabled user."""
    path = tmp_path / "accounts.json"
    monkeypatch.setenv("ACCOUNTS_PATH", str(path))
    for argv in (["add", "zhang", "--role", "school", "--school", A],
                 ["add", "ju", "--role", "leader"], ["add", "fx", "--role", "analyst"],
                 ["add", "old", "--role", "leader"]):
        assert access_cli(["--accounts", str(path), *argv, "--password-stdin"], out=io.StringIO(),
                          stdin=io.StringIO(PASSWORD + "\n")) == 0
    access_cli(["--accounts", str(path), "disable", "old"], out=io.StringIO())
    return path


def start(monkeypatch, warehouse) -> AppTest:
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def log_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="access_login_user").input(username)
    at.text_input(key="access_login_password").input(password)
    next(b for b in at.button if b.label == "登录").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def screen_text(at: AppTest) -> str:
    """Every element's content as text (JSON of its message), plus every table's cells."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(MessageToJson(proto, ensure_ascii=False))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    parts += [frame.value.to_csv() for frame in at.dataframe]
    return "\n".join(parts)


def open_pages(at: AppTest) -> dict[str, str]:
    """``{url_path: file}`` of the pages this session's navigation registered; the others
    cannot be opened at all."""
    registered = {}
    for spec in PAGES:
        try:
            at.switch_page(spec.path)
        except ValueError:  # "Could not find a navigation page": not in this user's navigation
            continue
        registered[spec.url_path] = spec.path
    return registered


def test_without_accounts_the_app_runs_in_demo_mode_with_a_banner(county, tmp_path, monkeypatch):
    monkeypatch.setenv("ACCOUNTS_PATH", str(tmp_path / "none.json"))
    at = start(monkeypatch, county)
    assert any("演示模式" in w.value for w in at.warning)
    assert at.title[0].value == "总览"


def test_with_accounts_only_the_login_form_is_shown(county, accounts, monkeypatch):
    at = start(monkeypatch, county)
    assert [t.value for t in at.title] == ["登录师训数据看板"]
    assert not at.dataframe and not at.metric and not at.multiselect


@pytest.mark.parametrize(("username", "password", "message"), [
    ("zhang", "wrong-password", "用户名或密码不正确"),
    ("nobody", PASSWORD, "用户名或密码不正确"),
    ("old", PASSWORD, "该账号已停用，请联系系统管理员"),
])
def test_a_refused_login_shows_why_and_nothing_else(county, accounts, monkeypatch, username, password, message):
    at = log_in(start(monkeypatch, county), username, password)
    assert [e.value for e in at.error] == [message]
    assert [t.value for t in at.title] == ["登录师训数据看板"] and not at.metric


def test_a_school_user_sees_only_its_school_in_the_filters(county, accounts, monkeypatch):
    at = log_in(start(monkeypatch, county), "zhang")
    options = {m.label: m.options for m in at.multiselect}
    assert options["学校"] == ["甲校"] and options["乡镇"] == ["甲镇"]
    assert "可见学校：1100000001" in [c.value for c in at.sidebar.caption]


def test_a_school_user_sees_and_downloads_nothing_of_the_other_school_on_any_page(
        county, accounts, monkeypatch, downloads):  # noqa: F811
    at = log_in(start(monkeypatch, county), "zhang")
    pages = open_pages(at)
    assert "import" not in pages and "quality" not in pages and "overview" in pages
    for page in pages.values():
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        shown = screen_text(at)
        assert [t for t in (*B_TOKENS, *B_TEACHER_IDS) if t in shown] == [], page
    files = [data.decode("utf-8-sig", "replace") if not data.startswith(b"PK") else _xlsx_text(data)
             for data in RecordingStorage.files.values()]
    for text in files:
        assert [t for t in (*B_TOKENS, *B_TEACHER_IDS) if t in text] == []
        assert not any(h in text.splitlines()[0] for h in TEACHER_HEADERS if text), "teacher-level download"


def _xlsx_text(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                         if n.endswith("sharedStrings.xml"))


def test_roles_open_the_pages_their_role_allows(county, accounts, monkeypatch):
    analyst = open_pages(log_in(start(monkeypatch, county), "fx"))
    leader = open_pages(log_in(start(monkeypatch, county), "ju"))
    assert "import" in analyst and "quality" in analyst
    assert "import" not in leader and "quality" in leader


def test_logging_out_returns_to_the_login_form(county, accounts, monkeypatch):
    at = log_in(start(monkeypatch, county), "ju")
    at.button(key="access_logout").click().run()
    assert [t.value for t in at.title] == ["登录师训数据看板"]


def test_disabling_an_account_ends_its_session_at_the_next_click(county, accounts, monkeypatch):
    at = log_in(start(monkeypatch, county), "ju")
    assert at.title[0].value == "总览"
    access_cli(["--accounts", str(accounts), "disable", "ju"], out=io.StringIO())
    at.run()
    assert [t.value for t in at.title] == ["登录师训数据看板"]


def test_a_broken_accounts_file_refuses_everyone_instead_of_demo_mode(county, tmp_path, monkeypatch):
    broken = tmp_path / "accounts.json"
    broken.write_text("{oops")
    monkeypatch.setenv("ACCOUNTS_PATH", str(broken))
    at = start(monkeypatch, county)
    assert "账号文件无法使用" in at.error[0].value
    assert not at.warning and not at.metric


# ------------------------------------------------------------------- the pure rules
LEADER = User(username="ju", role="leader")
ANALYST = User(username="fx", role="analyst")
SCHOOL = User(username="xz", role="school", schools=frozenset({"S1"}))


def test_pages_each_role_may_open():
    def paths(user):
        return [p.url_path for p in visible_pages(user, PAGES)]

    everything = [p.url_path for p in PAGES]
    assert paths(ANALYST) == everything and paths(DEMO_USER) == everything
    assert paths(LEADER) == [p for p in everything if p != "import"]
    assert paths(SCHOOL) == [p for p in everything if p not in ("import", "quality")]


def test_teacher_level_is_decided_on_the_query_columns():
    assert is_teacher_level(["school_name", "name"]) and is_teacher_level(["id_masked"])
    assert is_teacher_level(["row_number", "reason"]) and is_teacher_level(["raw"])
    assert not is_teacher_level(["school_name", "coverage"]) and not is_teacher_level(["batch_id", "message"])


ROWS = pl.DataFrame({"school_name": ["甲"], "name": ["张三"], "category_name": ["师德"], "coverage": [0.5]})


@pytest.mark.parametrize("language", ["中文", "English"])
def test_a_display_frame_is_judged_by_its_columns_not_its_headers(language, monkeypatch):
    import streamlit as st

    monkeypatch.setitem(st.session_state, "lang", language)
    teachers = display(ROWS, [Col("school_name", "text"), Col("name", "text", header=("教师", "Teacher"))])
    # "类别" holds a category's name (category_name), though "name" is a teacher's elsewhere
    categories = display(ROWS, [Col("category_name", "text", header=("类别", "Category")), Col("coverage", "pct")])
    assert teachers.columns == (["学校", "教师"] if language == "中文" else ["School", "Teacher"])
    assert [may_download(teachers, u) for u in (LEADER, ANALYST, SCHOOL, DEMO_USER)] == [False, True, False, True]
    assert [may_download(categories, u) for u in (LEADER, ANALYST, SCHOOL)] == [True, True, True]
    # A frame not made by display() (or derived from one) has unknown columns: teacher-level.
    assert [may_download(categories.head(1), u) for u in (LEADER, ANALYST)] == [False, True]


def test_a_corrupted_warehouse_shows_the_way_back_instead_of_a_traceback(county, tmp_path, monkeypatch):
    import shutil

    from etl.warehouse_io import previous_path

    broken = tmp_path / "county.duckdb"
    broken.write_bytes(b"not a database" * 1000)
    shutil.copyfile(county, previous_path(broken))  # the version the last load replaced
    monkeypatch.setenv("ACCOUNTS_PATH", str(tmp_path / "none.json"))
    at = start(monkeypatch, broken)
    assert at.error and str(broken) in at.error[0].value
    hints = [i.value for i in at.info]
    assert any("python -m access restore-previous" in h and "county.duckdb.prev" in h for h in hints)
