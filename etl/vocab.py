"""The national system's ways of writing a value that span more than one cell or column.

``etl.normalize.enum_value`` reads one cell (drop-down codes, hierarchical labels); here:
- a 成绩 column holding grade words (优秀/良好/合格/不合格) instead of a number: the word is
  the participation's result, a number stays the score;
- old 15-digit ID numbers, upgraded to 18 digits by ``etl.identity.from_15``: each such row
  gets a warning, so the clerk can correct the source system;
- year-months typed as numbers (2008.10 stored as 2008.1), read by the cell's display format.
"""
from __future__ import annotations

import dataclasses

import polars as pl

from etl.cell_formats import displayed_decimals
from etl.fields import KindSpec
from etl.headers import HeaderMatch
from etl.identity import OLD_ID
from etl.normalize import compact, enum_value, per_distinct, to_number

RESULT_FROM_SCORE = "成绩(等级)"  # the synthetic column a grade word moves to


def result_in_score(data: pl.DataFrame, match: HeaderMatch, spec: KindSpec) -> tuple[pl.DataFrame, HeaderMatch]:
    """Move grade words out of the score column into the result (the file's own result column,
    where it has one and the cell is filled, wins); numbers stay in the score column."""
    if "score" not in match.columns or "result" not in spec.names:
        return data, match
    score = data.columns[match.columns["score"]]
    result = spec.field("result")
    text = compact(pl.col(score))
    # per distinct cell: a million rows hold a few grades and scores
    word = pl.when(per_distinct(data, score, {"w": to_number(pl.col(score)).is_null()
                                              & enum_value(text, result.values, result.codes).is_not_null()})["w"])
    moved = word.then(pl.col(score))
    if "result" in match.columns:
        own = data.columns[match.columns["result"]]
        filled = per_distinct(data, own, {"f": compact(pl.col(own)).is_not_null()})["f"]
        moved = pl.when(filled).then(pl.col(own)).otherwise(moved)
    data = data.with_columns(moved.alias(RESULT_FROM_SCORE), word.then(None).otherwise(pl.col(score)).alias(score))
    columns = dict(match.columns, result=data.columns.index(RESULT_FROM_SCORE))
    return data, dataclasses.replace(match, columns=columns)


def old_id_warnings(data: pl.DataFrame, match: HeaderMatch, spec: KindSpec, good: pl.DataFrame,
                    row: str) -> pl.DataFrame:
    """One warning per loaded row whose ID number was written with the old 15 digits."""
    out = []
    for f in spec.fields:
        if f.type != "id" or f.name not in match.columns:
            continue
        col = data.columns[match.columns[f.name]]
        # A cheap test first: nearly every cell is a plain 18-character ID, which is not one.
        maybe = data.filter(~pl.col(col).str.contains(r"^\d{17}[\dXx]$").fill_null(True))
        short = maybe.filter(compact(pl.col(col)).str.contains(OLD_ID))
        short = short.join(good.select(row), on=row, how="semi")
        out.append(short.select(row, pl.lit(f.header).alias("column_name"), pl.lit(
            f"“{f.header}”是 15 位旧号码，已按 GB 11643 转为 18 位（出生年份前补“19”，末位补校验码）后导入："
            "请在原系统中把该号码更新为 18 位").alias("message")))
    if not out:
        return pl.DataFrame(schema={row: pl.Int64, "column_name": pl.String, "message": pl.String})
    return pl.concat(out)


AMBIGUOUS_MONTH = r"^((?:19|20)\d{2})\.1$"  # 2008.10 stored as the number 2008.1


def year_months(data: pl.DataFrame, match: HeaderMatch, spec: KindSpec, sheet, row: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Year-months typed as numbers: a cell reading 2008.1 is October where the .xlsx shows it with
    two decimals (2008.10), January where it shows one; otherwise (General format, CSV) it is read
    as January with a warning that the month is ambiguous. Returns (data, warnings)."""
    warnings = []
    for f in spec.fields:
        if f.type != "date" or f.name not in match.columns:
            continue
        j = match.columns[f.name]
        col = data.columns[j]
        text = compact(pl.col(col))
        maybe = data.filter(pl.col(col).str.contains(r"\.1\s*$").fill_null(False))  # cheap test first
        odd = maybe.filter(text.str.contains(AMBIGUOUS_MONTH)).select(row, text.alias("_t"))
        if odd.is_empty():
            continue
        shown = displayed_decimals(sheet.path, sheet.sheet or "", {(r - 1, j) for r in odd[row]})
        odd = odd.with_columns(pl.Series("_d", [shown.get((r - 1, j)) for r in odd[row]], dtype=pl.Int64))
        october = odd.filter(pl.col("_d") >= 2)[row]
        data = data.with_columns(pl.when(pl.col(row).is_in(october.implode())).then(pl.col(col) + "0")
                                 .otherwise(pl.col(col)).alias(col))
        year = pl.col("_t").str.slice(0, 4)
        warnings.append(odd.filter(pl.col("_d").is_null()).select(
            row, pl.lit(f.header).alias("column_name"),
            pl.format(f"“{f.header}”写作 {{}}：可能是 {{}} 年 1 月，也可能是 {{}} 年 10 月（Excel 会把 {{}}.10 存成 {{}}.1）。"
                      "已按 1 月导入：请核对，并把该列设为文本格式后写成 {}-10 这样的形式", pl.col("_t"), year, year, year,
                      year, year).alias("message")))
    empty = pl.DataFrame(schema={row: pl.Int64, "column_name": pl.String, "message": pl.String})
    return data, pl.concat([empty, *warnings])
