"""Read bureau files into raw string grids, one per sheet, with Excel row numbers.

CSV comes in UTF-8, UTF-8 with BOM, GBK or GB18030 (GBK is decoded as GB18030, its
superset, so rare name characters survive); workbooks are read with fastexcel (calamine),
every sheet, every cell as text. Nothing is interpreted here: finding the header row and the
kind is ``etl.headers``' job.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from typing import Callable
from pathlib import Path

import re

import fastexcel
import polars as pl

from etl.identity import mask_text
from etl.merges import fill_down, xls_merges, xlsx_merges

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
SUFFIXES = EXCEL_SUFFIXES | CSV_SUFFIXES
HEAD_ROWS = 40  # the header row is looked for among the first rows
# A cell longer than the csv module's default 131,072 characters is a row to reject with its
# reason (validation caps text fields), not a crash of the whole file.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 26))


class ReadError(Exception):
    """A file that cannot be read at all; the message is for the clerk, in Chinese."""


@dataclass
class RawSheet:
    path: Path
    sheet: str | None           # None for CSV
    sha256: str                 # of the file's bytes, with the sheet name for workbooks
    head: list[list[str | None]]  # the first rows, for finding the header
    # rows from a 0-based row index on, all String columns, blank rows kept (as nulls)
    load_rows: Callable[[int], pl.DataFrame] = field(repr=False, default=lambda skip: pl.DataFrame())
    hidden: bool = False        # a hidden or very hidden worksheet

    @property
    def source_file(self) -> str:
        return mask_text(self.path.name)  # a file named after a teacher's ID number is stored masked

    @property
    def where(self) -> str:
        return f"文件“{self.source_file}”" + (f"的工作表“{self.sheet}”" if self.sheet else "")


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding name). BOM first, then strict UTF-8, then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ReadError("无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030）：请在 Excel 中“另存为” CSV UTF-8 或 .xlsx 后重新导入") from exc


def _is_utf8(data: bytes) -> bool:
    """Strict UTF-8 check without building a Python str (polars validates in Rust, ~4× faster)."""
    try:
        pl.Series([data], dtype=pl.Binary).cast(pl.String, strict=True)
    except pl.exceptions.ComputeError:
        return False
    return True


def decode_head(data: bytes, size: int = 200_000) -> tuple[str, str]:
    """(the first `size` bytes as text, the whole file's encoding), as ``decode`` would name it.
    A UTF-8 file (the usual case, and a province's files run to 100 MB) is checked whole but
    only its head is decoded."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and _is_utf8(body):
        return body[:size].decode("utf-8", errors="ignore"), "utf-8-sig" if body is not data else "utf-8"
    text, encoding = decode(data)
    return text[:size], encoding


def _sniff_delimiter(sample: str) -> str:
    counts = {d: sample.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=counts.get) if max(counts.values()) else ","


def read_csv(path: Path, data: bytes) -> RawSheet:
    """The head now; the body is read again from disk when the sheet's turn comes, so a load of
    many files holds one file's cells at a time, not all of them."""
    text, encoding = decode_head(data)
    sep = _sniff_delimiter(text[:20000])
    head = [row for _, row in zip(range(HEAD_ROWS), csv.reader(io.StringIO(text), delimiter=sep))]
    stat = path.stat()
    return RawSheet(path=path, sheet=None, sha256=hashlib.sha256(data).hexdigest(),
                    head=[[c if c != "" else None for c in row] for row in head],
                    load_rows=lambda skip: _csv_body(_utf8_again(path, encoding, stat), sep, skip))


def _utf8_again(path: Path, encoding: str, seen) -> bytes:
    """The file's bytes as UTF-8, read again; refused if the file changed since it was first read."""
    now = path.stat()
    if (now.st_size, now.st_mtime_ns) != (seen.st_size, seen.st_mtime_ns):
        raise ReadError("文件在导入过程中被修改：请等文件保存完毕后重新导入")
    data = path.read_bytes()
    # polars reads UTF-8 bytes: pass the file's own bytes when they are UTF-8 already (no copy through str).
    if encoding == "utf-8-sig":
        return data[3:]
    return data if encoding == "utf-8" else decode(data)[0].encode("utf-8")


def _csv_body(body: bytes, sep: str, skip: int) -> pl.DataFrame:
    """All records from line `skip` on (0-based), as strings; blank lines kept as null rows."""
    return pl.read_csv(io.BytesIO(body), has_header=False, skip_rows=skip,
                       separator=sep, infer_schema=False, truncate_ragged_lines=True,
                       quote_char='"')


def read_workbook(path: Path, data: bytes) -> list[RawSheet]:
    from etl.workbook_limits import problem  # measured before the reader allocates a grid

    if why := problem(data):
        raise ReadError(f"文件“{path.name}”{why}")
    try:
        reader = fastexcel.read_excel(data)
    except Exception as exc:  # calamine's errors are not typed for callers
        raise ReadError(f"文件“{path.name}”无法打开工作簿（{type(exc).__name__}）：文件可能已损坏、加密或并非 Excel 文件，请用 Excel 打开后另存为 .xlsx 再导入") from exc
    merges = xlsx_merges(data) if data[:4] == b"PK\x03\x04" else xls_merges(data)
    sheets = []
    for name in reader.sheet_names:
        try:
            loaded = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
            grid = loaded.to_polars()
        except Exception as exc:
            raise ReadError(f"工作表“{name}”无法读取（{type(exc).__name__}）：请检查是否有损坏的单元格") from exc
        grid = grid.rename({c: f"c{i}" for i, c in enumerate(grid.columns)})
        if name in merges:
            grid = fill_down(grid, *merges[name])
        head = [list(r) for r in grid.head(HEAD_ROWS).iter_rows()]
        sheets.append(RawSheet(path=path, sheet=mask_text(name), head=head, sha256=_sheet_digest(name, grid),
                               load_rows=lambda skip, g=grid: g.slice(skip), hidden=loaded.visible != "visible"))
    return sheets


# Sheets that templates carry beside the data: instructions, drop-down options, summaries.
SHEET_ROLES = (
    (re.compile(r"说明|须知|注意事项|填报要求|填表要求|指南|帮助|示例|样例|readme", re.I), "填表说明"),
    (re.compile(r"字典|代码表|选项|下拉|参数|枚举|对照表|码表|数据源|list", re.I), "选项/字典表"),
    (re.compile(r"统计|汇总|透视|合计|分析|图表|pivot|summary", re.I), "统计/汇总表"),
)


def sheet_role(name: str | None) -> str | None:
    """What a workbook sheet is by its name, when it is not data: 填表说明, 选项/字典表, 统计/汇总表."""
    if not name:
        return None
    for pattern, role in SHEET_ROLES:
        if pattern.search(name):
            return role
    return None


def _sheet_digest(name: str, grid: pl.DataFrame) -> str:
    """A sheet's fingerprint from its cells, so that correcting one sheet of a workbook leaves the
    others 'unchanged'. Row hashes are polars' (stable within a polars version; after an upgrade
    a sheet is merely loaded again)."""
    digest = hashlib.sha256(f"{name}\x1f{grid.shape}".encode())
    if grid.height:
        digest.update(grid.hash_rows(seed=11).to_numpy().tobytes())
    return digest.hexdigest()


def read_path(path: Path) -> list[RawSheet]:
    """One file -> its sheets. Raises ReadError with a message for the clerk."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(f"不支持的文件类型“{path.suffix}”：请导入 .xlsx、.xls 或 .csv 文件")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc.strerror}") from exc
    if not data.strip():
        raise ReadError("文件是空的")
    if suffix in CSV_SUFFIXES:
        if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return read_workbook(path, data)  # an Excel file renamed to .csv
        return [read_csv(path, data)]
    return read_workbook(path, data)


def expand(paths: list[Path]) -> list[Path]:
    """Files and folders -> the files to load, sorted within each folder, each file once (a file
    named directly and again through its folder is loaded once); temp files from Excel (~$…) and
    hidden files left out."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*")
                           if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith(("~$", ".")))
        else:
            found = [p]
        for f in found:
            if (real := f.resolve()) not in seen:
                seen.add(real)
                out.append(f)
    return out
