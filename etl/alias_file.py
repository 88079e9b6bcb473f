"""Teach the loader a header: add it to a field's list in ``etl/aliases.toml``.

The import page's column mapping saves what the clerk chose here, so the next file with
that header loads without asking. The file is edited as text, one line, so its comments and
order stay as the people who maintain it wrote them; the result is parsed again before it
replaces the file, and the alias caches are cleared.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from pathlib import Path

from etl.normalize import clean_header
import settings

MAX_HEADER = 40


class AliasError(ValueError):
    """The alias cannot be saved; the message is for the clerk."""


def _check(header: str) -> str:
    h = clean_header(header)
    if not h:
        raise AliasError("列名是空的：无法保存为别名")
    if len(h) > MAX_HEADER:
        raise AliasError(f"列名超过 {MAX_HEADER} 个字：这不像表头，未保存")
    if re.search(r"\d{6,}", h):
        raise AliasError("列名里有一长串数字（可能是身份证号或数据行）：这不像表头，未保存")
    return h


def add_header_alias(kind: str, field: str, header: str) -> bool:
    """Append `header` to [headers.<kind>].<field> of ``settings.ALIASES_FILE``. False when it
    was already there."""
    from etl import fields, headers

    path = Path(settings.ALIASES_FILE)
    h = _check(header)
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    known = data.get("headers", {}).get(kind, {})
    if field not in known:
        raise AliasError(f"“{kind}”没有字段“{field}”")
    if h in {clean_header(a) for a in known[field]}:
        return False
    section = re.search(rf"^\[headers\.{re.escape(kind)}\]\s*$", text, re.M)
    line = re.compile(rf"^({re.escape(field)} = \[.*?)\]\s*$", re.M)
    end = re.search(r"^\[", text[section.end():], re.M) if section else None
    stop = section.end() + end.start() if end else len(text)
    found = line.search(text, section.end(), stop) if section else None
    if found is None:
        raise AliasError(f"别名文件中找不到 [headers.{kind}] 的 {field} 一行：请由管理员手工添加")
    new = text[:found.end(1)] + ", " + json.dumps(h, ensure_ascii=False) + "]" + text[found.end():]
    if h not in tomllib.loads(new)["headers"][kind][field]:  # never write a file that does not say it
        raise AliasError("别名未能写入：请由管理员手工添加")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".aliases-", suffix=".toml")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(new)
    os.replace(tmp, path)
    fields.load_aliases.cache_clear()
    fields.all_specs.cache_clear()
    for cached in ("_known_headers", "_field_headers", "_distinctive"):
        if hasattr(getattr(headers, cached, None), "cache_clear"):
            getattr(headers, cached).cache_clear()
    return True
