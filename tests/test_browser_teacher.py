"""教师档案 in a real browser (tests/test_browser.py's server and chromium): the forecast
landing, finding a teacher by typing a name and picking them, the record at its own
address, and no clear ID number on the page.
"""
from __future__ import annotations

import re

import duckdb
import pytest

from tests.test_browser import assert_no_error_box, browser, screenshot, server, wait_for_run  # noqa: F401

pytestmark = pytest.mark.browser
CLEAR_ID = re.compile(r"(?<![\d.])\d{17}[\dXx](?!\d)")


def open_page(browser, url: str):  # noqa: F811
    """test_browser.open_page with a longer patience for every step: the machine is shared."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page.set_default_timeout(120_000)
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]')
    wait_for_run(page)
    return page


@pytest.fixture(scope="module")
def someone(demo_warehouse):
    """A demo teacher with a unique name and a ledger row: (key, name, masked ID, school)."""
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        return con.execute("""
            select m.teacher_key, t.name, t.id_masked, m.school_name
            from metric_teacher_credit m join teacher t using (teacher_key)
            where t.name in (select name from teacher group by name having count(*) = 1)
            order by m.earned desc, t.name limit 1""").fetchall()[0]


def test_the_forecast_landing_opens_with_the_rule_set_and_the_100_percent_line(server, browser):  # noqa: F811
    page = open_page(browser, f"{server}/teacher")
    try:
        assert_no_error_box(page)
        assert page.locator("h1").first.inner_text().strip() == "教师档案"
        main = page.locator('[data-testid="stMain"]')
        assert main.get_by_text("国家默认：五年不少于 360 学时", exact=False).count() > 0
        assert main.get_by_text("预计周期末达标率", exact=True).count() > 0
        assert page.locator(".js-plotly-plot").get_by_text("100% 检查线").count() > 0
        screenshot(page, "teacher_forecast")
    finally:
        page.close()


def test_typing_a_name_and_picking_the_teacher_opens_their_record(server, browser, someone):  # noqa: F811
    key, name, id_masked, school = someone
    page = open_page(browser, f"{server}/teacher")
    try:
        box = page.get_by_label("查找教师")
        box.fill(name)
        box.press("Enter")
        wait_for_run(page)
        page.locator('[data-testid="stSelectbox"]').filter(has_text="选择一位查看档案").click()
        page.get_by_role("option", name=re.compile(re.escape(name))).click()
        wait_for_run(page)
        assert_no_error_box(page)
        assert f"key={key}" in page.url
        assert page.locator("h2").filter(has_text=name).count() == 1
        main = page.locator('[data-testid="stMain"]')
        assert main.get_by_text(id_masked, exact=False).count() > 0
        assert main.get_by_text("下载继续教育学时（学分）证明", exact=False).count() == 1
        assert not CLEAR_ID.findall(main.inner_text())
        screenshot(page, "teacher_record")
    finally:
        page.close()


def test_the_record_s_address_opens_it_directly(server, browser, someone):  # noqa: F811
    key, name, _, _ = someone
    page = open_page(browser, f"{server}/teacher?key={key}")
    try:
        assert_no_error_box(page)
        assert page.locator("h2").filter(has_text=name).count() == 1
    finally:
        page.close()
