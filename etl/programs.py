"""Programmes that files name but do not code.

The national system's 教职工国内培训 record names each training by 培训年度, 项目名称 and
培训类别 only. A programme is found by that triple among the programmes already in the
warehouse (a 培训项目 file's own code wins), else created with a code generated from the
triple itself (``GN2024-3FA1B2C4``): the same row always gives the same code, so loading a
file twice, or two files naming the same training, never makes two programmes.
"""
from __future__ import annotations

import hashlib

import polars as pl

GENERATED = "GN"
TRIPLE = ["year", "program_name", "train_tier"]


def generated_code(year: int, name: str, tier: str) -> str:
    digest = hashlib.sha256(f"{year}|{name}|{tier}".encode()).hexdigest()[:8].upper()
    return f"{GENERATED}{year}-{digest}"


def find_or_create(con, rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows with program_code and _phours, the programme rows to write).

    _phours is the hours of a programme found under its own code (a participation's hours are
    checked against it), null for a generated one. Generated programmes are written when new,
    or when this file's longest training exceeds their stored hours (hours = the most any
    teacher obtained: the record has no programme hours of its own)."""
    stored = con.sql("select year, program_name, train_tier, min(program_code) as program_code, "
                     "max(hours) as _stored_hours from program group by all").pl()
    rows = rows.join(stored, on=TRIPLE, how="left", maintain_order="left", nulls_equal=True)
    generated = pl.col("program_code").is_null() | pl.col("program_code").str.starts_with(GENERATED)
    rows = rows.with_columns(
        pl.when(pl.col("program_code").is_null())
        .then(pl.struct(TRIPLE).map_elements(lambda t: generated_code(t["year"], t["program_name"], t["train_tier"]),
                                             return_dtype=pl.String))
        .otherwise("program_code").alias("program_code"),
        pl.when(generated).then(None).otherwise("_stored_hours").alias("_phours"),
        generated.alias("_generated"))
    mine = rows.filter("_generated").sort("_row")
    new = mine.group_by("program_code", maintain_order=True).agg(
        pl.col("program_name").first(), pl.col("year").first(), pl.col("train_tier").first(),
        pl.col("form").drop_nulls().first(), pl.lit(None, dtype=pl.String).alias("theme"),
        pl.col("organizer").drop_nulls().first(), pl.col("start_date").min(), pl.col("end_date").max(),
        pl.max_horizontal(pl.col("hours").max(), pl.col("_stored_hours").first()).alias("hours"),
        pl.lit(None, dtype=pl.Float64).alias("credits"), pl.lit(None, dtype=pl.Int64).alias("planned_seats"),
        pl.col("_stored_hours").first().alias("_was"))
    new = new.filter(pl.col("_was").is_null() | (pl.col("hours") > pl.col("_was"))).drop("_was")
    return rows.drop("_stored_hours", "_generated"), new
