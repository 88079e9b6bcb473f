"""The year-end report on the demo county: the seed report's sentences, the layout after
GB/T 9704, and every number of the text equal to the query layer's value, read back from
the .docx with python-docx."""
from __future__ import annotations

import datetime as dt
import io
import re
import tomllib

import duckdb
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from report.annual import make_report
from report.annual.text import TEMPLATES_DIR
from warehouse.filters import Filters
from warehouse.queries import annual

EXCELLENT = ("附城初中、莲麓初中、康乐中学、蓝川初中、康乐一中、八松初中、虎关初中、五户学校、新治街小学、"
             "城北学校、流川学区、城东小学、胭脂湖小学、胭脂学区、莲麓学区、八松学区、康丰学区、县幼儿园、"
             "城东幼儿园、城北幼儿园")
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


@pytest.fixture(scope="module")
def county(demo_warehouse):
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    data, report = make_report(con, 2024, today=dt.date(2025, 1, 15))
    yield con, Document(io.BytesIO(data)), report
    con.close()


def body(doc) -> list:
    """The paragraphs of sections 一 to 四 (from the first level-1 heading to the date)."""
    out, inside = [], False
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text in ("一、基本情况", "二、主要成效", "三、问题与不足", "四、下一步打算")
            continue
        if inside and p.style.name in ("Normal", "Heading 2") and p.text:
            out.append(p)
    return out


def flat(text: str) -> str:
    return text.replace("，", ",").replace("；", ";").replace("：", ":")


def test_the_seed_paragraph_is_reproduced(county):
    _con, doc, _report = county
    text = flat("".join(p.text for p in body(doc)))
    assert "五级培训教师13400人次,其中国培617人次,省培840人次,州培1126人次,县培2648人次,校培8169人次" in text
    assert "117人获得省级荣誉,285人获得州级荣誉,996人获得县级荣誉" in text
    assert f"其中{EXCELLENT}20所学校(学区、园)考核结果为优秀,19所学校(学区、园)考核结果为合格" in \
        text.replace("（", "(").replace("）", ")")


def test_the_form_figures_come_from_the_layer(county):
    con, doc, _report = county
    forms = annual.person_times_by_form(con, Filters(year=2024))
    online = forms.filter(forms["form"] == "online")["person_times"][0]
    shadowing = forms.filter(forms["form"] == "shadowing")["person_times"][0]
    text = "".join(p.text for p in body(doc))
    assert f"外出交流跟岗培训{shadowing}人次；网络培训{online}人次。" in text
    # The seed report's figures, as the overview shows them (tests/test_page_overview.py).
    assert (online, shadowing) == (9296, 490) and "网络培训9296人次" in text


def test_every_number_of_the_text_is_a_figure_equal_to_the_layer(county):
    con, doc, report = county
    in_text = [m.group() for p in body(doc) for m in NUMBER.finditer(p.text)]
    figures = report.body_figures()
    assert in_text == [f.shown("zh") for f in figures]
    assert len(figures) > 40
    for fig in figures:  # each figure read again from its query function
        again = fig.source.fetch(con)
        assert again == fig.value, (fig.key, fig.source.name)
    # and the 数据口径 table lists them all, in the same order
    table = doc.tables[-1]
    assert [r.cells[1].text for r in table.rows[1:]] == in_text
    assert all(r.cells[2].text and r.cells[3].text and r.cells[4].text for r in table.rows[1:])


def test_no_number_is_typed_into_the_templates():
    for lang in ("zh", "en"):
        data = tomllib.loads((TEMPLATES_DIR / f"annual_{lang}.toml").read_text(encoding="utf-8"))
        data.pop("thresholds")
        data["words"].pop("ordinals")

        def strings(node):
            if isinstance(node, dict):
                for v in node.values():
                    yield from strings(v)
            elif isinstance(node, list):
                for v in node:
                    yield from strings(v)
            elif isinstance(node, str):
                yield node
        typed = [s for s in strings(data) if re.search(r"\d", re.sub(r"\{[^}]*\}", "", s))]
        # captions number their figures and tables (图1, 附表2): nothing else
        assert all(re.search(r"(图|附表|Figure |Table )\d", s) for s in typed), typed


def test_page_setup_follows_gb_t_9704(county):
    _con, doc, _report = county
    s = doc.sections[0]
    def mm(*lengths):  # stored in twips (1/1440 in): equal to the tenth of a millimetre
        return tuple(round(Length(x).mm, 1) for x in lengths)
    assert mm(s.page_width, s.page_height) == (210.0, 297.0)
    assert mm(s.top_margin, s.left_margin) == (37.0, 28.0)
    assert mm(s.page_width - s.left_margin - s.right_margin) == (156.0,)
    assert mm(s.page_height - s.top_margin - s.bottom_margin) == (225.0,)
    grid = s._sectPr.find(qn("w:docGrid"))
    assert int(grid.get(qn("w:linePitch"))) == 579  # 28.95 pt: 22 lines in 225 mm
    footer = s.footer._element.xml
    assert "PAGE" in footer and "—" in footer
    assert "PAGE" in s.even_page_footer._element.xml


def east_asian(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_fonts_of_title_headings_and_body(county):
    _con, doc, _report = county
    paragraphs = doc.paragraphs
    title = paragraphs[0]
    assert title.text == "2024年度教师培训工作总结"
    assert (east_asian(title.style), title.style.font.size) == ("方正小标宋简体", Pt(22))
    h1 = next(p for p in paragraphs if p.text == "一、基本情况")
    assert (east_asian(h1.style), h1.style.font.size) == ("黑体", Pt(16))
    h2 = next(p for p in paragraphs if p.text == "（一）培训开展情况")
    assert (east_asian(h2.style), h2.style.font.size) == ("楷体_GB2312", Pt(16))
    para = body(doc)[1]
    assert para.style.name == "Normal"
    assert (east_asian(para.style), para.style.font.size) == ("仿宋_GB2312", Pt(16))
    assert para.style.paragraph_format.line_spacing == Pt(28.95)
    assert para.style.paragraph_format.first_line_indent == Pt(32)  # two characters


def test_charts_and_appendix_tables_are_there(county):
    _con, doc, _report = county
    assert len(doc.inline_shapes) == 2
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions[:2] == ["图1　2024年各培训层级参训人次", "图2　历年培训覆盖率与合格率"]
    tier_table = doc.tables[0]
    assert [r.cells[1].text for r in tier_table.rows[1:]] == ["617", "840", "1126", "2648", "8169"]
    rating_table = doc.tables[2]
    assert [c.text for c in rating_table.rows[1].cells] == ["优秀", "20", EXCELLENT]


def test_the_plans_are_marked_for_the_leader(county):
    _con, doc, _report = county
    texts = [p for p in doc.paragraphs if "请领导修改定稿" in p.text]
    assert texts and texts[0].runs[0]._r.rPr.find(qn("w:highlight")).get(qn("w:val")) == "yellow"


def test_english_version(demo_warehouse):
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    try:
        data, report = make_report(con, 2024, lang="en")
    finally:
        con.close()
    text = " ".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "five tiers of training 13,400 times: national 617, provincial 840, prefecture 1,126" in text
    assert "117 provincial, 285 prefecture, 996 county" in text
    assert "I. Overview" in text and "IV. Plans for next year" in text


def test_attendance_is_stated_beside_coverage(county):
    con, doc, _report = county
    # Counted straight from the tables: 2024 roster teachers with any 2024 participation row.
    roster, attended = con.execute("""
        select count(*), count(*) filter (where exists (
            select 1 from participation p where p.teacher_key = r.teacher_key and p.year = 2024))
        from roster r where r.year = 2024""").fetchall()[0]
    text = "".join(p.text for p in body(doc))
    assert f"名册教师{roster}人，全年参训{attended}人，参训率{100 * attended / roster:.1f}%；" in text
