"""etl.read: CSV in every encoding bureaus use, every sheet of .xlsx and .xls, unreadable files."""
from __future__ import annotations

import pytest

from etl.read import ReadError, decode, expand, read_path
from etl_files import write_csv, write_xls, write_xlsx

ROWS = [["年度", "姓名", "学校代码"], ["2024", "张𠀀", "S01"], ["2024", "王䶮", "S02"]]


def _cells(sheet) -> list[list[str | None]]:
    return [list(r) for r in sheet.load_rows(0).iter_rows()]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_with_rare_name_characters_decodes_in_every_unicode_encoding(tmp_path, encoding):
    # 𠀀 (U+20000) and 䶮 (U+4DAE) are outside GBK; GB18030 encodes them in four bytes.
    path = write_csv(tmp_path / "名册.csv", ROWS, encoding)
    [sheet] = read_path(path)
    assert sheet.sheet is None
    assert _cells(sheet) == ROWS


def test_gbk_csv_is_decoded_as_gb18030(tmp_path):
    rows = [["年度", "姓名"], ["2024", "李赟"], ["2024", "张喆"]]
    path = write_csv(tmp_path / "名册.csv", rows, "gbk")
    assert decode(path.read_bytes())[1] == "gb18030"
    assert _cells(read_path(path)[0]) == rows


def test_a_csv_changed_after_it_was_first_read_is_refused_not_mixed(tmp_path):
    # The body is read again from disk at load time (one file's cells in memory at a time).
    path = write_csv(tmp_path / "名册.csv", [["年度", "姓名"], ["2024", "张三"]])
    [sheet] = read_path(path)
    write_csv(path, [["年度", "姓名"], ["2024", "张三"], ["2024", "李四"]])
    with pytest.raises(ReadError, match="文件在导入过程中被修改"):
        sheet.load_rows(0)


def test_the_encoding_is_decided_on_the_whole_file_not_its_head(tmp_path):
    # 300 KB of plain ASCII rows read as UTF-8; a GBK name at the very end makes it GB18030.
    path = tmp_path / "名册.csv"
    rows = "年度,姓名\n".encode("gbk") + b"2024,Li\n" * 40_000 + "2024,李赟\n".encode("gbk")
    path.write_bytes(rows)
    [sheet] = read_path(path)
    assert sheet.load_rows(0).row(-1) == ("2024", "李赟")


def test_semicolon_and_tab_separated_files_are_split(tmp_path):
    path = tmp_path / "名册.csv"
    path.write_text("年度\t姓名\n2024\t张三\n", encoding="utf-8")
    assert _cells(read_path(path)[0]) == [["年度", "姓名"], ["2024", "张三"]]


def test_blank_lines_inside_a_csv_keep_their_row_numbers(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("年度,姓名\n2024,张三\n,\n\n2024,李四\n", encoding="utf-8")
    cells = _cells(read_path(path)[0])
    # Excel rows 1..5: header, 张三, ',' (blank), '' (blank), 李四.
    assert [r[1] for r in cells] == ["姓名", "张三", None, None, "李四"]


def test_every_sheet_of_a_workbook_is_read_with_leading_blank_rows_kept(tmp_path):
    path = write_xlsx(tmp_path / "汇总.xlsx", {"名册": [[], [], *ROWS], "空表": [], "项目": [["项目编号"], ["P1"]]})
    sheets = read_path(path)
    assert [s.sheet for s in sheets] == ["名册", "空表", "项目"]
    # Two blank rows above the header: the header is row 3 as Excel shows it, so index 2 here.
    assert _cells(sheets[0])[2:] == ROWS
    assert sheets[0].sha256 != sheets[2].sha256


def test_old_xls_workbooks_are_read(tmp_path):
    path = write_xls(tmp_path / "名册.xls", {"名册": [["2024年教师名册"], *ROWS], "Sheet2": [["备注"]]})
    sheets = read_path(path)
    assert [s.sheet for s in sheets] == ["名册", "Sheet2"]
    assert _cells(sheets[0])[1:] == ROWS


def test_an_excel_file_renamed_to_csv_is_read_as_a_workbook(tmp_path):
    xlsx = write_xlsx(tmp_path / "a.xlsx", {"名册": ROWS})
    renamed = tmp_path / "名册.csv"
    renamed.write_bytes(xlsx.read_bytes())
    assert [s.sheet for s in read_path(renamed)] == ["名册"]


@pytest.mark.parametrize("name, content, message", [
    ("a.docx", b"x", "不支持的文件类型“.docx”"),
    ("a.csv", b"  \n", "文件是空的"),
    ("a.xlsx", b"not a workbook", "无法打开工作簿"),
])
def test_unreadable_files_say_why_in_chinese(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read_path(path)


def test_folders_expand_to_their_data_files_without_excel_lock_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ["b.csv", "sub/a.xlsx", "~$a.xlsx", "notes.docx", ".hidden.csv"]:
        (tmp_path / name).write_bytes(b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in expand([tmp_path])] == ["b.csv", "sub/a.xlsx"]


def test_a_file_named_twice_is_loaded_once(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(b"x")
    assert expand([path, tmp_path, tmp_path / "." / "b.csv"]) == [path]
