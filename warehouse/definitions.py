"""Metric definitions as the dashboard shows them, read from the SQL files' headers.

Each ``warehouse/sql/metrics/<view>.sql`` opens with a comment block: a ``[zh]`` part in
Chinese and an ``[en]`` part in English, each naming the grain and, per measure (lines
starting with ``·``), its numerator, denominator and unit. This module returns that text
so the UI never retypes a definition.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Literal

from warehouse.schema import view_files

Lang = Literal["zh", "en"]
BULLET = "·"


def views() -> list[str]:
    """Names of the metric views (the SQL file stems), sorted."""
    return [p.stem for p in view_files()]


@lru_cache(maxsize=None)
def _header(view: str) -> dict[str, tuple[str, ...]]:
    paths = {p.stem: p for p in view_files()}
    if view not in paths:
        raise KeyError(f"没有这个指标视图 (no metric view named) {view!r}")
    parts: dict[str, list[str]] = {"zh": [], "en": []}
    lang: str | None = None
    for line in paths[view].read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break  # the header is the leading comment block
        text = line[2:].strip()
        for tag in ("zh", "en"):
            if text.startswith(f"[{tag}]"):
                lang, text = tag, text[len(tag) + 2:].strip()
        if lang is not None and text:
            parts[lang].append(text)
    return {k: tuple(v) for k, v in parts.items()}


def definition(view: str, lang: Lang = "zh") -> str:
    """The whole header of ``view`` in one language: title line, grain, one line per measure."""
    return "\n".join(_header(view)[lang])


def title(view: str, lang: Lang = "zh") -> str:
    """The first header line, the view's name in words."""
    lines = _header(view)[lang]
    return lines[0] if lines else view


def measure(view: str, column: str, lang: Lang = "zh") -> str | None:
    """The definition line of one measure column (without its bullet), or None."""
    for line in _header(view)[lang]:
        if line.startswith(BULLET):
            body = line[len(BULLET):].strip()
            name = body.split()[0].rstrip(":：")
            if column in name.split("/"):
                return body
    return None
