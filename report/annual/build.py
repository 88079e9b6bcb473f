"""The year-end report's content, in order: title, 一 to 四, 附表, 数据口径.

``build(con, scope, lang)`` reads the warehouse through ``warehouse/queries`` and returns a
``Report``: blocks of text (figures kept as ``Figure`` objects), chart images and tables.
``report.annual.document`` writes it as .docx.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from report.annual import charts, problems, sections
from report.annual.figures import Figure
from report.annual.scope import Scope
from report.annual.sections import Context
from report.annual.text import Block, Templates, Text
from settings import TRAIN_TIERS
from warehouse.queries import annual, coverage, overview

BODY_SECTIONS = ("basic", "results", "problems", "plans")


@dataclass
class Report:
    scope: Scope
    lang: str
    title: Text
    blocks: list[Block]
    loaded_at: dt.datetime | None
    chart_font: str | None

    def body_figures(self) -> list[Figure]:
        """Every figure of sections 一 to 四, in reading order (the 数据口径 appendix)."""
        return [f for b in self.blocks if b.kind in ("p", "h2") for f in b.text.figures()]


def _pct(v) -> str:
    return "—" if v is None else f"{v * 100:.1f}"


def _count(v, lang) -> str:
    return "—" if v is None else (f"{int(v):,}" if lang == "en" else str(int(v)))


def tables(c: Context, loaded: str) -> list[Block]:
    t, f, lang = c.t, c.filters, c.lang
    tiers = coverage.coverage_by(c.con, f, by="train_tier")
    rows = tuple((t.label("train_tier", r["train_tier"]), _count(r["person_times"], lang),
                  _count(r["trained_teachers"], lang), _pct(r["coverage"]), _pct(r["pass_rate"]))
                 for r in tiers.iter_rows(named=True))
    note = lambda src: t.fill("appendix.source_note", source=src, loaded=loaded)  # noqa: E731
    out = [Block("table", t.fill("appendix.tier_table", year=c.year()), header=tuple(t.raw("appendix.tier_header")),
                 rows=rows, note=note("coverage.coverage_by(by=train_tier)"))]
    schools = coverage.coverage_by(c.con, f, by="school").filter(pl.col("roster_teachers") > 0)
    rows = tuple((r["school_name"], _count(r["roster_teachers"], lang), _count(r["person_times"], lang),
                  _pct(r["coverage"]), _pct(r["pass_rate"]),
                  "—" if r["hours_per_teacher"] is None else f"{r['hours_per_teacher']:.1f}")
                 for r in schools.iter_rows(named=True))
    out.append(Block("table", t.fill("appendix.school_table", year=c.year()),
                     header=tuple(t.raw("appendix.school_header")), rows=rows,
                     note=note("coverage.coverage_by(by=school)"), widths=(40, 22, 22, 24, 24, 24)))
    ratings, named = annual.school_ratings(c.con, f), annual.rated_schools(c.con, f)
    rows = tuple((t.label("rating", r["rating"]), _count(r["schools"], lang),
                  t.word("list_sep").join(named.filter(pl.col("rating") == r["rating"])["school_name"].to_list()))
                 for r in ratings.iter_rows(named=True) if r["schools"])
    out.append(Block("table", t.fill("appendix.rating_table", year=c.year()),
                     header=tuple(t.raw("appendix.rating_header")), rows=rows, widths=(24, 24, 108),
                     note=note("annual.school_ratings, annual.rated_schools")))
    return out


def _charts(c: Context) -> tuple[Block, Block | None]:
    t, f = c.t, c.filters
    head = c.head
    values = [head[f"person_times_{tier}"][0] for tier in TRAIN_TIERS]
    png = charts.bars([t.label("train_tier", tier) for tier in TRAIN_TIERS], values,
                      [_count(v, c.lang) for v in values], "", t.raw("basic.chart_tiers_x"),
                      t.raw("basic.chart_tiers_axis"))
    tier_chart = Block("chart", t.fill("basic.chart_tiers", year=c.year()), image=png)
    trend = overview.yearly_trend(c.con, f.replace(year=None, year_to=c.scope.year))
    if trend.height < 2:
        return tier_chart, None
    png = charts.lines(trend["year"].to_list(),
                       {t.raw("results.chart_coverage"): trend["coverage"].to_list(),
                        t.raw("results.chart_pass"): trend["pass_rate"].to_list()},
                       "", t.raw("results.chart_trend_x"), t.raw("results.chart_trend_axis"))
    return tier_chart, Block("chart", t.fill("results.chart_trend"), image=png)


def build(con: duckdb.DuckDBPyConnection, scope: Scope, lang: str = "zh",
          templates: Path | None = None, today: dt.date | None = None) -> Report:
    t = Templates(lang, templates)
    c = Context(con, scope, t)
    loaded_at = annual.loaded_at(con)
    loaded = loaded_at.strftime("%Y-%m-%d %H:%M") if loaded_at else "—"
    named = "" if scope.level == "county" else t.fill("meta.title_scope", name=c.scope_word)
    title = t.fill("meta.title", scope=named, year=scope.year)
    tier_chart, trend_chart = _charts(c)
    found = problems.find(c)
    blocks = [Block("title", title), Block("h1", Text((t.raw("headings.basic"),)))]
    blocks += sections.training(c) + [tier_chart] + sections.honours(c) + sections.ratings(c)
    blocks += [Block("h1", Text((t.raw("headings.results"),)))] + sections.results(c)
    blocks += [trend_chart] if trend_chart else []
    blocks += [Block("h1", Text((t.raw("headings.problems"),)))] + problems.problem_blocks(c, found)
    blocks += [Block("h1", Text((t.raw("headings.plans"),)))] + problems.plan_blocks(c, found)
    org = t.raw("meta.org")
    day = today or dt.date.today()
    if org:
        blocks.append(Block("sign", Text((org,))))
    blocks.append(Block("sign", t.fill("meta.date", year=day.year, month=day.month, day=day.day)))
    blocks += [Block("h1", Text((t.raw("headings.appendix"),)))] + tables(c, loaded)
    return Report(scope, lang, title, blocks, loaded_at, charts.font_name())
