"""The global sidebar filters: year, township, stage, urban/rural, school, training tier and form.

Drawn once per run by ``app.py`` (the entry point), so their values are the same on every
page. Each widget is bound to a URL query parameter named after its key (``?year=2024&
township=…``): a copied link reproduces the view. The options come from the warehouse;
the access scope (``allowed_schools``) comes from who is logged in, never from a widget.
"""
from __future__ import annotations

from collections import Counter

import polars as pl
import streamlit as st
from streamlit.errors import StreamlitAPIException

import settings
from ui.reader import scope_filters, session_scope
from warehouse.filters import FORM_CODES, Filters
from ui import data, links
from warehouse.queries import options
from ui.i18n import LANG_KEY, LANG_OPTIONS, labeller, text

# Widget keys, which are also the URL parameter names.
YEAR, TOWNSHIP, STAGE, URBAN, SCHOOLS, TIER, FORM = "year", "township", "stage", "urban", "schools", "tier", "form"
MULTI_KEYS = (TOWNSHIP, STAGE, URBAN, SCHOOLS, TIER, FORM)
FORMS = FORM_CODES   # 培训形式, "unknown" (未填) last


def _relabels(value) -> bool:
    # Choice widgets hold a code or a list of codes; buttons, toggles and checkboxes hold a
    # bool, uploads a file list or None, number boxes a number: none of those has a label.
    # (A button's key must never be assigned: Streamlit then refuses to draw the button,
    # which is what crashed every page on the first language switch.)
    if isinstance(value, str):
        return True
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(v, (str, int)) for v in value)


def _relabel() -> None:
    # The browser sends a choice widget's value as the label it shows (and keeps that label
    # in the URL). After the language changes, "国培" no longer matches the English option
    # "National" and the selection would be lost. Re-assigning every choice widget's value
    # (a code) before the widgets are drawn makes Streamlit show, send and bind it with the
    # new label.
    for key in list(st.session_state.keys()):
        if key == LANG_KEY or key.startswith("_") or not _relabels(st.session_state[key]):
            continue
        try:
            st.session_state[key] = st.session_state[key]
        except StreamlitAPIException:
            pass


def language_switch() -> None:
    """中文 / English in the sidebar, bound to ``?lang=``; draw it before ``st.navigation``
    so the page titles are already in the chosen language."""
    st.sidebar.radio(text("language"), LANG_OPTIONS, key=LANG_KEY, bind="query-params",
                     horizontal=True, on_change=_relabel)


def _clear() -> None:
    for key in MULTI_KEYS:
        st.session_state[key] = []


def school_names(schools: pl.DataFrame) -> dict[str, str]:
    names = dict(zip(schools["school_code"].to_list(), schools["school_name"].to_list()))
    counts = Counter(names.values())  # once: a province has 3,000 schools (a count per name was 9M steps)
    duplicated = {n for n, k in counts.items() if k > 1}
    # Two schools with one name are told apart by their code.
    return {code: f"{name}（{code}）" if name in duplicated else name for code, name in names.items()}


def sidebar(expanded: bool = True) -> Filters:
    """Draw the filters in the sidebar and return what they select."""
    scope = session_scope()  # the schools the reader may see, from the login
    base = Filters(allowed_schools=scope)
    years = data.query(options.years, base)["year"].to_list()
    schools = data.query(options.schools, base)
    present = {c: set(schools[c].drop_nulls().to_list()) for c in ("township", "stage", "urban_rural")}

    # A copied link's values (codes, or labels in either language) before the widgets read them.
    names = school_names(schools)
    st.session_state["_school_names"] = names   # for the pages' one-line summary (ui.widgets)
    bad_year = links.seed(YEAR, years, field=text("f_year"), multi=False, quiet=True)
    if bad_year and years:
        links.note(text("bad_year", year=bad_year[-1], shown=years[0], years="、".join(map(str, sorted(years)))))
        st.session_state.setdefault(YEAR, years[0])
    for key, choices, field, kind in (
        (TOWNSHIP, sorted(present["township"]), "f_township", None), (STAGE, settings.STAGES, "f_stage", "stage"),
        (URBAN, settings.URBAN_RURAL, "f_urban", "urban_rural"), (SCHOOLS, schools["school_code"].to_list(), "f_school", None),
        (TIER, settings.TRAIN_TIERS, "f_tier", "train_tier"), (FORM, FORMS, "f_form", "form"),
    ):
        links.seed(key, choices, field=text(field), kind=kind, names=names if key == SCHOOLS else None)

    with st.sidebar.expander(text("filters"), expanded=expanded, icon=":material/filter_alt:"):
        year = st.selectbox(text("f_year"), years, key=YEAR, bind="query-params")
        townships = st.multiselect(text("f_township"), sorted(present["township"]), key=TOWNSHIP,
                                   placeholder=text("f_placeholder"), select_all=False)
        stages = st.multiselect(text("f_stage"), [s for s in settings.STAGES if s in present["stage"]],
                                format_func=labeller("stage"), key=STAGE,
                                placeholder=text("f_placeholder"), select_all=False)
        urban = st.multiselect(text("f_urban"), [u for u in settings.URBAN_RURAL if u in present["urban_rural"]],
                               format_func=labeller("urban_rural"), key=URBAN,
                               placeholder=text("f_placeholder"), select_all=False)
        # The school list narrows to the township / stage / urban-rural chosen above.
        narrowed = schools
        for column, chosen in (("township", townships), ("stage", stages), ("urban_rural", urban)):
            if chosen:
                narrowed = narrowed.filter(pl.col(column).is_in(chosen))
        picked = st.multiselect(text("f_school"), narrowed["school_code"].to_list(),
                                format_func=lambda code: names.get(code, code), key=SCHOOLS,
                                placeholder=text("f_placeholder"), select_all=False)
        tiers = st.multiselect(text("f_tier"), list(settings.TRAIN_TIERS), format_func=labeller("train_tier"),
                               key=TIER, placeholder=text("f_placeholder"), select_all=False)
        ready = not data.query(options.forms_ready, base).is_empty()   # a warehouse built before the model: not yet
        forms = st.multiselect(text("f_form"), list(FORMS), format_func=labeller("form"), key=FORM,
                               placeholder=text("f_placeholder"), select_all=False, disabled=not ready,
                               help=text("f_form_help" if ready else "f_form_not_ready"))
        forms = forms if ready else []
        st.button(text("f_reset"), on_click=_clear, icon=":material/filter_alt_off:", key="filters_clear",
                  type="tertiary")
    # The address holds codes (a stage as junior, a school by its code), whatever the language:
    # bind="query-params" would write the labels the reader sees.
    for key, chosen in ((TOWNSHIP, townships), (STAGE, stages), (URBAN, urban), (SCHOOLS, picked), (TIER, tiers),
                        (FORM, forms)):
        links.keep(key, list(chosen))
    return Filters(year=year, townships=townships, stages=stages, urban_rural=urban,
                   schools=picked, train_tiers=tiers, train_forms=forms, allowed_schools=scope)


def current() -> Filters:
    """The filters drawn by ``sidebar()`` in this run (pages call this)."""
    return scope_filters(st.session_state.get("_filters") or Filters())
