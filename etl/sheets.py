"""Which sheets of the files given are loaded, and as what kind; one line for each that is not.

A workbook carries more than data: hidden drop-down sheets, 填表说明, 字典/基础信息 option
lists, 统计 summaries. They are skipped with a notice each while the data sheets of the same
workbook load; a sheet that has a header but fits no kind fails on its own (its message says
why), and never takes the file's other sheets down with it.
"""
from __future__ import annotations

from pathlib import Path

from etl.context import Given, supply_year
from etl.headers import HeaderError, HeaderMatch, find_header_row, has_identity, recognise
from etl.read import RawSheet, ReadError, read_path, sheet_role
from etl.report import SheetResult



def _skip(sheet: RawSheet, why: str) -> SheetResult:
    return SheetResult(sheet.source_file, sheet.sheet, None, "skipped", message=f"{sheet.where}{why}，已跳过")


def recognise_file(path: Path, kind: str | None, wanted: tuple[str, ...] = (), given: Given | None = None,
                   pending: list | None = None) -> tuple[list[tuple[RawSheet, HeaderMatch]], list[SheetResult]]:
    """The sheets of one file to load, and one line for each sheet that is not loaded.

    Hidden sheets (unless named in `wanted`), empty ones, instruction and option sheets (by
    name) and sheets without a header row are skipped with a notice; a summary sheet is skipped
    unless it is recognised as a kind. A sheet with a header that fits no kind fails on its own:
    the file's other sheets still load. With `wanted`, only the sheets so named are loaded.
    A roster without 年度 gets its year from `given` or its title (etl.context); a list that may
    need its programme waits in `pending`."""
    try:
        sheets = read_path(path)
    except ReadError as exc:
        return [], [SheetResult(path.name, None, None, "failed", message=str(exc))]
    matched, results = [], []
    several = len(sheets) > 1
    for sheet in sheets:
        role = sheet_role(sheet.sheet)
        if wanted and sheet.sheet not in wanted:
            results.append(_skip(sheet, "不在指定的工作表之列"))
        elif sheet.hidden and not wanted:
            results.append(_skip(sheet, "是隐藏工作表（常为下拉选项），不导入；如确需导入，请在命令中用 --sheet 指明它的名称"))
        elif not any(any(c not in (None, "") for c in row) for row in sheet.head):
            results.append(SheetResult(path.name, sheet.sheet, None, "empty", message=f"{sheet.where}是空表，已跳过"))
        elif role in ("填表说明", "选项/字典表") and sheet.sheet not in wanted:
            results.append(_skip(sheet, f"按名称是{role}，不是数据"))
        else:
            try:
                matched.append((sheet, recognise(sheet.head, kind)))
            except HeaderError as exc:
                try:
                    supplied = supply_year(sheet, kind, given or Given())
                except HeaderError as why:
                    exc, supplied = why, None
                if supplied is not None:
                    matched.append(supplied)
                elif several and (role or find_header_row(sheet.head) is None or not has_identity(sheet.head)):
                    why = f"是{role}" if role else "没有可识别的数据表头（看起来是说明、选项或统计表）"
                    results.append(_skip(sheet, f"{why}；若它其实是数据，请单独导入该工作表以查看原因"))
                elif pending is not None and "--year" not in str(exc):
                    pending.append((sheet, exc))
                else:
                    results.append(SheetResult(path.name, sheet.sheet, None, "failed", message=f"{sheet.where}：{exc}"))
    return matched, results


def same_name_conflicts(work: list[tuple[RawSheet, HeaderMatch]]) -> tuple[list, list[SheetResult]]:
    """Two different files with one name (and sheet and kind) in one command would replace each other."""
    first: dict[tuple, RawSheet] = {}
    bad_paths: dict[Path, RawSheet] = {}
    for sheet, match in work:
        source = (sheet.source_file, sheet.sheet or "", match.kind)
        other = first.setdefault(source, sheet)
        if other.path.resolve() != sheet.path.resolve() and other.sha256 != sheet.sha256:
            bad_paths.setdefault(sheet.path, other)
    results = [SheetResult(path.name, None, None, "failed",
                           message=f"“{path}”与“{other.path}”同名但内容不同：同名文件会互相替换，请改名后再导入")
               for path, other in bad_paths.items()]
    return [(s, m) for s, m in work if s.path not in bad_paths], results
