"""The 继续教育学时（学分）证明 (.docx): what one teacher's page says, a school's batch with a page
per teacher, and nothing for a teacher outside the reader's scope."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document

from credits import certificate
from tests.credit_fixtures import CreditWarehouse, rule_set
from warehouse.filters import Filters

YEARS = (2021, 2022, 2023)


@pytest.fixture(scope="module")
def wh():
    w = CreditWarehouse().school("S1", name="一小").school("S2", name="二中")
    w.roster("t1", "S1", YEARS, name="张三").roster("t2", "S1", YEARS, name="李四").roster("t3", "S2", YEARS, name="王五")
    w.course("t1", 2021, 40, form="offline", code="P-FACE")    # 4 credits
    w.course("t1", 2022, 60, form="online", code="P-WEB")      # 6 credits
    w.course("t1", 2023, 200, theme="学历提升", code="P-DEG")   # degree study: 20, capped at 10
    w.course("t1", 2023, 30, result="failed", code="P-FAIL")   # not on the certificate
    w.award("t1", 2022, "national")                            # 5
    w.course("t3", 2021, 50, code="P-S2")
    w.apply(rule_set(offsets={"award": [{"levels": ["national"], "amount": 5}], "award_cap": 6,
                              "degree_themes": ["学历"], "degree_cap": 10}))
    yield w.con
    w.con.close()


def text_of(data: bytes) -> tuple[list[str], list[list[str]]]:
    doc = Document(io.BytesIO(data))
    return [p.text for p in doc.paragraphs], [[c.text for c in r.cells] for t in doc.tables for r in t.rows]


def test_one_teacher_s_certificate_lists_the_passed_courses_and_the_ledger(wh):
    paragraphs, rows = text_of(certificate.document(wh, Filters(), ["t1"]))
    assert paragraphs[0] == "继续教育学时（学分）证明"
    assert paragraphs[1].startswith("兹证明 张三（身份证号 620***********00t1，教师编号 Tt1），一小 教师，在 2021–2025 年")
    assert [r[1] for r in rows[1:-1]] == ["项目P-DEG（学历提升，计入学历冲抵）", "项目P-WEB", "项目P-FACE"]
    assert rows[-1] == ["合计", "3 项", "", "", "100", "", "100", "10"]  # training only: 40 + 60 h, 4 + 6 credits
    summary = "\n".join(paragraphs)
    assert "培训认定 10 学分；获奖冲抵 5 学分；学历冲抵 10 学分；合计已认定 25 学分。" in summary
    assert "本周期应完成 36 学分，尚差 11 学分。" in summary
    assert not re.search(r"\d{17}[\dXx]", summary)


def test_a_school_batch_has_a_page_per_teacher_in_name_order(wh):
    keys = certificate.school_teachers(wh, Filters(), "S1")
    paragraphs, _ = text_of(certificate.document(wh, Filters(), keys))
    names = [p.split("（")[0].removeprefix("兹证明 ") for p in paragraphs if p.startswith("兹证明")]
    assert names == ["张三", "李四"]  # by name as DuckDB orders text (code points: 张 U+5F20 < 李 U+674E)
    assert len([p for p in paragraphs if p == "继续教育学时（学分）证明"]) == 2


def test_nothing_for_a_teacher_outside_the_reader_s_schools(wh):
    s2 = Filters(allowed_schools=frozenset({"S2"}))
    assert certificate.document(wh, s2, ["t1", "t2"]) is None
    assert certificate.school_teachers(wh, s2, "S1") == []
    paragraphs, _ = text_of(certificate.document(wh, s2, ["t1", "t3"]))
    assert [p for p in paragraphs if p.startswith("兹证明")][0].startswith("兹证明 王五")
    assert not [p for p in paragraphs if "张三" in p]
