"""Every label the dashboard shows, in Simplified Chinese (default) and English.

The warehouse stores codes in English (``national``, ``primary`` …); this module is the one
place that turns them into words. The language is the sidebar switch, bound to the URL
(``?lang=English``) so a copied link opens in the same language.
"""
from __future__ import annotations

import streamlit as st

from ui.texts import TEXT
from warehouse import codebook

LANG_KEY = "lang"
LANG_OPTIONS = ("中文", "English")  # what the switch shows and what the URL holds


def lang() -> str:
    """``"zh"`` or ``"en"``, from the sidebar switch (Chinese until the switch says otherwise)."""
    try:
        chosen = st.session_state.get(LANG_KEY)
    except Exception:  # outside a Streamlit run (plain Python, exports in tests)
        chosen = None
    return "en" if chosen == "English" else "zh"


# Code → (zh, en) label, per code list, in order: read from the one codebook (warehouse/codebook.csv).
CODES: dict[str, dict[str, tuple[str, str]]] = {name: codebook.labels(name) for name in codebook.lists()}
# A program without a training form is counted as "unknown" (form_school_year).
CODES["form"] = {**CODES["form"], "unknown": ("未填", "Not given")}


CODES["comparison_group"].update(CODES["stage"])  # a ranking group is a stage, or all schools


def label(kind: str, code) -> str:
    """The label of a code (``label("train_tier", "national")`` → ``"国培"``).

    An unknown or empty code is shown as itself (or "未填" / "not given"), never dropped.
    """
    if code is None or code == "":
        return text("not_given")
    if isinstance(code, bool):
        code = "true" if code else "false"
    pair = CODES.get(kind, {}).get(str(code))
    if pair is None:
        return str(code)
    return pair[0] if lang() == "zh" else pair[1]


def labeller(kind: str):
    """A ``format_func`` for widgets whose options are codes of ``kind``."""
    return lambda code: label(kind, code)


def text(key: str, **values) -> str:
    """The interface text for ``key`` in the current language, with ``{placeholders}`` filled."""
    zh, en = TEXT[key]
    chosen = zh if lang() == "zh" else en
    return chosen.format(**values) if values else chosen
