"""Measure an .xlsx before any spreadsheet reader allocates for it.

calamine (through fastexcel) builds each sheet as a dense grid from its top-left to its
bottom-right cell: a 1.7 KB workbook with cells only at A1 and XFD1048576 asks for a
1,048,576 × 16,384 grid (512 GiB) and aborts the process. So the sheet XML is streamed
here, in chunks, and what the reader would allocate is computed from the cell references
(``<c r="XFD1048576">``) and row numbers, never from the file's own ``<dimension>``
record (which it may fake in either direction). Refused, with a Chinese message:

- a sheet whose grid (rows × columns spanned) exceeds ``MAX_GRID_CELLS``;
- more than ``MAX_COLUMNS`` columns;
- more than ``MAX_CELLS`` cells in the workbook, or ``MAX_SHARED_STRINGS`` shared strings;
- more than ``MAX_XML_MB`` of XML once decompressed.

.xls and .ods are not measured here: their parsing runs, like every upload's, in a
subprocess with memory and time limits (``etl.sandbox``).
"""
from __future__ import annotations

import html
import io
import re
import zipfile
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterator, TypeVar

import polars as pl

MAX_GRID_CELLS = 20_000_000   # 1,048,576 rows × 19 columns, Excel's most; ~1.5 GB as text
MAX_COLUMNS = 1_024           # bureau tables have 10–60 columns
MAX_CELLS = 20_000_000
MAX_SHARED_STRINGS = 10_000_000
# A full sheet is large XML: the national system's 1,048,576-row participation export (8 columns,
# styled, strings inline) is 532 MiB, 66 bytes a cell. 100 bytes for each of MAX_CELLS cells: a
# sheet within the cell limit is never refused for its XML (400 MB refused that export).
MAX_XML_MB = 2_000
CHUNK = 1 << 24  # 16 MiB: two in the works and one read ahead
# Patterns for polars' Rust regex (``_measure_chunk``), spelled with Python's ASCII meaning of
# \s and \w so that the two engines agree; some writers prefix every element (<x:c>).
_S, _NS = r"[ \t\n\r\f\v]", r"(?:[A-Za-z_][A-Za-z0-9_.-]*:)?"
CELL_TAG_TEXT = "<" + _NS + r"c(?:" + _S + "|[>/])"
ROW_TAG_TEXT = "<" + _NS + r"row(?:" + _S + "|[>/])"
SI_TAG_TEXT = "<" + _NS + r"si(?:" + _S + "|[>/])"
# Only a cell has an r attribute of letters and digits (a row's r is digits only).
CELL_REF_TEXT = _S + r"r=\"[A-Z]{1,3}[0-9]{1,7}\""
REF_HEAD = ' \t\n\r\f\vr="ABCDEFGHIJKLMNOPQRSTUVWXYZ'  # stripped from ' r="AB12"' (then '"'): 12
ROW_REF_TEXT = "<" + _NS + "row" + _S + r"[^>]*?r=\"[0-9]{1,7}\""
# The same two for Python's re on bytes: rows of cells without references (rare) are split here.
CELL_TAG, ROW_TAG = re.compile(CELL_TAG_TEXT.encode()), re.compile(ROW_TAG_TEXT.encode())
DIMENSION = re.compile(rb"<dimension\s+ref=\"([A-Z]{1,3})?([0-9]{1,7})?(?::([A-Z]{1,3})([0-9]{1,7}))?\"")


T = TypeVar("T")


class WorkbookTooLarge(Exception):
    """``str(exc)`` says, in Chinese, which sheet is too large and what to do."""


@dataclass
class SheetSize:
    part: str
    rows: int = 0           # the highest row number (or the number of rows, if higher)
    columns: int = 0        # the highest column number
    cells: int = 0
    dimension: str = ""     # as the file declares it (informative only)

    @property
    def grid(self) -> int:
        return self.rows * self.columns


@dataclass
class WorkbookSize:
    sheets: list[SheetSize] = field(default_factory=list)
    shared_strings: int = 0
    xml_bytes: int = 0


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _chunks(stream, total: list[int]) -> Iterator[bytes]:
    """Overlapping chunks of ``stream`` (a tag cut at a chunk's end is seen whole in the next);
    ``total[0]`` counts the bytes read."""
    tail = b""
    while chunk := stream.read(CHUNK):
        total[0] += len(chunk)
        if total[0] > MAX_XML_MB << 20:
            raise WorkbookTooLarge(f"解压后超过 {MAX_XML_MB:,} MB 的上限")
        data = tail + chunk
        cut = data.rfind(b"<")  # process up to the last tag start; keep the rest for the next chunk
        if cut <= 0:
            cut = len(data)
        yield data[:cut]
        tail = data[cut:]
        if len(tail) > 1 << 16:  # one tag longer than 64 KiB: no real sheet has one
            yield tail
            tail = b""
    if tail:
        yield tail


def _scan(stream, measure_chunk: Callable[[bytes], T]) -> tuple[list[T], int]:
    """``measure_chunk`` of every chunk, in order, two chunks at a time (polars releases the
    GIL), holding at most three chunks; returns the results and the bytes read."""
    total, out, running = [0], [], deque()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="xlsx-measure") as pool:
        for data in _chunks(stream, total):
            running.append(pool.submit(measure_chunk, data))
            if len(running) > 2:
                out.append(running.popleft().result())
        out.extend(f.result() for f in running)
    return out, total[0]


@dataclass
class _Chunk:
    cells: int = 0
    row_tags: int = 0
    refs: int = 0
    rows: int = 0        # the highest row number referenced
    columns: int = 0     # the highest column referenced
    dimension: str = ""
    pieces: list[int] = field(default_factory=list)  # cells per row piece, when some lack a reference


def _measure_chunk(data: bytes) -> _Chunk:
    # Rust's regex engine (through polars), not Python's: Python's took 17 of the 23 s that
    # loading a 1M-row workbook took. Chunks end before a "<", so no UTF-8 sequence is cut; an
    # invalid byte becomes U+FFFD, which the patterns match only where they matched the byte
    # (``[^>]``).
    out = _Chunk()
    if b"<dimension" in data and (m := DIMENSION.search(data)):  # in the first chunk only, as a rule
        out.dimension = m.group(0).decode("ascii", "replace")[16:-1]
    text = pl.DataFrame({"x": [data.decode("utf-8", "replace")]})
    out.cells, out.row_tags = text.select(pl.col("x").str.count_matches(CELL_TAG_TEXT).alias("cells"),
                                          pl.col("x").str.count_matches(ROW_TAG_TEXT).alias("rows")).row(0)
    refs = text.select(pl.col("x").str.extract_all(CELL_REF_TEXT).explode()).to_series().drop_nulls()
    row_refs = text.select(pl.col("x").str.extract_all(ROW_REF_TEXT).explode()).to_series().drop_nulls()
    out.refs = refs.len()
    if out.refs:  # the largest row number and column letters, without a Python step per cell
        out.rows = refs.str.strip_chars_end('"').str.strip_chars_start(REF_HEAD).cast(pl.Int64).max()
        letters = refs.str.slice(4).str.strip_chars_end('0123456789"').unique().to_list()
        out.columns = max(column_number(x.encode("ascii")) for x in letters)
    if row_refs.len():
        out.rows = max(out.rows, row_refs.str.extract(r"([0-9]+)\"$", 1).cast(pl.Int64).max())
    if out.cells > out.refs:  # cells written without a reference: counted per row piece
        out.pieces = [len(CELL_TAG.findall(piece)) for piece in ROW_TAG.split(data)]
    return out


def _sheet(archive: zipfile.ZipFile, part: str) -> tuple[SheetSize, int]:
    size = SheetSize(part)
    with archive.open(part) as fh:
        chunks, total = _scan(fh, _measure_chunk)
    rows = unreferenced = open_row = widest_row = 0
    for c in chunks:
        size.dimension = size.dimension or c.dimension
        size.cells += c.cells
        size.rows, size.columns = max(size.rows, c.rows), max(size.columns, c.columns)
        rows += c.row_tags
        if c.pieces:
            # Cells without a reference sit one after another: the widest row counts them (a row
            # cut by a chunk boundary carries its count over).
            unreferenced += c.cells - c.refs
            open_row += c.pieces[0]
            for n in c.pieces[1:]:
                widest_row, open_row = max(widest_row, open_row), n
        elif c.row_tags:
            open_row = 0
    size.rows = max(size.rows, rows)
    if unreferenced:  # at most the widest row further right than any referenced cell
        size.columns += max(widest_row, open_row)
    return size, total


def _shared_strings(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    def count(data: bytes) -> int:
        return pl.select(pl.lit(data.decode("utf-8", "replace")).str.count_matches(SI_TAG_TEXT)).item()

    with archive.open(part) as fh:
        counts, total = _scan(fh, count)
    return sum(counts), total


def measure(data: bytes) -> WorkbookSize:
    """The sizes of an .xlsx's sheets; raises ``WorkbookTooLarge`` as soon as a limit is passed."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = WorkbookSize()
    for info in archive.infolist():
        name = info.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            sheet, n = _sheet(archive, name)
            out.sheets.append(sheet)
        elif name.lower() == "xl/sharedstrings.xml":
            out.shared_strings, n = _shared_strings(archive, name)
        else:
            continue
        out.xml_bytes += n
        if out.xml_bytes > MAX_XML_MB << 20:
            raise WorkbookTooLarge(f"解压后超过 {MAX_XML_MB:,} MB 的上限")
    return out


SHEET_ENTRY = re.compile(rb"<(?:[\w.-]+:)?sheet\b[^>]*?\sname=\"([^\"]*)\"[^>]*?\sr:id=\"([^\"]*)\"")
RELATION = re.compile(rb"<(?:[\w.-]+:)?Relationship\b[^>]*?\sId=\"([^\"]*)\"[^>]*?\sTarget=\"([^\"]*)\"")
RELATION_REV = re.compile(rb"<(?:[\w.-]+:)?Relationship\b[^>]*?\sTarget=\"([^\"]*)\"[^>]*?\sId=\"([^\"]*)\"")


# What a damaged zip raises while it is read: a bad deflate stream is zlib.error, not BadZipFile.
DAMAGE = (KeyError, OSError, EOFError, zlib.error, zipfile.BadZipFile, RuntimeError, ValueError, NotImplementedError)


def sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> the sheet's name as Excel shows it (best effort, for messages)."""
    try:
        with archive.open("xl/workbook.xml") as fh:
            book = fh.read(1 << 20)
        with archive.open("xl/_rels/workbook.xml.rels") as fh:
            rels = fh.read(1 << 20)
    except DAMAGE:
        return {}
    targets = {i: t for i, t in RELATION.findall(rels)} | {i: t for t, i in RELATION_REV.findall(rels)}
    out = {}
    for name, rid in SHEET_ENTRY.findall(book):
        target = targets.get(rid, b"").decode("utf-8", "replace").lstrip("/")
        part = target if target.startswith("xl/") else "xl/" + target
        out[part] = html.unescape(name.decode("utf-8", "replace"))
    return out


def problem(data: bytes) -> str | None:
    """None when an .xlsx is within every limit, else the reason in Chinese (without the
    file name, which the caller adds). Files that are not zips are left to the reader."""
    if not data.startswith(b"PK"):
        return None
    try:
        size = measure(data)
    except WorkbookTooLarge as exc:
        return f"{exc}：请按年度或学校拆分成几个文件分别导入"
    except DAMAGE:
        return None  # damage is the reader's to report (with its own message)
    advice = "请删除表格以外的空行空列（或把表格复制到新工作簿）后另存为 .xlsx 再导入"
    names = sheet_names(zipfile.ZipFile(io.BytesIO(data)))
    for sheet in size.sheets:
        where = f"的工作表“{names[sheet.part]}”" if sheet.part in names else f"的工作表部件 {sheet.part}"
        if sheet.columns > MAX_COLUMNS:
            return f"{where}用到了第 {sheet.columns:,} 列，超过 {MAX_COLUMNS:,} 列的上限：{advice}"
        if sheet.grid > MAX_GRID_CELLS:
            return (f"{where}的单元格分布在 {sheet.rows:,} 行 × {sheet.columns:,} 列的范围内"
                    f"（{sheet.grid:,} 格），超过 {MAX_GRID_CELLS:,} 格的上限：{advice}")
    cells = sum(s.cells for s in size.sheets)
    if cells > MAX_CELLS:
        return f"共有 {cells:,} 个单元格，超过 {MAX_CELLS:,} 的上限：请按年度或学校拆分成几个文件分别导入"
    if size.shared_strings > MAX_SHARED_STRINGS:
        return (f"共享字符串有 {size.shared_strings:,} 条，超过 {MAX_SHARED_STRINGS:,} 的上限："
                "请按年度或学校拆分成几个文件分别导入")
    return None
