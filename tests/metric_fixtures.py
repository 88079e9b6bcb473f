"""Tiny hand-made warehouses for the metric tests: a real in-memory DuckDB with the real
schema (tables and metric views from warehouse/sql/), filled row by row.

Defaults keep each test's setup to the facts the test is about: a participation row
takes its year and hours from its program and its school from the teacher's roster that
year, as the ETL does.
"""
from __future__ import annotations

import duckdb

from warehouse.schema import create_schema


class Warehouse:
    def __init__(self, reuse: duckdb.DuckDBPyConnection | None = None) -> None:
        """A fresh warehouse; ``reuse`` empties an existing one instead (much faster than
        building the schema again, for property tests that build many warehouses)."""
        if reuse is None:
            self.con = duckdb.connect()
            create_schema(self.con)
        else:
            self.con = reuse
            tables = [t for (t,) in reuse.execute(
                "select table_name from duckdb_tables() where table_name not in ('codebook', 'cycle_parameter')").fetchall()]
            for table in tables:
                reuse.execute(f"delete from {table}")
        self._teachers: set[str] = set()

    def school(self, code: str, *, stage: str = "primary", township: str = "城关镇",
               urban_rural: str = "urban", name: str | None = None) -> "Warehouse":
        self.con.execute(
            "insert into school (school_code, school_name, stage, township, urban_rural, is_weak) values (?, ?, ?, ?, ?, false)",
            [code, name or f"{code}学校", stage, township, urban_rural],
        )
        return self

    def teacher(self, key: str, name: str | None = None) -> "Warehouse":
        if key not in self._teachers:
            self.con.execute(
                "insert into teacher (teacher_key, id_masked, name) values (?, ?, ?)",
                [key, f"620***********{key[-4:]:0>4}", name or f"教师{key}"],
            )
            self._teachers.add(key)
        return self

    def roster(self, year: int, key: str, school: str, *, subject: str = "语文",
               dev_tier: str | None = "qualified", hire_date: str | None = None) -> "Warehouse":
        self.teacher(key)
        self.con.execute(
            "insert into roster (year, teacher_key, school_code, subject, dev_tier, hire_date) "
            "values (?, ?, ?, ?, ?, ?)",
            [year, key, school, subject, dev_tier, hire_date],
        )
        return self

    def program(self, code: str, year: int, tier: str, *, hours: float = 10,
                planned_seats: int | None = None, theme: str | None = None) -> "Warehouse":
        self.con.execute(
            "insert into program (program_code, program_name, year, train_tier, hours, planned_seats, theme) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [code, f"项目{code}", year, tier, hours, planned_seats, theme],
        )
        return self

    def took(self, program: str, key: str, result: str | None = "passed", *,
             hours: float | None = None, school: str | None = None) -> "Warehouse":
        """A participation row; year and hours from the program, school from the roster."""
        [(year, program_hours)] = self.con.execute(
            "select year, hours from program where program_code = ?", [program]
        ).fetchall()
        if school is None:
            rows = self.con.execute(
                "select school_code from roster where year = ? and teacher_key = ?", [year, key]
            ).fetchall()
            school = rows[0][0] if rows else None
        self.teacher(key)
        self.con.execute(
            "insert into participation (program_code, teacher_key, year, school_code, hours, result) "
            "values (?, ?, ?, ?, ?, ?)",
            [program, key, year, school, program_hours if hours is None else hours, result],
        )
        return self

    def award(self, key: str, year: int, level: str, *, school: str | None = None,
              name: str | None = None, category: str = "honour") -> "Warehouse":
        self.teacher(key)
        award_name = name or f"{level}奖{key}{year}"
        self.con.execute(
            "insert into award (award_id, teacher_key, school_code, year, award_name, award_level, category) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [f"{key}|{award_name}|{year}|{level}", key, school, year, award_name, level, category],
        )
        return self

    def rating(self, year: int, school: str, rating: str) -> "Warehouse":
        self.con.execute("insert into school_rating (year, school_code, rating) values (?, ?, ?)",
                         [year, school, rating])
        return self

    def plan(self, year: int, category: str, target: int, tier: str | None = None) -> "Warehouse":
        self.con.execute("insert into plan_target (year, category, train_tier, target) values (?, ?, ?, ?)", [year, category, tier, target])
        return self

    def rows(self, sql: str, params=None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()


def small_county() -> Warehouse:
    """Three schools over two years, used by several test files.

    A primary/城关镇/urban, B junior/城关镇/town, C primary/乡A/rural (never trains).
    2023 roster: a1 (A, 语文, new), a2 (A, 数学), m (A, 数学), b1 (B, 语文, key), c1 (C)
    2024 roster: a1, a2 at A; b1 and m at B (m moved A -> B); c1, c2 at C
    Programs: N23 national 40 h, S23 school 10 h (2023); C24 county 20 h, S24 school 10 h (2024)
    2023: a1 N23 passed 40 h; a2 S23 failed; m S23 passed 10 h (at A); b1 S23 passed 12 h
    2024: m C24 passed 20 h (at B); a1 S24 passed 10 h; b1 C24 incomplete
    """
    w = Warehouse()
    w.school("A", stage="primary", township="城关镇", urban_rural="urban")
    w.school("B", stage="junior", township="城关镇", urban_rural="town")
    w.school("C", stage="primary", township="乡A", urban_rural="rural")
    w.roster(2023, "a1", "A", dev_tier="new").roster(2023, "a2", "A", subject="数学")
    w.roster(2023, "m", "A", subject="数学").roster(2023, "b1", "B", dev_tier="key")
    w.roster(2023, "c1", "C")
    w.roster(2024, "a1", "A", dev_tier="new").roster(2024, "a2", "A", subject="数学")
    w.roster(2024, "m", "B", subject="数学").roster(2024, "b1", "B", dev_tier="key")
    w.roster(2024, "c1", "C").roster(2024, "c2", "C")
    w.program("N23", 2023, "national", hours=40).program("S23", 2023, "school", hours=10)
    w.program("C24", 2024, "county", hours=20).program("S24", 2024, "school", hours=10)
    w.took("N23", "a1").took("S23", "a2", "failed").took("S23", "m").took("S23", "b1", hours=12)
    w.took("C24", "m").took("S24", "a1").took("C24", "b1", "incomplete")
    return w
