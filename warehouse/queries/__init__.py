"""Query functions the dashboard pages call, one module per page topic.

Every function takes a DuckDB connection and a ``warehouse.filters.Filters``, binds every
value as a parameter, applies ``filters.allowed_schools`` and returns a polars DataFrame
aggregated in DuckDB. The metric definitions live in ``warehouse/sql/metrics/*.sql``.
"""
