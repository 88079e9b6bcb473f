"""Deliberate faults in the demo files, so the data-quality page has something to show.

Two sorts, both listed here and nowhere else:

* rows the loader must refuse (``REJECTS``): added on top of the good rows, or, for the
  roster, taken from a teacher who has no training or award that year, so no exact
  count elsewhere moves;
* cells that look wrong but must load (``MESSY``): full-width digits and letters, stray
  whitespace; and one name that disagrees with the roster (``WARNINGS``: loaded, warned).

Positions are 0-based data rows of the written file; the clerk's row number in Excel
or a text editor is position + 2 (the header is row 1; no title row in these files).
"""
from __future__ import annotations

import numpy as np
import polars as pl

from etl.demo.county import check_digit

# (file, position, column field, reason)
REJECTS: tuple[tuple[str, int, str, str], ...] = (
    ("教师名册_2022.csv", 500, "id_number", "身份证号被存成科学计数法（6.22922E+17），无法还原"),
    ("参训记录_2023.csv", 100, "id_number", "身份证号校验位错误"),
    ("参训记录_2023.csv", 2500, "id_number", "身份证号校验位错误"),
    ("参训记录_2023.csv", 5000, "id_number", "身份证号校验位错误"),
    ("参训记录_2023.csv", 7500, "program_code", "项目编号不存在"),
    ("参训记录_2023.csv", 9000, "program_code", "项目编号不存在"),
    ("参训记录_2023.csv", 11000, "hours", "完成学时超过项目学时的1.5倍"),
)
WARNINGS: tuple[tuple[str, int, str, str], ...] = (
    ("参训记录_2022.csv", 300, "name", "姓名与教师名册不一致"),
)
MESSY: tuple[tuple[str, int, str, str], ...] = (
    ("教师名册_2025.csv", -1, "id_number", "身份证号末位为全角“Ｘ”（first row whose ID ends in X）"),
    ("教师名册_2025.csv", 10, "school_name", "学校名称后带空格和换行"),
    ("参训记录_2025.csv", 20, "hours", "完成学时为全角数字"),
    ("参训记录_2025.csv", 21, "hours", "完成学时为全角数字"),
)
UNKNOWN_PROGRAMS = ("XP2023-000", "GP2023-000")   # the generator numbers from 001
_FULL_WIDTH = str.maketrans("0123456789.X", "０１２３４５６７８９．Ｘ")


def apply(file_name: str, sheet_name: str, frame: pl.DataFrame, ds) -> pl.DataFrame:
    """The file's rows with its deliberate faults in place (columns named by layout spec)."""
    fix = _BY_FILE.get(file_name)
    return fix(frame, ds) if fix else frame


def _col(frame: pl.DataFrame, fld: str) -> str:
    return next(c for c in frame.columns if c.split(":")[0] == fld)


def _insert(frame: pl.DataFrame, pos: int, row: pl.DataFrame) -> pl.DataFrame:
    pos = min(pos, frame.height)
    return pl.concat([frame.head(pos), row.select(frame.columns), frame.slice(pos)])


def _with_id(frame: pl.DataFrame, pos: int) -> pl.DataFrame:
    """The first row at or after ``pos`` (wrapping) that carries an ID number."""
    ids = frame[_col(frame, "id_number")].is_not_null().to_numpy()
    order = np.r_[np.arange(min(pos, frame.height - 1), frame.height), np.arange(0, frame.height)]
    return frame.slice(int(order[np.argmax(ids[order])]), 1)


def _participation_2023(frame: pl.DataFrame, ds) -> pl.DataFrame:
    id_col, prog_col, hours_col = _col(frame, "id_number"), _col(frame, "program_code"), _col(frame, "hours")
    original = frame
    unknown = iter(UNKNOWN_PROGRAMS)
    for _, pos, fld, _ in (r for r in REJECTS if r[0] == "参训记录_2023.csv"):
        row = _with_id(original, pos)
        if fld == "id_number":
            good = row[id_col][0]
            # Never a trailing 0: an ID ending in zeros reads like one Excel rounded (another fault).
            wrong = next(c for c in "123456789X123456789" if c != check_digit(good[:17]))
            row = row.with_columns(pl.lit(good[:17] + wrong).alias(id_col))
        elif fld == "program_code":
            row = row.with_columns(pl.lit(next(unknown)).alias(prog_col))
        else:
            row = _over_hours(row, ds, id_col, prog_col, hours_col)
        frame = _insert(frame, pos, row)
    return frame


def _over_hours(row: pl.DataFrame, ds, id_col: str, prog_col: str, hours_col: str) -> pl.DataFrame:
    """Same program, a roster teacher not in it, twice the program's hours."""
    code = row[prog_col][0]
    hours = ds.programs.filter(pl.col("program_code") == code)["hours"][0]
    taken = ds.participation.filter(pl.col("program_code") == code)["teacher_idx"]
    pick = (ds.roster.filter((pl.col("year") == 2023) & ~pl.col("teacher_idx").is_in(taken.implode()))
            .join(ds.teachers, on="teacher_idx").filter(pl.col("id_number").is_not_null())
            .sort("teacher_idx").head(1))
    return row.with_columns(
        pl.lit(pick["id_number"][0]).alias(id_col),
        pl.lit(pick["name"][0]).alias(_col(row, "name")),
        pl.lit(f"{hours * 2:g}").alias(hours_col),
    )


def _roster_2022(frame: pl.DataFrame, ds) -> pl.DataFrame:
    """One ID number as Excel shows a long number: 6.22922E+17 (the last 12 digits are lost)."""
    id_col = _col(frame, "id_number")
    busy = pl.concat([ds.participation.filter(pl.col("year") == 2022).select("teacher_idx"),
                      ds.awards.filter(pl.col("year") == 2022).select("teacher_idx")])["teacher_idx"]
    roster = ds.roster.filter(pl.col("year") == 2022).sort("school_idx", "teacher_idx")
    free = (~roster["teacher_idx"].is_in(busy.implode()) & frame[id_col].is_not_null()).to_numpy()
    pos = REJECTS[0][1]
    at = np.flatnonzero(free)
    src = int(at[np.argmin(np.abs(at - pos))])
    row = frame.slice(src, 1)
    row = row.with_columns(pl.lit(f"{float(row[id_col][0][:17] + '0'):.5E}").alias(id_col))
    rest = pl.concat([frame.head(src), frame.slice(src + 1)])
    return _insert(rest, pos, row)


def _participation_2022(frame: pl.DataFrame, ds) -> pl.DataFrame:
    name_col = _col(frame, "name")
    pos = min(WARNINGS[0][1], frame.height - 1)
    name = frame[name_col][pos]
    wrong = name[:-1] + ("华" if name[-1] != "华" else "英")
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == pos).then(pl.lit(wrong)).otherwise(pl.col(name_col)).alias(name_col))


def _roster_2025(frame: pl.DataFrame, ds) -> pl.DataFrame:
    id_col, school_col = _col(frame, "id_number"), _col(frame, "school_name")
    row = pl.int_range(pl.len())
    first_x = frame[id_col].str.ends_with("X").arg_true()[0]
    return frame.with_columns(
        pl.when(row == first_x).then(pl.col(id_col).str.replace("X$", "Ｘ")).otherwise(pl.col(id_col)).alias(id_col),
        pl.when(row == min(10, frame.height - 1)).then(pl.col(school_col) + " \n")
        .otherwise(pl.col(school_col)).alias(school_col),
    )


def _participation_2025(frame: pl.DataFrame, ds) -> pl.DataFrame:
    hours_col = _col(frame, "hours")
    rows = [p for f, p, _, _ in MESSY if f == "参训记录_2025.csv"]
    hours = frame[hours_col].to_list()
    for p in rows:
        if p < len(hours) and hours[p] is not None:
            hours[p] = hours[p].translate(_FULL_WIDTH)
    return frame.with_columns(pl.Series(hours_col, hours, dtype=pl.String))


_BY_FILE = {
    "参训记录_2023.csv": _participation_2023,
    "教师名册_2022.csv": _roster_2022,
    "参训记录_2022.csv": _participation_2022,
    "教师名册_2025.csv": _roster_2025,
    "参训记录_2025.csv": _participation_2025,
}
