"""The programmes a list for one programme may belong to: those in the warehouse before the
load, and those of the 培训项目 sheets loaded in the same command."""
from __future__ import annotations

from pathlib import Path

import duckdb

from etl.context import Programme
from etl.validate import check


def known_programmes(warehouse: Path, program_sheets: list) -> list[Programme]:
    """`program_sheets`: (RawSheet, HeaderMatch) pairs of kind program, checked here (small files)."""
    out: list[Programme] = []
    for sheet, match in program_sheets:
        rows = check(sheet, match).rows
        year = rows["year"].fill_null(rows["start_date"].dt.year().cast(rows["year"].dtype))
        out += [Programme(c, n, y, h) for c, n, y, h in zip(rows["program_code"], rows["program_name"], year, rows["hours"])]
    if Path(warehouse).exists():
        try:
            con = duckdb.connect(str(warehouse), read_only=True)
        except duckdb.Error:  # another load holds it: this command's programmes only
            return out
        try:
            stored = con.execute("select program_code, program_name, year, hours from program").fetchall()
        finally:
            con.close()
        seen = {p.code for p in out}  # this command's version of a programme wins
        out += [Programme(*row) for row in stored if row[0] not in seen]
    return out
