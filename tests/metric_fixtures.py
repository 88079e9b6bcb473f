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
    def __init__(self) -> None:
        self.con = duckdb.connect()
        create_schema(self.con)
        self._teachers: set[str] = set()

    def school(self, code: str, *, stage: str = "primary", township: str = "城关镇",
               urban_rural: str = "urban", name: str | None = None) -> "Warehouse":
        self.con.execute(
            "insert into school values (?, ?, ?, ?, ?, false)",
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
        self.con.execute("insert into plan_target values (?, ?, ?, ?)", [year, category, tier, target])
        return self

    def rows(self, sql: str, params=None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()
