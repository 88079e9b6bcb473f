"""ETL: bureau .xlsx/.xls/.csv exports -> the DuckDB warehouse (see DATA_CONTRACT.md)."""
