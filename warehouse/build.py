"""Batch build of the stored models from a lake of tables: ``python -m warehouse.build``.

    python -m warehouse.build --engine spark --lake lake/ --out models/ [--master local[2]]
    python -m warehouse.build --engine duckdb --lake lake/ --out models/

Both engines compute every model of ``warehouse/sql/metrics/`` (rendered by
``warehouse.portable``) in dependency order and write each as Parquet under ``out/<model>/``,
by year where the model has a year; ``out/_build.json`` records the engine, the lake, the cycle
anchor and each model's columns. The app serves the result when ``WAREHOUSE_PATH`` names
``out`` (``warehouse.lake.connect``). The build writes beside ``out`` and swaps the folder in
when it is complete; the previous build is kept as ``out.prev`` and the command says so.

On a cluster, ``--master spark://host:7077`` (standalone) or ``sc://host:15002`` (Spark
Connect) runs the same build; ``--lake`` and ``--out`` must then be paths the cluster sees.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb

import settings
from warehouse import lake
from warehouse.portable import order, sources

CYCLE_VARIABLE = lake.CYCLE_VARIABLE


def _duckdb_models(tables: Path, out: Path, params: dict[str, int]) -> dict[str, dict]:
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    lake.attach_tables(con, tables)
    for name, value in params.items():  # names from this module, values ints
        con.execute(f"set variable {name} = $v", {"v": value})
    models: dict[str, dict] = {}
    for model in order():
        sql = sources()[model]
        columns = [[c, t] for c, t, *_ in con.execute(f"describe {sql}").fetchall()]
        partition = [lake.YEAR] if any(c == lake.YEAR for c, _ in columns) else []
        target = out / model
        if partition:
            con.execute(f"copy ({sql}) to '{target}' (format parquet, partition_by (year), "
                        f"filename_pattern 'part-{{i}}')")
        else:
            target.mkdir(parents=True)
            con.execute(f"copy ({sql}) to '{target / 'part-0.parquet'}' (format parquet)")
        lake.attach_model(con, out, model, {"columns": columns, "partition_by": partition}, model)
        models[model] = {"columns": columns, "partition_by": partition}
    con.close()
    return models


def _spark_models(tables: Path, out: Path, params: dict[str, int], master: str,
                  shuffle_partitions: int, memory: str) -> dict[str, dict]:
    from warehouse.spark.build import build
    from warehouse.spark.session import session

    with session(master, shuffle_partitions, memory) as spark:
        return build(spark, tables, out, params)


def build(engine: str, tables: Path, out: Path, cycle_start: int | None = None, *,
          master: str = "local[2]", shuffle_partitions: int = 4, memory: str = "2g") -> dict:
    """Build every model into ``out`` (swapped in when complete); return the manifest."""
    tables, out = Path(tables).resolve(), Path(out).resolve()
    if not tables.is_dir():
        raise FileNotFoundError(f"找不到数据湖目录 (no lake folder) {tables}：先运行 python -m etl export --lake {tables}")
    if out.exists() and not lake.is_model_lake(out):
        raise FileExistsError(f"输出目录 {out} 已存在且不是一次建模的结果，不会覆盖它 "
                              f"(exists and is not a build output: not overwritten)")
    params = {CYCLE_VARIABLE: int(settings.CYCLE_START if cycle_start is None else cycle_start)}
    stage = out.with_name(out.name + ".building")
    shutil.rmtree(stage, ignore_errors=True)  # a build that died half-way
    stage.mkdir(parents=True)
    started = time.perf_counter()
    if engine == "spark":
        models = _spark_models(tables, stage, params, master, shuffle_partitions, memory)
    else:
        models = _duckdb_models(tables, stage, params)
    con = duckdb.connect()
    for model, info in models.items():
        (stage / model).mkdir(exist_ok=True)  # a model without rows, partitioned by year, wrote no file
        info["rows"] = con.execute("select count(*) from read_parquet($g)", {"g": str(stage / model / "**" / "*.parquet")}
                                   ).fetchone()[0] if lake.files(stage / model) else 0
    con.close()
    manifest = {"format": 1, "engine": engine, "master": master if engine == "spark" else None,
                "lake": str(tables), "cycle_start": params[CYCLE_VARIABLE],
                "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "seconds": round(time.perf_counter() - started, 1), "models": models}
    lake.write_manifest(stage, manifest)
    manifest["replaced"] = _swap(stage, out)
    return manifest


def _swap(stage: Path, out: Path) -> str | None:
    """Put the finished build at ``out``; the one it replaces goes to ``out.prev``."""
    previous = None
    if out.exists():
        previous = out.with_name(out.name + ".prev")
        shutil.rmtree(previous, ignore_errors=True)
        out.rename(previous)
    stage.rename(out)
    return str(previous) if previous else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse.build",
                                     description="从数据湖计算全部指标模型并写成 Parquet")
    parser.add_argument("--engine", choices=("spark", "duckdb"), default="spark")
    parser.add_argument("--lake", type=Path, required=True, help="python -m etl export --lake 写出的目录")
    parser.add_argument("--out", type=Path, required=True, help="指标模型写到这里（WAREHOUSE_PATH 可指向它）")
    parser.add_argument("--master", default="local[2]", help="local[N]、spark://host:7077 或 sc://host:15002")
    parser.add_argument("--shuffle-partitions", type=int, default=4)
    parser.add_argument("--memory", default="2g", help="本地 Spark 驱动内存")
    parser.add_argument("--cycle-start", type=int, default=None, help=f"周期起点（默认 {settings.CYCLE_START}）")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.engine, args.lake, args.out, args.cycle_start, master=args.master,
                         shuffle_partitions=args.shuffle_partitions, memory=args.memory)
    except (FileNotFoundError, FileExistsError, RuntimeError) as exc:
        print(exc, file=sys.stderr)
        return 2 if isinstance(exc, (FileNotFoundError, FileExistsError)) else 1
    for model, info in manifest["models"].items():
        print(f"{model:24} {info['rows']:>12,} 行")
    print(f"引擎 {manifest['engine']}：{len(manifest['models'])} 个模型，{manifest['seconds']} 秒 → {args.out}")
    if manifest["replaced"]:
        print(f"上一次的结果已移到 {manifest['replaced']}（被本次取代）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
