"""Find the header row of a raw sheet and recognise its kind from the headers.

The header may sit under title rows (``2024年教师参训情况统计表``) or be the second row of
a two-row header whose group cells are merged above it; a column whose label sits in the
upper row (merged down) takes it from there. Each kind's headers and aliases come from
``etl/aliases.toml`` through ``etl.fields``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from etl.fields import KindSpec, all_specs
from etl.identity import mask_text
from etl.normalize import clean_header


@dataclass(frozen=True)
class HeaderMatch:
    kind: str
    header_index: int              # 0-based row index of the header row in the sheet
    headers: tuple[str, ...]       # every column's header as found (cleaned), "" when empty
    columns: dict[str, int]        # field name -> column position


class HeaderError(Exception):
    """No header row or no kind could be recognised; the message is for the clerk."""


def _strip_unit(h: str) -> str:
    """'学时(小时)' -> '学时'; '完成学时（h）' -> '完成学时'."""
    return re.sub(r"[(（\[【].*?[)）\]】]$", "", h)


@functools.cache
def _known_headers() -> frozenset[str]:
    return frozenset(clean_header(a) for spec in all_specs().values() for f in spec.fields for a in f.headers)


def _cell_known(cell: object) -> bool:
    h = clean_header(cell)
    return bool(h) and (h in _known_headers() or _strip_unit(h) in _known_headers())


def find_header_row(head: list[list[object]]) -> int | None:
    """The row among the first rows with the most recognised header cells (at least 2).

    Cells are counted as merged_headers() sees them, so the lower row of a two-row header
    (group labels merged above, column labels below, single columns merged down from above)
    wins over its upper row. A row must hold at least two recognised labels of its own: a
    data row right under the header borrows every label from above, and one stray cell that
    happens to read like a header (a 备注 saying "学段") must not make it the header."""
    best, best_score = None, 1
    for i, row in enumerate(head):
        if sum(1 for c in row if _cell_known(c)) < 2:
            continue
        score = sum(1 for h in merged_headers(head, i) if _cell_known(h))
        if score > best_score:
            best, best_score = i, score
    return best


def merged_headers(head: list[list[object]], index: int) -> list[str]:
    """Header texts of row `index`; an empty or unknown cell borrows a known label from the row above."""
    row = head[index]
    above = head[index - 1] if index > 0 else []
    out = []
    for j, cell in enumerate(row):
        h = clean_header(cell)
        if (not h or not _cell_known(h)) and j < len(above) and _cell_known(above[j]):
            h = clean_header(above[j])
        out.append(mask_text(h))  # a data row taken for the header may hold ID numbers
    return out


def map_columns(spec: KindSpec, headers: list[str]) -> dict[str, int]:
    """Field -> column, each column used once, aliases tried in the order the alias file lists them."""
    exact = {h: j for j, h in reversed(list(enumerate(headers))) if h}
    loose = {_strip_unit(h): j for j, h in reversed(list(enumerate(headers))) if h}
    used: set[int] = set()
    out: dict[str, int] = {}
    for f in spec.fields:
        for alias in f.headers:
            a = clean_header(alias)
            j = exact.get(a, loose.get(a))
            if j is not None and j not in used:
                out[f.name] = j
                used.add(j)
                break
    return out


def missing_required(spec: KindSpec, columns: dict[str, int]) -> list[str]:
    """Canonical headers the sheet lacks for this kind ('A 或 B' for one-of groups)."""
    missing = [f.header for f in spec.fields if f.required and f.name not in columns]
    for group in spec.one_of:
        if not any(name in columns for name in group):
            missing.append(" 或 ".join(spec.field(n).header for n in group))
    return missing


def recognise(head: list[list[object]], kind: str | None = None) -> HeaderMatch:
    index = find_header_row(head)
    if index is None:
        raise HeaderError("找不到表头行：前 40 行里没有可识别的列名（如“身份证号”“项目编号”“学校代码”）。"
                          "请确认表头在数据上方，且列名与《数据约定》一致")
    headers = merged_headers(head, index)
    specs = all_specs()
    if kind is not None:
        if kind not in specs:
            raise HeaderError(f"未知的数据类型“{kind}”：可选 {', '.join(specs)}")
        columns = map_columns(specs[kind], headers)
        if missing := missing_required(specs[kind], columns):
            raise HeaderError(f"按“{specs[kind].label}”导入，但表头（第 {index + 1} 行）缺少必填列：{'、'.join(missing)}")
        return HeaderMatch(kind, index, tuple(headers), columns)
    candidates = []
    for name, spec in specs.items():
        columns = map_columns(spec, headers)
        missing = missing_required(spec, columns)
        candidates.append((not missing, len(columns), len(columns) / len(spec.fields), name, columns, missing))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
    ok, _, _, name, columns, missing = candidates[0]
    if not ok:
        # A "header" row may be a data row holding an ID number: never echo it in clear.
        shown = mask_text("、".join(h for h in headers if h))[:200]
        raise HeaderError(f"无法识别数据类型：表头（第 {index + 1} 行）为“{shown}”。最接近“{specs[name].label}”，"
                          f"但缺少必填列：{'、'.join(missing)}。请补齐列名，或用 --kind 指定类型")
    return HeaderMatch(name, index, tuple(headers), columns)
