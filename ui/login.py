"""The login form, the demo / read-only banner, the account box and logging out.

``app.py`` calls ``current_user()`` once per run, before the navigation: it returns the
logged-in ``User``, or draws the login form and stops the run. Who the reader is, without
drawing, is ``ui.reader``; the accounts, passwords and rate limits are ``access``.
"""
from __future__ import annotations

import ipaddress
import os

import streamlit as st

from access.accounts import AccountsError, AccountsFile, Outcome, authenticate, credential_stamp
from access.throttle import LoginGuard
from access.user import DEMO_USER, READ_ONLY_USER, User
from ui.i18n import label, text
from ui.reader import (
    SESSION_STAMP, SESSION_USER, SESSION_VIA, accounts, demo_enabled, oidc_configured, resolve_user,
)

GUARD = LoginGuard()                # rate limits and check slots, shared by every session of this process
# Direct peers whose X-Forwarded-For is believed (the reverse proxy); others are the client.
TRUSTED_PROXIES = tuple(a.strip() for a in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if a.strip())


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
    st.title(text("access.login_title"))
    if oidc_configured():
        if st.user.get("is_logged_in"):
            email = st.user.get("email") or ""
            account = data.accounts.get(email) if data else None
            if account is not None and account.oidc and not account.disabled:
                st.session_state[SESSION_USER], st.session_state[SESSION_VIA] = email, "oidc"
                st.session_state[SESSION_STAMP] = credential_stamp(account)
                st.rerun()
            st.error(text("access.oidc_unknown", email=email) if data else text("access.no_accounts"), icon=":material/block:")
            st.button(text("access.logout"), on_click=st.logout, key="access_oidc_logout")
            return
        st.button(text("access.login_oidc"), on_click=st.login, key="access_oidc_login", type="primary",
                  icon=":material/badge:")
    if data is None or not any(a.password_hash for a in data.accounts.values()):
        return
    with st.form("access_login", enter_to_submit=True):
        username = st.text_input(text("access.username"), key="access_login_user", autocomplete="username")
        password = st.text_input(text("access.password"), type="password", key="access_login_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(text("access.login"), type="primary")
    if submitted:
        result = authenticate(data, username, password, GUARD, client_address())
        if result.outcome is Outcome.OK:
            st.session_state.pop("access_login_password", None)
            st.session_state[SESSION_USER], st.session_state[SESSION_VIA] = result.user.username, "password"
            st.session_state[SESSION_STAMP] = credential_stamp(data.accounts[result.user.username])
            st.rerun()
        st.error(text(f"access.{result.outcome.value}", seconds=max(1, round(result.wait))), icon=":material/lock:")


def _account_box(user: User) -> None:
    role = label("role", user.role)
    with st.sidebar:
        st.caption(text("access.signed_in", name=user.label, role=role))
        if user.role == "school":
            st.caption(text("access.schools", codes="、".join(sorted(user.schools))))
        st.button(text("access.logout"), on_click=_logout, key="access_logout", icon=":material/logout:",
                  type="tertiary")


def current_user() -> User:
    """The reader of this run. Draws the demo banner, or the account box in the sidebar, or
    the login form (and then stops the run: nothing below it is drawn or queried)."""
    try:
        data = accounts()
    except AccountsError as exc:
        st.error(text("access.broken", error=exc), icon=":material/error:")
        st.stop()
    if data is None and not oidc_configured():
        if demo_enabled():
            st.warning(text("access.demo"), icon=":material/visibility:")
            return DEMO_USER
        st.info(text("access.read_only"), icon=":material/lock:")
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
