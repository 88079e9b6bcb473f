"""三、问题与不足 and 四、下一步打算: problems found in the data, each with its evidence.

Each detector reads a query function, compares with a threshold from the templates file's
``[thresholds]`` (stated in the sentence) and returns a ``Problem`` only when the evidence
passes it. With none found, the section says so and lists the criteria it checked. The
plans section offers one line per problem found plus the general lines, all marked for
the leader to edit.
"""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from report.annual.figures import from_frame, threshold
from report.annual.sections import Context, heading
from report.annual.text import Block, Text, join
from warehouse.queries import annual, cycle

from warehouse.queries.annual import COUNTY_AND_ABOVE


@dataclass(frozen=True)
class Problem:
    key: str
    evidence: Text


def _limit(c: Context) -> dict:
    return c.t.raw("thresholds")


def _thr(c: Context, name: str, kind: str):
    return threshold(name, _limit(c)[name], kind, c.t.raw("appendix.threshold_definition"))


def low_coverage(c: Context) -> Problem | None:
    t, f, lim = c.t, c.filters, _limit(c)
    kwargs = {"below_pct": lim["low_coverage_pct"], "min_teachers": lim["low_coverage_min_teachers"]}
    low = annual.schools_below_coverage(c.con, f, **kwargs)
    if low.is_empty():
        return None
    define = c.define("metric_school_year", "coverage")
    items = [t.fill("problems.low_coverage.item", school=row["school_name"], coverage=from_frame(
        low, "school_coverage", "pct", annual.schools_below_coverage, f, "coverage",
        {"school_code": row["school_code"]}, define, **kwargs))
        for row in low.head(lim["max_listed"]).iter_rows(named=True)]
    listed = join(items, t.word("list_sep"))
    if c.scope.level == "school":
        text = t.fill("problems.low_coverage.text_one", threshold=_thr(c, "low_coverage_pct", "threshold_pct"),
                      list=listed)
    else:
        n = from_frame(low, "schools_low_coverage", "count", annual.schools_below_coverage, f, "total",
                       {"school_code": low["school_code"][0]}, define, **kwargs)
        text = t.fill("problems.low_coverage.text", threshold=_thr(c, "low_coverage_pct", "threshold_pct"),
                      min_teachers=_thr(c, "low_coverage_min_teachers", "threshold_count"), n=n, list=listed)
    return Problem("low_coverage", text)


def urban_rural_gap(c: Context) -> Problem | None:
    t, f, lim = c.t, c.filters, _limit(c)
    gaps = annual.urban_rural_change(c.con, f)
    present = gaps.filter(pl.col("roster_teachers") > 0)
    if present.height < 2 or present["coverage_gap"][0] is None:
        return None
    if present["coverage_gap"][0] * 100 < lim["urban_rural_gap_pp"]:
        return None
    first = {"urban_rural": present["urban_rural"][0]}
    define = c.define("metric_school_year", "coverage")
    items = [t.fill("problems.urban_rural_gap.item", group=t.label("urban_rural", row["urban_rural"]),
                    coverage=from_frame(gaps, "group_coverage", "pct", annual.urban_rural_change, f, "coverage",
                                        {"urban_rural": row["urban_rural"]}, define))
             for row in present.iter_rows(named=True)]
    gap = from_frame(gaps, "coverage_gap", "pp", annual.urban_rural_change, f, "coverage_gap", first, define)
    change = from_frame(gaps, "coverage_gap_change", "pp", annual.urban_rural_change, f, "coverage_gap_change",
                        first, c.define("metric_school_year", "coverage", "change_definition"))
    direction = "unknown" if change.value is None else {1: "up", -1: "down", 0: "same"}[change.sign()]
    trend = t.fill(f"problems.urban_rural_gap.trend_{direction}", n=change)
    return Problem("urban_rural_gap", t.fill(
        "problems.urban_rural_gap.text", list=join(items, t.word("list_sep")), gap=gap,
        threshold=_thr(c, "urban_rural_gap_pp", "threshold_pp"), trend=trend))


def cycle_behind(c: Context) -> Problem | None:
    t, f, lim = c.t, c.filters, _limit(c)
    total = cycle.compliance(c.con, f)
    if total.is_empty() or total["compliance_rate"][0] is None:
        return None
    if total["compliance_rate"][0] * 100 >= lim["cycle_compliance_pct"]:
        return None

    def fig(column, kind, measure):
        return from_frame(total, f"cycle_{column}", kind, cycle.compliance, f, column,
                          definition=c.define("metric_teacher_cycle", measure))
    by_school = cycle.compliance(c.con, f, by="school")
    worst = by_school.filter(pl.col("behind_teachers") > 0).sort(
        ["behind_teachers", "school_code"], descending=[True, False]).head(lim["max_listed"])
    items = [t.fill("problems.cycle_behind.item", school=row["school_name"], n=from_frame(
        by_school, "school_behind", "count", cycle.compliance, f, "behind_teachers",
        {"school_code": row["school_code"]}, c.define("metric_teacher_cycle", "compliant"), by="school"))
        for row in worst.iter_rows(named=True)]
    return Problem("cycle_behind", t.fill(
        "problems.cycle_behind.text", year=c.year(), cycle_start=fig("cycle_start", "year", "passed_hours"),
        cycle_end=fig("cycle_end", "year", "passed_hours"), rate=fig("compliance_rate", "pct", "compliant"),
        threshold=_thr(c, "cycle_compliance_pct", "threshold_pct"),
        behind=fig("behind_teachers", "count", "compliant"), list=join(items, t.word("list_sep"))))


def pass_rate_drop(c: Context) -> Problem | None:
    t, f, lim = c.t, c.filters, _limit(c)
    tiers = annual.tier_change(c.con, f)
    falling = tiers.filter(pl.col("pass_rate_change") * 100 <= -lim["pass_rate_drop_pp"])
    if falling.is_empty():
        return None
    items = []
    for row in falling.iter_rows(named=True):
        pick = {"train_tier": row["train_tier"]}
        items.append(t.fill(
            "problems.pass_rate_drop.item", tier=t.label("train_tier", row["train_tier"]),
            rate=from_frame(tiers, "tier_pass_rate", "pct", annual.tier_change, f, "pass_rate", pick,
                            c.define("metric_tier_year", "pass_rate")),
            drop=from_frame(tiers, "tier_pass_rate_change", "pp", annual.tier_change, f, "pass_rate_change",
                            pick, c.define("metric_tier_year", "pass_rate", "change_definition"))))
    return Problem("pass_rate_drop", t.fill("problems.pass_rate_drop.text", list=join(items, t.word("item_sep")),
                                            threshold=_thr(c, "pass_rate_drop_pp", "threshold_pp")))


def no_county_training(c: Context) -> Problem | None:
    t, f, lim = c.t, c.filters, _limit(c)
    kwargs = {"tiers": COUNTY_AND_ABOVE, "min_teachers": lim["no_county_min_teachers"]}
    none = annual.schools_without_tiers(c.con, f, **kwargs)
    if none.is_empty():
        return None
    names = t.word("list_sep").join(none["school_name"].to_list())
    if c.scope.level == "school":
        return Problem("no_county_training", t.fill("problems.no_county_training.text_one", names=names))
    n = from_frame(none, "schools_no_county", "count", annual.schools_without_tiers, f, "total",
                   {"school_code": none["school_code"][0]}, c.define("metric_tier_year", "person_times"), **kwargs)
    return Problem("no_county_training", t.fill(
        "problems.no_county_training.text", names=names, n=n,
        min_teachers=_thr(c, "no_county_min_teachers", "threshold_count")))


DETECTORS = (low_coverage, urban_rural_gap, cycle_behind, pass_rate_drop, no_county_training)


def find(c: Context) -> list[Problem]:
    """The problems whose evidence passes its threshold, in the order of ``DETECTORS``."""
    return [p for p in (detect(c) for detect in DETECTORS) if p is not None]


def problem_blocks(c: Context, found: list[Problem]) -> list[Block]:
    t = c.t
    if not found:
        criteria = []
        for key, names in (("low_coverage", (("low_coverage_pct", "threshold_pct"),)),
                           ("urban_rural_gap", (("urban_rural_gap_pp", "threshold_pp"),)),
                           ("cycle_behind", (("cycle_compliance_pct", "threshold_pct"),)),
                           ("pass_rate_drop", (("pass_rate_drop_pp", "threshold_pp"),)),
                           ("no_county_training", (("no_county_min_teachers", "threshold_count"),))):
            slots = {"threshold" if "pct" in n or "pp" in n else "min_teachers": _thr(c, n, kind)
                     for n, kind in names}
            criteria.append(t.fill(f"problems.{key}.criterion", **slots))
        return [Block("p", t.fill("problems.none", criteria=join(criteria, t.raw("problems.criteria_sep"))))]
    blocks = []
    for i, problem in enumerate(found, start=1):
        title = t.fill("words.h2", n=t.ordinal(i), title=t.raw(f"problems.{problem.key}.title"))
        blocks += [Block("h2", title), Block("p", problem.evidence)]
    return blocks


def plan_blocks(c: Context, found: list[Problem]) -> list[Block]:
    t = c.t
    next_year = c.year(c.scope.year + 1)
    lines = [Text((t.raw(f"problems.{p.key}.plan"),)) for p in found]
    lines += [Text((line,)) for line in t.raw("plans.general")]
    blocks = [Block("p", Text((t.raw("meta.edit_note"),)), edit=True),
              Block("p", t.fill("plans.opening", year_next=next_year), edit=True)]
    for i, line in enumerate(lines, start=1):
        blocks.append(Block("p", t.fill("words.h2", n=t.ordinal(i), title=line), edit=True))
    return blocks
