"""一、基本情况 and 二、主要成效: the year's figures in the templates' sentences.

Every number is a ``Figure`` read from a query function of ``warehouse/queries`` (person-
times and awards from ``overview.headline``, forms and ratings from ``annual``, changes
from ``annual.*_change``, the cycle from ``cycle``, promotions from ``progression``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import duckdb
import polars as pl

from report.annual.figures import Figure, Source, from_frame
from report.annual.scope import Scope
from report.annual.text import Block, Templates, Text, join
from settings import AWARD_LEVELS, TRAIN_TIERS
from warehouse import definitions
from warehouse.queries import annual, cycle, figures, overview, progression


@dataclass
class Context:
    con: duckdb.DuckDBPyConnection
    scope: Scope
    t: Templates

    @property
    def lang(self) -> str:
        return self.t.lang

    @property
    def filters(self):
        return self.scope.filters

    def define(self, view: str, column: str, prefix: str = "") -> str:
        """The metric's definition line from its SQL header (``warehouse.definitions``)."""
        line = definitions.measure(view, column, self.lang) or definitions.title(view, self.lang)
        return (self.t.raw(f"appendix.{prefix}") if prefix else "") + line

    def year(self, value: int | None = None) -> Figure:
        v = self.scope.year if value is None else value
        return Figure("year", v, "year", Source(None, value=v, origin="--year"), self.t.raw("appendix.year_definition"))

    @cached_property
    def scope_word(self) -> str:
        s = self.scope
        if s.level == "county":
            return self.t.raw("meta.scope_county")
        if s.level == "township":
            return self.t.fill("meta.scope_township", township=s.township).plain(self.lang)
        return self.t.fill("meta.scope_school", school=s.school_name).plain(self.lang)

    @cached_property
    def head(self) -> pl.DataFrame:
        return annual.headline_change(self.con, self.filters)

    def headline(self, column: str, view: str, measure: str, kind: str = "count", prefix: str = "") -> Figure:
        return from_frame(self.head, column, kind, annual.headline_change, self.filters, column,
                          definition=self.define(view, measure, prefix))


def training(c: Context) -> list[Block]:
    t, f = c.t, c.filters
    tiers = [t.fill("basic.tier_item", tier=t.label("train_tier", tier),
                    n=c.headline(f"person_times_{tier}", "metric_tier_year", "person_times"))
             for tier in TRAIN_TIERS]
    forms_frame = annual.person_times_by_form(c.con, f)
    forms = [t.fill("basic.form_item", form=t.label("form", form),
                    n=from_frame(forms_frame, f"person_times_{form}", "count", annual.person_times_by_form, f,
                                 "person_times", {"form": form},
                                 c.define("metric_school_year", "person_times", "form_definition")))
             for form in t.raw("basic.forms")]
    first = t.fill("basic.training", scope=c.scope_word,
                   person_times=c.headline("person_times", "metric_school_year", "person_times"),
                   tier_list=join(tiers, t.word("clause_sep")), form_list=join(forms, t.word("item_sep")))
    attendance = figures.attendance(c.con, f)  # 参训率 beside 覆盖率, as the overview shows them
    year_row = {"year": c.scope.year}
    second = t.fill("basic.coverage", year=c.year(), scope=c.scope_word,
                    roster=c.headline("roster_teachers", "metric_school_year", "roster_teachers"),
                    attended=from_frame(attendance, "attended_teachers", "count", figures.attendance, f,
                                        "attended_teachers", year_row,
                                        c.define("attendance_school_year", "attended_teachers")),
                    attendance=from_frame(attendance, "attendance_rate", "pct", figures.attendance, f,
                                          "attendance_rate", year_row,
                                          c.define("attendance_school_year", "attendance_rate")),
                    trained=c.headline("trained_teachers", "metric_school_year", "trained_teachers"),
                    coverage=c.headline("coverage", "metric_school_year", "coverage", "pct"),
                    pass_rate=c.headline("pass_rate", "metric_school_year", "pass_rate", "pct"),
                    hours=c.headline("hours_per_teacher", "metric_school_year", "hours_per_teacher", "hours"))
    return [Block("h2", heading(c, 1, "training")), Block("p", first), Block("p", second)]


def honours(c: Context) -> list[Block]:
    t = c.t
    head = overview.headline(c.con, c.filters)
    year = c.scope.year
    levels = [t.fill("basic.honour_item", level=t.label("award_level", lvl),
                     n=from_frame(head, f"awards_{lvl}", "count", overview.headline, c.filters, f"awards_{lvl}",
                                  {"year": year}, c.define("award_detail", "awards")))
              for lvl in AWARD_LEVELS if head.filter(pl.col("year") == year)[f"awards_{lvl}"][0] > 0]
    awards = c.headline("awards", "award_detail", "awards")
    if levels:
        text = t.fill("basic.honours", scope=c.scope_word, awards=awards, level_list=join(levels, t.word("clause_sep")))
    else:
        text = t.fill("basic.honours_none", scope=c.scope_word)
    return [Block("h2", heading(c, 2, "honours")), Block("p", text)]


def ratings(c: Context) -> list[Block]:
    t, f = c.t, c.filters
    frame = annual.school_ratings(c.con, f)
    present = frame.filter(pl.col("schools") > 0)
    if present.is_empty():
        text = t.fill("basic.ratings_none", year=c.year())
    elif c.scope.level == "school":
        text = t.fill("basic.rating_school", school=c.scope.school_name, year=c.year(),
                      grade=t.label("rating", present["rating"][0]))
    else:
        clauses = []
        for i, row in enumerate(present.iter_rows(named=True)):
            n = from_frame(frame, f"schools_{row['rating']}", "count", annual.school_ratings, f, "schools",
                           {"rating": row["rating"]}, c.define("metric_school_year", "rating"))
            grade = t.label("rating", row["rating"])
            if i == 0:
                rated = annual.rated_schools(c.con, f).filter(pl.col("rating") == row["rating"])
                names = t.word("list_sep").join(rated["school_name"].to_list())
                clauses.append(t.fill("basic.rating_named", names=names, n=n, grade=grade))
            else:
                clauses.append(t.fill("basic.rating_count", n=n, grade=grade))
        text = t.fill("basic.ratings", grade_names=t.word("list_sep").join(t.label("rating", r) for r in present["rating"]),
                      grade_count=t.count_word(present.height), clauses=join(clauses, t.word("clause_sep")))
    return [Block("h2", heading(c, 3, "ratings")), Block("p", text)]


def heading(c: Context, n: int, key: str) -> Text:
    return c.t.fill("words.h2", n=c.t.ordinal(n), title=c.t.raw(f"headings.{key}"))


def results(c: Context) -> list[Block]:
    t, f = c.t, c.filters
    unit = {k: t.word(f"unit_{k}") for k in ("times", "people", "hours", "awards")}

    def change(column, view, measure, kind, unit_word, rate=False):
        fig = c.headline(f"{column}_change", view, measure, kind, "change_definition")
        return t.change(fig, unit_word, rate)

    volume = t.fill(
        "results.volume",
        person_times=c.headline("person_times", "metric_school_year", "person_times"),
        person_times_change=change("person_times", "metric_school_year", "person_times", "count", unit["times"]),
        coverage=c.headline("coverage", "metric_school_year", "coverage", "pct"),
        coverage_change=change("coverage", "metric_school_year", "coverage", "pp", "", True),
        pass_rate=c.headline("pass_rate", "metric_school_year", "pass_rate", "pct"),
        pass_rate_change=change("pass_rate", "metric_school_year", "pass_rate", "pp", "", True),
        hours=c.headline("hours_per_teacher", "metric_school_year", "hours_per_teacher", "hours"),
        hours_change=change("hours_per_teacher", "metric_school_year", "hours_per_teacher", "hours", unit["hours"]))
    blocks = [Block("p", volume)]

    tiers = annual.dev_tier_change(c.con, f)
    items = []
    for tier in t.raw("results.ladder_tiers"):
        if tiers.filter(pl.col("dev_tier") == tier).is_empty():
            continue
        pick = {"dev_tier": tier}
        n = from_frame(tiers, f"dev_{tier}", "count", annual.dev_tier_change, f, "teachers", pick,
                       c.define("metric_dev_tier_year", "teachers"))
        d = from_frame(tiers, f"dev_{tier}_change", "count", annual.dev_tier_change, f, "teachers_change", pick,
                       c.define("metric_dev_tier_year", "teachers", "change_definition"))
        items.append(t.fill("results.ladder_item", tier=t.label("dev_tier", tier), n=n,
                            change=t.change(d, unit["people"])))
    moves = progression.movement_counts(c.con, f)
    if items and not moves.is_empty():
        promoted = from_frame(moves, "promoted", "count", progression.movement_counts, f, "teachers",
                              {"movement": "up"}, c.define("metric_dev_tier_year", "teachers"))
        blocks.append(Block("p", t.fill("results.ladder", tier_list=join(items, t.word("item_sep")),
                                        promoted=promoted)))

    comp = cycle.compliance(c.con, f)
    if not comp.is_empty() and comp["teachers"][0]:
        def cyc(column, kind, measure):
            return from_frame(comp, f"cycle_{column}", kind, cycle.compliance, f, column,
                              definition=c.define("metric_teacher_cycle", measure))
        trend = cycle.compliance_trend(c.con, f)
        previous = Text()
        if not trend.filter(pl.col("as_of_year") == c.scope.year - 1).is_empty():
            previous = t.fill("results.cycle_previous", rate=from_frame(
                trend, "cycle_rate_previous", "pct", cycle.compliance_trend, f, "compliance_rate",
                {"as_of_year": c.scope.year - 1}, c.define("metric_teacher_cycle", "compliant")))
        blocks.append(Block("p", t.fill(
            "results.cycle", year=c.year(), cycle_start=cyc("cycle_start", "year", "passed_hours"),
            cycle_end=cyc("cycle_end", "year", "passed_hours"),
            compliant=cyc("compliant_teachers", "count", "compliant"),
            rate=cyc("compliance_rate", "pct", "compliant"), previous=previous,
            avg=cyc("avg_passed_hours", "hours", "passed_hours"))))
    blocks.append(Block("p", t.fill(
        "results.awards", awards=c.headline("awards", "award_detail", "awards"),
        awards_change=change("awards", "award_detail", "awards", "count", unit["awards"]))))
    return blocks
