"""A password guesser for tests/test_login_under_attack.py: a browser tab that submits wrong
passwords for one user name as fast as the login form answers, until ``stop_file`` exists or
``seconds`` pass. Each finished attempt appends a line to ``count_file``. Run as a script:

    python tests/login_attacker.py URL USERNAME COUNT_FILE STOP_FILE SECONDS FORWARDED_FOR
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(url: str, username: str, count_file: str, stop_file: str, seconds: str, forwarded_for: str) -> int:
    deadline = time.monotonic() + float(seconds)
    counts = Path(count_file)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", extra_http_headers={"X-Forwarded-For": forwarded_for})
        page = context.new_page()
        page.goto(url)
        page.get_by_label("用户名").wait_for(timeout=120_000)
        n = 0
        while time.monotonic() < deadline and not Path(stop_file).exists():
            n += 1
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码", exact=True).fill(f"guess-{n:06d}")
            page.get_by_role("button", name="登录", exact=True).click()
            page.locator('[data-testid="stAlert"]').first.wait_for(timeout=60_000)
            page.wait_for_function(
                "document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state') === 'notRunning'",
                timeout=60_000)
            with counts.open("a") as fh:
                fh.write(page.locator('[data-testid="stAlert"]').first.inner_text()[:40].replace("\n", " ") + "\n")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:7]))
