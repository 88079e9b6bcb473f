"""Turn a recognised sheet into typed rows and rejects, vectorised in polars.

Every data row under the header ends up in exactly one place: ``Checked.rows`` (typed,
ready for the warehouse-level checks in ``etl.resolve``), ``Checked.rejects`` (with the
column and a reason in Chinese), or the skipped count (blank rows, 合计/总计 rows, notes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from etl.fields import FieldSpec, KindSpec, all_specs
from etl.headers import HeaderMatch
from etl.identity import (ID15_MASK, ID15_PATTERN, ID_MASK, ID_PATTERN, OLD_ID, id_problem, mask_ids,  # noqa: F401
                          mask_text, normalise_id)
from etl.normalize import clean_text, compact, enum_value, per_distinct, to_date, to_int, to_number, to_year
from etl.read import RawSheet
from etl.skip_rows import ROW, skip_flags
from etl.vocab import old_id_warnings, result_in_score, year_months

CODE_FIELDS = {"school_code", "program_code", "teacher_code"}
# ID numbers in any written form, 18 and old 15 digits (etl.identity); use mask_ids / mask_text.
ID_RE, MASK = ID_PATTERN, ID_MASK
ID15_RE, MASK15 = ID15_PATTERN, ID15_MASK
NO_WARNINGS = pl.DataFrame(schema={"_row": pl.Int64, "column_name": pl.String, "message": pl.String})
HASH, HASH_SEED = "_hash", 20241122


@dataclass
class Checked:
    kind: str
    rows: pl.DataFrame       # typed fields + ROW, rows that passed the per-row checks
    rejects: pl.DataFrame    # ROW, column_name, reason
    raw: pl.DataFrame        # ROW + one column per header, for the rejects' raw values
    rows_read: int
    skipped_blank: int
    skipped_total: int
    warnings: pl.DataFrame = field(default_factory=lambda: NO_WARNINGS)  # ROW, column_name, message: loaded, but the clerk should know


def raw_frame(sheet: RawSheet, match: HeaderMatch) -> pl.DataFrame:
    """The data rows under the header as strings, columns named by their header, plus ROW."""
    # Read from the header row itself so its width sets the column count, then drop it.
    body = sheet.load_rows(match.header_index).slice(1)
    names, seen = [], set()
    for j in range(body.width):
        h = match.headers[j] if j < len(match.headers) and match.headers[j] else f"第{j + 1}列"
        while h in seen:
            h += "_"
        seen.add(h)
        names.append(h)
    body = body.rename(dict(zip(body.columns, names)))
    body = body.select(pl.all().cast(pl.String))
    first_row = match.header_index + 2
    return body.with_columns(pl.int_range(first_row, first_row + body.height, dtype=pl.Int64).alias(ROW))


def _shown(expr: pl.Expr) -> pl.Expr:
    return clean_text(expr).str.slice(0, 30)


def _field(spec: FieldSpec, raw: pl.Expr, typed: pl.Expr | None = None) -> tuple[pl.Expr, pl.Expr]:
    """(typed value, reason or null) for one field. The checks read `typed` when given (the value
    already computed into a column), so a long normalisation chain is not evaluated again per check."""
    label = f"“{spec.header}”"
    if spec.type == "id":
        value = normalise_id(raw)
        v = value if typed is None else typed
        return value, pl.when(v.is_not_null()).then(id_problem(v))
    if spec.type == "str":
        too_long = pl.lit(f"{label}超过 200 个字，请精简")
        if spec.name in CODE_FIELDS:
            value = compact(raw)
            v = value if typed is None else typed
            return value, (pl.when(v.str.contains(r"^\d{17}[\dXx]$"))
                           .then(pl.lit(f"{label}看起来是身份证号：身份证号请填在“身份证号”列，不能作为编号保存"))
                           .when(v.str.len_chars() > 200).then(too_long))
        # Free text: an ID number typed into it (a name, a note) is masked, never stored in clear.
        value = mask_ids(clean_text(raw))
        v = value if typed is None else typed
        return value, pl.when(v.str.len_chars() > 200).then(too_long)
    if spec.type in ("enum", "bool"):
        text = compact(raw)
        value = enum_value(text, spec.values, spec.codes)
        if spec.type == "bool":
            value = value == "true"
        v = value if typed is None else typed
        # Words only: ticks and codes are accepted too, but the advice names the labels to write.
        choices = "、".join(dict.fromkeys(k for k in spec.values if re.search("[\u4e00-\u9fff]", k)))[:80]
        reason = pl.format(f"{label}的取值“{{}}”无法识别：可填 {choices}（或在 etl/aliases.toml 中补充别名）", text)
        return value, pl.when(text.is_not_null() & v.is_null()).then(reason)
    if spec.type == "date":
        value = to_date(raw)
        v = value if typed is None else typed
        reason = pl.format(f"{label}“{{}}”不是有效日期：请写成 2024-03-05 这样的形式", _shown(raw))
        return value, pl.when(clean_text(raw).is_not_null() & v.is_null()).then(reason)
    if spec.name == "year":
        value = to_year(raw)
        reason = pl.format(f"{label}“{{}}”不是有效年份：请写成 2024 这样的四位数", _shown(raw))
    elif spec.type == "int":
        value = to_int(raw)
        reason = pl.format(f"{label}应为整数，这里是“{{}}”", _shown(raw))
    else:
        value = to_number(raw)
        reason = pl.format(f"{label}应为数字，这里是“{{}}”", _shown(raw))
    v = value if typed is None else typed
    bad = pl.when(clean_text(raw).is_not_null() & v.is_null()).then(reason)
    if spec.ge is not None:
        bad = bad.when(v < spec.ge).then(pl.format(f"{label}不能小于 {spec.ge:g}，这里是 {{}}", v))
    if spec.gt is not None:
        bad = bad.when(v <= spec.gt).then(pl.format(f"{label}必须大于 {spec.gt:g}，这里是 {{}}", v))
    if spec.le is not None:
        bad = bad.when(v > spec.le).then(pl.format(f"{label}不能大于 {spec.le:g}，这里是 {{}}", v))
    return value, bad


def by_unique(frame: pl.DataFrame, column: str, values: dict[str, pl.Expr],
              checks: dict[str, pl.Expr] | None = None, memo: dict | None = None,
              memo_key: tuple | None = None) -> pl.DataFrame:
    """Evaluate expressions of one column on its distinct values only, joined back in row order;
    `checks` run after `values` and may read them as columns.

    A participation file repeats each teacher, program, result and hour count thousands of
    times; normalising and checking each distinct cell once is what makes a million rows fast.
    With a `memo` (one per load) a distinct cell is checked once per load, not once per file:
    a province's ID numbers recur in five rosters, five participation files and the awards.
    Cells are matched by a 64-bit hash (grouping and joining integers is several times faster
    than strings); the joined cell is compared with the row's own, and should two cells ever
    share a hash, the column is evaluated again by exact text."""
    names = [column, *values, *(checks or {})]
    keyed = frame.select(column, cell_hash(pl.col(column)).alias(HASH))
    uniq = keyed.unique(subset=HASH, keep="any")
    known = memo.get(memo_key) if memo is not None else None  # positional names, plus HASH
    if known is not None:
        uniq = uniq.join(known.select(HASH), on=HASH, how="anti")
    mapped = uniq.with_columns(**values)
    if checks:
        mapped = mapped.with_columns(**checks)
    if memo is not None:
        mapped = mapped.rename(lambda c: c if c == HASH else f"_{names.index(c)}")
        mapped = memo[memo_key] = mapped if known is None else pl.concat([known, mapped])
        mapped = mapped.rename(lambda c: c if c == HASH else names[int(c[1:])])
    out = keyed.select(HASH).join(mapped, on=HASH, how="left", maintain_order="left")
    if not out[column].eq_missing(frame[column]).all():  # a hash collision: rare, but never wrong
        return per_distinct(frame, column, values, checks or {})
    return out.drop(HASH, column)


def cell_hash(expr: pl.Expr) -> pl.Expr:
    return expr.hash(HASH_SEED)


def memo_key(spec: FieldSpec) -> tuple:
    """Fields whose checks give the same results for the same cell share a memo entry: every ID
    number column, whatever its kind (its reasons name no header), else the field itself. Whether
    the field is required is part of the key: a blank 年度 passes in a programme list, not in a
    roster or a plan (``check`` adds the missing-value reason to the memoised checks)."""
    if spec.type == "id":
        return ("id", spec.required, spec.header if spec.required else None)
    return (spec.type, spec.name, spec.header, spec.required, spec.ge, spec.gt, spec.le,
            tuple(sorted((spec.values or {}).items())), tuple(sorted((spec.codes or {}).items())))


def check(sheet: RawSheet, match: HeaderMatch, memo: dict | None = None) -> Checked:
    """`memo` (a dict the caller keeps for one load) remembers each distinct cell's result."""
    spec: KindSpec = all_specs()[match.kind]
    raw = raw_frame(sheet, match)
    header_cols = [c for c in raw.columns if c != ROW]
    flagged = skip_flags(raw, header_cols)
    skipped_blank = int(flagged["_blank"].sum())
    skipped_total = int(flagged["_total"].sum())
    data = flagged.filter(~pl.col("_blank") & ~pl.col("_total")).drop("_blank", "_total")
    data, match = result_in_score(data, match, spec)
    data, month_warnings = year_months(data, match, spec, sheet, ROW)

    columns, reason_cols, soft = [data[ROW]], [], []
    grouped = {n for g in spec.one_of for n in g} | set(spec.keys)
    for i, f in enumerate(spec.fields):
        r = f"_r{i}"
        if f.name in match.columns:
            col = data.columns[match.columns[f.name]]
            value, _ = _field(f, pl.col(col))
            _, bad = _field(f, pl.col(col), pl.col(f.name))
        else:
            col, value, bad = None, pl.lit(None, dtype=_dtype(f)), pl.lit(None, dtype=pl.String)
        if f.required:
            bad = pl.when(pl.col(f.name).is_null() & bad.is_null()).then(pl.lit(f"缺少必填项“{f.header}”")).otherwise(bad)
        values, checks = {f.name: value.cast(_dtype(f))}, {"_bad": bad.cast(pl.String)}
        if col is None:  # ROW gives the literals the frame's height
            checked = data.select(ROW).with_columns(**values).with_columns(**checks).drop(ROW)
        else:
            checked = by_unique(data, col, values, checks, memo, memo_key(f))
        columns += checked.rename({"_bad": r}).get_columns()
        reason_cols.append(f.header)
        if not f.required and f.name not in grouped:
            soft.append((f, r))
    typed = pl.DataFrame(columns)
    typed, warnings = _soften(typed, soft, spec, "result" in match.columns)
    for g, group in enumerate(spec.one_of):  # evaluated on typed values
        heads = "”和“".join(spec.field(n).header for n in group)
        typed = typed.with_columns(pl.when(pl.all_horizontal([pl.col(n).is_null() for n in group]))
                                   .then(pl.lit(f"“{heads}”至少要填一项")).alias(f"_r{len(spec.fields) + g}"))
        reason_cols.append(spec.field(group[0]).header)
    rcols = [f"_r{i}" for i in range(len(reason_cols))]
    typed = typed.with_columns(
        pl.coalesce([pl.col(c) for c in rcols]).cast(pl.String).alias("reason"),
        pl.coalesce([pl.when(pl.col(c).is_not_null()).then(pl.lit(h)) for c, h in zip(rcols, reason_cols)])
        .cast(pl.String).alias("column_name"),
    ).drop(rcols)
    rejects = typed.filter(pl.col("reason").is_not_null()).select(ROW, "column_name", "reason")
    good = typed.filter(pl.col("reason").is_null()).drop("reason", "column_name")
    good, dup_rejects = _duplicates(good, spec)
    return Checked(kind=spec.kind, rows=good, rejects=pl.concat([rejects, dup_rejects]), raw=raw,
                   rows_read=raw.height, skipped_blank=skipped_blank, skipped_total=skipped_total,
                   warnings=pl.concat([old_id_warnings(data, match, spec, good, ROW),
                                       month_warnings.join(good.select(ROW), on=ROW, how="semi"),
                                       warnings.join(good.select(ROW), on=ROW, how="semi")]))


def _soften(typed: pl.DataFrame, soft: list, spec: KindSpec, has_result: bool) -> tuple[pl.DataFrame, pl.DataFrame]:
    """An unknown or invalid value in an optional column does not reject the row: that field
    alone is left empty and a warning names the row, the column and the value. A participation
    row's result also says why it is empty (``result_gap``: no result column, blank, unknown)."""
    warnings = [typed.filter(pl.col(r).is_not_null()).select(
        ROW, pl.lit(f.header).alias("column_name"),
        (pl.col(r) + pl.lit("；该项暂留空，这一行的其余内容已导入：请更正后重新导入")).alias("message"))
        for f, r in soft]
    fixes = {f.name: pl.when(pl.col(r).is_null()).then(pl.col(f.name)) for f, r in soft}
    if spec.kind == "participation":
        r = next(r for f, r in soft if f.name == "result")
        fixes["result_gap"] = (pl.lit("no_column") if not has_result else
                               pl.when(pl.col("result").is_not_null() & pl.col(r).is_null()).then(pl.lit(None, dtype=pl.String))
                               .when(pl.col(r).is_not_null()).then(pl.lit("unrecognised")).otherwise(pl.lit("blank")))
    typed = typed.with_columns(**fixes).with_columns(pl.lit(None, dtype=pl.String).alias(r) for _, r in soft)
    schema = {ROW: pl.Int64, "column_name": pl.String, "message": pl.String}
    return typed, pl.concat([pl.DataFrame(schema=schema), *warnings])


def _dtype(f: FieldSpec) -> pl.DataType:
    return {"int": pl.Int64, "float": pl.Float64, "date": pl.Date, "bool": pl.Boolean}.get(f.type, pl.String)


def _duplicates(good: pl.DataFrame, spec: KindSpec) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A key repeated within one file: the first row stays, later ones are rejected."""
    keys = [k for k in spec.keys if k in good.columns]
    if not keys or good.is_empty():
        return good, pl.DataFrame(schema={ROW: pl.Int64, "column_name": pl.String, "reason": pl.String})
    # Exact check only when a row hash repeats (a hash collision just takes the exact path).
    if not good.select(keys).hash_rows().is_duplicated().any():
        return good, pl.DataFrame(schema={ROW: pl.Int64, "column_name": pl.String, "reason": pl.String})
    first = pl.col(ROW).first().over(keys)
    marked = good.with_columns(first.alias("_first"))
    dups = marked.filter(pl.col("_first") != pl.col(ROW))
    grouped = {n for group in spec.one_of for n in group}  # e.g. 学校代码 / 学校名称: part of the key when present
    label = "、".join(spec.field(k).header for k in keys
                     if spec.field(k).required or k in ("id_number", "teacher_code")
                     or (k in grouped and dups[k].null_count() < dups.height))
    rejects = dups.select(ROW, pl.lit(spec.field(keys[0]).header).alias("column_name"),
                          pl.format(f"与第 {{}} 行重复（{label}相同）：请删除重复行或核对", pl.col("_first")).alias("reason"))
    return marked.filter(pl.col("_first") == pl.col(ROW)).drop("_first"), rejects


def rejects_with_raw(raw: pl.DataFrame, rejects: pl.DataFrame) -> pl.DataFrame:
    """Attach each rejected row's raw cells as JSON (keys = headers), ID numbers masked."""
    if rejects.is_empty():
        return rejects.with_columns(pl.lit(None, dtype=pl.String).alias("raw"))
    cols = [c for c in raw.columns if c != ROW]
    masked = raw.join(rejects.select(ROW), on=ROW, how="semi").select(
        ROW, *[mask_ids(pl.col(c)) for c in cols])
    # the keys are the file's headers, which may hold an ID number too
    as_json = masked.select(ROW, mask_ids(pl.struct(cols).struct.json_encode()).alias("raw")) if cols else \
        masked.select(ROW, pl.lit("{}").alias("raw"))
    out = rejects.join(as_json, on=ROW, how="left")
    return out.with_columns(mask_ids(pl.col("column_name"))) if "column_name" in out.columns else out


def mask_reason(text: str) -> str:
    return mask_text(text)
