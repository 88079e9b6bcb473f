"""etl.upload_guard: size limit, type from the content, zip-bomb caps, cleaned names, and an
ETL failure contained to a message."""
from __future__ import annotations

import io
import logging
import tomllib
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from etl import upload_guard
from etl import upload_check
from etl.upload_check import MAX_UNCOMPRESSED_BYTES, MAX_UPLOAD_BYTES, UploadRejected, check_upload, clean_name
from etl.upload_guard import guarded_load, import_uploads, stage_uploads

ROOT = Path(__file__).resolve().parent.parent
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("学校名册")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def workbook_zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


SCHOOLS = xlsx([["学校代码", "学校名称", "学段"], ["S1", "一中", "初中"]])


def rejected(name: str, data: bytes) -> str:
    with pytest.raises(UploadRejected) as caught:
        check_upload(name, data)
    return str(caught.value)


def test_a_real_workbook_passes_with_its_name():
    checked = check_upload("学校名册.xlsx", SCHOOLS)
    assert (checked.name, checked.kind, checked.size) == ("学校名册.xlsx", "xlsx", len(SCHOOLS))


def test_csv_in_utf8_gbk_and_utf16_passes():
    text = "学校代码,学校名称\r\nS1,一中\r\n"
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("gbk"),
                 text.encode("utf-16")):
        assert check_upload("学校.csv", data).kind == "csv"


def test_an_xls_is_recognised_by_its_ole2_header():
    assert check_upload("旧表.xls", OLE2 + b"\x00" * 504).kind == "xls"


def test_the_type_comes_from_the_content_not_the_name():
    # An xlsx called .xls is loaded as .xlsx; a CSV called .xlsx is loaded as .csv.
    assert check_upload("导出.xls", SCHOOLS).name == "导出.xlsx"
    assert check_upload("导出.xlsx", "学校代码,学校名称\nS1,一中\n".encode()).name == "导出.csv"


def test_an_empty_file_is_refused():
    assert rejected("空.csv", b"") == "文件“空.csv”是空的（0 字节）：请重新导出后上传"


def test_a_file_over_the_size_limit_is_refused():
    message = rejected("大.csv", b"a" * (MAX_UPLOAD_BYTES + 1))
    assert message.startswith("文件“大.csv”有 50.0 MB，超过 50 MB 的上限")


def test_an_unsupported_extension_is_refused():
    assert "不受支持" in rejected("病毒.exe", b"MZ\x90\x00")


def test_bytes_that_decode_as_no_text_are_not_a_csv():
    # 0x80 alone is neither UTF-8 nor GB18030.
    assert "不是可识别的表格文件" in rejected("乱码.csv", b"a,b\n\x80\x80\x80\n")


def test_text_with_nul_bytes_is_not_a_csv():
    assert "二进制内容" in rejected("乱码.csv", b"a,b\n1,\x002\n")


def test_text_full_of_control_characters_is_refused():
    assert "控制字符" in rejected("控制.csv", b"a,b\n" + b"\x01\x02\x03\x04" * 50)


def test_a_web_page_saved_as_xls_is_explained():
    page = "<html><body><table><tr><td>学校代码</td></tr></table></body></html>".encode()
    assert "网页（HTML）" in rejected("导出.xls", page)


def test_an_excel_2003_xml_file_is_explained():
    assert "XML" in rejected("导出.xls", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>')


def test_a_password_protected_workbook_is_explained():
    data = OLE2 + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    assert "设置了打开密码" in rejected("加密.xlsx", data)


def test_a_truncated_workbook_is_refused_as_damaged():
    assert "已损坏" in rejected("半截.xlsx", SCHOOLS[: len(SCHOOLS) // 2])


def test_a_zip_that_is_not_a_workbook_is_refused():
    assert "不是 Excel 工作簿" in rejected("资料.xlsx", workbook_zip({"readme.txt": b"hello"}))
    word = workbook_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert "Word 文档" in rejected("资料.xlsx", word)


def test_a_zip_bomb_is_refused_by_its_declared_size():
    bomb = workbook_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                         "xl/worksheets/sheet1.xml": b"0" * (MAX_UNCOMPRESSED_BYTES + 1)})
    assert len(bomb) < 1024 * 1024  # a few hundred kB on the wire
    assert "解压后有 200.0 MB，超过 200 MB 的上限" in rejected("炸弹.xlsx", bomb)


def test_a_member_compressed_too_well_is_refused():
    # 20 MB of zeros deflate to ~20 kB: a ratio near 1000, over the cap of 200.
    bomb = workbook_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                         "xl/sharedStrings.xml": b"\x00" * (20 * 1024 * 1024)})
    assert "压缩比异常" in rejected("炸弹.xlsx", bomb)


def test_a_member_whose_header_understates_its_size_is_refused():
    good = workbook_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>" * 100})
    # The central-directory entry of xl/workbook.xml: its name sits 46 bytes after the entry's
    # signature, its uncompressed size at bytes 24-27. Claim 10 bytes instead of 1,100.
    entry = good.rindex(b"xl/workbook.xml") - 46
    assert good[entry:entry + 4] == b"PK\x01\x02"
    lying = good[:entry + 24] + (10).to_bytes(4, "little") + good[entry + 28:]
    assert "已损坏" in rejected("说谎.xlsx", lying)


def test_a_zip_needing_an_unknown_zip_version_is_refused_as_damaged():
    # Found by the fuzz test: zipfile raises NotImplementedError("zip file version 8.4").
    entry = SCHOOLS.index(b"PK\x01\x02")  # the first central-directory entry
    odd = SCHOOLS[:entry + 6] + (84).to_bytes(2, "little") + SCHOOLS[entry + 8:]
    assert "已损坏" in rejected("版本.xlsx", odd)


def test_names_are_cleaned_of_folders_and_odd_characters():
    assert clean_name("../../etc/passwd.csv", "csv") == "passwd.csv"
    assert clean_name("C:\\Users\\张\\名册.XLSX", "xlsx") == "名册.xlsx"
    assert clean_name('a<b>:"c|?.xlsx', "xlsx") == "a_b_c_.xlsx"
    assert clean_name("名册\x00\n.csv", "csv") == "名册.csv"
    assert clean_name("", "csv") == "上传文件.csv"


def test_stage_uploads_writes_good_files_apart_and_lists_the_refused(tmp_path):
    paths, refused = stage_uploads([("名册.xlsx", SCHOOLS), ("名册.xlsx", SCHOOLS), ("坏.csv", b"")], tmp_path)
    assert [p.name for p in paths] == ["名册.xlsx", "名册.xlsx"]
    assert paths[0].parent != paths[1].parent and paths[0].read_bytes() == SCHOOLS
    assert refused == ["文件“坏.csv”是空的（0 字节）：请重新导出后上传"]


def test_an_unexpected_etl_error_becomes_a_message_and_a_masked_log(tmp_path, monkeypatch, caplog):
    def explode(paths, warehouse=None, kind=None, given=None):
        raise RuntimeError("bug while reading 622922198501011017")

    monkeypatch.setattr("etl.load.load_paths", explode)
    with caplog.at_level(logging.ERROR, logger="etl.upload_guard"):
        report, message = guarded_load([tmp_path / "名册.xlsx"], tmp_path / "w.duckdb")
    assert report is None
    assert message.startswith("导入 名册.xlsx 时出现意外错误，数据仓库未作任何更改")
    assert "622***********1017" in caplog.text and "622922198501011017" not in caplog.text


def test_a_good_load_passes_through(tmp_path):
    paths, _ = stage_uploads([("学校名册.xlsx", SCHOOLS)], tmp_path / "in")
    report, message = guarded_load(paths, tmp_path / "w.duckdb")
    assert message == "" and report.ok
    assert [(r.kind, r.rows_read, r.rows_loaded) for r in report.results] == [("school", 1, 1)]


def test_import_uploads_loads_the_good_files_reports_the_refused_and_cleans_up(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    report, messages = import_uploads([("学校名册.xlsx", SCHOOLS), ("网页.xls", b"<html><table></table></html>")],
                                      tmp_path / "w.duckdb")
    assert [(r.source_file, r.kind, r.rows_loaded) for r in report.results] == [("学校名册.xlsx", "school", 1)]
    assert len(messages) == 1 and messages[0].startswith("文件“网页.xls”实际上是网页（HTML）格式")
    assert list((tmp_path / "tmp").iterdir()) == []  # the staged copies are gone


def test_import_uploads_with_nothing_acceptable_loads_nothing(tmp_path):
    report, messages = import_uploads([("空.csv", b"")], tmp_path / "w.duckdb")
    assert report is None and messages == ["文件“空.csv”是空的（0 字节）：请重新导出后上传"]
    assert not (tmp_path / "w.duckdb").exists()


def test_the_server_upload_limit_is_the_guards_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == upload_check.MAX_UPLOAD_MB
