"""The DuckDB warehouse: schema from ``warehouse/sql/``, read-only access for the app."""
