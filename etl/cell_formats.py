"""How many decimals an .xlsx cell is displayed with, read from the workbook's XML.

The reader (fastexcel) gives a number cell's value, not its display: a year-month typed as
``2008.10`` is stored as the number 2008.1, and only the cell's number format (``0.00``)
says it was October. Only the few cells that need it are looked up, straight from the
sheet's XML (a zip member), without loading the workbook a second time.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
BUILTIN = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 10: "0.00%", 11: "0.00E+00"}


def _decimals(code: str) -> int | None:
    """'0.00' -> 2, '0.0' -> 1, '0' -> 0, 'General' -> None (shows what it stores)."""
    section = code.split(";")[0]
    if section.lower() == "general":
        return None
    found = re.search(r"\.([0#?]+)", section)
    return len(found.group(1)) if found else 0


def _column(ref: str) -> tuple[int, int]:
    """'AB12' -> (12, 28): 1-based row and column."""
    letters, digits = re.match(r"([A-Z]+)(\d+)", ref).groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits), col


def _sheet_member(book: zipfile.ZipFile, sheet: str) -> str | None:
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for s in workbook.iterfind("m:sheets/m:sheet", NS):
        if s.get("name") == sheet:
            target = targets.get(s.get(REL), "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def displayed_decimals(path: Path, sheet: str, cells: set[tuple[int, int]]) -> dict[tuple[int, int], int | None]:
    """{(row, col) in grid terms, 0-based from the sheet's first used row and column: decimals
    shown}, for the `cells` asked (the grid the reader returns starts at the first used cell)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not cells:
        return {}
    try:
        with zipfile.ZipFile(path) as book:
            member = _sheet_member(book, sheet)
            if member is None:
                return {}
            styles = ET.fromstring(book.read("xl/styles.xml")) if "xl/styles.xml" in book.namelist() else None
            xml = ET.fromstring(book.read(member))
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError):
        return {}
    codes = dict(BUILTIN)
    xfs: list[int] = []
    if styles is not None:
        codes.update({int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iterfind("m:numFmts/m:numFmt", NS)})
        xfs = [int(x.get("numFmtId", 0)) for x in styles.iterfind("m:cellXfs/m:xf", NS)]
    found = [(*_column(c.get("r")), int(c.get("s", 0))) for c in xml.iterfind("m:sheetData/m:row/m:c", NS)
             if c.get("r") and (c.find("m:v", NS) is not None or c.find("m:is", NS) is not None)]
    if not found:
        return {}
    top, left = min(r for r, _, _ in found), min(c for _, c, _ in found)
    out = {}
    for r, c, s in found:
        key = (r - top, c - left)
        if key in cells:
            out[key] = _decimals(codes.get(xfs[s] if s < len(xfs) else 0, "General"))
    return out
