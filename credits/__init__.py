"""Continuing-education credits under a province's own rules (学分银行).

rules.py (the rule-set model and its TOML files, presets/), store.py (puts a rule set into the
warehouse and stores the ledger), ledger.py / forecast.py / record.py (read-only queries the
teacher page and the compliance page call), certificate.py (the 继续教育学时（学分）证明).
The arithmetic lives in the SQL models warehouse/sql/metrics/credit_course.sql,
teacher_credit_cycle.sql, teacher_credit_category.sql and metric_teacher_credit.sql.
"""
