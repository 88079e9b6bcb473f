"""教师档案 under AppTest: the forecast landing, finding a teacher by name, masked ID or code,
one teacher's record and certificate, a school's batch of certificates; a school user can
neither open nor download another school's teacher; no clear ID anywhere.

The demo county (national preset, the default) for the figures; the two-school county
(tests/two_schools.py, real ETL) for access.
"""
from __future__ import annotations

import io
import re
import zipfile

import duckdb
import pytest
from docx import Document

from tests.page_harness import RecordingStorage, downloads, metrics, open_app, table  # noqa: F401  (fixture)
from tests.test_access_ui import PASSWORD, accounts, log_in, screen_text, start  # noqa: F401  (fixtures)
from tests.two_schools import A, B, B_TEACHER_IDS, B_TOKENS, TEACHERS, build, make_id, masked

PAGE = "views/analysis/teacher.py"
CLEAR_ID = re.compile(r"(?<![\d.])\d{17}[\dXx](?!\d)")


@pytest.fixture(scope="module")
def busiest(demo_warehouse):
    """The demo teacher with the most participation rows: key, name, masked ID, rows, ledger."""
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        key, rows = con.execute("""
            select p.teacher_key, count(*) from participation p
            join metric_teacher_credit m using (teacher_key)
            group by 1 order by 2 desc, 1 limit 1""").fetchall()[0]
        name, id_masked = con.execute("select name, id_masked from teacher where teacher_key = ?", [key]).fetchall()[0]
        ledger = con.sql("select * from metric_teacher_credit where teacher_key = $k", params={"k": key}).pl()
    return {"key": key, "name": name, "id_masked": id_masked, "rows": rows, "ledger": ledger.row(0, named=True)}


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_landing_shows_the_cycle_forecast_with_the_rule_set_named(monkeypatch, demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        projected, teachers = con.execute("""
            select avg(projected_met::int), count(*) from metric_teacher_credit
            where cycle_start = (select max(cycle_start) from metric_teacher_credit)""").fetchall()[0]
    at = open_app(monkeypatch, demo_warehouse, PAGE)
    assert at.title[0].value == "教师档案"
    assert any("国家默认：五年不少于 360 学时" in c.value for c in at.caption)
    shown = metrics(at)
    assert shown["预计周期末达标率"] == f"{projected * 100:.1f}%"
    assert shown["教师（人）"] == f"{teachers:,}"
    assert table(at, 0).height > 0  # the by-school table behind the chart


def test_finding_a_teacher_by_name_opens_the_record(monkeypatch, demo_warehouse, busiest, downloads):  # noqa: F811
    at = open_app(monkeypatch, demo_warehouse, PAGE)
    at.text_input(key="teacher_q").input(busiest["name"]).run()
    pick = at.selectbox(key="teacher_pick")
    assert [o for o in pick.options if busiest["id_masked"] in o] == [
        f"{busiest['name']} · {busiest['id_masked']} · {busiest['ledger']['school_name']}"]
    pick.select(busiest["key"]).run()
    assert not at.exception
    assert at.query_params["key"] == [busiest["key"]] or at.query_params["key"] == busiest["key"]
    assert at.header[0].value == busiest["name"]
    ledger = busiest["ledger"]
    shown = metrics(at)
    assert shown["应完成（学时）"] == f"{ledger['required']:,.1f}"
    assert shown["已认定（学时）"] == f"{ledger['earned']:,.1f}"
    trainings = next(t for t in (table(at, i) for i in range(len(at.dataframe))) if "完成学时" in t.columns)
    assert trainings.height == busiest["rows"]
    text = docx_text(downloads(at, "dl_docx_teacher_certificate"))
    assert busiest["name"] in text and busiest["id_masked"] in text and "继续教育学时（学分）证明" in text
    assert f"{ledger['earned']:,.1f}".rstrip("0").rstrip(".") in text


def test_a_link_opens_the_record_and_no_clear_id_is_shown_or_downloaded(monkeypatch, demo_warehouse, busiest,
                                                                       downloads):  # noqa: F811
    at = open_app(monkeypatch, demo_warehouse, PAGE, key=busiest["key"])
    assert at.header[0].value == busiest["name"]
    assert not CLEAR_ID.findall(screen_text(at))
    assert RecordingStorage.files
    for file_id, data in RecordingStorage.files.items():
        if data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                body = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        else:
            body = data.decode("utf-8-sig", "replace")
        found = CLEAR_ID.findall(body)
        assert not found, (RecordingStorage.names[file_id], found)  # which download, and what matched


def test_a_school_batch_has_a_page_per_teacher(monkeypatch, demo_warehouse, downloads):  # noqa: F811
    at = open_app(monkeypatch, demo_warehouse, PAGE)
    school = at.selectbox(key="teacher_batch_school")
    code = school.value
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        [(n,)] = con.execute("""select count(*) from metric_teacher_credit where school_code = ?
            and cycle_start = (select max(cycle_start) from metric_teacher_credit)""", [code]).fetchall()
    next(b for b in at.button if b.key == "teacher_batch_make").click().run()
    doc = Document(io.BytesIO(downloads(at, "dl_docx_teacher_batch")))
    titles = [p for p in doc.paragraphs if p.text == "继续教育学时（学分）证明"]
    assert n > 0 and len(titles) == n and len(doc.tables) == n


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    warehouse, report = build(tmp_path_factory.mktemp("county"))
    assert report.ok
    return warehouse


def key_of(county, name: str) -> str:
    with duckdb.connect(str(county), read_only=True) as con:
        return con.execute("select teacher_key from teacher where name = ?", [name]).fetchall()[0][0]


def b_key(county) -> str:
    return key_of(county, "乙三老师")


def test_the_two_school_ledger_by_hand(county):
    # National preset: everyone first on the 2023 roster, so 3 of the 2021–2025 cycle's years are owed:
    # 360 × 3/5 = 216 h; 甲一 was new in 2023: 120 + 360 × 2/5 = 264 h. Passed hours as loaded:
    # 乙二 = 县培语文 20 + 国培英语 40 + 乙校本研修 8 = 68.
    with duckdb.connect(str(county), read_only=True) as con:
        rows = dict((n, (r, e)) for n, r, e in con.execute("""select t.name, m.required, m.earned
            from metric_teacher_credit m join teacher t using (teacher_key)""").fetchall())
    assert rows == {"甲一老师": (264, 80), "甲二老师": (216, 20), "甲三老师": (216, 10),
                    "乙一老师": (264, 40), "乙二老师": (216, 68), "乙三老师": (216, 30)}


def test_a_school_user_cannot_open_or_download_another_school_s_teacher(county, accounts, monkeypatch,  # noqa: F811
                                                                        downloads):  # noqa: F811
    at = log_in(start(monkeypatch, county), "zhang")
    at.query_params["key"] = b_key(county)
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("无权查看" in w.value for w in at.warning)
    assert not [b for b in at.download_button if b.key.startswith("dl_docx")]
    for term in ("乙三老师", "YB003", masked(203), make_id(203), make_id(203)[-4:]):
        at.query_params.pop("key", None)
        at.text_input(key="teacher_q").input(term).run()
        assert not _has(at, "teacher_pick"), term
        assert any("没有找到" in i.value for i in at.info), term
    assert at.selectbox(key="teacher_batch_school").options == ["甲校"]
    next(b for b in at.button if b.key == "teacher_batch_make").click().run()
    text = docx_text(downloads(at, "dl_docx_teacher_batch"))
    assert "甲一老师" in text and [t for t in (*B_TOKENS, *B_TEACHER_IDS) if t in text] == []
    assert [t for t in (*B_TOKENS, *B_TEACHER_IDS) if t in screen_text(at)] == []


def _has(at, key: str) -> bool:
    return any(s.key == key for s in at.selectbox)


def test_a_school_user_opens_their_own_teacher_and_may_print_the_certificate(county, accounts, monkeypatch,  # noqa: F811
                                                                             downloads):  # noqa: F811
    at = log_in(start(monkeypatch, county), "zhang")
    at.switch_page(PAGE).run()
    at.text_input(key="teacher_q").input(masked(101)).run()
    at.selectbox(key="teacher_pick").select(key_of(county, "甲一老师")).run()
    assert at.header[0].value == "甲一老师"
    text = docx_text(downloads(at, "dl_docx_teacher_certificate"))
    assert "甲一老师" in text and masked(101) in text and make_id(101) not in text
    assert "264" in text and "（含新教师试用期 2023 年的要求）" in text


def test_a_leader_sees_the_forecast_but_no_teacher(county, accounts, monkeypatch):  # noqa: F811
    at = log_in(start(monkeypatch, county), "ju")
    at.query_params["key"] = b_key(county)
    at.switch_page(PAGE).run()
    assert not at.exception and not at.header
    assert not any(t.key == "teacher_q" for t in at.text_input)
    assert any("教师名单仅对分析员" in c.value for c in at.caption)
    assert [n for n in (t[1] for t in TEACHERS.values()) if n in screen_text(at)] == []


def test_the_english_switch_relabels_the_page(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, PAGE, lang="English")
    assert at.title[0].value == "Teacher records"
    assert "Projected to comply" in metrics(at)
    assert any("Credit rules:" in c.value and "National default: at least 360 hours in five years" in c.value
               for c in at.caption)
    assert not any("国家默认" in c.value for c in at.caption)   # the preset's English name, not the stored Chinese


def test_a_changed_choice_not_yet_applied_is_pointed_out(monkeypatch, demo_warehouse):
    import settings

    monkeypatch.setattr(settings, "CREDIT_RULES", "beijing")
    at = open_app(monkeypatch, demo_warehouse, PAGE)
    assert any("但设置现在选择的是“北京市：五年不少于 36 学分”" in w.value and "python -m credits apply" in w.value
               for w in at.warning)


def test_the_compliance_page_names_the_bureau_s_rule_set(monkeypatch, demo_warehouse):
    at = open_app(monkeypatch, demo_warehouse, "views/analysis/compliance.py", year="2024")
    assert any("本局学分规则：“国家默认：五年不少于 360 学时”" in c.value for c in at.caption)
    english = open_app(monkeypatch, demo_warehouse, "views/analysis/compliance.py", year="2024", lang="English")
    assert any("National default: at least 360 hours in five years" in c.value for c in english.caption)


def test_the_compliance_page_shows_the_rule_set_s_own_figures_beside_the_360_hours(monkeypatch, demo_warehouse):
    from credits import forecast
    from warehouse.filters import Filters
    import duckdb as db
    at = open_app(monkeypatch, demo_warehouse, "views/analysis/compliance.py", year="2024")
    with db.connect(str(demo_warehouse), read_only=True) as con:
        led = forecast.forecast(con, Filters(year=2024)).row(0, named=True)
    assert any("按本局学分规则（国家默认：五年不少于 360 学时）" in h.value for h in at.subheader)
    shown = metrics(at)
    assert shown["已达标"] == f"{led['compliance_rate'] * 100:.1f}%"
    assert shown["预计周期末达标"] == f"{led['projected_rate'] * 100:.1f}%"
    assert shown["已无法达标（人）"] == f"{led['unreachable']:,}"
