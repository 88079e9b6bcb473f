"""A download's address stops working when its reader logs out (#15): Streamlit would keep a
download file until the second script run after it left the page; ui.login.forget_downloads
drops the session's files at logout. In a real browser on the demo county, with an account.
"""
from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from benchmarks.login_under_attack import (CHROMIUM, ARGS, OWNER, OWNER_ADDRESS, PASSWORD, login_page,
                                           owner_account, server, settle, submit)

pytestmark = pytest.mark.browser


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_download_link_stops_working_at_logout(demo_warehouse, tmp_path):
    from playwright.sync_api import sync_playwright

    accounts = owner_account(tmp_path / "accounts.json")
    with server(demo_warehouse, accounts, tmp_path / "streamlit.log") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context, page = login_page(browser, base, OWNER_ADDRESS)
        submit(page, OWNER, PASSWORD)
        page.locator("h1", has_text="总览").first.wait_for()
        settle(page)
        with page.expect_download() as info:
            page.locator('[data-testid="stDownloadButton"] button').first.click()
        url = info.value.url
        assert "/media/" in url and status(url) == 200
        page.get_by_role("button", name="退出登录").click()
        page.get_by_role("button", name="登录").wait_for()
        settle(page)
        assert status(url) == 404
        context.close()
        browser.close()
