"""Compute every metric model on Spark from a lake of tables, and write each as Parquet.

The models run in dependency order (``warehouse.portable.order``), each rendered to Spark SQL.
Each model's rows are written first and read back before the next model runs: Spark would
otherwise inline a model at every use, recomputing ``teacher_year`` (10 million participation
rows in a province) once per model that reads it. So ``teacher_form_year`` and then
``teacher_year`` are materialised before anything reads them, as DuckDB's build stores them.
"""
from __future__ import annotations

from pathlib import Path

from warehouse import lake
from warehouse.portable import columns, render, spark_models, variables

SPARK_TYPES = {"VARCHAR": "string", "INTEGER": "int", "BIGINT": "bigint", "DOUBLE": "double",
               "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp_ntz", "JSON": "string"}
DUCKDB_TYPES = {"string": "VARCHAR", "int": "INTEGER", "bigint": "BIGINT", "double": "DOUBLE",
                "boolean": "BOOLEAN", "date": "DATE", "timestamp_ntz": "TIMESTAMP", "timestamp": "TIMESTAMPTZ",
                "smallint": "SMALLINT", "tinyint": "TINYINT", "float": "FLOAT"}


def duckdb_type(spark_type) -> str:
    name = spark_type.simpleString()
    return DUCKDB_TYPES.get(name) or name.upper()  # decimal(p,s) reads the same in DuckDB


def read_table(spark, folder: Path, columns: tuple[tuple[str, str], ...]):
    """One contract table from the lake (every region), cast to its declared types."""
    ddl = ", ".join(f"{c} {SPARK_TYPES[t]}" for c, t in columns)
    if not lake.files(folder):
        return spark.createDataFrame([], ddl)
    frame = spark.read.option("basePath", str(folder)).parquet(str(folder))
    return frame.selectExpr(*(f"cast({c} as {SPARK_TYPES[t]}) as {c}" for c, t in columns))


def build(spark, tables: Path, out: Path, params: dict[str, int]) -> dict[str, dict]:
    """Write every model under ``out/<model>/`` and return each one's columns and partitions."""
    for table, declared in lake.base_tables().items():
        read_table(spark, tables / table, declared).createOrReplaceTempView(table)
    models: dict[str, dict] = {}
    for model in spark_models():
        args = {name: params[name] for name in variables(model)}
        frame = spark.sql(render(model, "spark"), args=args) if args else spark.sql(render(model, "spark"))
        if sorted(frame.columns) != sorted(columns()[model]):
            raise RuntimeError(f"{model}: Spark gives columns {frame.columns}, DuckDB {columns()[model]}")
        frame = frame.select(*columns()[model])
        partition = [lake.YEAR] if lake.YEAR in frame.columns else []
        writer = frame.write.mode("overwrite")
        (writer.partitionBy(*partition) if partition else writer).parquet(str(out / model))
        stored = spark.read.parquet(str(out / model)).select(*frame.columns) if lake.files(out / model) \
            else spark.createDataFrame([], frame.schema)  # no rows: Spark wrote no file to read back
        stored.createOrReplaceTempView(model)
        models[model] = {"columns": [[f.name, duckdb_type(f.dataType)] for f in frame.schema.fields],
                         "partition_by": partition}
    return models
