"""Every label the dashboard shows, in Simplified Chinese (default) and English.

The warehouse stores codes in English (``national``, ``primary`` …); ``label()`` turns them
into words from the codebook (warehouse/codebook.csv). ``text()`` reads every other word of
the interface from one catalogue, ``ui/text.toml``. The language is the sidebar switch, bound to the URL
(``?lang=English``) so a copied link opens in the same language.
"""
from __future__ import annotations

import functools
import tomllib
from contextvars import ContextVar
from pathlib import Path

import streamlit as st

from warehouse import codebook

LANG_KEY = "lang"
LANG_OPTIONS = ("中文", "English")  # what the switch shows and what the URL holds
# The language of a download built on click, outside the script run (``ui.reader.as_reader``).
CARRIED: ContextVar[str | None] = ContextVar("carried_language", default=None)


def lang() -> str:
    """``"zh"`` or ``"en"``, from the sidebar switch (Chinese until the switch says otherwise)."""
    if (carried := CARRIED.get()) is not None:
        return carried
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


CATALOGUE = Path(__file__).with_name("text.toml")  # every interface text, zh and en


@functools.cache
def catalogue() -> dict[str, dict[str, tuple[str, str]]]:
    """``ui/text.toml``, read once: section → key → (中文, English)."""
    with CATALOGUE.open("rb") as fh:
        data = tomllib.load(fh)
    return {section: {key: (entry["zh"], entry["en"]) for key, entry in entries.items()}
            for section, entries in data.items()}


def pairs(section: str) -> dict[str, tuple[str, str]]:
    """One section of the catalogue as key → (中文, English) (column headers, units …)."""
    return catalogue()[section]


def text(key: str, **values) -> str:
    """The interface text for ``key`` in the current language, with ``{placeholders}`` filled.
    ``key`` is a key of the catalogue's ``main`` section, or ``section.key`` for another one."""
    section, _, name = key.rpartition(".")
    zh, en = catalogue()[section or "main"][name]
    chosen = zh if lang() == "zh" else en
    return chosen.format(**values) if values else chosen
