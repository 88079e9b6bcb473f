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
from etl.kinds import FOREIGN, KINDS
from etl.normalize import clean_header


@dataclass(frozen=True)
class HeaderMatch:
    kind: str
    header_index: int              # 0-based row index of the header row in the sheet
    headers: tuple[str, ...]       # every column's header as found (cleaned), "" when empty
    columns: dict[str, int]        # field name -> column position
    why: str = ""                  # the identifying headers found, for the preview


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


def _declared(kind: str) -> dict:
    return KINDS[kind].model_config.get("json_schema_extra") or {}


@functools.cache
def _field_headers(name: str) -> frozenset[str]:
    """Every alias of a field name, across kinds (for ``never_with``)."""
    return frozenset(clean_header(a) for spec in all_specs().values() for f in spec.fields if f.name == name
                     for a in f.headers)


@functools.cache
def _distinctive(kind: str) -> frozenset[str]:
    """The headers of the kind that no other kind uses (完成学时 is participation's alone)."""
    specs = all_specs()
    others = {clean_header(a) for k, s in specs.items() if k != kind for f in s.fields for a in f.headers}
    return frozenset(clean_header(a) for f in specs[kind].fields for a in f.headers) - others


def _present(headers: list[str], wanted) -> list[str]:
    """The headers (as found) that are among `wanted` (cleaned texts), units stripped too."""
    return [h for h in headers if h and (h in wanted or _strip_unit(h) in wanted)]


@dataclass(frozen=True)
class Fit:
    """How one kind fits a header row: the identifying headers found, what is missing, what forbids it."""
    kind: str
    columns: dict[str, int]
    found: tuple[str, ...]       # headers that identify it
    missing: tuple[str, ...]     # one label per identify group without a column
    forbidden: tuple[str, ...]   # headers its never_with names

    @property
    def fits(self) -> bool:
        return not self.missing and not self.forbidden


def fit(kind: str, headers: list[str]) -> Fit:
    spec = all_specs()[kind]
    extra = _declared(kind)
    columns = map_columns(spec, headers)
    found, missing = [], []
    for group in extra.get("identify", ()):
        have = [n for n in group if n in columns]
        if have:
            found += [headers[columns[n]] for n in have]
        else:
            missing.append(" 或 ".join(spec.field(n).header for n in group))
    forbidden = [h for n in extra.get("never_with", ()) for h in _present(headers, _field_headers(n))]
    return Fit(kind, columns, tuple(dict.fromkeys(found)), tuple(missing), tuple(dict.fromkeys(forbidden)))


def foreign(headers: list[str]) -> tuple[str, list[str]] | None:
    """(label, the headers that show it) when the row is one of the look-alike lists of etl.kinds.FOREIGN."""
    for label, decl in FOREIGN.items():
        shown = [_present(headers, {clean_header(h) for h in group}) for group in decl["identify"]]
        if all(shown) and not _present(headers, {clean_header(h) for h in decl.get("never_with", ())}):
            return label, shown[-1]
    return None


def _kinds_list() -> str:
    specs = all_specs()
    parts = []
    for kind, spec in specs.items():
        groups = _declared(kind).get("identify", ())
        parts.append(f"{spec.label}（" + "、".join(" 或 ".join(spec.field(n).header for n in g) for g in groups) + "）")
    return "；".join(parts)


def _no_fit_message(index: int, headers: list[str], fits: list[Fit]) -> str:
    """Say what the sheet looks like and what that kind would need; name no kind when the evidence
    is even (the advice must never steer a file into a kind it is not)."""
    shown = mask_text("、".join(h for h in headers if h))[:200]  # a data row may hold ID numbers
    head = f"表头（第 {index + 1} 行）为“{shown}”，不符合任何一类数据，未导入。"
    score = {f.kind: len(f.found) + len(_present(headers, _distinctive(f.kind))) for f in fits}
    best = max(score.values())
    leaders = [f for f in fits if score[f.kind] == best]
    if best < 2 or len(leaders) > 1:
        return head + f"本系统导入的数据及其必备列：{_kinds_list()}。请核对这张表是哪一类，再按该类的列名整理"
    f = leaders[0]
    label = all_specs()[f.kind].label
    if f.forbidden:
        return head + (f"它像“{label}”，但有“{'、'.join(f.forbidden)}”列，{label}不会有这些列：这可能是另一种名单。"
                       f"若它确是{label}，请删去这些列后重新导入")
    return head + (f"它像“{label}”（有 {'、'.join(f.found)}），但{label}还需要：{'、'.join(f.missing)}。"
                   f"若它确是{label}，请补上这些列；若不是，这类数据不能导入本系统")


IDENTITY_FIELDS = ("id_number", "teacher_code", "name", "school_code", "school_name", "program_code", "award_name")


def has_identity(head: list[list[object]]) -> bool:
    """Whether the sheet's header names anything a data row of any kind is about (a teacher, a
    school, a programme, an award). An options sheet (性别 / 学段 / 职称 drop-down lists) does not."""
    index = find_header_row(head)
    if index is None:
        return False
    wanted = frozenset().union(*(_field_headers(n) for n in IDENTITY_FIELDS))
    return bool(_present(merged_headers(head, index), wanted))


def recognise(head: list[list[object]], kind: str | None = None) -> HeaderMatch:
    """The kind of a sheet from what identifies each kind (``etl.kinds``), never from overlap.

    Raises ``HeaderError`` (a message for the clerk) when no header row is found, when the
    sheet is a look-alike list this system does not load, fits no kind, or fits two."""
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
        return HeaderMatch(kind, index, tuple(headers), columns, f"按指定类型“{specs[kind].label}”导入")
    if (other := foreign(headers)) is not None:
        label, shown = other
        raise HeaderError(f"表头（第 {index + 1} 行）有“{'、'.join(shown)}”列：这是{label}，{label}不是本系统的数据类型，"
                          f"未导入。请不要为导入而增删它的列；其中的信息（如职称、学校）若需更新，请在教师名册中更正后导入名册")
    fits = [fit(k, headers) for k in specs]
    ok = [f for f in fits if f.fits]
    if len(ok) > 1:
        names = "”和“".join(specs[f.kind].label for f in ok)
        raise HeaderError(f"表头（第 {index + 1} 行）同时符合“{names}”，无法判断是哪一类，未导入："
                          f"请把两类数据分成两张表（或两个工作表），或用 --kind（导入页：数据类型）指定")
    if not ok:
        raise HeaderError(_no_fit_message(index, headers, fits))
    [f] = ok
    if missing := missing_required(specs[f.kind], f.columns):
        raise HeaderError(f"表头（第 {index + 1} 行）是“{specs[f.kind].label}”（有 {'、'.join(f.found)}），"
                          f"但缺少必填列：{'、'.join(missing)}。请补上这些列后重新导入")
    return _score_as_result(head, HeaderMatch(f.kind, index, tuple(headers), f.columns, f"有 {'、'.join(f.found)}"))


def _score_as_result(head: list[list[object]], match: HeaderMatch) -> HeaderMatch:
    """A participation list whose 成绩 column holds 优秀/合格/不合格 rather than numbers, and that has
    no result column, carries its result there: read it as the result (the head's rows decide)."""
    if match.kind != "participation" or "result" in match.columns or "score" not in match.columns:
        return match
    j = match.columns["score"]
    cells = [str(row[j]).strip() for row in head[match.header_index + 1:] if j < len(row) and row[j] not in (None, "")]
    labels = all_specs()["participation"].field("result").values or {}
    if not cells or sum(c in labels for c in cells) < 0.8 * len(cells):
        return match
    columns = {k: v for k, v in match.columns.items() if k != "score"} | {"result": j}
    why = f"{match.why}；“{match.headers[j]}”列填的是合格、不合格等，按考核结果导入"
    return HeaderMatch(match.kind, match.header_index, match.headers, columns, why)
