"""The official statistics tables as a reader sees them: one list, shared by the page and the workbook.

``build`` runs the queries of ``warehouse.queries.official_stats`` and turns each result into a
display frame (headers and stage names in the reader's language, fractions as percentages, yes/no
in words) with its 口径: the definition of the model it reads (the SQL header, via
``warehouse.definitions``) and the counting rule in ``labels.toml``. The page draws these frames
and the workbook writes the same frames, so the two cannot disagree.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import polars as pl

from warehouse import codebook, definitions
from warehouse.filters import Filters
from warehouse.queries import official_stats as o
from warehouse.queries.common import scalar
from warehouse.queries.cycle import EVERY_ROW, behind_pace

LABELS = tomllib.loads((Path(__file__).with_name("labels.toml")).read_text(encoding="utf-8"))
# Columns that hold a fraction in [0, 1]: shown as a percentage (× 100).
FRACTIONS = {"compliance_rate", "share"}
ROUNDING = {"pct": 1, "cv": 3, "mean": 1}
TEACHERS_AFTER = "completion_schools"  # the teacher annex's place among the tables


@dataclass
class Table:
    key: str                      # titles.<key> in labels.toml
    title: str
    frame: pl.DataFrame           # the display frame
    rules: list[str]              # 口径 lines
    decimals: dict[str, int] = field(default_factory=dict)  # display column -> decimals
    sources: tuple[str, ...] = ()  # the query columns the frame shows, in order (the download rule reads them)


@dataclass
class OfficialStats:
    year: int | None
    period: str
    lang: str
    loaded_at: str | None
    tables: list[Table]


def word(section: str, key: str, lang: str) -> str:
    zh, en = LABELS[section][key]
    return zh if lang == "zh" else en


def _decimals(column: str) -> int:
    if column.startswith(("pct", "female_pct", "male_pct")) or column in FRACTIONS or column == "pct":
        return ROUNDING["pct"]
    if column.startswith("cv_"):
        return ROUNDING["cv"]
    if column in ("hours_per_teacher", "key_per_100", "passed_hours", "required_hours", "hours_needed",
                  "training_spend", "public_funds"):
        return ROUNDING["mean"]
    return 0


def display(frame: pl.DataFrame, columns: list[str], lang: str) -> tuple[pl.DataFrame, dict[str, int]]:
    """The chosen columns, labelled; stage codes and yes/no in words; fractions as percentages."""
    out = frame.select(columns)
    exprs = []
    for c in columns:
        dtype = out.schema[c]
        if c == "stage_group":
            names = {k: codebook.label("stage_group", k, lang) for k in codebook.codes("stage_group")}
            names["total"] = word("stage_group", "total", lang)
            exprs.append(pl.col(c).fill_null("total").replace_strict(names, default=pl.col(c)))
        elif dtype == pl.Boolean:
            exprs.append(pl.when(pl.col(c)).then(pl.lit(word("words", "yes", lang)))
                         .when(pl.col(c).not_()).then(pl.lit(word("words", "no", lang)))
                         .otherwise(pl.lit(word("words", "none", lang))).alias(c))
        elif c.endswith("_year"):  # a year, not a quantity: "2025", never "2,025"
            exprs.append(pl.col(c).cast(pl.String))
        elif c in FRACTIONS:
            exprs.append((pl.col(c) * 100).round(ROUNDING["pct"]))
        elif dtype.is_float():
            exprs.append(pl.col(c).round(_decimals(c)))
        else:
            exprs.append(pl.col(c))
    out = out.with_columns(exprs)
    headers = {c: word("columns", c, lang) for c in columns}
    return out.rename(headers), {headers[c]: _decimals(c) for c in columns}


def _rules(view: str | None, rule: str, lang: str, period: str | None = None) -> list[str]:
    lines = definitions.definition(view, lang).splitlines() if view else []
    if period:
        lines.insert(0, word("period", period, lang))
    return lines + [word("rules", rule, lang), word("rules", "common", lang)]


def _table(key: str, frame: pl.DataFrame, columns: list[str], rules: list[str], lang: str) -> Table:
    shown, decimals = display(frame, columns, lang)
    return Table(key, word("titles", key, lang), shown, rules, decimals, tuple(columns))


TRAINING_COLUMNS = ["stage_group", "teachers", "completed", *(f"completed_{lv}" for lv in o.LEVELS),
                    *(b for b, _ in o.HOUR_BANDS), *(f"completed_{f}" for f in o.OFFICIAL_FORMS)]
TEACHER_COLUMNS = ["school_name", "name", "id_masked", "passed_hours", "required_hours", "hours_needed"]
SDG_COLUMNS = ["stage_group", "teachers", "trained", "pct", "female_teachers", "female_trained", "female_pct",
               "male_teachers", "male_trained", "male_pct", *(f"pct_{k}" for k in (*o.LEVELS, *o.OFFICIAL_FORMS))]


def build(con: duckdb.DuckDBPyConnection, filters: Filters, period: o.Period = "calendar", lang: str = "zh",
          teacher_level: bool = False) -> OfficialStats:
    """Every table for the filters' year (else the latest) and scope. ``teacher_level`` adds the
    list of teachers below pace (names and masked IDs; ``with_teachers``): only for roles allowed
    teacher-level data."""
    year = o.period_year(con, filters)
    loaded = scalar(con, "select max(loaded_at)::varchar from etl_batch")
    if year is None:  # an empty warehouse
        return OfficialStats(None, period, lang, loaded, [])
    scoped = filters.replace(year=year)
    tables = [
        _table("training", o.training_table(con, scoped, period), TRAINING_COLUMNS,
               _rules("teacher_training_period", "training", lang, period), lang),
        _table("sdg", o.sdg_4c7(con, scoped, period), SDG_COLUMNS,
               _rules("teacher_training_period", "sdg", lang, period), lang),
    ]
    total, schools = o.cycle_completion(con, scoped)
    total = total.with_columns(pl.lit(100.0).alias("standard"),
                               (pl.col("cycle_start").cast(pl.String) + "–" + pl.col("cycle_end").cast(pl.String)).alias("cycle"))
    cycle_rules = _rules("teacher_cycle_year", "completion", lang)
    tables.append(_table("completion", total, ["cycle", "as_of_year", "teachers", "compliant_teachers",
                                               "compliance_rate", "standard"], cycle_rules, lang))
    tables.append(_table("completion_schools", schools, ["school_code", "school_name", "teachers", "behind_teachers",
                                                         "compliance_rate"], cycle_rules, lang))
    variation = o.school_variation(con, scoped).with_columns(
        ((pl.col("cv_hours") <= pl.col("cv_limit")) & (pl.col("cv_key") <= pl.col("cv_limit"))).alias("meets"))
    tables.append(_table("variation", variation, ["stage_group", "schools", "teachers", "hours_per_teacher", "cv_hours",
                                                  "key_per_100", "cv_key", "cv_limit", "meets"],
                         _rules("school_stage_resources", "variation", lang), lang))
    funds = o.funds_share(con, scoped).with_columns(pl.col("school_name").fill_null(word("stage_group", "total", lang)))
    tables.append(_table("funds", funds, ["school_code", "school_name", "has_funds", "training_spend", "public_funds",
                                          "share", "below_inspection", "below_standard"],
                         _rules(None, "funds", lang), lang))
    stats = OfficialStats(year, period, lang, loaded, tables)
    return with_teachers(stats, teacher_table(behind_pace(con, scoped, limit=EVERY_ROW), lang)) if teacher_level else stats


def teacher_table(behind: pl.DataFrame, lang: str) -> Table:
    """The annex of teachers below pace, from rows of ``warehouse.queries.cycle.behind_pace``:
    all of them (the workbook), or one page of them (the page, which pages a province's list)."""
    return _table("completion_teachers", behind, TEACHER_COLUMNS, _rules("teacher_cycle_year", "completion", lang), lang)


def with_teachers(stats: OfficialStats, teachers: Table) -> OfficialStats:
    """``stats`` with the teacher annex in its place: after the schools' completion table."""
    at = next(i for i, t in enumerate(stats.tables) if t.key == TEACHERS_AFTER) + 1
    return replace(stats, tables=[*stats.tables[:at], teachers, *stats.tables[at:]])
