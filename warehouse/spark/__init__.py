"""Spark as a batch engine for the metric models: a session, and the build of the stored models
from a lake of tables (``python -m warehouse.build --engine spark``). DuckDB keeps serving."""
