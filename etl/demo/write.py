"""Turn the demo tables into the files a bureau clerk would hand over (see ``layouts``).

``.xlsx`` through the small vectorised writer in ``xlsx`` (fixed timestamps, so every
run gives the same bytes); ``.csv`` through polars, re-encoded for GB18030 files. A workbook whose sheets
would pass ``XLSX_MAX_ROWS`` (province-sized benchmarks) is written as one CSV per sheet
instead, as a clerk would have to.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from etl.demo import faults, xlsx
from etl.demo.county import STAGE_LABELS, URBAN_LABELS
from etl.demo.dataset import Dataset
from etl.demo.layouts import CATEGORY, DEV_TIER, FILES, FORM_A, LEVEL_A, RATING, TIER_A, File, Sheet

XLSX_MAX_ROWS = 200_000
_CREATED = dt.datetime(2025, 1, 6, 9, 0, 0)
_DATE_STYLES = {"iso": "%Y-%m-%d", "slash": "%Y/%-m/%-d", "cn": "%Y年%-m月%-d日", "ym": "%Y%m", "excel": "%Y-%m-%d"}
_TOTAL_LABEL_FIELDS = ("name", "program_name", "category", "award_name", "school_name")
_SUM_FIELDS = ("hours", "planned_seats", "target")


def write_all(ds: Dataset, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    kinds = _kind_frames(ds)
    written: list[Path] = []
    for file in FILES:
        frames = [(sheet, _sheet_frame(kinds[sheet.kind], sheet)) for sheet in file.sheets]
        as_xlsx = file.name.endswith(".xlsx") and all(f.height <= XLSX_MAX_ROWS for _, f in frames)
        parts = [(sheet, faults.apply(file.name, sheet.name, _format(f, sheet, excel=as_xlsx), ds),
                  _total_row(f, sheet, excel=as_xlsx)) for sheet, f in frames]
        if as_xlsx:
            path = out_dir / file.name
            _write_xlsx(path, parts)
            written.append(path)
            continue
        for sheet, frame, total in parts:
            path = out_dir / (file.name if file.name.endswith(".csv") else _csv_name(file, sheet))
            _write_csv(path, frame, sheet, file.encoding, total)
            written.append(path)
    return written


def _csv_name(file: File, sheet: Sheet) -> str:
    stem = file.name.rsplit(".", 1)[0]
    return f"{stem}.csv" if len(file.sheets) == 1 else f"{stem}_{sheet.name}.csv"


def _kind_frames(ds: Dataset) -> dict[str, pl.DataFrame]:
    """One frame per kind of file, with the fields the layouts name."""
    schools = ds.schools.with_columns(
        pl.col("stage").replace_strict(STAGE_LABELS),
        pl.col("urban_rural").replace_strict(URBAN_LABELS),
        pl.when(pl.col("is_weak")).then(pl.lit("是")).otherwise(pl.lit("否")).alias("is_weak"),
    )
    who = ds.teachers.select("teacher_idx", "id_number", "teacher_code", "name")
    roster = (ds.roster
              .join(ds.teachers, on="teacher_idx", how="left")
              .join(ds.schools.select("school_idx", "school_code", "school_name"), on="school_idx", how="left")
              .sort("school_idx", "teacher_idx")
              .with_columns(pl.col("dev_tier").replace_strict(DEV_TIER)))
    participation = (ds.participation
                     .join(who, on="teacher_idx", how="left", maintain_order="left")
                     # Training platforms know the ID number; the bureau's 工号 only for those without one.
                     .with_columns(pl.when(pl.col("id_number").is_null()).then(pl.col("teacher_code")).alias("teacher_code")))
    award = (ds.awards
             .join(who, on="teacher_idx", how="left")
             .sort("award_date", "teacher_idx", "award_name")
             .with_columns(pl.col("category").replace_strict(CATEGORY)))
    ratings = (ds.ratings
               .join(ds.schools.select("school_idx", "school_code", "school_name"), on="school_idx", how="left")
               .sort("year", "school_idx")
               .with_columns(pl.col("rating").replace_strict(RATING)))
    tier_order = {t: i for i, t in enumerate(("national", "provincial", "municipal", "county", "school"))}
    programs = ds.programs.sort(pl.col("year"), pl.col("train_tier").replace_strict(tier_order), pl.col("program_code"))
    return {"school": schools, "roster": roster, "program": programs, "participation": participation,
            "award": award, "school_rating": ratings, "plan_target": ds.plan}


def _sheet_frame(frame: pl.DataFrame, sheet: Sheet) -> pl.DataFrame:
    if sheet.year is not None:
        years = sheet.year if isinstance(sheet.year, tuple) else (sheet.year,)
        frame = frame.filter(pl.col("year").is_in(years))
    defaults = {"train_tier": TIER_A, "form": FORM_A, "award_level": LEVEL_A}
    labels = {**defaults, **sheet.labels}
    exprs = []
    for _, spec in sheet.columns:
        fld = spec.split(":")[0]
        col = pl.col(fld)
        if fld in labels and fld in frame.columns:
            col = col.replace_strict(labels[fld], return_dtype=pl.String)
        exprs.append(col.alias(spec))
    return frame.select(exprs)


def _number_text(col: pl.Expr) -> pl.Expr:
    """12.0 -> '12', 12.5 -> '12.5', null -> null."""
    as_float = col.cast(pl.Float64)
    return (pl.when(as_float == as_float.round(0))
            .then(as_float.cast(pl.Int64).cast(pl.String))
            .otherwise(as_float.cast(pl.String)))


def _format(frame: pl.DataFrame, sheet: Sheet, *, excel: bool) -> pl.DataFrame:
    """Apply each column's style. For CSV every cell becomes text; for Excel only some do.

    Columns keep their layout spec (``field:style``) as name until ``_headers``.
    """
    exprs = []
    for _, spec in sheet.columns:
        fld, _, style = spec.partition(":")
        col = pl.col(spec)
        dtype = frame.schema[spec]
        if style in _DATE_STYLES:
            if not (excel and style == "excel"):
                col = col.dt.strftime(_DATE_STYLES[style])
        elif dtype.is_numeric() and (not excel or style == "text"):
            col = _number_text(col)
        elif not excel:
            col = col.cast(pl.String)
        exprs.append(col.alias(spec))
    return frame.select(exprs)


def _total_row(frame: pl.DataFrame, sheet: Sheet, excel: bool) -> list[object] | None:
    """The 合计 row clerks put under a table (None when the sheet has none)."""
    if sheet.footer != "total":
        return None
    row: list[object] = []
    counted = False
    for i, (_, spec) in enumerate(sheet.columns):
        fld, _, style = spec.partition(":")
        value: object = None
        if i == 0:
            value = "合计"
        elif fld in _TOTAL_LABEL_FIELDS and not counted:
            value, counted = f"共{frame.height}条", True
        elif fld in _SUM_FIELDS:
            total = float(frame[spec].cast(pl.Float64).sum())
            value = total if excel and style != "text" else (f"{total:.0f}" if total.is_integer() else f"{total}")
        row.append(value)
    return row


def _headers(frame: pl.DataFrame, sheet: Sheet) -> pl.DataFrame:
    return frame.rename({spec: header for header, spec in sheet.columns})


def _write_csv(path: Path, frame: pl.DataFrame, sheet: Sheet, encoding: str, total: list[object] | None) -> None:
    frame = _headers(frame.with_columns(pl.all().cast(pl.String)), sheet)
    if total is not None:
        frame = pl.concat([frame, pl.DataFrame([total], schema=frame.columns, orient="row").cast(pl.String)])
    head = sheet.title + "," * (frame.width - 1) + "\n" if sheet.title else ""
    tail = _note(sheet) + "\n" if sheet.footer == "note" else ""
    if encoding == "gb18030":   # polars writes UTF-8 only: re-encode the whole text
        path.write_bytes((head + frame.write_csv(null_value="") + tail).encode("gb18030"))
        return
    with path.open("wb") as fh:   # streamed: province-sized files never sit in memory as text
        fh.write((("\ufeff" if encoding == "utf-8-sig" else "") + head).encode("utf-8"))
        frame.write_csv(fh, null_value="")
        fh.write(tail.encode("utf-8"))


def _note(sheet: Sheet) -> str:
    return "注：学校标识码为教育部统一编制的10位代码，城乡分类按国家统计局城乡划分代码填写。"


def _write_xlsx(path: Path, sheets: list[tuple[Sheet, pl.DataFrame, list[object] | None]]) -> None:
    xlsx.write_workbook(path, [
        xlsx.XSheet(sheet.name, _headers(frame, sheet), title=sheet.title,
                    footer=tuple(total) if total is not None else None,
                    note=_note(sheet) if sheet.footer == "note" else None)
        for sheet, frame, total in sheets
    ], author="康乐县教育局", created=_CREATED)
