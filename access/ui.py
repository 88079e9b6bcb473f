"""Streamlit side of access: who is reading, the login form, the demo banner, download rules.

``app.py`` calls ``current_user()`` once per run, before the navigation: it returns the
logged-in ``User``, or draws the login form and stops the run. The shared sidebar filters
(``ui/filters.py``) call ``session_scope()`` so every query a page runs carries the reader's
row-level scope; ``ui/downloads.py`` calls ``may_download()`` before offering a file.

Modes, from the accounts file (``settings.accounts_path()``) and ``.streamlit/secrets.toml``:
- no accounts file and no ``[auth]`` secrets → READ-ONLY MODE (secure by default): every
  visitor sees the aggregates, nobody imports or downloads teacher-level tables, and a banner
  says how to create accounts. ``DASHBOARD_DEMO=1`` (``make run`` sets it for the demo
  county) turns this into DEMO MODE instead: full rights for every visitor, with a banner;
- accounts file → local login (username + password, argon2id);
- ``[auth]`` in secrets → also "log in with the bureau account" (OIDC via ``st.login``); the
  role and schools still come from the accounts file, by e-mail (``python -m access add
  EMAIL --role … --oidc``).
A broken accounts file refuses everyone (fail closed), never falls back to demo mode.
"""
from __future__ import annotations

import functools
import ipaddress
import os
from pathlib import Path

import polars as pl
import streamlit as st

import settings
from access.accounts import (
    AccountsError, AccountsFile, Outcome, active_user, authenticate, credential_stamp, read_accounts,
)
from access.throttle import LoginGuard
from access.user import DEMO_USER, READ_ONLY_USER, ROLE_LABELS, User
from warehouse.filters import Filters
from ui.i18n import lang

SESSION_USER = "_access_username"   # not a widget key, so no URL or widget can set it
SESSION_VIA = "_access_via"         # "password" | "oidc"
SESSION_STAMP = "_access_stamp"     # the account's credential stamp at login (reset/disable end the session)
GUARD = LoginGuard()                # rate limits and check slots, shared by every session of this process
# Direct peers whose X-Forwarded-For is believed (the reverse proxy); others are the client.
TRUSTED_PROXIES = tuple(a.strip() for a in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if a.strip())


def demo_enabled() -> bool:
    """``DASHBOARD_DEMO=1``: full rights for everyone when there are no accounts (the demo)."""
    return os.environ.get("DASHBOARD_DEMO", "").strip().lower() in ("1", "true", "yes", "on")

TEXT: dict[str, tuple[str, str]] = {
    "demo": ("演示模式：尚未配置账号，所有访问者都能看到全部学校的数据、导入文件、下载教师明细。"
             "正式使用前请在服务器上运行 python -m access add 创建账号（见 docs/deployment.md）。",
             "Demo mode: no accounts are configured, so every visitor sees every school, may import "
             "files and download teacher-level tables. Create accounts with python -m access add "
             "before real use (see docs/deployment.md)."),
    "login_title": ("登录师训数据看板", "Log in to the Teacher Training Dashboard"),
    "username": ("用户名", "Username"),
    "password": ("密码", "Password"),
    "login": ("登录", "Log in"),
    "login_oidc": ("使用单位账号登录", "Log in with your organisation account"),
    "bad_credentials": ("用户名或密码不正确", "Wrong username or password"),
    "disabled": ("该账号已停用，请联系系统管理员", "This account is disabled; ask the administrator"),
    "throttled": ("尝试次数过多，请 {seconds} 秒后再试", "Too many attempts; try again in {seconds} seconds"),
    "busy": ("服务器正忙，请稍后再试", "The server is busy; please try again shortly"),
    "read_only": ("只读模式：尚未配置账号，访问者只能查看汇总数据，不能导入文件或下载教师明细。"
                  "系统管理员请在服务器上运行 python -m access add 创建账号（见 docs/deployment.md）。",
                  "Read-only mode: no accounts are configured, so visitors see aggregates only; nobody may "
                  "import files or download teacher-level tables. The administrator creates accounts with "
                  "python -m access add (see docs/deployment.md)."),
    "oidc_unknown": ("单位账号 {email} 尚未开通本看板，请联系系统管理员（python -m access add {email} --role … --oidc）",
                     "{email} has no access to this dashboard yet; ask the administrator "
                     "(python -m access add {email} --role … --oidc)"),
    "no_accounts": ("已启用单位账号登录，但还没有任何账号：请在服务器上运行 python -m access add",
                    "Organisation login is on but no accounts exist: run python -m access add on the server"),
    "broken": ("账号文件无法使用，已拒绝所有登录：{error}", "The accounts file cannot be used; every login is refused: {error}"),
    "logout": ("退出登录", "Log out"),
    "signed_in": ("{name}（{role}）", "{name} ({role})"),
    "schools": ("可见学校：{codes}", "Schools: {codes}"),
    "forbidden": ("您的账号无权使用此页面", "Your account may not use this page"),
    "restore_hint": ("上一次导入前的版本仍在（{prev}）。系统管理员可在服务器上运行 `python -m access restore-previous` 恢复它，"
                     "或从原始文件重建：`python -m etl load 原始文件所在文件夹/`。",
                     "The version before the last load is still there ({prev}). The administrator can put it back "
                     "with `python -m access restore-previous` on the server, or rebuild from the raw files with "
                     "`python -m etl load RAW_FOLDER/`."),
    "unavailable": ("数据暂时无法使用，系统管理员正在处理。请稍后再来，或联系系统管理员。",
                    "The data is unavailable for the moment; the administrator has been told. Please come back later."),
    "no_teacher_download": ("教师明细仅限分析员下载。", "Teacher-level tables can be downloaded by analysts only."),
}


def _t(key: str, **values) -> str:
    pair = TEXT[key]
    return (pair[0] if lang() == "zh" else pair[1]).format(**values)


# ----------------------------------------------------------------------------- accounts
@functools.lru_cache(maxsize=4)
def _read(path: str, stamp: tuple[int, int, int] | None) -> AccountsFile | None:
    # Keyed on the file's (inode, mtime, size): an admin's change is seen at the next click.
    return read_accounts(Path(path))


def accounts() -> AccountsFile | None:
    """The accounts file's content (None: no file). Raises ``AccountsError`` when broken."""
    path = settings.accounts_path()
    try:
        st_ = path.stat()
        stamp = (st_.st_ino, st_.st_mtime_ns, st_.st_size)
    except FileNotFoundError:
        stamp = None
    except OSError as exc:
        raise AccountsError(f"无法读取账号文件 {path}：{exc.strerror}") from exc
    return _read(str(path), stamp)


def oidc_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section (st.login usable)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all (StreamlitSecretNotFoundError) or unreadable
        return False


def resolve_user() -> User | None:
    """The reader of this session without drawing anything: the demo user, the logged-in
    user, or None (nobody logged in yet, or the accounts file is broken: see nothing)."""
    try:
        data = accounts()
    except AccountsError:
        return None
    if data is None and not oidc_configured():
        return DEMO_USER if demo_enabled() else READ_ONLY_USER
    username = st.session_state.get(SESSION_USER)
    if username is None:
        return None
    user = active_user(data, username, st.session_state.get(SESSION_STAMP, ""))
    if user is None or (st.session_state.get(SESSION_VIA) == "oidc" and not _oidc_still_in(username)):
        return None
    return user


def _oidc_still_in(username: str) -> bool:
    try:
        return bool(st.user.is_logged_in) and st.user.get("email") == username
    except Exception:
        return False


def session_scope() -> frozenset[str] | None:
    """``allowed_schools`` for this session's queries; nobody logged in sees nothing."""
    user = resolve_user()
    return frozenset() if user is None else user.allowed_schools


def scope_filters(filters: Filters) -> Filters:
    """``filters`` narrowed to this session's reader (``ui.data.query`` applies it to every
    query, so a page that builds its own ``Filters`` cannot widen its view)."""
    user = resolve_user()
    if user is None:
        return filters.replace(allowed_schools=frozenset())
    return user.scope(filters)


# Pages a role may open, by url_path (ui/navigation.py); every other page is open to all.
PAGE_PERMISSIONS = {"import": "can_import", "quality": "can_view_data_quality"}


def visible_pages(user: User, specs: tuple) -> tuple:
    """The navigation's page specs this user may open (the others are not even routable)."""
    return tuple(s for s in specs
                 if s.url_path not in PAGE_PERMISSIONS or getattr(user, PAGE_PERMISSIONS[s.url_path]))


def require(permission: str) -> None:
    """For a page to call first (e.g. ``require("can_import")``): stop when not allowed."""
    user = resolve_user()
    if user is None or not getattr(user, permission):
        st.error(_t("forbidden"), icon=":material/block:")
        st.stop()


# ----------------------------------------------------------------------------- drawing
def _logout() -> None:
    via = st.session_state.get(SESSION_VIA)
    for key in (SESSION_USER, SESSION_VIA, SESSION_STAMP):
        st.session_state.pop(key, None)
    forget_downloads()
    if via == "oidc":
        st.logout()


def forget_downloads() -> None:
    """Drop this session's download files now, so their URLs stop working at logout (Streamlit
    would otherwise keep a download until the second script run after it left the page)."""
    try:
        from streamlit.runtime import Runtime

        manager = Runtime.instance().media_file_mgr
    except Exception:  # no runtime (bare mode): nothing is served
        return
    manager.clear_session_refs()
    manager.remove_orphaned_files()  # marks unreferenced downloads ...
    manager.remove_orphaned_files()  # ... and deletes them


def client_address() -> str:
    """The reader's address: the direct peer, or, when that is a trusted reverse proxy, the last
    address it appended to X-Forwarded-For (the one the proxy itself saw)."""
    try:
        peer = st.context.ip_address or "127.0.0.1"  # None means a loopback peer
        forwarded = st.context.headers.get("X-Forwarded-For", "") if peer in TRUSTED_PROXIES else ""
    except Exception:
        return "127.0.0.1"
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    if hops:
        try:
            return str(ipaddress.ip_address(hops[-1]))
        except ValueError:
            return peer
    return peer


def _login_form(data: AccountsFile | None) -> None:
    st.title(_t("login_title"))
    if oidc_configured():
        if st.user.get("is_logged_in"):
            email = st.user.get("email") or ""
            account = data.accounts.get(email) if data else None
            if account is not None and account.oidc and not account.disabled:
                st.session_state[SESSION_USER], st.session_state[SESSION_VIA] = email, "oidc"
                st.session_state[SESSION_STAMP] = credential_stamp(account)
                st.rerun()
            st.error(_t("oidc_unknown", email=email) if data else _t("no_accounts"), icon=":material/block:")
            st.button(_t("logout"), on_click=st.logout, key="access_oidc_logout")
            return
        st.button(_t("login_oidc"), on_click=st.login, key="access_oidc_login", type="primary",
                  icon=":material/badge:")
    if data is None or not any(a.password_hash for a in data.accounts.values()):
        return
    with st.form("access_login", enter_to_submit=True):
        username = st.text_input(_t("username"), key="access_login_user", autocomplete="username")
        password = st.text_input(_t("password"), type="password", key="access_login_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(_t("login"), type="primary")
    if submitted:
        result = authenticate(data, username, password, GUARD, client_address())
        if result.outcome is Outcome.OK:
            st.session_state.pop("access_login_password", None)
            st.session_state[SESSION_USER], st.session_state[SESSION_VIA] = result.user.username, "password"
            st.session_state[SESSION_STAMP] = credential_stamp(data.accounts[result.user.username])
            st.rerun()
        st.error(_t(result.outcome.value, seconds=max(1, round(result.wait))), icon=":material/lock:")


def _account_box(user: User) -> None:
    role = ROLE_LABELS[user.role][0 if lang() == "zh" else 1]
    with st.sidebar:
        st.caption(_t("signed_in", name=user.label, role=role))
        if user.role == "school":
            st.caption(_t("schools", codes="、".join(sorted(user.schools))))
        st.button(_t("logout"), on_click=_logout, key="access_logout", icon=":material/logout:",
                  type="tertiary")


def current_user() -> User:
    """The reader of this run. Draws the demo banner, or the account box in the sidebar, or
    the login form (and then stops the run: nothing below it is drawn or queried)."""
    try:
        data = accounts()
    except AccountsError as exc:
        st.error(_t("broken", error=exc), icon=":material/error:")
        st.stop()
    if data is None and not oidc_configured():
        if demo_enabled():
            st.warning(_t("demo"), icon=":material/visibility:")
            return DEMO_USER
        st.info(_t("read_only"), icon=":material/lock:")
        return READ_ONLY_USER
    user = resolve_user()
    if user is None:
        if st.session_state.get(SESSION_USER) is not None:
            forget_downloads()  # disabled, reset or removed since login: its files go too
        for key in (SESSION_USER, SESSION_VIA, SESSION_STAMP):  # a disabled or removed account is logged out
            st.session_state.pop(key, None)
        _login_form(data)
        st.stop()
    _account_box(user)
    return user


# ----------------------------------------------------------------------------- downloads
TEACHER_COLUMNS = ("name", "id_masked", "teacher_code", "raw")  # keys of ui.tables.HEADERS
# A row of a bureau file (rejects, warnings): its reason or message may quote the row's cells.
ROW_COLUMNS, QUOTING_COLUMNS = ("row_number",), ("reason", "message")


def _names(keys: tuple[str, ...]) -> set[str]:
    from ui.tables import HEADERS  # here, not at the top: ui.tables imports ui.downloads

    return set(keys) | {h for key in keys for h in HEADERS.get(key, ())}


def is_teacher_level(frame: pl.DataFrame) -> bool:
    """True when a display frame names teachers (a name, masked ID or teacher-code column) or
    holds raw row contents (the raw values of a rejected row, or the reason/message of a row of
    a bureau file), under its Chinese or English header or the raw column name."""
    columns = set(frame.columns)
    if columns & _names(TEACHER_COLUMNS):
        return True
    return bool(columns & _names(ROW_COLUMNS)) and bool(columns & _names(QUOTING_COLUMNS))


def may_download(frame: pl.DataFrame, user: User | None = None) -> bool:
    """May this reader download ``frame``? Aggregates: anyone logged in (the rows are already
    scoped). Teacher-level rows: analysts (and the demo) only."""
    user = user if user is not None else resolve_user()
    if user is None:
        return False
    return user.can_download_teacher_rows or not is_teacher_level(frame)


def no_download_note() -> None:
    st.caption(_t("no_teacher_download"))


# ----------------------------------------------------------------------------- recovery
def unavailable_for_readers() -> bool:
    """On the missing/broken-warehouse page: readers who are not administrators get a plain
    notice (no server path, no commands); True when it was drawn."""
    user = resolve_user()
    if user is not None and user.can_import:
        return False
    st.info(_t("unavailable"), icon=":material/hourglass_empty:")
    return True


def recovery_hint() -> None:
    """Under the missing/broken-warehouse message: the kept previous version, if usable. Server
    paths and admin commands are for administrators (analysts, or the demo) only."""
    from access.recovery import health

    user = resolve_user()
    if user is None or not user.can_import:
        return
    state = health()
    if state.previous:
        from etl.warehouse_io import previous_path

        st.info(_t("restore_hint", prev=previous_path(state.path).name), icon=":material/history:")
