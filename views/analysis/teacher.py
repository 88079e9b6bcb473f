"""教师档案 Teacher records: the cycle forecast under the bureau's credit rules, a search, and
one teacher's record (``/teacher?key=…``, the keyed hash, never the ID number) with the
继续教育学时（学分）证明 to download; certificates for a whole school too.

Who: analysts (and the demo) see every school's teachers; a school user only their own
school's (the queries' scope); a leader sees the forecast's aggregates but no teacher.
Data: ``credits.forecast``, ``credits.record``, ``credits.certificate``; the arithmetic is in
warehouse/sql/metrics/metric_teacher_credit.sql and the models it reads. Words: ui/records.py.
"""
import streamlit as st

from ui.reader import resolve_user
from credits import certificate, forecast, record
from credits.rules import RulesError, display_name
from credits.store import chosen_rules
from warehouse.queries import options
from ui import charts, data, filters, links, tables, widgets
from ui import format as fmt
from ui import records as rc
from ui.i18n import label, lang, text
from ui.tables import Col

f = filters.current()
user = resolve_user()
people_ok = user is not None and (user.demo or user.role in ("analyst", "school"))
widgets.title(text("p_teacher"), widgets.filter_summary(f), f, ignores=("train_tiers", "train_forms"))

rule = data.query(forecast.rule_in_use, f)
try:
    chosen = chosen_rules()
except RulesError as exc:
    st.error(rc.t("bad_rules", error=str(exc)), icon=":material/error:")
    chosen = None
if rule.is_empty():
    if chosen is not None:
        st.warning(rc.t("no_rules"), icon=":material/warning:")
    widgets.empty()
    st.stop()
rule = rule.row(0, named=True)
unit = rule["unit"]
rule_name = display_name(rule["rule_id"], rule["name"], lang())
st.caption(rc.t("rule", name=rule_name, unit=rc.word(rc.UNITS, unit)))
if chosen is not None and chosen.id != rule["rule_id"]:
    st.warning(rc.t("stale", applied=rule_name, chosen=display_name(chosen.id, chosen.name, lang())),
               icon=":material/sync_problem:")
with st.expander(rc.t("rule_source"), icon=":material/gavel:"):
    st.markdown(f"{rule['source']}\n\n**{rc.t('check')}**{rule['check_note']}")


def pick_teacher() -> str | None:
    """The teacher named in the address (``?key=``), or the one chosen after a search."""
    term = st.text_input(rc.t("search"), key="teacher_q", placeholder=rc.t("search_hint"))
    if term:
        found = data.query(record.search, f, term=term)
        if found.is_empty():
            st.info(rc.t("none_found"), icon=":material/person_search:")
        else:
            names = {r["teacher_key"]: f"{r['name']} · {r['id_masked'] or '—'} · {r['school_name']}"
                     for r in found.iter_rows(named=True)}
            picked = st.selectbox(rc.t("pick", n=found["total"][0]), list(names), index=None,
                                  format_func=names.get, key="teacher_pick")
            if picked and picked != st.query_params.get("key"):
                st.query_params["key"] = picked
    return st.query_params.get("key")


def overview() -> None:
    """The cycle forecast for the reader's scope, against the 100% line, and who is behind."""
    total = data.query(forecast.forecast, f)
    if total.is_empty():
        widgets.empty()
        return
    now = total.row(0, named=True)
    st.subheader(rc.t("forecast_title", start=now["cycle_start"], end=now["cycle_end"], year=now["as_of_year"]))
    cols = st.columns(5)
    widgets.metric(cols[0], rc.t("projected"), now["projected_rate"], None, "pct")
    widgets.metric(cols[1], rc.t("compliant"), now["compliance_rate"], None, "pct")
    widgets.metric(cols[2], rc.t("teachers"), now["teachers"], None)
    widgets.metric(cols[3], rc.t("at_risk"), now["at_risk"], None, lower_is_better=True)
    widgets.metric(cols[4], rc.t("unreachable"), now["unreachable"], None, lower_is_better=True)
    links.seed("teacher_by", ["school", "stage"], field=text("cov_by"), multi=False)
    by = st.radio(text("cov_by"), ["school", "stage"], format_func=lambda b: text(f"by_{b}"), horizontal=True,
                  key="teacher_by")
    links.keep("teacher_by", by)
    rows = data.query(forecast.forecast, f, by=by)
    first = [Col("school_name", "text")] if by == "school" else [Col("stage", "code:stage")]
    shown = tables.display(rows, first + [
        Col("projected_rate", "pct", header=rc.header("projected")), Col("compliance_rate", "pct", header=rc.header("compliant")),
        Col("teachers"), Col("met", header=rc.header("met")), Col("on_pace", header=rc.header("on_pace")),
        Col("at_risk", header=rc.header("at_risk")), Col("unreachable", header=rc.header("unreachable"))])
    name = rc.t("by_chart", by=text(f"by_{by}"))
    drawn = charts.first_rows(shown)
    fig = charts.bar(drawn, first[0].source, "projected_rate", title=name, value_kind="pct", horizontal=True,
                     show_values=True, height=max(300, 28 * drawn.height + 120))
    fig.add_vline(x=100, line_dash="dash", line_color="#c0392b", annotation_text=rc.t("line"))
    charts.show(fig, shown, name, "teacher_forecast", drawn=drawn.height)
    if not people_ok:
        st.caption(rc.t("no_people"))
        return
    for status, query in (("unreachable", forecast.unreachable_teachers), ("at_risk", forecast.at_risk_teachers)):
        st.subheader(rc.t(f"list_{status}"))
        people, count, page_of = widgets.paged(query, f, f"teacher_page_{status}")
        st.caption(rc.t("count", n=fmt.num(count)) + " " + page_of)
        shown = tables.display(people, [Col("school_name", "text"), Col("name", "text"), Col("id_masked", "text"),
                                        Col("earned", "num", header=rc.header("earned", unit)),
                                        Col("required", "num", header=rc.header("required", unit)),
                                        Col("remaining", "num", header=rc.header("remaining", unit))])
        rc.linked_table(shown, people["teacher_key"].to_list() if people.height else [],
                        rc.t(f"list_{status}"), f"teacher_{status}")


def batch() -> None:
    """Certificates for every teacher of one school, in one file, made on request."""
    st.subheader(rc.t("batch_title"))
    schools = data.query(options.schools, f)
    if schools.is_empty():
        widgets.empty()
        return
    names = filters.school_names(schools)
    code = st.selectbox(rc.t("batch_school"), list(names), format_func=names.get, key="teacher_batch_school")
    if st.button(rc.t("batch_make"), key="teacher_batch_make", icon=":material/print:"):
        with data.connection().cursor() as cur:
            keys = certificate.school_teachers(cur, f, code)
            st.session_state["teacher_batch"] = (code, len(keys), certificate.document(cur, f, keys))
    made = st.session_state.get("teacher_batch")
    if made and made[0] == code:
        st.caption(rc.t("batch_ready", school=names[code], n=made[1]) if made[1] else rc.t("batch_none"))
        rc.document_button(made[2], f"继续教育学时证明_{names[code]}", "teacher_batch", rc.t("certificate"))


def show_record(key: str) -> None:
    person = data.query(record.profile, f, key=key)
    st.page_link("views/analysis/teacher.py", label=rc.t("back"), icon=":material/arrow_back:")
    if person.is_empty():
        st.warning(rc.t("not_found"), icon=":material/person_off:")
        return
    p = person.row(0, named=True)
    st.header(p["name"])
    st.caption(rc.t("facts", school=p["school_name"] or p["school_code"], stage=label("stage", p["stage"]),
                    tier=label("dev_tier", p["dev_tier"]), id=p["id_masked"] or "—", code=p["teacher_code"] or "—"))
    ledger = data.query(record.ledger, f, key=key)
    if ledger.height:
        row = ledger.row(0, named=True)
        st.subheader(rc.t("ledger_title", start=row["cycle_start"], end=row["cycle_end"], year=row["as_of_year"]))
        cols = st.columns(4)
        widgets.metric(cols[0], rc.t("required", unit=rc.word(rc.UNITS, unit)), row["required"], None, "num")
        widgets.metric(cols[1], rc.t("earned", unit=rc.word(rc.UNITS, unit)), row["earned"], None, "num")
        widgets.metric(cols[2], rc.t("remaining", unit=rc.word(rc.UNITS, unit)), row["remaining"], None, "num")
        cols[3].metric(rc.t("status"), rc.word(rc.STATUS, row["forecast"]), border=True)
        st.caption(rc.t("offsets", award=fmt.num(row["award_offset"], 1), degree=fmt.num(row["degree_offset"], 1),
                        recorded=fmt.num(row["recorded_hours"], 1), counted=fmt.num(row["earned_hours"], 1)))
        if row["is_new_teacher"]:
            st.caption(rc.t("new_teacher", year=row["probation_year"], need=fmt.num(rule["new_teacher"], 1),
                            got=fmt.num(row["probation_earned"], 1), unit=rc.word(rc.UNITS, unit)))
        with data.connection().cursor() as cur:
            doc = certificate.document(cur, f, [key])
        rc.document_button(doc, f"继续教育学时证明_{p['name']}", "teacher_certificate", rc.t("certificate"))
        cats = data.query(record.categories, f, key=key).filter(cycle_start=row["cycle_start"])
        if cats.height:
            st.subheader(rc.t("categories"))
            shown = tables.display(cats, [Col("category_name", "text"),
                                          Col("earned", "num", header=rc.header("earned", unit)),
                                          Col("min_required", "num", header=rc.header("min_required", unit)),
                                          Col("shortfall", "num", header=rc.header("shortfall", unit))])
            tables.show(shown, f"{p['name']}_{rc.t('categories')}", "teacher_categories")
    courses = data.query(record.trainings, f, key=key)
    st.subheader(rc.t("trainings", n=courses.height))
    shown = tables.display(courses, [
        Col("year", "year"), Col("program_name", "text"), Col("train_tier", "code:train_tier"),
        Col("form", "code:form", header=rc.header("form")), Col("theme", "text"), Col("result", "code:result", header=rc.header("result")),
        Col("hours", "num", header=rc.header("hours")), Col("credits", "num", header=rc.header("credits"), digits=2),
        Col("counted_hours", "num", header=rc.header("counted_hours")),
        Col("counted_credits", "num", header=rc.header("counted_credits"), digits=2)])
    tables.show(shown, f"{p['name']}_{rc.t('trainings', n=courses.height)}", "teacher_trainings")
    left, right = st.columns(2)
    with left:
        st.subheader(rc.t("years"))
        shown = tables.display(data.query(record.years, f, key=key), [
            Col("year", "year"), Col("school_name", "text"), Col("subject", "text"),
            Col("title", "text", header=rc.header("title")), Col("dev_tier", "code:dev_tier")])
        tables.show(shown, f"{p['name']}_{rc.t('years')}", "teacher_years")
    with right:
        st.subheader(rc.t("steps"))
        shown = tables.display(data.query(record.steps, f, key=key), [
            Col("year", "year"), Col("from_tier", "code:dev_tier"), Col("to_tier", "code:dev_tier"),
            Col("movement", "code:movement")])
        tables.show(shown, f"{p['name']}_{rc.t('steps')}", "teacher_steps")
    st.subheader(rc.t("awards"))
    shown = tables.display(data.query(record.awards, f, key=key), [
        Col("year", "year"), Col("award_name", "text"), Col("award_level", "code:award_level"),
        Col("category", "code:award_category", header="award_category"), Col("grade", "text")])
    tables.show(shown, f"{p['name']}_{rc.t('awards')}", "teacher_awards")


key = pick_teacher() if people_ok else None
if key:
    show_record(key)
else:
    overview()
    if people_ok:
        batch()
widgets.definition("metric_teacher_credit", "teacher_credit_category", "credit_course")
