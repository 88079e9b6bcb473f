"""Continuing-education credits under a province's own rules (学分银行).

rules.py and messages.py (the rule-set model, its TOML files in presets/, and the Chinese
messages for a wrong file), store.py (puts a rule set into the warehouse and stores the ledger),
forecast.py / record.py (read-only, scoped queries of the teacher page), certificate.py (the
继续教育学时（学分）证明), __main__.py (python -m credits check / apply / presets).
The arithmetic lives in the SQL models warehouse/sql/metrics/credit_course.sql,
teacher_credit_cycle.sql, teacher_credit_category.sql and metric_teacher_credit.sql.
"""
