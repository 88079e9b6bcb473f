"""Hostile spreadsheets through the real upload path: measured before any reader allocates,
parsed in a limited child process, and the server answers afterwards.

The workbooks are built by hand (tests/hostile_files.py). A 1.7 KB workbook with cells at A1
and XFD1048576 made calamine ask for a 512 GiB grid and abort the whole server; A1 + ZZ400000
grew without bound.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import polars as pl
import pytest

from etl import sandbox, upload_check, upload_guard, workbook_limits
from etl.demo import xlsx
from etl.load import load_paths
from etl.read import ReadError, read_path
from ui import importing
from hostile_files import cells_sheet, deep_sheet, unreferenced_sheet, workbook
from page_harness import open_app, own_warehouse, table  # noqa: F401

CORNERS = workbook(cells_sheet({"A1": "学校代码", "XFD1048576": "x"}))
TALL = workbook(cells_sheet({"A1": "学校代码", "ZZ400000": "x"}))
# Within every measured limit (1,000,000 rows × 20 columns = 20M cells) but a 640 MB grid.
BIG_GRID = workbook(cells_sheet({"A1": "学校代码", "T1000000": "x"}))
SCHOOLS_CSV = "学校代码,学校名称,学段,所属乡镇,城乡类型\n9000000001,新建小学,小学,附城镇,城区\n".encode()


def test_cells_at_opposite_corners_are_refused_before_reading():
    assert len(CORNERS) < 2000
    size = workbook_limits.measure(CORNERS)
    assert [(s.rows, s.columns, s.cells) for s in size.sheets] == [(1_048_576, 16_384, 2)]
    assert workbook_limits.problem(CORNERS).startswith("的工作表“名册”用到了第 16,384 列，超过 1,024 列的上限")


def test_a_tall_sparse_sheet_is_refused_by_its_grid():
    # ZZ = 26 + 26 × 26 = 702 columns; 400,000 × 702 = 280,800,000 cells.
    assert "400,000 行 × 702 列的范围内（280,800,000 格），超过 20,000,000 格的上限" in workbook_limits.problem(TALL)


def test_prefixed_elements_are_measured_too():
    data = workbook(cells_sheet({"A1": "x", "XFD1048576": "y"}, prefix="x"))
    assert [(s.rows, s.columns) for s in workbook_limits.measure(data).sheets] == [(1_048_576, 16_384)]


def test_cells_without_references_count_by_their_row():
    wide = workbook(unreferenced_sheet([["a"] * 2000]))
    assert "用到了第 2,000 列" in workbook_limits.problem(wide)
    small = workbook(unreferenced_sheet([["学校代码", "学校名称", "学段"], ["1", "甲", "小学"]]))
    assert [(s.rows, s.columns, s.cells) for s in workbook_limits.measure(small).sheets] == [(2, 3, 6)]
    assert workbook_limits.problem(small) is None


def test_chunk_boundaries_change_no_measure(monkeypatch):
    # Rows of 3, 40 and 5 unreferenced cells, then referenced cells up to AB9 with a row element
    # saying 12: 48 + 3 cells, 12 rows; the widest unreferenced row (40) lies right of AB (28).
    mixed = unreferenced_sheet([["a"] * 3, ["b"] * 40, ["c"] * 5]).replace(
        "</sheetData>", '<row r="12"><c r="B7"/><c\tr="AB9"/>\n<c r="A1"></c></row><x></sheetData>')
    whole = [(s.rows, s.columns, s.cells) for s in workbook_limits.measure(workbook(mixed)).sheets]
    assert whole == [(12, 28 + 40, 51)]
    for size in (64, 97, 500):  # a row, and the longest unreferenced row, cut across chunks
        monkeypatch.setattr(workbook_limits, "CHUNK", size)
        assert [(s.rows, s.columns, s.cells) for s in workbook_limits.measure(workbook(mixed)).sheets] == whole


def test_a_sheet_within_the_cell_limit_is_never_refused_for_its_xml(tmp_path):
    # 2,000 rows shaped like the national system's participation export, styled, strings inline
    # (the writer of the province benchmark, whose 1,048,571-row sheet 400 MB refused).
    n = 2_000
    frame = pl.DataFrame({"项目编号": [f"GP2025-{i % 900:04d}" for i in range(n)],
                          "身份证件号": [f"62292219800101{i % 10_000:04d}" for i in range(n)],
                          "教师编号": [f"T{i:07d}" for i in range(n)], "姓名": ["张三丰"] * n,
                          "完成学时": ["24"] * n, "获得学分": ["1.5"] * n, "考核结果": ["合格"] * n,
                          "成绩": ["85"] * n})
    xlsx.write_workbook(tmp_path / "p.xlsx", [xlsx.XSheet("参训记录", frame)], author="t",
                        created=dt.datetime(2025, 1, 6))
    size = workbook_limits.measure((tmp_path / "p.xlsx").read_bytes())
    assert size.sheets[0].cells == 8 * (n + 1)
    # At row 1,048,576 each cell's reference and its row's are 3 characters longer: 4 a cell.
    per_cell = size.xml_bytes / size.sheets[0].cells + 4
    assert 60 < per_cell < 100
    assert per_cell * workbook_limits.MAX_CELLS <= workbook_limits.MAX_XML_MB << 20


def test_a_huge_dimension_record_is_not_believed():
    data = workbook(cells_sheet({"A1": "学校代码", "B2": "x"}, dimension="A1:XFD1048576"))
    sheet = workbook_limits.measure(data).sheets[0]
    assert (sheet.rows, sheet.columns, sheet.dimension) == (2, 2, "A1:XFD1048576")
    assert workbook_limits.problem(data) is None
    assert read_path_of(data)[0].head[0][:2] == ["学校代码", None]  # read as the 2 × 2 it is


def test_shared_strings_and_decompressed_size_have_limits(monkeypatch):
    data = workbook(cells_sheet({"A1": "x"}))
    with_strings = _add_member(data, "xl/sharedStrings.xml", "<sst>" + "<si><t>a</t></si>" * 50 + "</sst>")
    assert workbook_limits.measure(with_strings).shared_strings == 50
    monkeypatch.setattr(workbook_limits, "MAX_SHARED_STRINGS", 49)
    assert "共享字符串有 50 条，超过 49 的上限" in workbook_limits.problem(with_strings)
    monkeypatch.setattr(workbook_limits, "MAX_XML_MB", 0)
    assert workbook_limits.problem(data).startswith("解压后超过 0 MB 的上限")


def _add_member(data: bytes, name: str, text: str) -> bytes:
    import io

    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


def read_path_of(data: bytes, tmp=None):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    path = folder / "文件.xlsx"
    path.write_bytes(data)
    return read_path(path)


def test_the_command_line_load_measures_too(tmp_path):
    path = tmp_path / "角落.xlsx"
    path.write_bytes(CORNERS)
    with pytest.raises(ReadError, match="文件“角落.xlsx”的工作表“名册”用到了第 16,384 列"):
        read_path(path)
    report = load_paths([path], tmp_path / "w.duckdb")
    assert [(r.status, r.source_file) for r in report.results] == [("failed", "角落.xlsx")]


def test_the_upload_guard_refuses_the_corners_with_the_file_name():
    with pytest.raises(upload_check.UploadRejected, match="^文件“角落.xlsx”的工作表“名册”用到了第 16,384 列"):
        upload_check.check_upload("角落.xlsx", CORNERS)


def test_a_reader_out_of_memory_ends_its_child_not_the_server(monkeypatch, tmp_path):
    monkeypatch.setattr(sandbox, "PREVIEW_MEMORY_MB", 500)
    upload_guard._previews.clear()
    report, messages = upload_guard.preview_uploads([("大表.xlsx", BIG_GRID)], tmp_path / "w.duckdb")
    assert report is None
    assert messages == ["预览上传的文件时超出了内存（500 MB）或计算时间的上限，已中止（服务器未受影响）："
                        "文件可能有大量空白行列或结构异常，请删除表格以外的内容、拆分后重试"]
    # Under the same limit a real file previews: the limit is not what failed above.
    table_, messages = _preview([("学校.csv", SCHOOLS_CSV)], tmp_path)
    assert (table_["status"].to_list(), table_["kind"].to_list(), messages) == (["recognised"], ["school"], [])


def _preview(files, folder):
    """The import page's preview as the table it shows."""
    report, messages = upload_guard.preview_uploads(files, folder / "w.duckdb")
    return importing.report_frame(report), messages


def test_a_runaway_child_is_stopped_at_its_time_limit(monkeypatch, tmp_path):
    deep = workbook(deep_sheet(300_000), method=zipfile.ZIP_STORED)  # stored: no compression ratio to refuse
    assert workbook_limits.problem(deep) is None
    with pytest.raises(sandbox.SandboxError, match="超过 1 秒仍未完成，已中止（服务器未受影响）"):
        sandbox.call("ui.importing:preview", [("深.xlsx", deep)], tmp_path / "w.duckdb", seconds=1)
    # With time to finish, 300,000 nested elements are read: no header, a message, no crash.
    upload_guard._previews.clear()
    table_, messages = _preview([("深.xlsx", deep)], tmp_path)
    assert table_["status"].to_list() == ["failed"] and "找不到表头行" in table_["message"][0]


def test_the_sandbox_calls_only_etl_code():
    with pytest.raises(ValueError):
        sandbox.call("os:system", "true")


def test_a_csv_field_over_131072_characters_is_a_rejected_row_not_a_crash(tmp_path):
    long_name = "长" * 200_000
    data = ("学校代码,学校名称,学段,所属乡镇,城乡类型\n9000000001,新建小学,小学,附城镇,城区\n"
            f"9000000002,{long_name},小学,附城镇,城区\n").encode()
    report, messages = upload_guard.import_uploads([("长字段.csv", data)], tmp_path / "w.duckdb")
    assert messages == []
    [result] = report.results
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_rejected) == ("loaded", 2, 1, 1)
    assert "学校名称" in result.first_reasons[0] and long_name not in result.first_reasons[0]


def test_hostile_uploads_on_the_import_page_leave_the_server_answering(monkeypatch, own_warehouse):
    monkeypatch.setattr(sandbox, "PREVIEW_MEMORY_MB", 500)
    upload_guard._previews.clear()
    at = open_app(monkeypatch, own_warehouse, "views/data/import_files.py")
    at.file_uploader(key="import_files").set_value(("大表.xlsx", BIG_GRID, "application/vnd.ms-excel")).run()
    assert not at.exception
    assert any("超出了内存（500 MB）" in e.value for e in at.error)
    at.file_uploader(key="import_files").set_value(("角落.xlsx", CORNERS, "application/vnd.ms-excel")).run()
    shown = [e.value.replace("\\", "") for e in at.error]  # messages are shown as text (Markdown-escaped)
    assert any("文件“角落.xlsx”的工作表“名册”用到了第 16,384 列" in m for m in shown), shown
    # The same server process still previews and imports a real file.
    at.file_uploader(key="import_files").set_value(("新建学校.csv", SCHOOLS_CSV, "text/csv")).run()
    assert not at.exception and table(at, 0).row(0, named=True)["数据类型"] == "学校名册"
    at.button(key="import_go").click().run()
    assert table(at, 1).row(0, named=True)["导入行数"] == 1


def test_a_broken_deflate_stream_is_a_message_not_an_exception(tmp_path):
    # The fuzz test's find: a byte of a compressed part changed, so zlib (not zipfile) raises.
    data = bytearray(workbook(cells_sheet({"A1": "学校代码", "B2": "x"}), method=zipfile.ZIP_DEFLATED))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/_rels/workbook.xml.rels")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start] = 0xFF  # BTYPE 11: "invalid block type"
    assert workbook_limits.problem(bytes(data)) is None  # damage is the reader's to report
    path = tmp_path / "名册.xlsx"
    path.write_bytes(bytes(data))
    [result] = load_paths([path], tmp_path / "w.duckdb").results
    assert result.status == "failed" and "名册.xlsx" in result.message, result.message
