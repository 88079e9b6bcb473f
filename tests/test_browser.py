"""The real app in a real browser: ``streamlit run app.py`` on the demo warehouse, driven by
Debian's chromium through playwright. Every page opens without an error box, shows its title
and a key figure, and leaves a screenshot in ``tests/screenshots/`` (git-ignored) to look at.

Chromium missing is a failure, not a skip: ``make test`` installs it (.ci/install-browser).
"""
from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ui.navigation import PAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Each page opened for 2024: url_path → (extra query, title, a figure it must show). The
# seed report's figures where there are some, else counted straight from the warehouse.
KEY_FIGURES = """
    select
        (select count(*) from roster where year = 2024)                                as teachers,
        (select count(*) from roster r where r.year = 2024 and not exists (
            select 1 from participation p where p.teacher_key = r.teacher_key
              and p.year = 2024 and p.result = 'passed'))                             as untrained,
        (select count(*) from participation p join school s using (school_code)
          where p.year = 2024 and s.school_name = '附城初中')                           as school_person_times,
        (select count(distinct school_code) from roster where year = 2024)            as ranked,
        (select count(*) from etl_batch)                                              as loads
"""


def expected_pages(warehouse) -> dict[str, tuple[str, str, str | None]]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        teachers, untrained, school_person_times, ranked, loads = con.execute(KEY_FIGURES).fetchone()
    return {
        "overview": ("", "总览", "13,400"),
        "coverage": ("", "培训覆盖", f"共 {untrained:,} 人。"),
        "progression": ("", "层级进阶", f"{teachers:,}"),
        "ranking": ("", "学校排名", f"2024 年共 {ranked} 所学校参与排名"),
        "school": ("&school=附城初中", "学校画像：附城初中", f"{school_person_times:,}"),
        "compliance": ("", "学时达标", "2021–2025 年周期，截至 2024 年"),
        "teacher": ("", "教师档案", "预计周期末达标率"),
        "awards": ("", "获奖荣誉", "1,398"),
        "plan": ("", "计划完成", "13,400"),
        "official": ("", "官方报表", "表1 专任教师接受培训情况"),
        "import": ("", "数据导入", None),
        "quality": ("", "数据质量", f"{loads:,}"),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(warehouse: Path, log: Path):
    """Base URL of the dashboard served on ``warehouse`` (stopped on leaving)."""
    port = _free_port()
    env = dict(os.environ, WAREHOUSE_PATH=str(warehouse))
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # the health endpoint answers once the server is up
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited: {log.read_text(errors='replace')[-2000:]}")
        else:
            pytest.fail("streamlit did not answer within a minute")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server(demo_warehouse, tmp_path_factory):
    """Base URL of the dashboard served on the demo warehouse (stopped after the module)."""
    with serve(demo_warehouse, tmp_path_factory.mktemp("server") / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make browser-deps` (.ci/install-browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def wait_for_run(page, calm_checks: int = 6) -> None:
    """Until the app's script has stopped running and stayed stopped for a moment (it reads
    "notRunning" briefly before the first run starts, and between reruns)."""
    calm = 0
    for _ in range(1200):
        state = page.get_attribute('[data-testid="stApp"]', "data-test-script-state")
        calm = calm + 1 if state == "notRunning" else 0
        if calm >= calm_checks:
            page.wait_for_timeout(800)  # plotly draws after the script run ends
            return
        page.wait_for_timeout(250)
    pytest.fail(f"{page.url} kept running")


def open_page(browser, url: str):
    """A fresh tab on ``url``, returned once the script has finished running."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page.set_default_timeout(120_000)  # the machine may be shared and slow: a wait, not a measure
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=120_000)
    wait_for_run(page)
    return page


def screenshot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the window to fit."""
    SHOTS.mkdir(exist_ok=True)
    height = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('[data-testid="stMain"],'
        + '[data-testid="stMainBlockContainer"], [data-testid="stAppViewContainer"]')]
        .map(e => e.scrollHeight))"""
    )
    page.set_viewport_size({"width": 1400, "height": min(max(1000, height + 40), 8000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_no_error_box(page) -> None:
    for selector in ('[data-testid="stException"]', '[data-testid="stAlertContentError"]',
                     '[data-testid="stDialog"]'):  # e.g. Streamlit's "Page not found"
        boxes = page.locator(selector)
        assert boxes.count() == 0, boxes.first.inner_text()


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_opens_with_its_title_and_key_figure(server, browser, demo_warehouse, spec):
    extra, title, figure = expected_pages(demo_warehouse)[spec.url_path]
    address = "" if spec == PAGES[0] else spec.url_path  # the home page lives at "/"
    page = open_page(browser, f"{server}/{address}?year=2024{extra}")
    try:
        assert_no_error_box(page)
        assert page.locator("h1").first.inner_text().strip() == title
        if figure:
            main = page.locator('[data-testid="stMain"]')
            assert main.get_by_text(figure, exact=False).count() > 0, f"{figure} not on {spec.url_path}"
        screenshot(page, spec.url_path)
    finally:
        page.close()


def test_the_report_card_prints_without_the_sidebar(server, browser):
    page = open_page(browser, f"{server}/school?year=2024&school=附城初中")
    try:
        page.emulate_media(media="print")
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert page.locator("h1").first.is_visible()
    finally:
        page.close()


def test_a_copied_link_reproduces_language_and_filters(server, browser):
    page = open_page(browser, f"{server}/?lang=English&year=2024&tier=National")
    try:
        assert_no_error_box(page)
        assert page.locator("h1").first.inner_text().strip() == "Overview"
        # With only the national tier selected the total is the national tier's 617.
        total = page.locator('[data-testid="stMetric"]').filter(has_text="Person-times").first
        assert re.search(r"\b617\b", total.inner_text())
    finally:
        page.close()


def metric_value(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True)).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_filters_survive_page_switches_and_the_language_switch(server, browser):
    page = open_page(browser, f"{server}/coverage?year=2023&tier=国培")
    try:
        page.locator('[data-testid="stSidebarNav"]').get_by_text("学校排名").click()
        wait_for_run(page)
        assert "/ranking" in page.url and "year=2023" in page.url
        option = page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(has_text="English")
        option.click(force=True)  # plotly keeps resizing, so the element never counts as "stable"
        wait_for_run(page)
        # The address changes through the history API; the tier stays, as its code in both languages.
        assert "lang=English" in page.url and "tier=national" in page.url
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Overview").click()
        wait_for_run(page)
        assert page.locator("h1").first.inner_text().strip() == "Overview"
        assert "2023" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
        # Only the national tier selected: the total is the national tier's own figure.
        assert metric_value(page, "Person-times") == metric_value(page, "National")
    finally:
        page.close()


def lang_option(page, name: str):
    return page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(has_text=name)


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_the_language_switch_works_both_ways_on_every_page(server, browser, spec):
    address = "" if spec == PAGES[0] else spec.url_path
    page = open_page(browser, f"{server}/{address}?year=2024")
    try:
        titles = {}
        for choice in ("English", "中文"):
            lang_option(page, choice).click(force=True)  # plotly keeps resizing: never "stable"
            wait_for_run(page)
            assert_no_error_box(page)
            titles[choice] = page.locator("h1").first.inner_text().strip()
            screenshot(page, f"{spec.url_path}_{'en' if choice == 'English' else 'zh'}")
        # (a school name stays as it is written: only the words before it are English)
        assert titles["English"] != titles["中文"] and titles["English"].split(":")[0].isascii(), titles
    finally:
        page.close()


# Paged lists: (page, download key, a caption that holds the total).
PAGED = {
    "coverage": ("coverage_untrained", r"共 ([\d,]+) 人"),
    "compliance": ("compliance_behind", r"共 ([\d,]+) 人"),
    "awards": ("awards_list", r"（共 ([\d,]+) 条）"),
}


@pytest.mark.parametrize("url_path", list(PAGED))
def test_a_paged_list_downloads_all_its_rows(server, browser, url_path):
    key, total_pattern = PAGED[url_path]
    page = open_page(browser, f"{server}/{url_path}?year=2024")
    try:
        captions = " ".join(page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())
        total = int(re.search(total_pattern, captions).group(1).replace(",", ""))
        assert total > 50, "the list should span several pages"
        button = page.locator(f'.st-key-dl_csv_{key} button, [class*="st-key-dl_csv_{key}"] button').first
        with page.expect_download(timeout=120_000) as info:
            button.click(force=True)
        data = Path(info.value.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = data.decode("utf-8-sig").strip().split("\r\n")
        assert len(rows) - 1 == total, (len(rows) - 1, total)
    finally:
        page.close()


PRINTED = {  # page → (link, most A4 pages)
    "overview": ("?year=2024", 2),
    "school": ("school?year=2024&school=附城初中", 2),
    "ranking": ("ranking?year=2024", 3),
}


@pytest.mark.parametrize("name", list(PRINTED))
def test_a_page_prints_on_a4_without_the_sidebar(server, browser, demo_warehouse, name):
    link, most = PRINTED[name]
    page = open_page(browser, f"{server}/{link}")
    try:
        screenshot(page, f"{name}_before_print")  # grows the window: every chart drawn
        pdf = page.pdf(format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= most, pages
        page.emulate_media(media="print")
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert not page.locator('[data-testid="stDownloadButton"]').first.is_visible()
        assert page.locator("h1").first.is_visible()
        # The scope and year are on paper: the caption under the title.
        assert "2024" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text() or name == "school"
        if name == "ranking":  # on paper, every ranked school: one HTML table, header repeated per sheet
            import duckdb
            from warehouse.filters import Filters
            from warehouse.queries import ranking
            with duckdb.connect(str(demo_warehouse), read_only=True) as con:
                ranked = ranking.ranking(con, Filters(year=2024)).height
            assert page.locator(".paper-table tbody tr").count() == ranked > 0
        page.screenshot(path=str(SHOTS / f"{name}_print.png"), full_page=True)
    finally:
        page.close()


BAD_LINKS = {  # link → a piece of the message the page must show
    "school?year=2024&school=XX999": "XX999",
    "?year=2030": "2030",
    "?year=2024&township=火星乡": "火星乡",
}


@pytest.mark.parametrize("link", list(BAD_LINKS))
def test_a_bad_link_says_what_is_wrong(server, browser, link):
    page = open_page(browser, f"{server}/{link}")
    try:
        assert_no_error_box(page)
        warnings = " ".join(page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts())
        assert BAD_LINKS[link] in warnings, warnings
    finally:
        page.close()


def test_a_link_with_codes_or_english_labels_keeps_them_in_the_chinese_ui(server, browser):
    page = open_page(browser, f"{server}/?year=2024&stage=Junior+secondary&tier=national")
    try:
        assert_no_error_box(page)
        assert page.locator('[data-testid="stCaptionContainer"]').first.inner_text().strip() == "2024 年 · 初中 · 国培"
        assert "stage=junior" in page.url and "tier=national" in page.url  # the address now holds the codes
    finally:
        page.close()


def test_a_choice_made_on_the_page_is_in_the_address_and_a_reload_keeps_it(server, browser):
    page = open_page(browser, f"{server}/coverage?year=2024")
    try:
        page.locator('[data-testid="stMain"] [data-testid="stRadio"]').get_by_text("学段", exact=True).click()
        wait_for_run(page)
        assert "coverage_by=stage" in page.url, page.url  # the code, not the label
        page.reload()
        page.wait_for_selector('[data-testid="stApp"]')
        wait_for_run(page)
        checked = page.locator('[data-testid="stMain"] [data-testid="stRadio"] label:has(input:checked)').first.inner_text()
        assert checked.strip() == "学段" and "coverage_by=stage" in page.url
        assert_no_error_box(page)
    finally:
        page.close()
