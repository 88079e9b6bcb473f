"""Whose report: the county, a township or a school, narrowed to what the reader may see.

The access rules are those of the dashboard (``access.user.User.scope``): a school account
gets its own school's report whatever it asks for; a county-wide reader may ask for the
county, a township or any school. Every query then runs with ``allowed_schools`` set, so
no path leads to another school's rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb

from warehouse.queries.options import schools as school_list, years as year_list
from warehouse.filters import Filters

Level = Literal["county", "township", "school"]


class ReportError(ValueError):
    """Something the person asking can fix (the message says what, in Chinese and English)."""


@dataclass(frozen=True)
class Scope:
    level: Level
    year: int
    township: str = ""
    school_code: str = ""
    school_name: str = ""
    allowed_schools: frozenset[str] | None = None

    @property
    def filters(self) -> Filters:
        """The filters of the report's year (every query of the report starts from these)."""
        return Filters(year=self.year, townships=(self.township,) if self.level == "township" else (),
                       schools=(self.school_code,) if self.level == "school" else (),
                       allowed_schools=self.allowed_schools)

    @property
    def slug(self) -> str:
        """A file-name part: 全县 / the township / the school."""
        return {"county": "", "township": self.township, "school": self.school_name}[self.level]


def resolve(con: duckdb.DuckDBPyConnection, year: int, township: str | None = None,
            school: str | None = None, allowed_schools: frozenset[str] | None = None) -> Scope:
    """The report's scope from what was asked (a school by code or name) and who asks.

    Raises ``ReportError`` for an unknown school or township, a year without data, or a
    reader who may see no school.
    """
    if allowed_schools is not None and not allowed_schools:
        raise ReportError("当前账号没有可查看的学校，不能生成报告 (this account may see no school)")
    visible = school_list(con, Filters(allowed_schools=allowed_schools))
    years = year_list(con, Filters(allowed_schools=allowed_schools))["year"].to_list()
    if year not in years:
        shown = "、".join(str(y) for y in sorted(years)) or "无"
        raise ReportError(f"{year}年没有名册或参训数据，可选年度：{shown} (no data for {year})")
    rows = visible.to_dicts()
    if allowed_schools is not None and len(allowed_schools) == 1:
        # A school account: its own school's report, whatever was asked.
        if not rows:
            raise ReportError("当前账号的学校不在学校名册中，不能生成报告 (the account's school is not on the school list)")
        row = rows[0]
        return Scope("school", year, row["township"] or "", row["school_code"], row["school_name"],
                     allowed_schools)
    if school:
        wanted = school.strip()
        hits = [r for r in rows if wanted in (r["school_code"], r["school_name"])]
        if not hits:
            raise ReportError(f"没有找到学校“{wanted}”（请写学校代码或学校全称）(no such school)")
        if len(hits) > 1:
            codes = "、".join(r["school_code"] for r in hits)
            raise ReportError(f"有{len(hits)}所学校叫“{wanted}”，请改写学校代码：{codes} (ambiguous school name)")
        row = hits[0]
        return Scope("school", year, row["township"] or "", row["school_code"], row["school_name"],
                     allowed_schools)
    if allowed_schools is not None:
        raise ReportError("该账号可查看多所学校，请用 --school 指定其中一所 (choose one of your schools)")
    if township:
        wanted = township.strip()
        known = sorted({r["township"] for r in rows if r["township"]})
        if wanted not in known:
            raise ReportError(f"没有找到乡镇“{wanted}”，可选：{'、'.join(known)} (no such township)")
        return Scope("township", year, township=wanted)
    return Scope("county", year)
