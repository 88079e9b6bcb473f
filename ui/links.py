"""Copied links: a URL's values may be codes (``?stage=junior``) or labels in either
language (``?stage=初中``, ``?stage=Junior+secondary``); each is turned into its code before
the widget is drawn. A value that names nothing is never replaced silently by another
choice: the page says which value was ignored and what it shows instead.

Streamlit's ``bind="query-params"`` then keeps the choice in the address as the label of
the current language, and the language switch relabels it (``ui.filters._relabel``).
"""
from __future__ import annotations

from typing import Iterable

import streamlit as st

from ui.i18n import CODES, text

PROBLEMS = "_link_problems"


def lookup(options: Iterable, kind: str | None = None, names: dict | None = None) -> dict[str, object]:
    """URL text → option: the option itself, its labels in both languages, its display name."""
    found: dict[str, object] = {}
    for option in options:
        found[str(option)] = option
        if kind and option in CODES.get(kind, {}):
            for word in CODES[kind][option]:
                found[word] = option
        if names and option in names:
            found[str(names[option])] = option
    return found


def raw(key: str) -> list[str]:
    """The link's values for ``key`` (empty when it has none)."""
    return [v for v in st.query_params.get_all(key) if v != ""]


def seed(key: str, options: Iterable, *, field: str, kind: str | None = None, names: dict | None = None,
         multi: bool = True, quiet: bool = False) -> list[str]:
    """On the session's first run, set widget ``key`` from the link (codes or labels in
    either language) before it is drawn; return the values that matched nothing (noted for the
    page unless ``quiet``: the caller says it better)."""
    if key in st.session_state:
        return []
    values = raw(key)
    if not values:
        return []
    table = lookup(options, kind, names)
    good = [table[v] for v in values if v in table]
    bad = [v for v in values if v not in table]
    if good:
        st.session_state[key] = list(dict.fromkeys(good)) if multi else good[-1]
    if bad and not quiet:
        note(text("bad_value", field=field, values="、".join(f"“{v}”" for v in bad)))
    return bad


def _seed_parsed(key: str, field: str, parse) -> None:
    """``seed`` for a box whose link value needs ``parse`` (None: not a value it takes); a bad
    value is named beside the box it concerns (the title's notes are already drawn)."""
    if key in st.session_state or not (values := raw(key)):
        return
    value = parse(values[-1].strip())
    if value is None:
        st.warning(text("bad_value", field=field, values=f"“{values[-1]}”"), icon=":material/link_off:")
    else:
        st.session_state[key] = value


def seed_number(key: str, *, field: str, minimum: int = 1) -> None:
    """``seed`` for a whole-number box (a list's page): a number of at least ``minimum``."""
    _seed_parsed(key, field, lambda v: int(v) if v.isdigit() and int(v) >= minimum else None)


FLAGS = {"true": True, "1": True, "是": True, "yes": True, "false": False, "0": False, "否": False, "no": False}


def seed_flag(key: str, *, field: str) -> None:
    """``seed`` for a switch: true/false (1/0, 是/否) in the link."""
    _seed_parsed(key, field, lambda v: FLAGS.get(v.lower()))


def keep(key: str, value) -> None:
    """Write a page choice into the address as its code (``bind="query-params"`` would write the
    label the reader sees, in their language); a list keeps each code."""
    values = [str(v) for v in value] if isinstance(value, (list, tuple)) else ([] if value is None else [str(value)])
    if st.query_params.get_all(key) != values:
        if values:
            st.query_params[key] = values if isinstance(value, (list, tuple)) else values[0]
        else:
            st.query_params.pop(key, None)


def note(message: str) -> None:
    """A problem with the link, shown under the page title (``show``)."""
    st.session_state.setdefault(PROBLEMS, []).append(message)


def show() -> None:
    """The link's problems of this run, as warnings (then forgotten)."""
    for message in st.session_state.pop(PROBLEMS, []):
        st.warning(message, icon=":material/link_off:")
