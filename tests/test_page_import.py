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


def _schools(warehouse) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select count(*) from school").fetchone()[0]


def test_upload_is_previewed_then_loaded_on_confirm_and_its_rejects_downloadable(monkeypatch, own_warehouse, downloads):
    at = open_app(monkeypatch, own_warehouse, PAGE)
    assert at.title[0].value == "数据导入"
    at.file_uploader(key="import_files").set_value(("新建学校.csv", SCHOOLS_CSV, "text/csv")).run()
    assert not at.exception
    preview = table(at, 0)
    row = preview.row(0, named=True)
    assert (row["数据类型"], row["状态"], row["表头行"]) == ("学校名册", "可导入", 2)  # the header is under the title row
    assert (row["导入行数"], row["拒绝行数"]) == (1, 1)
    assert row["说明"].startswith("识别依据：有 学校代码、学校名称、学段；新增 1 行，修改 0 行，不变 0 行")
    # The sheet's detail: the predicted effect, its column mapping and first rows; nothing written yet.
    effect = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert effect[0].splitlines()[0] == "- 新增 1 行，修改 0 行，不变 0 行"
    assert effect[0].splitlines()[1].startswith("- 拒绝 1 行：学段：“学段”的取值“大学”无法识别：可填 幼儿园、")
    mapping = at.dataframe[1].value
    assert list(mapping.iloc[:, 0]) == ["学校代码", "学校名称", "学段", "所属乡镇", "城乡类型"]
    sample = at.dataframe[2].value
    assert list(sample["学校名称"]) == ["新建小学"] and list(sample["学段"]) == ["小学"]
    assert _schools(own_warehouse) == 39

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


def test_a_look_alike_list_is_refused_in_the_preview_and_cannot_be_confirmed(monkeypatch, own_warehouse):
    appraisal = "年度,姓名,身份证号,学校名称,考核结果\n2024,张三,,一小,优秀\n".encode("utf-8")
    at = open_app(monkeypatch, own_warehouse, PAGE)
    at.file_uploader(key="import_files").set_value(("年度考核.csv", appraisal, "text/csv")).run()
    assert not at.exception
    row = table(at, 0).row(0, named=True)
    assert row["状态"] == "失败"
    assert "这是教职工年度考核结果，教职工年度考核结果不是本系统的数据类型，未导入" in row["说明"]
    assert at.button(key="import_go").disabled
