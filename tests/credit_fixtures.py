"""Tiny warehouses for the credit tests: a real in-memory DuckDB with the real schema, a few
rows written by hand, and a rule set applied through credits.store (the path a build takes)."""
from __future__ import annotations

import duckdb

from credits import rules as rules_module
from credits import store
from warehouse.schema import create_schema

BASE_RULES = {
    "id": "test", "name": "测试规则", "source": "测试", "check_note": "测试",
    "cycle": {"years": 5, "start": 2021},
    "requirement": {"unit": "credits", "total": 36},
    "conversion": {"hours_per_credit": 10},
}


def rule_set(**overrides) -> rules_module.RuleSet:
    """BASE_RULES with some top-level sections replaced (merged one level deep)."""
    raw = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE_RULES.items()}
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(raw.get(key), dict):
            raw[key].update(value)
        else:
            raw[key] = value
    return rules_module.parse(raw)


class CreditWarehouse:
    def __init__(self) -> None:
        self.con = duckdb.connect()
        create_schema(self.con)
        self._teachers: set[str] = set()
        self._programs = 0

    def school(self, code: str, stage: str = "primary", name: str | None = None) -> "CreditWarehouse":
        self.con.execute("insert into school (school_code, school_name, stage, urban_rural, is_weak) "
                         "values (?, ?, ?, 'urban', false)", [code, name or f"{code}学校", stage])
        return self

    def roster(self, key: str, school: str, years, dev_tier: str = "qualified", first_tier: str | None = None,
               name: str | None = None) -> "CreditWarehouse":
        if key not in self._teachers:
            self.con.execute("insert into teacher (teacher_key, id_masked, teacher_code, name) values (?, ?, ?, ?)",
                             [key, f"620***********{key[-4:]:0>4}", f"T{key}", name or f"教师{key}"])
            self._teachers.add(key)
        for i, year in enumerate(years):
            tier = first_tier if (i == 0 and first_tier) else dev_tier
            self.con.execute("insert into roster (year, teacher_key, school_code, dev_tier) values (?, ?, ?, ?)",
                             [year, key, school, tier])
        return self

    def course(self, key: str, year: int, hours: float, tier: str = "county", form: str = "offline",
               theme: str | None = "学科教学", result: str = "passed", code: str | None = None) -> str:
        """A program of ``hours`` and one participation row of ``key`` in it; returns its code."""
        self._programs += 1
        code = code or f"P{self._programs:03d}"
        self.con.execute("insert into program (program_code, program_name, year, train_tier, form, theme, hours) "
                         "values (?, ?, ?, ?, ?, ?, ?)", [code, f"项目{code}", year, tier, form, theme, hours])
        self.con.execute("insert into participation (program_code, teacher_key, year, hours, result) "
                         "values (?, ?, ?, ?, ?)", [code, key, year, hours, result])
        return code

    def award(self, key: str, year: int, level: str, category: str = "honour") -> "CreditWarehouse":
        self.con.execute("insert into award (award_id, teacher_key, year, award_name, award_level, category) "
                         "values (?, ?, ?, ?, ?, ?)", [f"A{key}{year}{level}{category}", key, year, "奖", level, category])
        return self

    def apply(self, rules: rules_module.RuleSet) -> "CreditWarehouse":
        store.apply(self.con, rules)
        return self

    def ledger(self, key: str) -> dict:
        return self.con.sql("select * from metric_teacher_credit where teacher_key = $k", params={"k": key}) \
            .pl().row(0, named=True)

    def counted(self, key: str) -> dict[str, float]:
        rows = self.con.execute("select program_code, counted from credit_course where teacher_key = ? "
                                "order by program_code", [key]).fetchall()
        return {code: round(value, 6) for code, value in rows}

    def categories(self, key: str) -> dict[tuple[str, str], tuple[float, float, float]]:
        rows = self.con.execute("select kind, name, earned, min_required, shortfall from teacher_credit_category "
                                "where teacher_key = ?", [key]).fetchall()
        return {(k, n): (round(e, 6), round(m, 6), round(s, 6)) for k, n, e, m, s in rows}
