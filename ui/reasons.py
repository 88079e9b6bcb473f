"""English for what the ETL writes in Chinese: reject reasons, warnings, load messages.

The ETL speaks the bureau's working language and the warehouse keeps its words
(``etl_reject.reason``, ``etl_warning.message``, ``etl_batch.message``); a reader of the
English interface gets them translated here, when they are shown and downloaded. Each of the
ETL's sentences is a Chinese pattern with named groups and an English sentence
(``ui.reasons_rows``: rows; ``ui.reasons_files``: files, sheets and loads). What a group holds
stays as written (a cell's value, a number, a file, sheet or header name), unless its name says
otherwise (see ``CONVERT``). A text no pattern knows is returned unchanged, never dropped;
a message made of several sentences joined by "；" is translated sentence by sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

from ui.i18n import CODES, lang
from ui.reasons_files import FILES
from ui.reasons_rows import ROWS

ROLES = {"填表说明": "instructions", "选项/字典表": "an options or dictionary sheet", "统计/汇总表": "a summary sheet"}
SOURCES = {"标题行": "the title row", "工作表名": "the sheet name", "文件名": "the file name"}
KIND_EN = {zh: en for zh, en in CODES["kind"].values()}
WHERE = re.compile(r"文件“(?P<file>[^”]*)”(?:的工作表“(?P<sheet>[^”]*)”|的工作表部件 (?P<part>\S+))?")


def _quoted(items: list[str]) -> str:
    return ", ".join(f"“{i}”" for i in items if i)


def _headers(value: str) -> str:
    """'学校代码、身份证号 或 教师编号' → '“学校代码”, “身份证号” or “教师编号”'."""
    items = re.split(r"”和“|、|，|, ", value)
    return ", ".join("“" + i.replace(" 或 ", "” or “") + "”" for i in items if i)


def _kind(value: str) -> str:
    return KIND_EN.get(value) or f"“{value}”"


def _kinds(value: str) -> str:
    """The kinds and their identifying columns: '学校名册（学校代码、学校名称）；教师名册（…）'."""
    parts = []
    for part in value.split("；"):
        m = re.fullmatch(r"(.+?)（(.*)）", part)
        parts.append(f"{_kind(m[1])} ({_headers(m[2])})" if m else english(part))
    return "; ".join(parts)


def _where(value: str) -> str:
    m = WHERE.fullmatch(value)
    if not m:
        return value
    sheet = f", sheet “{m['sheet']}”" if m["sheet"] is not None else f", sheet part {m['part']}" if m["part"] else ""
    return f"File “{m['file']}”{sheet}"


# A group's name (without trailing digits) says how its text is put into the English sentence.
CONVERT = {
    "t": lambda v: english(v),                            # a sentence of its own
    "l": _headers,                                        # header names joined by 、
    "k": _kind,                                           # a kind of data by its Chinese label
    "kl": lambda v: " and ".join(_kind(k) for k in v.split("”和“")),
    "kinds": _kinds,
    "w": _where,                                          # 文件“…”的工作表“…”
    "q": lambda v: f" “{v}”" if v else "",                # a column that may be empty
    "role": lambda v: ROLES.get(v, f"“{v}”"),
    "src": lambda v: SOURCES.get(v, f"“{v}”"),
    "place": lambda v: SOURCES.get(v, v).removeprefix("the "),    # after "from the" (ui.import_mapping)
    "choices": lambda v: _quoted(re.split("、", v)) or "the listed values",
    "files": lambda v: v.replace("、", ", "),
}
TEMPLATES = [(re.compile(zh), en) for zh, en in (*ROWS, *FILES)]


@lru_cache(maxsize=8192)
def english(reason: str) -> str:
    """The ETL's Chinese sentence in English; a text no template knows comes back unchanged."""
    if not isinstance(reason, str) or not reason.strip():
        return reason
    text = reason.strip()
    for pattern, en in TEMPLATES:
        if m := pattern.fullmatch(text):
            values = {name: CONVERT.get(name.rstrip("0123456789"), str)(value or "") for name, value in
                      m.groupdict().items()}
            return en.format(**values)
    if "\n" in text:
        return "\n".join(english(line) for line in text.split("\n"))
    if "；" in text:
        return "; ".join(english(part) for part in text.split("；") if part)
    return reason


def in_english(series: pl.Series) -> pl.Series:
    """Every text of a column translated, each distinct text once."""
    mapping = {t: english(t) for t in series.drop_nulls().unique().to_list()}
    return series.replace(mapping) if mapping else series


def shown(message: str) -> str:
    """A message in the reader's language (the ETL's Chinese, or English)."""
    return english(message) if lang() == "en" else message


def places(wheres: list[str]) -> str:
    """Sheets named by ``文件“…”的工作表“…”``, in the reader's language, as one list."""
    return "; ".join(map(english, wheres)) if lang() == "en" else "、".join(wheres)


def column(expr: pl.Expr) -> pl.Expr:
    """A text column of reasons or messages in the reader's language. ``lang()`` is read here,
    in the script's thread; the translation itself needs no session."""
    if lang() != "en":
        return expr
    return expr.map_batches(in_english, return_dtype=pl.String)
