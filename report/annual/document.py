"""Write a ``Report`` as .docx: the blocks in GB/T 9704 layout, then the 数据口径 appendix
listing every figure of the text with its definition, filters, source and the load date."""
from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from report.annual import layout
from report.annual.build import Report
from report.annual.figures import Figure
from report.annual.text import Block, Templates

STYLE = layout.STYLES
# Column widths (mm) of the appendix tables, within the 156 mm text block.
WIDTHS = {"provenance": [10, 20, 52, 42, 32]}


def describe(fig: Figure, report: Report, t: Templates) -> str:
    """The scope and filters a figure was read with, in words."""
    src = fig.source
    if src.function is None:
        return "—"
    f, s = src.filters, report.scope
    parts = []
    if f.year_from is not None and f.year_from == f.year_to:
        parts.append(t.fill("appendix.filters_year", year=f.year_from).plain(report.lang))
    elif f.year_from is not None or f.year_to is not None:
        parts.append(t.fill("appendix.filters_years", first=f.year_from or "", last=f.year_to or "").plain(report.lang))
    if s.level == "school":
        parts.append(t.fill("appendix.filters_school", school=s.school_name).plain(report.lang))
    elif s.level == "township":
        parts.append(t.fill("appendix.filters_township", township=s.township).plain(report.lang))
    else:
        parts.append(t.raw("appendix.filters_county"))
    tiers = dict(src.kwargs).get("tiers") or f.train_tiers
    if tiers:
        names = t.word("list_sep").join(t.label("train_tier", x) for x in tiers)
        parts.append(t.fill("appendix.filters_tiers", tiers=names).plain(report.lang))
    extra = {k: v for k, v in src.kwargs if k != "tiers"}
    parts += [f"{k}={v}" for k, v in extra.items()]
    parts += [f"{k}={v}" for k, v in src.row]
    return "；".join(parts) if report.lang == "zh" else "; ".join(parts)


def _paragraph(doc, block: Block, lang: str):
    style = {"title": STYLE["title"], "h1": STYLE["h1"], "h2": STYLE["h2"],
             "sign": STYLE["sign"]}.get(block.kind, STYLE["body"])
    p = doc.add_paragraph(style=style)
    run = p.add_run(block.text.plain(lang))
    if block.edit:
        layout.highlight(run)
    if block.kind == "sign":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.right_indent = Pt(4 * layout.BODY_PT)
    if block.kind == "title":
        p.paragraph_format.space_after = Pt(layout.LINE_PITCH_PT)
    return p


def _chart(doc, block: Block, lang: str) -> None:
    p = doc.add_paragraph(style=STYLE["body"])
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # exact would clip the picture
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(block.image), width=Mm(140))
    caption = doc.add_paragraph(block.text.plain(lang), style=STYLE["caption"])
    caption.paragraph_format.keep_with_next = False  # a figure's caption is below it
    caption.paragraph_format.space_after = Pt(layout.BODY_PT)


def _table(doc, block: Block, lang: str, widths: list[float] | None = None) -> None:
    if block.text:
        doc.add_paragraph(block.text.plain(lang), style=STYLE["caption"])
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = Mm(width)  # the grid LibreOffice reads; cells below for Word
    for cell, text in zip(table.rows[0].cells, block.header):
        cell.text = text
    repeat = OxmlElement("w:tblHeader")  # the header row again on every page
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    style_id = doc.styles[STYLE["table"]].style_id  # looked up once: python-docx searches per call
    for r, row in enumerate(table.rows):
        for i, cell in enumerate(row.cells):
            for p in cell.paragraphs:
                p._p.style = style_id
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT if (i == 0 or len(p.text) > 8) else WD_ALIGN_PARAGRAPH.CENTER
                for run in p.runs:
                    run.font.bold = r == 0
            if widths:
                cell.width = Mm(widths[i])
    if block.note:
        note = doc.add_paragraph(block.note.plain(lang), style=STYLE["table"])
        note.paragraph_format.space_after = Pt(layout.TABLE_PT)


def short_name(definition: str) -> str:
    """"person_times 参训人次：分子 = …" → "person_times 参训人次" (the whole text if no colon)."""
    for colon in ("：", ": "):
        if colon in definition:
            return definition.split(colon, 1)[0]
    return definition


def provenance(report: Report, t: Templates) -> tuple[Block, list[str]]:
    """The figure table (number, metric, filters, source) and the definitions it names, each
    once, numbered [1], [2] … in the order first used."""
    lang = report.lang
    rows, definitions = [], []
    for i, fig in enumerate(report.body_figures(), start=1):
        text = fig.definition or "—"
        if text not in definitions:
            definitions.append(text)
        ref = f"{short_name(text)} [{definitions.index(text) + 1}]"
        rows.append((str(i), fig.shown(lang), ref, describe(fig, report, t), fig.source.name))
    return Block("table", header=tuple(t.raw("appendix.provenance_header")), rows=tuple(rows)), definitions


def write(report: Report, out: Path | BinaryIO, templates: Path | None = None) -> None:
    t = Templates(report.lang, templates)
    doc = layout.new_document(report.lang)
    lang = report.lang
    first_table = True
    for block in report.blocks:
        if block.kind == "chart":
            _chart(doc, block, lang)
        elif block.kind == "table":
            _table(doc, block, lang, list(block.widths) or None)
        elif block.kind == "h1" and block.text.plain(lang) == t.raw("headings.appendix") and first_table:
            first_table = False
            _paragraph(doc, block, lang).paragraph_format.page_break_before = True
        else:
            _paragraph(doc, block, lang)
    loaded = report.loaded_at.strftime("%Y-%m-%d %H:%M") if report.loaded_at else "—"
    _paragraph(doc, Block("h1", t.fill("headings.provenance")), lang).paragraph_format.page_break_before = True
    intro = t.fill("appendix.provenance_intro", loaded=loaded)
    if report.chart_font:
        intro = intro + t.fill("meta.chart_font_note", font=report.chart_font)
    _paragraph(doc, Block("p", intro), lang)
    table, definitions = provenance(report, t)
    _table(doc, table, lang, widths=WIDTHS["provenance"])
    _paragraph(doc, Block("h2", t.fill("appendix.definitions_heading")), lang)
    for i, text in enumerate(definitions, start=1):
        doc.add_paragraph(f"[{i}] {text}", style=STYLE["table"])
    doc.core_properties.title = report.title.plain(lang)
    doc.core_properties.author = t.raw("meta.org") or "师训数据看板"
    doc.save(out)
