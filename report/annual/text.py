"""Sentence templates (report/templates/annual_<lang>.toml) filled with figures and names.

A template is ordinary text with ``{name}`` slots. A slot takes a ``Figure`` (written as
the figure says, and recorded in the 数据口径 appendix when the paragraph is written), a
name or label (text), or another filled template (a list of items). Filling keeps the
parts apart, so the appendix lists figures in the order a reader meets them.
"""
from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from report.annual.figures import Figure

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
Part = str | Figure


class TemplateError(ValueError):
    """A templates file names a slot the report does not fill, or misses a sentence."""


@dataclass(frozen=True)
class Text:
    parts: tuple[Part, ...] = ()

    def __add__(self, other: "Text | str") -> "Text":
        other = other if isinstance(other, Text) else Text((other,))
        return Text(self.parts + other.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def plain(self, lang: str) -> str:
        return "".join(p if isinstance(p, str) else p.shown(lang) for p in self.parts)

    def figures(self) -> list[Figure]:
        return [p for p in self.parts if isinstance(p, Figure)]


@dataclass(frozen=True)
class Block:
    """One piece of the document, in order: a heading, a paragraph (``edit``: marked for the
    leader to rewrite), a chart (PNG bytes and its caption) or a table (header, rows, note)."""

    kind: str  # title | h1 | h2 | p | chart | table | sign
    text: Text = Text()
    edit: bool = False
    image: bytes | None = None
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    note: Text = Text()
    widths: tuple[float, ...] = ()  # table column widths in mm (empty: equal)


def join(items: list[Text], sep: str) -> Text:
    out = Text()
    for i, item in enumerate(items):
        out = out + item if i == 0 else out + sep + item
    return out


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


class Templates:
    """The sentences of one language: ``fill("basic.training", person_times=…, …)``."""

    def __init__(self, lang: str = "zh", path: Path | None = None) -> None:
        self.lang = lang
        self.path = Path(path or TEMPLATES_DIR / f"annual_{lang}.toml")
        try:
            self.data = _load(str(self.path), self.path.stat().st_mtime)
        except FileNotFoundError as exc:
            raise TemplateError(f"找不到报告模板文件 {self.path} (templates file not found)") from exc
        except tomllib.TOMLDecodeError as exc:
            raise TemplateError(f"报告模板文件 {self.path} 格式有误：{exc} (templates file is not valid TOML)") from exc

    def raw(self, key: str):
        node = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise TemplateError(f"报告模板文件 {self.path.name} 缺少“{key}” (missing entry)")
            node = node[part]
        return node

    def label(self, kind: str, code: str) -> str:
        return self.raw(f"labels.{kind}").get(code, code)

    def word(self, key: str) -> str:
        return self.raw(f"words.{key}")

    def fill(self, key: str, **values) -> Text:
        """The template at ``key`` with its slots filled; every slot must be given."""
        template = self.raw(key)
        parts: list[Part] = []
        for literal, name, spec, _conv in string.Formatter().parse(template):
            if literal:
                parts.append(literal)
            if name is None:
                continue
            if name not in values:
                raise TemplateError(
                    f"报告模板“{key}”中的 {{{name}}} 不是可用的数据项；可用：{', '.join(sorted(values))}"
                    f" (unknown slot in {self.path.name})")
            value = values[name]
            if isinstance(value, Text):
                parts.extend(value.parts)
            elif isinstance(value, Figure):
                parts.append(value)
            else:
                parts.append(str(value))
        return Text(tuple(parts))

    def change(self, figure: Figure, unit: str, rate: bool = False) -> Text:
        """"增加 26 人" / "下降 1.2 个百分点" / "持平" / "上年无可比数据", by the sign."""
        if figure.value is None:
            return self.fill("words.change_unknown")
        kind = "rate" if rate else "count"
        direction = {1: "up", -1: "down", 0: "same"}[figure.sign()]
        if direction == "same":
            return self.fill("words.change_same")
        return self.fill(f"words.{kind}_{direction}", n=figure, unit=unit)

    def count_word(self, n: int) -> str:
        """Small counts in words (两个等次 / two grades); digits beyond the list."""
        words = self.raw("words.count_words")
        return words[n] if 0 <= n < len(words) else str(n)

    def ordinal(self, i: int) -> str:
        """The i-th (1-based) level-2 heading number: 一, 二 … / 1, 2 …"""
        words = self.raw("words.ordinals")
        return words[i - 1] if 0 < i <= len(words) else str(i)
