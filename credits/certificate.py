"""继续教育学时（学分）证明: a printable .docx for one teacher and cycle, or for every teacher
of one school (one file, a page per teacher) for the re-registration season.

Data comes from the scoped queries of ``credits.record`` (the same ``_visible`` rule: a
reader scoped to some schools gets nothing for anyone else's teacher) and the stored ledger;
the rule set named is the one the ledger was computed with. Identity on the page is the name,
the masked ID and the teacher code, never the ID number.
"""
from __future__ import annotations

import io
from datetime import date

import duckdb
import polars as pl
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from credits import record
from credits.labels import UNIT, code_label, status_text
from warehouse.filters import Filters, where_clause
from warehouse.queries.common import run

TITLE = "继续教育学时（学分）证明"
FONT = "宋体"
COLUMNS = ("年度", "培训项目", "层级", "形式", "完成学时", "折算学分", "认定学时", "认定学分")


def school_teachers(con: duckdb.DuckDBPyConnection, filters: Filters, school_code: str,
                    cycle_start: int | None = None) -> list[str]:
    """Keys of the school's teachers in the cycle's ledger, by name (empty outside the scope)."""
    where, params = where_clause(Filters(allowed_schools=filters.allowed_schools, schools=(school_code,)),
                                 {"school": "m.school_code"})
    cycle = "m.cycle_start = coalesce($cycle, (select max(cycle_start) from metric_teacher_credit))"
    where = f"{where}\n and {cycle}"
    rows = run(con, f"""select m.teacher_key from metric_teacher_credit as m
                        left join teacher as t using (teacher_key) {where}
                        order by t.name, m.teacher_key""", {**params, "cycle": cycle_start})
    return rows["teacher_key"].to_list() if rows.height else []


def document(con: duckdb.DuckDBPyConnection, filters: Filters, keys: list[str],
             cycle_start: int | None = None) -> bytes | None:
    """The .docx bytes with one page per visible teacher of ``keys`` (None when none is)."""
    rule = run(con, "select name, source, unit from credit_rule_set")
    if rule.is_empty():
        return None
    rule = rule.row(0, named=True)
    doc = _new_document()
    pages = 0
    # Four queries for the whole batch (a school's hundreds of teachers), grouped here.
    people = {r["teacher_key"]: r for r in record.many(con, filters, "profile", keys).iter_rows(named=True)}
    ledgers = record.many(con, filters, "ledger", keys)
    if cycle_start is not None:
        ledgers = ledgers.filter(pl.col("cycle_start") == cycle_start)
    rows = {}
    for r in ledgers.iter_rows(named=True):  # newest cycle first: keep the first per teacher
        rows.setdefault(r["teacher_key"], r)
    courses = record.many(con, filters, "trainings", keys).filter(pl.col("result") == "passed")
    cats = record.many(con, filters, "categories", keys)
    for key in keys:
        if key not in people or key not in rows:
            continue
        row = rows[key]
        mine = (pl.col("teacher_key") == key) & (pl.col("cycle_start") == row["cycle_start"])
        if pages:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _page(doc, people[key], row, courses.filter(mine), cats.filter(mine), rule)
        pages += 1
    if not pages:
        return None
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return doc


def _text(doc, words: str, size: float = 11, bold: bool = False, align=None):
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(words)
    run.font.size, run.bold = Pt(size), bold
    run.font.name = FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _n(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}".rstrip("0").rstrip(".")


def _page(doc, person: dict, row: dict, courses: pl.DataFrame, cats: pl.DataFrame, rule: dict) -> None:
    unit = UNIT[row["unit"]]
    _text(doc, TITLE, 18, True, WD_ALIGN_PARAGRAPH.CENTER)
    _text(doc, f"兹证明 {person['name']}（身份证号 {person['id_masked'] or '未登记'}，教师编号 "
               f"{person['teacher_code'] or '未登记'}），{person['school_name'] or person['school_code']} 教师，"
               f"在 {row['cycle_start']}–{row['cycle_end']} 年继续教育周期内（数据截至 {row['as_of_year']} 年），"
               f"参加培训并考核合格的情况如下：")
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, COLUMNS):
        cell.text = name
    for c in courses.iter_rows(named=True):
        values = (str(c["year"]), c["program_name"] + ("（学历提升，计入学历冲抵）" if c["is_degree"] else ""),
                  code_label("train_tier", c["train_tier"]), code_label("form", c["form"]), _n(c["hours"]),
                  _n(c["credits"], 2), _n(None if c["is_degree"] else c["counted_hours"]),
                  _n(None if c["is_degree"] else c["counted_credits"], 2))
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    total = table.add_row().cells
    total[0].text, total[1].text = "合计", f"{courses.height} 项"
    total[4].text = _n(courses.filter(~pl.col("is_degree"))["hours"].sum())
    total[6].text, total[7].text = _n(row["earned_hours"]), _n(row["earned_credits"], 2)
    _text(doc, f"培训认定 {_n(row['training'], 2)} {unit}；获奖冲抵 {_n(row['award_offset'], 2)} {unit}；"
               f"学历冲抵 {_n(row['degree_offset'], 2)} {unit}；合计已认定 {_n(row['earned'], 2)} {unit}。")
    if cats.height:
        parts = [f"{c['category_name']} {_n(c['earned'], 2)}" + (f"（最低 {_n(c['min_required'], 2)}）" if c["min_required"] else "")
                 for c in cats.iter_rows(named=True)]
        _text(doc, "分类认定：" + "；".join(parts) + f"（单位：{unit}）。")
    _text(doc, f"按“{rule['name']}”，本周期应完成 {_n(row['required'], 2)} {unit}"
               + (f"（含新教师试用期 {row['probation_year']} 年的要求）" if row["is_new_teacher"] else "")
               + f"，尚差 {_n(row['remaining'], 2)} {unit}。结论：{status_text(row)}", bold=True)
    _text(doc, f"规则依据：{rule['source']}", 9)
    _text(doc, "出具单位（盖章）：______________________　　经办人：__________", 11)
    _text(doc, f"出具日期：{date.today():%Y 年 %m 月 %d 日}", 11, align=WD_ALIGN_PARAGRAPH.RIGHT)
