"""The training-form filter in a real browser (tests/test_browser.py's server and chromium):
typed and chosen in the sidebar, kept as its code in the address, and kept across the
language switch with its label in the new language."""
from __future__ import annotations

import re

import pytest

from tests.test_browser import assert_no_error_box, browser, open_page, screenshot, server, wait_for_run  # noqa: F401

pytestmark = pytest.mark.browser


def person_times(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True)).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_choosing_a_form_filters_the_overview_in_both_languages(server, browser):  # noqa: F811
    page = open_page(browser, f"{server}/?year=2024")
    try:
        form = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="培训形式")
        form.locator("input").first.click()
        form.locator("input").first.fill("网络培训")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        wait_for_run(page)
        assert_no_error_box(page)
        assert person_times(page, "参训人次") == "9,296"   # the seed report's 网络培训 9,296 人次
        assert "form=online" in page.url
        screenshot(page, "form_filter_zh")
        option = page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(has_text="English")
        option.click(force=True)
        wait_for_run(page)
        assert_no_error_box(page)
        assert person_times(page, "Person-times") == "9,296"
        assert "form=online" in page.url
        form = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Training form")
        assert re.search(r"\bOnline\b", form.inner_text())
        screenshot(page, "form_filter_en")
    finally:
        page.close()
