"""Rows under a header that are not data: blank rows, 合计/总计 rows, notes and signature lines.

``etl.validate.check`` counts them as skipped; every other row is typed or rejected.
"""
from __future__ import annotations

import polars as pl

from etl.normalize import clean_text

ROW = "_row"          # the row number as the clerk sees it in Excel
TOTAL_RE = r"^(合计|总计|小计|共计|总数|累计)"
NOTE_RE = (r"^(注|说明|备注|填表|制表|审核|复核|数据来源|单位负责人|负责人|联系人|联系电话|填报|经办人|签字|签名|盖章|"
           r"单位（盖章）|单位\(盖章\)|日期|\d{1,2}\s*[．.、)）]\s*\D|[（(]\d{1,2}[)）])")
# A signature line under the data: every filled cell is a label like 制表人：… / 审核人：… / 日期：…
SIGN_RE = (r"^(制表人?|审核人?|复核人?|填报人|填表人|负责人|单位负责人|分管领导|经办人|联系人|联系电话|"
           r"(填表|填报|审核|制表)?日期|单位（盖章）|单位\(盖章\)|（盖章）|\(盖章\)|签字|签名|盖章)\s*[：:]?")


def skip_flags(raw: pl.DataFrame, header_cols: list[str]) -> pl.DataFrame:
    """_blank: every cell empty or whitespace; _total: a 合计/总计/小计 row or a note under the data.

    Cheap row-wise tests pick the candidates (at most two filled cells, or a 计/总数 in the first
    columns); the exact patterns run on those few rows only."""
    filled = [pl.col(c).str.strip_chars().str.len_bytes().fill_null(0) > 0 for c in header_cols]
    maybe = [pl.col(c).str.contains("计", literal=True) | pl.col(c).str.contains("总数", literal=True)
             for c in header_cols[:4]]
    flagged = raw.with_columns(_n=pl.sum_horizontal(filled) if filled else pl.lit(0),
                               _maybe=pl.any_horizontal(maybe).fill_null(False) if maybe else pl.lit(False))
    # The first filled cell, cleaned: a cell clean_text empties is one whose stripped length is 0
    # (both go by Unicode whitespace), so one column is cleaned, not every cell of the sheet.
    first = (clean_text(pl.coalesce([pl.when(f).then(pl.col(c)) for f, c in zip(filled, header_cols)]))
             if header_cols else pl.lit(None, pl.String))
    flagged = flagged.with_columns(_sign=first.str.contains(SIGN_RE).fill_null(False))
    candidates = flagged.filter((pl.col("_n") > 0) & ((pl.col("_n") <= 2) | pl.col("_maybe") | pl.col("_sign")))
    cells = [clean_text(pl.col(c)) for c in header_cols]
    total = pl.any_horizontal([c.str.replace_all(" ", "").str.contains(TOTAL_RE).fill_null(False) for c in cells[:4]])
    note = pl.coalesce(cells).str.contains(NOTE_RE).fill_null(False) & (pl.col("_n") <= 2)
    sign = pl.all_horizontal([c.is_null() | c.str.replace_all(" ", "").str.contains(SIGN_RE) for c in cells])
    skipped = candidates.filter(total | note | sign)[ROW] if header_cols else candidates[ROW].clear()
    return flagged.with_columns(_blank=pl.col("_n") == 0, _total=pl.col(ROW).is_in(skipped.implode())).drop(
        "_n", "_maybe", "_sign")
