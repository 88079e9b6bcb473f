"""数据导入 page: an uploaded file is recognised, loaded through the ETL into (a copy of) the
demo warehouse, summarised, and its rejected rows come back with reasons to download."""
from __future__ import annotations

import duckdb

from page_harness import csv_frame, downloads, open_app, own_warehouse, table  # noqa: F401

PAGE = "views/data/import_files.py"
SCHOOLS_CSV = (
    "2025年新建学校名册\n"            # a title row above the header, as bureau exports have
    "学校代码,学校名称,学段,所属乡镇,城乡类型\n"
    "9000000001,新建小学,小学,附城镇,城区\n"
    "9000000002,错误学段学校,大学,附城镇,城区\n"
).encode("utf-8")


def test_upload_is_recognised_loaded_and_its_rejects_downloadable(monkeypatch, own_warehouse, downloads):
    at = open_app(monkeypatch, own_warehouse, PAGE)
    assert at.title[0].value == "数据导入"
    at.file_uploader(key="import_files").set_value(("新建学校.csv", SCHOOLS_CSV, "text/csv")).run()
    preview = table(at, 0)
    assert preview.row(0, named=True)["数据类型"] == "学校名册"
    assert preview.row(0, named=True)["表头行"] == 2  # under the title row

    at.button(key="import_go").click().run()
    assert not at.exception
    summary = table(at, 1)
    row = summary.row(0, named=True)
    assert (row["状态"], row["导入行数"], row["拒绝行数"]) == ("已导入", 1, 1)
    with duckdb.connect(str(own_warehouse), read_only=True) as con:
        assert con.execute("select count(*) from school").fetchone() == (40,)  # 39 + 新建小学
    rejects = csv_frame(downloads(at, "dl_csv_import_rejects"))
    assert rejects.height == 1
    assert rejects["行号"].to_list() == [4]  # the row as the clerk sees it in the file
    assert "大学" in rejects["原因"][0] or "学段" in rejects["原因"][0]


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_its_name(monkeypatch, own_warehouse):
    at = open_app(monkeypatch, own_warehouse, PAGE)
    at.file_uploader(key="import_files").set_value(("名册.xlsx", b"<html>not excel</html>", "application/vnd.ms-excel")).run()
    assert not at.exception
    assert any("名册" in e.value for e in at.error)
