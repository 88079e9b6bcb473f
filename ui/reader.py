"""Who is reading this session, and what that reader may see: the row-level scope, the pages.

``ui.login.current_user()`` draws the login and sets the session's account; everything here
reads it without drawing anything. The shared sidebar filters (``ui/filters.py``) call
``session_scope()`` and ``ui.data.query`` calls ``scope_filters()``, so every query a page runs
carries the reader's row-level scope.

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
import os
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, TypeVar

import streamlit as st

import settings
from access.accounts import AccountsError, AccountsFile, active_user, read_accounts
from access.user import DEMO_USER, READ_ONLY_USER, User
from warehouse.filters import Filters
from ui import i18n
from ui.i18n import text

SESSION_USER = "_access_username"   # not a widget key, so no URL or widget can set it
SESSION_VIA = "_access_via"         # "password" | "oidc"
SESSION_STAMP = "_access_stamp"     # the account's credential stamp at login (reset/disable end the session)
# A download that Streamlit builds when the reader clicks runs in a thread of its own, outside
# every script run: no session state, so no reader (its lists came out empty) and no language
# (its headers came out in Chinese). ``as_reader`` carries the run's session into it.
_CARRIED: ContextVar[tuple[str | None, str, bool] | None] = ContextVar("carried_session", default=None)
T = TypeVar("T")


def demo_enabled() -> bool:
    """``DASHBOARD_DEMO=1``: full rights for everyone when there are no accounts (the demo)."""
    return os.environ.get("DASHBOARD_DEMO", "").strip().lower() in ("1", "true", "yes", "on")


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
    username, stamp, signed_in = _session()
    if username is None:
        return None
    user = active_user(data, username, stamp)
    if user is None or not signed_in:
        return None
    return user


def _session() -> tuple[str | None, str, bool]:
    """(username, credential stamp at login, still signed in with the bureau account if that is
    how they logged in) of this session, or of the run ``as_reader`` carried."""
    if (carried := _CARRIED.get()) is not None:
        return carried
    username = st.session_state.get(SESSION_USER)
    signed_in = st.session_state.get(SESSION_VIA) != "oidc" or (username is not None and _oidc_still_in(username))
    return username, st.session_state.get(SESSION_STAMP, ""), signed_in


def as_reader(build: Callable[[], T]) -> Callable[[], T]:
    """``build`` (a download's bytes, made when the reader clicks) run as this run's reader, in
    this run's language, wherever Streamlit runs it. The account is checked against the accounts
    file again then: one disabled, or whose password was reset, since the page was drawn gets an
    empty scope, as it would on its next click."""
    carried, language = _session(), i18n.lang()

    def run() -> T:
        session, lang = _CARRIED.set(carried), i18n.CARRIED.set(language)
        try:
            return build()
        finally:
            _CARRIED.reset(session)
            i18n.CARRIED.reset(lang)

    return run


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
        st.error(text("access.forbidden"), icon=":material/block:")
        st.stop()
