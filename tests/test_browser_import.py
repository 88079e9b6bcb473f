"""数据导入 in a real browser, as a clerk does it: choose a file, read the dry run (the kind,
why, the predicted effect, the rejects), check that nothing was written yet, confirm, read the
summary and download the rejected rows with their reasons. Served on a private copy of the
demo warehouse, since this test writes to it.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.page_harness import copy_warehouse
from tests.test_browser import assert_no_error_box, browser, open_page, screenshot, serve, wait_for_run  # noqa: F401

pytestmark = pytest.mark.browser

SCHOOLS = ("学校代码,学校名称,学段,所属乡镇,城乡类型\n"
           "9000000001,新建实验小学,小学,附城镇,城区\n"
           ",没有代码的学校,小学,附城镇,城区\n")


@pytest.fixture(scope="module")
def copy(demo_warehouse, tmp_path_factory) -> Path:
    return copy_warehouse(demo_warehouse, tmp_path_factory.mktemp("import") / "copy.duckdb")


@pytest.fixture(scope="module")
def import_server(copy):
    with serve(copy, copy.with_name("streamlit.log")) as base:
        yield base


def schools_named(warehouse: Path, name: str) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select count(*) from school where school_name = ?", [name]).fetchall()[0][0]


def test_a_clerk_previews_confirms_and_downloads_the_rejects(import_server, browser, copy, tmp_path):  # noqa: F811
    upload = tmp_path / "新建学校.csv"
    upload.write_text(SCHOOLS, encoding="utf-8")
    page = open_page(browser, f"{import_server}/import")
    try:
        assert_no_error_box(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        wait_for_run(page)
        main = page.locator('[data-testid="stMain"]')
        # The dry run: what the file is, why, and what a load would do, before anything is written.
        main.get_by_text("试运行的结果：数据尚未写入").wait_for()
        detail = main.locator('[data-testid="stExpander"]').first  # the sheet's columns, rows and effect
        assert detail.get_by_text("新增 1 行，修改 0 行，不变 0 行").is_visible()
        assert detail.get_by_text("拒绝 1 行：").is_visible()
        assert main.get_by_text("学校名册").count() >= 1
        assert schools_named(copy, "新建实验小学") == 0
        screenshot(page, "import_preview")

        page.get_by_role("button", name="确认导入").click()
        wait_for_run(page)
        main.get_by_text("导入完成：1 个工作表已导入，0 个未变化，0 个失败").wait_for()
        assert schools_named(copy, "新建实验小学") == 1
        assert_no_error_box(page)
        screenshot(page, "import_done")

        # The rejected row, downloaded with its reason: the same one row the summary counts.
        button = page.locator('[class*="st-key-dl_csv_import_rejects"] button').first
        with page.expect_download(timeout=120_000) as info:
            button.click(force=True)
        rows = Path(info.value.path()).read_bytes().decode("utf-8-sig").strip().split("\r\n")
        assert len(rows) == 2 and "没有代码的学校" in rows[1] and "学校代码" in rows[1], rows
    finally:
        page.close()


AFTER = "e => getComputedStyle(e, '::after').content"


def test_the_uploader_speaks_the_page_s_language(import_server, browser):  # noqa: F811
    for query, button, hint in (("", "浏览文件", "每个文件不超过 50 MB"),
                                ("?lang=English", "Browse files", "up to 50 MB each")):
        page = open_page(browser, f"{import_server}/import{query}")
        try:
            zone = page.locator('[data-testid="stFileUploaderDropzone"]')
            shown = zone.locator("button p").evaluate(AFTER)
            assert shown == f'"{button}"', shown
            assert hint in zone.locator('[data-testid="stFileUploaderDropzoneInstructions"] span').evaluate(AFTER)
            # Streamlit's own English is drawn at size 0: not seen, still read out by a screen reader
            assert zone.locator("button p").evaluate("e => getComputedStyle(e).fontSize") == "0px"
        finally:
            page.close()
