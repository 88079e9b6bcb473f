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
from dataclasses import dataclass, field

MAX_GRID_CELLS = 20_000_000   # 1,048,576 rows × 19 columns, Excel's most; ~1.5 GB as text
MAX_COLUMNS = 1_024           # bureau tables have 10–60 columns
MAX_CELLS = 20_000_000
MAX_SHARED_STRINGS = 10_000_000
MAX_XML_MB = 400
CHUNK = 1 << 20
NS = rb"(?:[A-Za-z_][\w.-]*:)?"  # some writers prefix every element (<x:c>)
# Only a cell has an r attribute of letters and digits (a row's r is digits only).
CELL_REF = re.compile(rb"\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
CELL_TAG = re.compile(rb"<" + NS + rb"c[\s>/]")
ROW_TAG = re.compile(rb"<" + NS + rb"row[\s>/]")
ROW_REF = re.compile(rb"<" + NS + rb"row\s[^>]*?r=\"([0-9]{1,7})\"")
SI_TAG = re.compile(rb"<" + NS + rb"si[\s>/]")
DIMENSION = re.compile(rb"<dimension\s+ref=\"([A-Z]{1,3})?([0-9]{1,7})?(?::([A-Z]{1,3})([0-9]{1,7}))?\"")


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


def _scan(stream, on_chunk) -> int:
    """Feed ``on_chunk`` overlapping chunks (a tag cut at a chunk's end is seen whole in the
    next); return the bytes read."""
    total, tail = 0, b""
    while chunk := stream.read(CHUNK):
        total += len(chunk)
        if total > MAX_XML_MB << 20:
            raise WorkbookTooLarge(f"解压后超过 {MAX_XML_MB} MB 的上限")
        data = tail + chunk
        cut = data.rfind(b"<")  # process up to the last tag start; keep the rest for the next chunk
        if cut <= 0:
            cut = len(data)
        on_chunk(data[:cut])
        tail = data[cut:]
        if len(tail) > 1 << 16:  # one tag longer than 64 KiB: no real sheet has one
            on_chunk(tail)
            tail = b""
    if tail:
        on_chunk(tail)
    return total


def _sheet(archive: zipfile.ZipFile, part: str) -> tuple[SheetSize, int]:
    size = SheetSize(part)
    state = {"rows": 0, "open_row": 0, "widest_row": 0, "unreferenced": 0}

    def chunk(data: bytes) -> None:
        if not size.dimension and (m := DIMENSION.search(data)):
            size.dimension = m.group(0).decode("ascii", "replace")[16:-1]
        cells = len(CELL_TAG.findall(data))
        size.cells += cells
        refs = CELL_REF.findall(data)
        if refs:  # the largest row number and column letters, without a Python step per cell
            letters, digits = zip(*refs)
            size.rows = max(size.rows, max(map(int, digits)))
            longest = max(map(len, letters))
            widest = max(x for x in letters if len(x) == longest) if longest > 1 else max(letters)
            size.columns = max(size.columns, column_number(widest))
        if row_refs := ROW_REF.findall(data):
            size.rows = max(size.rows, max(map(int, row_refs)))
        pieces = ROW_TAG.split(data)
        state["rows"] += len(pieces) - 1
        if cells > len(refs):
            # Cells written without a reference sit one after another: count them per row (a row
            # cut by a chunk boundary carries its count over).
            state["unreferenced"] += cells - len(refs)
            for i, piece in enumerate(pieces):
                if i:
                    state["widest_row"] = max(state["widest_row"], state["open_row"])
                    state["open_row"] = 0
                state["open_row"] += len(CELL_TAG.findall(piece))
        elif len(pieces) > 1:
            state["open_row"] = 0

    with archive.open(part) as fh:
        total = _scan(fh, chunk)
    size.rows = max(size.rows, state["rows"])
    if state["unreferenced"]:  # at most the widest row further right than any referenced cell
        size.columns += max(state["widest_row"], state["open_row"])
    return size, total


def _shared_strings(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    count = [0]
    with archive.open(part) as fh:
        total = _scan(fh, lambda data: count.__setitem__(0, count[0] + len(SI_TAG.findall(data))))
    return count[0], total


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
            raise WorkbookTooLarge(f"解压后超过 {MAX_XML_MB} MB 的上限")
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
