"""All official statistics tables in one .xlsx: a cover sheet, then per table its data sheet and
its 口径 (rule) sheet. Numbers stay numbers (thousands separators and decimals as number
formats); text is written as text, never as a formula or a link."""
from __future__ import annotations

import io
import re
from datetime import date

import xlsxwriter

from report.official.tables import OfficialStats, word


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:28]
    out, n = base, 2
    while out in used:
        out, n = f"{base}_{n}", n + 1
    used.add(out)
    return out


def workbook_bytes(stats: OfficialStats, scope: str) -> bytes:
    """The workbook for ``stats``; ``scope`` is the line saying which schools it covers."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1, "bg_color": "#EEF2F7"})
    formats = {d: book.add_format({"num_format": "#,##0" + ("." + "0" * d if d else ""), "border": 1})
               for d in range(4)}
    text_cell = book.add_format({"border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    lang, used = stats.lang, set()

    cover = book.add_worksheet(_sheet_name(word("titles", "cover", lang), used))
    cover.set_column(0, 0, 18)
    cover.set_column(1, 1, 90)
    heading = "官方统计报表" if lang == "zh" else "Official statistics"
    cover.write(0, 0, f"{stats.year} {heading}" if stats.year else heading, title)
    facts = [("年度" if lang == "zh" else "Year", str(stats.year or "")),
             ("统计期" if lang == "zh" else "Period", word("period", stats.period, lang)),
             ("范围" if lang == "zh" else "Scope", scope),
             ("数据更新" if lang == "zh" else "Data loaded", stats.loaded_at or ""),
             ("生成日期" if lang == "zh" else "Made on", date.today().isoformat())]
    for i, (k, v) in enumerate(facts, start=2):
        cover.write(i, 0, k, bold)
        cover.write_string(i, 1, v)
    cover.write(len(facts) + 3, 0, "表" if lang == "zh" else "Tables", bold)
    for i, table in enumerate(stats.tables, start=len(facts) + 4):
        cover.write_string(i, 1, table.title)

    for table in stats.tables:
        sheet = book.add_worksheet(_sheet_name(table.title, used))
        sheet.write(0, 0, table.title, title)
        sheet.set_row(2, 48)
        for j, column in enumerate(table.frame.columns):
            sheet.write_string(2, j, column, header)
            sheet.set_column(j, j, max(10, min(30, len(column) * 1.6)))
        for i, row in enumerate(table.frame.iter_rows(), start=3):
            for j, value in enumerate(row):
                column = table.frame.columns[j]
                if value is None:
                    sheet.write_blank(i, j, None, text_cell)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(i, j, value, formats[table.decimals.get(column, 0)])
                else:
                    sheet.write_string(i, j, str(value), text_cell)
        sheet.freeze_panes(3, 1)
        rules = book.add_worksheet(_sheet_name(f"{table.title[:20]} {word('titles', 'definition', lang)}", used))
        rules.set_column(0, 0, 120)
        rules.write(0, 0, f"{table.title} · {word('titles', 'definition', lang)}", title)
        for i, line in enumerate(table.rules, start=2):
            rules.write_string(i, 0, line, wrap)
    book.close()
    return buffer.getvalue()
