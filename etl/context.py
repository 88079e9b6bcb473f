"""What a file does not say itself: the year of a roster snapshot, the programme of a list.

The national system's 教职工基础信息 export has no 年度 (it is a snapshot), and a platform's
参训学员名单 / 结业名单 / 参培人员成绩单 names its programme only in its title, or not at all.
The clerk says it (``--year``, ``--program CODE``; on the import page, a year box and a
programme picker), or the title does (``2024年教职工花名册``; a known programme's name in
the title row). Either way the value becomes a column of the sheet (年度, 项目编号, and for a
list without hours, 完成学时 = the programme's hours), so recognition, validation, preview
and rejects treat it like any other column, and the summary says where it came from.
Nothing is guessed silently: a sheet that needs a value no one gave is refused, saying how
to give it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass

import polars as pl

from etl.fields import all_specs
from etl.headers import HeaderError, HeaderMatch, find_header_row, map_columns, merged_headers, recognise
from etl.normalize import clean_header
from etl.read import RawSheet

YEAR_IN_TITLE = r"((?:19|20)\d{2})\s*(?:学年|年度|年)"


@dataclass(frozen=True)
class Given:
    """What the clerk said for files that do not say it (None: not said)."""
    year: int | None = None
    program: str | None = None


@dataclass(frozen=True)
class Programme:
    code: str
    name: str
    year: int | None
    hours: float | None


def sources(sheet: RawSheet, header_index: int) -> list[tuple[str, str]]:
    """(where, text): the title rows above the header, the sheet's name, the file's name."""
    above = " ".join(str(c).strip() for row in sheet.head[:header_index] for c in row if c not in (None, ""))
    return [("标题行", above), ("工作表名", sheet.sheet or ""), ("文件名", sheet.path.stem)]


def year_source(sheet: RawSheet, header_index: int) -> tuple[int, str] | None:
    """(year, where it was read), from the first of `sources` that has one."""
    for where, text in sources(sheet, header_index):
        if (year := year_in(text)) is not None:
            return year, f"{where}“{text[:60]}”"
    return None


def year_in(title: str) -> int | None:
    found = re.search(YEAR_IN_TITLE, title)
    return int(found.group(1)) if found else None


def with_columns(sheet: RawSheet, header_index: int, columns: dict[str, str], suffix: str) -> RawSheet:
    """The sheet with constant columns appended: the label on the header row, the value below.
    `suffix` names the sheet apart (a roster loaded for 2023 and again for 2024 are two
    snapshots, not a new version of one), and enters its fingerprint."""
    width = len(sheet.head[header_index])  # the body has the header row's width (CSV rows may be ragged)

    def extend(row: list, i: int) -> list:
        cells = list(columns) if i == header_index else list(columns.values()) if i > header_index else [None] * len(columns)
        return (list(row) + [None] * width)[:width] + cells

    head = [extend(row, i) for i, row in enumerate(sheet.head)]
    original = sheet.load_rows

    def load_rows(skip: int) -> pl.DataFrame:
        body = original(skip)
        index = pl.int_range(skip, skip + body.height, dtype=pl.Int64)
        added = [pl.when(index == header_index).then(pl.lit(label)).when(index > header_index).then(pl.lit(value))
                 .otherwise(None).cast(pl.String).alias(f"_given{k}") for k, (label, value) in enumerate(columns.items())]
        return body.with_columns(added)

    digest = hashlib.sha256(f"{sheet.sha256}|{sorted(columns.items())}".encode()).hexdigest()
    name = f"{sheet.sheet}·{suffix}" if sheet.sheet else suffix
    return dataclasses.replace(sheet, sheet=name, head=head, sha256=digest, load_rows=load_rows)


class Supplied(HeaderMatch):
    """A match whose sheet was given a column by the clerk or its title; `given` says which."""


def _noted(match: HeaderMatch, note: str) -> HeaderMatch:
    out = Supplied(**{f.name: getattr(match, f.name) for f in dataclasses.fields(match)})
    object.__setattr__(out, "given", note)
    return out


def _try(sheet: RawSheet, kind: str | None, want: str) -> HeaderMatch | None:
    try:
        match = recognise(sheet.head, kind)
    except HeaderError:
        return None
    return match if match.kind == want else None


def supply_year(sheet: RawSheet, kind: str | None, given: Given) -> tuple[RawSheet, HeaderMatch] | None:
    """A roster without 年度, given its year by --year or by its title; None if it is not one."""
    index = find_header_row(sheet.head)
    if index is None or kind not in (None, "roster"):
        return None
    year, where = (given.year, "--year（导入页：年度）") if given.year else (year_source(sheet, index) or (None, ""))
    probe = with_columns(sheet, index, {"年度": str(year or 2000)}, "probe")
    if _try(probe, kind, "roster") is None:
        return None
    if year is None:
        raise HeaderError("这是一份没有“年度”列的教师名册（全国教师管理信息系统导出的是当时的快照），标题里也没有年份："
                          "请用 --year 指定年度（导入页：填写年度），例如 --year 2024")
    supplied = with_columns(sheet, index, {"年度": str(year)}, f"{year}年度")
    return supplied, _noted(recognise(supplied.head, kind), f"年度 {year}：取自{where}")


def supply_program(sheet: RawSheet, kind: str | None, given: Given,
                   known: list[Programme]) -> tuple[RawSheet, HeaderMatch] | None:
    """A participation list without 项目编号, given its programme by --program or by a known
    programme's name in its title; None if it is not such a list."""
    index = find_header_row(sheet.head)
    if index is None or kind not in (None, "participation") or _other_list(merged_headers(sheet.head, index)):
        return None
    extra = {"项目编号": "probe"}
    if _try(with_columns(sheet, index, extra, "probe"), kind, "participation") is None:
        extra["完成学时"] = "0"
        if _try(with_columns(sheet, index, extra, "probe"), kind, "participation") is None:
            return None
    by_code = {p.code: p for p in known}
    if given.program:
        chosen, how = by_code.get(given.program), f"--program {given.program}（导入页：所选项目）"
        if chosen is None:
            raise HeaderError(f"--program 指定的项目编号“{given.program}”不在培训项目中：请先导入该项目（或一并导入培训项目文件），"
                              "或核对编号")
    else:
        found = [(where, text, p) for where, text in sources(sheet, index) if (p := match_title(text, known))]
        chosen, how = (found[0][2], f"{found[0][0]}“{found[0][1][:60]}”中的项目名称") if found else (None, "")
    if chosen is None:
        raise HeaderError("这是一份没有“项目编号”列的名单（参训学员名单、结业名单或成绩单），标题里也找不到已知的项目名称："
                          "请用 --program 项目编号 指定它属于哪个项目（导入页：选择项目）")
    columns = {"项目编号": chosen.code}
    note = f"项目 {chosen.code}（{chosen.name}）：取自{how}"
    if "完成学时" in extra:
        if chosen.hours is None:
            raise HeaderError(f"名单没有学时列，项目 {chosen.code} 的学时也未知：请在名单中加“完成学时”列")
        columns["完成学时"] = f"{chosen.hours:g}"
        note += f"；名单没有学时列，每人按项目学时 {chosen.hours:g} 计（未结业者不计入学时统计）"
    supplied = with_columns(sheet, index, columns, chosen.code)
    return supplied, _noted(recognise(supplied.head, kind), note)


def _other_list(headers: list[str]) -> bool:
    """An award or rating list missing a column is refused as it is, never turned into a 名单."""
    specs = all_specs()
    return any(name in map_columns(specs[kind], headers) for kind, name in (("award", "award_name"),
                                                                           ("school_rating", "rating")))


def match_title(title: str, known: list[Programme]) -> Programme | None:
    """The known programme whose name the title contains (the longest such name; when one name
    belongs to programmes of several years, the title's year decides). None when none or unclear."""
    text = clean_header(title)
    hits = [p for p in known if len(clean_header(p.name)) >= 4 and clean_header(p.name) in text]
    if not hits:
        return None
    longest = max(len(clean_header(p.name)) for p in hits)
    hits = [p for p in hits if len(clean_header(p.name)) == longest]
    if len(hits) > 1 and (year := year_in(title)):
        hits = [p for p in hits if p.year == year]
    return hits[0] if len({p.code for p in hits}) == 1 else None
