"""Warehouse-level checks: references, keys, and the rows each kind writes.

``etl.validate`` has checked every row on its own; here the rows meet what the warehouse
already holds (including what this load wrote a moment ago, since kinds are applied in
dependency order): schools and programs must exist, teachers must be on the roster of
the year, names are cross-checked. Returns the frames to write, per table, plus rejects
and warnings, all keyed by the Excel row number.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import duckdb
import polars as pl

from etl.identity import key_column, mask_id
from etl.programs import find_or_create
from etl.validate import ROW

NO_ROWS = pl.DataFrame(schema={ROW: pl.Int64, "column_name": pl.String, "reason": pl.String})
NO_WARNINGS = pl.DataFrame(schema={ROW: pl.Int64, "column_name": pl.String, "message": pl.String})


@dataclass
class Resolved:
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)   # table -> rows to upsert
    rejects: pl.DataFrame = field(default_factory=lambda: NO_ROWS)
    warnings: pl.DataFrame = field(default_factory=lambda: NO_WARNINGS)


def _reject(rows: pl.DataFrame, mask: pl.Expr, column: str | pl.Expr, reason: pl.Expr) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split rows where `mask` holds off into rejects with `reason` (column: a header, or an expression)."""
    flagged = rows.with_columns(mask.fill_null(False).alias("_bad"))
    column = pl.lit(column) if isinstance(column, str) else column
    bad = flagged.filter("_bad").select(ROW, column.cast(pl.String).alias("column_name"),
                                        reason.cast(pl.String).alias("reason"))
    return flagged.filter(~pl.col("_bad")).drop("_bad"), bad


def _first_only(rows: pl.DataFrame, keys: list[str], column: str, reason: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows sharing a warehouse key: the first stays, the later ones are rejected naming it."""
    if not rows.select(keys).hash_rows().is_duplicated().any():  # the usual case, decided cheaply
        return rows, NO_ROWS
    rows = rows.with_columns(pl.col(ROW).first().over(keys).alias("_first"))
    rows, bad = _reject(rows, pl.col("_first") != pl.col(ROW), column, pl.format(reason, pl.col("_first")))
    return rows.drop("_first"), bad


def _lookup(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params).pl()


def _school_codes(con, rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Fill school_code from school_name where needed; both must name a school in 学校名册."""
    schools = _lookup(con, "select school_code, school_name from school")
    by_name = schools.group_by("school_name").agg(pl.col("school_code").first().alias("_by_name"),
                                                  pl.len().alias("_n_same_name"))
    rows = rows.join(by_name, on="school_name", how="left", maintain_order="left")
    rejects = []
    rows, bad = _reject(rows, pl.col("school_code").is_null() & (pl.col("_n_same_name") > 1), "学校名称",
                        pl.format("学校名称“{}”对应多所学校：请改填学校代码", pl.col("school_name")))
    rejects.append(bad)
    rows = rows.with_columns(pl.coalesce("school_code", "_by_name").alias("school_code"))
    known = schools["school_code"].implode()
    rows, bad = _reject(
        rows, pl.col("school_code").is_null() | ~pl.col("school_code").is_in(known),
        "学校代码",
        pl.when(pl.col("school_code").is_not_null())
        .then(pl.format("学校代码“{}”不在学校名册中：请先导入学校名册，或核对代码", pl.col("school_code")))
        .otherwise(pl.format("学校名称“{}”不在学校名册中：请核对名称（须与学校名册一致）或改填学校代码", pl.col("school_name"))))
    rejects.append(bad)
    return rows.drop("_by_name", "_n_same_name"), pl.concat(rejects)


def _tokens(rows: pl.DataFrame) -> pl.Expr:
    return pl.when(pl.col("id_number").is_not_null()).then(pl.col("id_number")) \
        .otherwise(pl.lit("code:") + pl.col("teacher_code"))


def _teacher_keys(con, rows: pl.DataFrame, secret: bytes) -> tuple[pl.DataFrame, pl.DataFrame]:
    """teacher_key from the ID number, or via the 教师编号 recorded on the roster."""
    rows = rows.with_columns(key_column(secret, rows.select(_tokens(rows)).to_series()).alias("_id_key"))
    # Only rows without an ID number are keyed through their 教师编号: look up just those codes.
    wanted = rows.filter(pl.col("id_number").is_null())["teacher_code"].drop_nulls().unique().to_list()
    codes = _lookup(con, "select teacher_code, any_value(teacher_key) as _code_key from teacher "
                         "where teacher_code = any($codes) group by teacher_code", {"codes": wanted})
    rows = rows.join(codes, on="teacher_code", how="left", maintain_order="left")
    rows = rows.with_columns(
        pl.when(pl.col("id_number").is_not_null()).then("_id_key")
        .otherwise(pl.coalesce("_code_key", "_id_key")).alias("teacher_key")).drop("_id_key", "_code_key")
    return rows, NO_ROWS


def _on_roster(con, rows: pl.DataFrame, year_col: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Attach the teacher's school (and roster name) in that year; not on that year's roster -> reject."""
    years = rows[year_col].drop_nulls().unique().to_list()
    roster = _lookup(con, "select r.year as _ry, r.teacher_key, r.school_code as _school, t.name as _roster_name "
                          "from roster r join teacher t using (teacher_key) where r.year = any($years)",
                     {"years": years} if years else {"years": [-1]})
    rows = rows.join(roster, left_on=[year_col, "teacher_key"], right_on=["_ry", "teacher_key"],
                     how="left", maintain_order="left")
    who = pl.when(pl.col("id_number").is_not_null()).then(pl.lit("身份证号")).otherwise(pl.lit("教师编号"))
    return _reject(rows, pl.col("_school").is_null(), who,
                   pl.format("该教师（按{}）不在 {} 年教师名册中：请先导入该年教师名册，或核对{}", who, pl.col(year_col), who))


def _name_warnings(rows: pl.DataFrame) -> pl.DataFrame:
    if "name" not in rows.columns:
        return NO_WARNINGS
    return rows.filter(pl.col("name").is_not_null() & (pl.col("name") != pl.col("_roster_name"))).select(
        ROW, pl.lit("姓名").alias("column_name"),
        pl.format("姓名“{}”与教师名册中的“{}”不一致（已按证件号导入）：请核对", pl.col("name"), pl.col("_roster_name"))
        .alias("message"))


def school(con, rows: pl.DataFrame, secret: bytes) -> Resolved:
    return Resolved(tables={"school": rows.drop(ROW)})


def roster(con, rows: pl.DataFrame, secret: bytes) -> Resolved:
    rows, bad_school = _school_codes(con, rows)
    rows = rows.with_columns(key_column(secret, rows.select(_tokens(rows)).to_series()).alias("teacher_key"))
    birth_from_id = pl.col("id_number").str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
    latest = rows.sort("year").group_by("teacher_key", maintain_order=True).last()
    teacher = latest.select("teacher_key", mask_id(pl.col("id_number")).alias("id_masked"), "teacher_code", "name",
                            "gender", pl.coalesce("birth_date", birth_from_id).alias("birth_date"))
    ros = rows.select("year", "teacher_key", "school_code", "subject", "stage", "title", "hire_date", "dev_tier")
    return Resolved(tables={"teacher": teacher, "roster": ros}, rejects=bad_school)


def program(con, rows: pl.DataFrame, secret: bytes) -> Resolved:
    rows = rows.with_columns(pl.coalesce("year", pl.col("start_date").dt.year().cast(pl.Int64)).alias("year"))
    rows, bad1 = _reject(rows, pl.col("year").is_null(), "年度", pl.lit("缺少“年度”，且“开始日期”为空：请填写其一"))
    rows, bad2 = _reject(rows, pl.col("end_date") < pl.col("start_date"), "结束日期",
                         pl.format("“结束日期”{}早于“开始日期”{}：请核对", pl.col("end_date"), pl.col("start_date")))
    return Resolved(tables={"program": rows.drop(ROW)}, rejects=pl.concat([bad1, bad2]))


def participation(con, rows: pl.DataFrame, secret: bytes) -> Resolved:
    programs = _lookup(con, "select program_code, year as _pyear, hours as _phours from program")
    rows = rows.join(programs, on="program_code", how="left", maintain_order="left")
    rows, bad1 = _reject(rows, pl.col("_pyear").is_null(), "项目编号",
                         pl.format("项目编号“{}”不在培训项目表中：请先导入该项目，或核对编号", pl.col("program_code")))
    rows, bad2 = _reject(rows, pl.col("hours") > pl.col("_phours") * 1.5, "完成学时",
                         pl.format("“完成学时”{} 超过该项目学时 {} 的 1.5 倍：请核对", pl.col("hours"), pl.col("_phours")))
    rows, _ = _teacher_keys(con, rows, secret)
    rows, bad3 = _on_roster(con, rows, "_pyear")
    # One person may appear twice under different identifiers (ID and 教师编号).
    rows, bad4 = _first_only(rows, ["program_code", "teacher_key"], "身份证号", "与第 {} 行是同一教师的同一项目：请删除重复行")
    out = rows.select("program_code", "teacher_key", pl.col("_pyear").alias("year"),
                      pl.col("_school").alias("school_code"), "hours", "credits", "result", "score", "result_gap")
    return Resolved(tables={"participation": out}, rejects=pl.concat([bad1, bad2, bad3, bad4]),
                    warnings=_name_warnings(rows))


def national_training(con, rows: pl.DataFrame, secret: bytes) -> Resolved:
    """教职工国内培训: each row a participation in a programme found or created by (year, name, tier)."""
    rows, programs = find_or_create(con, rows)
    empty = programs.filter(pl.col("hours") <= 0)["program_code"].implode()
    rows, bad1 = _reject(rows, pl.col("program_code").is_in(empty), "获得学时",
                         pl.format("培训“{}”各行的获得学时都是 0：无法建立培训项目，请核对学时", pl.col("program_name")))
    rows, bad2 = _reject(rows, pl.col("hours") > pl.col("_phours") * 1.5, "获得学时",
                         pl.format("“获得学时”{} 超过项目“{}”学时 {} 的 1.5 倍：请核对", pl.col("hours"),
                                   pl.col("program_name"), pl.col("_phours")))
    rows, _ = _teacher_keys(con, rows, secret)
    rows, bad3 = _on_roster(con, rows, "year")
    rows, bad4 = _first_only(rows, ["program_code", "teacher_key"], "身份证号", "与第 {} 行是同一教师的同一培训：请删除重复行")
    result = pl.coalesce("result", pl.when(pl.col("hours") > 0).then(pl.lit("passed")).otherwise(pl.lit("incomplete")))
    out = rows.select("program_code", "teacher_key", "year", pl.col("_school").alias("school_code"), "hours", "credits",
                      result.alias("result"), pl.lit(None, dtype=pl.Float64).alias("score"))
    # Participation first: a corrected file's dropped rows go before its dropped programmes are checked.
    return Resolved(tables={"participation": out, "program": programs.filter(pl.col("hours") > 0)},
                    rejects=pl.concat([bad1, bad2, bad3, bad4]), warnings=_name_warnings(rows))


def award(con, rows: pl.DataFrame, secret: bytes) -> Resolved:
    rows, _ = _teacher_keys(con, rows, secret)
    rows, bad = _on_roster(con, rows, "year")
    ident = pl.concat_str(["teacher_key", "award_name", pl.col("year").cast(pl.String), "award_level",
                           pl.col("grade").fill_null("")], separator="|")
    rows = rows.with_columns(ident.map_batches(
        lambda s: pl.Series([hashlib.sha256(v.encode()).hexdigest()[:24] for v in s.to_list()], dtype=pl.String),
        return_dtype=pl.String).alias("award_id"))
    rows, dup = _first_only(rows, ["award_id"], "奖项名称", "与第 {} 行是同一教师的同一奖项：请删除重复行")
    out = rows.select("award_id", "teacher_key", pl.col("_school").alias("school_code"), "year", "award_name",
                      "award_level", "category", "grade", "issuer")
    return Resolved(tables={"award": out}, rejects=pl.concat([bad, dup]), warnings=_name_warnings(rows))


def school_rating(con, rows: pl.DataFrame, secret: bytes) -> Resolved:
    rows, bad = _school_codes(con, rows)
    rows, dup = _first_only(rows, ["year", "school_code"], "学校代码", "与第 {} 行是同一学校同一年度的考核：请删除重复行")
    return Resolved(tables={"school_rating": rows.select("year", "school_code", "rating", "score")},
                    rejects=pl.concat([bad, dup]))


def plan_target(con, rows: pl.DataFrame, secret: bytes) -> Resolved:
    return Resolved(tables={"plan_target": rows.select("year", "category", "train_tier", "target")})


WAN = 10_000  # 元 in one 万元
PLAUSIBLE_PUBLIC_FUNDS = 1_000  # 元: a school's yearly budget below this is almost surely in 万元


def training_funds(con, rows: pl.DataFrame, secret: bytes) -> Resolved:
    """Amounts in 元: a 万元 column is multiplied by 10,000. A budget under 1,000 元 loads with a
    warning, since it usually means a 万元 file whose header does not say so."""
    rows, bad = _school_codes(con, rows)
    rows = rows.with_columns(
        pl.coalesce(pl.col("training_spend"), pl.col("training_spend_wan") * WAN).alias("training_spend"),
        pl.coalesce(pl.col("public_funds"), pl.col("public_funds_wan") * WAN).alias("public_funds"))
    rows, dup = _first_only(rows, ["year", "school_code"], "学校代码", "与第 {} 行是同一学校同一年度的经费：请删除重复行")
    rows, zero = _reject(rows, pl.col("public_funds") == 0, "公用经费",
                         pl.lit("公用经费为 0：占比无法计算，请填写该校当年的公用经费，或留空"))
    small = rows.filter(pl.col("public_funds") < PLAUSIBLE_PUBLIC_FUNDS).select(
        ROW, pl.lit("公用经费").alias("column_name"),
        pl.format("公用经费只有 {} 元：如果表中金额以万元为单位，请在表头写明“（万元）”后重新导入",
                  pl.col("public_funds")).alias("message"))
    return Resolved(tables={"training_funds": rows.select("year", "school_code", "training_spend", "public_funds")},
                    rejects=pl.concat([bad, dup, zero]), warnings=small)


RESOLVERS = {"school": school, "roster": roster, "program": program, "participation": participation,
             "national_training": national_training, "award": award, "school_rating": school_rating, "plan_target": plan_target,
             "training_funds": training_funds}
