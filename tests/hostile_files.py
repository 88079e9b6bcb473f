"""Hostile spreadsheets, built from code: a workbook is a zip of XML parts, written here by
hand so that every byte an attacker controls (cell references, dimension records, element
prefixes, nesting) can be set."""
from __future__ import annotations

import io
import re
import zipfile

CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                 '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
BOOK_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(sheet_xml: str, sheet_name: str = "名册", method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=sheet_name))
        archive.writestr("xl/_rels/workbook.xml.rels", BOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def cells_sheet(cells: dict[str, str], dimension: str | None = None, prefix: str = "") -> str:
    """A sheet with text cells at the given references (``{"A1": "x", "XFD1048576": "y"}``)."""
    p = f"{prefix}:" if prefix else ""
    rows: dict[int, list[tuple[str, str]]] = {}
    for ref, value in cells.items():
        rows.setdefault(int(re.sub("[A-Z]", "", ref)), []).append((ref, value))
    body = "".join(f'<{p}row r="{r}">' + "".join(
        f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>{v}</{p}t></{p}is></{p}c>' for ref, v in cs) + f"</{p}row>"
        for r, cs in sorted(rows.items()))
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return f'<?xml version="1.0"?><{p}worksheet {xmlns}>{dim}<{p}sheetData>{body}</{p}sheetData></{p}worksheet>'


def unreferenced_sheet(rows: list[list[str]]) -> str:
    """Cells without ``r`` attributes: a reader places them one after another."""
    body = "".join("<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in row) + "</row>"
                   for row in rows)
    return f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'


def deep_sheet(depth: int) -> str:
    """One cell whose inline string is wrapped in ``depth`` nested unknown elements."""
    inner = "<u>" * depth + "学校代码" + "</u>" * depth
    return (f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
            f'<is><t>{inner}</t></is></c></row></sheetData></worksheet>')
