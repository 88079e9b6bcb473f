"""Page and type after GB/T 9704-2012 (党政机关公文格式), in python-docx.

A4; top margin 37 mm, left 28 mm, text block 156 mm × 225 mm (so right 26 mm, bottom
35 mm); body 仿宋_GB2312 3号 (16 pt) on a grid of 22 lines × 28 characters; title
方正小标宋简体 2号 (22 pt), centred; level-1 headings 黑体 3号, level-2 楷体_GB2312 3号;
page numbers 宋体 4号 as "— 1 —", odd pages right, even pages left, below the text.

Font names are those of a bureau's Windows PC; they are set for East Asian text through
``w:rFonts w:eastAsia`` (digits and Latin letters in Times New Roman). The document does
not embed fonts: a machine without them substitutes its own (LibreOffice on Debian takes
Noto CJK from fonts-noto-cjk).
"""
from __future__ import annotations

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, LEFT, TEXT_W, TEXT_H = Mm(37), Mm(28), Mm(156), Mm(225)
LINES, CHARS = 22, 28
BODY_PT = 16          # 3号
TITLE_PT = 22         # 2号
PAGE_NO_PT = 14       # 4号
TABLE_PT = 10.5       # 五号, for the appendix tables
LINE_PITCH_PT = 28.95  # 225 mm ÷ 22 lines, as Word templates of GB/T 9704 set it (固定值)
CHAR_PITCH_PT = 15.79  # 156 mm ÷ 28 characters

FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "h1": "黑体",
    "h2": "楷体_GB2312",
    "page": "宋体",
    "latin": "Times New Roman",
}
STYLES = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2", "body": "Normal",
          "table": "Table Text", "caption": "Caption", "sign": "Report Date"}


def set_fonts(rpr_parent, east_asian: str, latin: str = FONTS["latin"]) -> None:
    """Name the fonts of a style or run explicitly (theme fonts removed: Word would prefer
    them over the named ones)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _style(doc, name: str, font: str, size: float, *, centre: bool = False, indent: bool = False,
           line_pt: float = LINE_PITCH_PT, keep_next: bool = False, latin: str = FONTS["latin"]):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, 1)
    if name not in ("Normal",):
        style.base_style = styles["Normal"]
    set_fonts(style.element, font, latin)
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Pt(2 * size) if indent else Pt(0)
    fmt.keep_with_next = keep_next
    fmt.widow_control = True
    return style


def _grid(section) -> None:
    """22 lines × 28 characters: Word's document grid (LibreOffice reads it too)."""
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
    # charSpace: extra width per character over the font size, in 1/4096 pt
    grid.set(qn("w:charSpace"), str(round((CHAR_PITCH_PT - BODY_PT) * 4096)))


def _field(paragraph, instruction: str) -> None:
    """A field (PAGE) as Word writes it: begin, instruction, separate, shown value, end."""
    run = paragraph.add_run()
    for kind in ("begin", "instr", "separate", "text", "end"):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = "1"
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    set_fonts(run._r, FONTS["page"], FONTS["page"])
    run.font.size = Pt(PAGE_NO_PT)


def _page_number(footer, align) -> None:
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = align
    p.paragraph_format.first_line_indent = Pt(0)
    # GB/T 9704 7.5: one character in from the edge of the text block
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(PAGE_NO_PT)
    else:
        p.paragraph_format.left_indent = Pt(PAGE_NO_PT)
    for text in ("— ", None, " —"):
        if text is None:
            _field(p, "PAGE")
            continue
        run = p.add_run(text)
        set_fonts(run._r, FONTS["page"], FONTS["page"])
        run.font.size = Pt(PAGE_NO_PT)


def _defaults(doc) -> None:
    """The document's default run: 仿宋_GB2312 3号. Word measures the character grid from it."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    for old in rpr.findall(qn("w:rFonts")) + rpr.findall(qn("w:sz")) + rpr.findall(qn("w:szCs")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr, name in (("ascii", FONTS["latin"]), ("hAnsi", FONTS["latin"]), ("cs", FONTS["latin"]),
                       ("eastAsia", FONTS["body"])):
        fonts.set(qn(f"w:{attr}"), name)
    rpr.insert(0, fonts)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:  # Chinese line breaking (no 。，at a line's start)
        lang.set(qn("w:eastAsia"), "zh-CN")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(BODY_PT * 2))
        rpr.append(size)


def _no_grid(style) -> None:
    """Tables and captions keep their own, smaller pitch (off the 22 × 28 grid)."""
    ppr = style.element.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr.append(snap)


def new_document(lang: str = "zh"):
    """An empty document with the page, grid, styles and page numbers set."""
    doc = Document()
    _defaults(doc)
    latin = FONTS["latin"]
    _style(doc, "Normal", FONTS["body"], BODY_PT, indent=True, latin=latin)
    _style(doc, STYLES["title"], FONTS["title"], TITLE_PT, centre=True, line_pt=TITLE_PT * 1.6, latin=latin)
    _style(doc, STYLES["h1"], FONTS["h1"], BODY_PT, indent=True, keep_next=True, latin=latin)
    _style(doc, STYLES["h2"], FONTS["h2"], BODY_PT, indent=True, keep_next=True, latin=latin)
    _style(doc, STYLES["sign"], FONTS["body"], BODY_PT, latin=latin)
    _style(doc, STYLES["table"], FONTS["body"], TABLE_PT, line_pt=TABLE_PT * 1.5, latin=latin)
    _style(doc, STYLES["caption"], FONTS["h1"], TABLE_PT + 1.5, centre=True, line_pt=LINE_PITCH_PT,
           keep_next=True, latin=latin)
    for name in ("table", "caption", "title"):
        _no_grid(doc.styles[STYLES[name]])
    # Title underline and border come from the default template's Title style: off.
    title = doc.styles[STYLES["title"]].element.get_or_add_pPr()
    for border in title.findall(qn("w:pBdr")):
        title.remove(border)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.left_margin = TOP, LEFT
    section.right_margin = PAGE_W - LEFT - TEXT_W
    section.bottom_margin = PAGE_H - TOP - TEXT_H
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    _grid(section)
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    return doc


def highlight(run) -> None:
    """Mark a run for the leader to edit (yellow highlight)."""
    rpr = run._r.get_or_add_rPr()
    mark = OxmlElement("w:highlight")
    mark.set(qn("w:val"), "yellow")
    rpr.append(mark)
