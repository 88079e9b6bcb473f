"""Export the warehouse as a lake: ``python -m etl export --lake DIR [--region CODE]``.

Every table of the contract goes to ``DIR/<table>/`` as Parquet (layout: ``warehouse.lake``,
docs/scale-out.md): the facts partitioned by year, and, with ``--region``, every table under
``region=<CODE>/`` so that each province's (or county's) ETL writes its own part of one shared
lake. The stored models are not exported: ``python -m warehouse.build`` computes them from the
tables. Every table is written aside first and then moved in; a table (or a region's part of
it) that was there before is replaced, and the report says so.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse.lake import REGION, REGION_PATTERN, YEAR, base_tables, partitioned_by_year, regions

FILE_SIZE = "256MB"  # a year of a province's participation splits into files of about this size


@dataclass
class ExportReport:
    lake: Path
    region: str | None
    rows: dict[str, int] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)  # folders whose earlier export was replaced


def _check_layout(lake: Path, region: str | None) -> None:
    """A lake is either split by region or not: mixing both would double-count on reading."""
    for table in base_tables():
        folder = lake / table
        if not folder.is_dir() or not any(folder.iterdir()):
            continue
        by_region = bool(regions(folder))
        if region and not by_region:
            raise ValueError(f"数据湖 {lake} 的 {table} 没有按地区分区，不能再按地区 {region} 导出；"
                             f"请换一个目录 (this lake is not split by region)")
        if not region and by_region:
            raise ValueError(f"数据湖 {lake} 按地区分区（{', '.join(sorted(regions(folder)))}），"
                             f"导出时请用 --region 指明地区 (this lake is split by region: give --region)")


def export_connection(con: duckdb.DuckDBPyConnection, lake: Path, region: str | None = None) -> ExportReport:
    """Write every contract table of ``con`` into ``lake`` (see module doc)."""
    if region is not None and not REGION_PATTERN.match(region):
        raise ValueError(f"地区代码 {region!r} 只能由字母、数字、- 和 _ 组成（最多 32 个），例如 520000")
    lake = Path(lake)
    lake.mkdir(parents=True, exist_ok=True)
    _check_layout(lake, region)
    have = {t for (t,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
    missing = sorted(set(base_tables()) - have)
    if missing:
        raise ValueError(f"数据仓库缺少表 {', '.join(missing)}，请先用 python -m etl load 建库")
    report = ExportReport(lake=lake, region=region)
    stage = lake / f".export-{uuid.uuid4().hex[:8]}"
    stage.mkdir()
    try:
        for table, columns in base_tables().items():
            select = ", ".join(f"{c}::varchar as {c}" if t == "JSON" else c for c, t in columns)
            partition = ([REGION] if region else []) + ([YEAR] if partitioned_by_year(table) else [])
            source = f"select {select}" + (", $region as region" if region else "") + f" from {table}"
            params = {"region": region} if region else {}
            target = stage / table
            if partition:
                con.execute(f"copy ({source}) to '{target}' (format parquet, partition_by ({', '.join(partition)}), "
                            f"filename_pattern 'part-{{i}}', file_size_bytes '{FILE_SIZE}')", params)
            else:
                target.mkdir(parents=True)
                con.execute(f"copy ({source}) to '{target / 'part-0.parquet'}' (format parquet)", params)
            report.rows[table] = con.execute(f"select count(*) from {table}").fetchone()[0]
        for table in base_tables():
            _move_in(stage / table, lake / table, region, report)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return report


def _move_in(new: Path, target: Path, region: str | None, report: ExportReport) -> None:
    """Replace ``target`` (or its ``region=`` folder) by what was written to ``new``."""
    if region:
        new, target = new / f"{REGION}={region}", target / f"{REGION}={region}"
    new.mkdir(parents=True, exist_ok=True)  # an empty table partitioned by year writes no file
    if target.exists():
        report.replaced.append(str(target))
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    new.rename(target)


def export_lake(warehouse: Path, lake: Path, region: str | None = None) -> ExportReport:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return export_connection(con, lake, region)
    finally:
        con.close()


def add_parser(sub) -> None:
    export = sub.add_parser("export", help="把数据仓库导出为按年份分区的 Parquet 数据湖")
    export.add_argument("--lake", type=Path, required=True, help="数据湖目录")
    export.add_argument("--warehouse", type=Path, default=None, help="DuckDB 文件（默认 $WAREHOUSE_PATH）")
    export.add_argument("--region", default=None, help="地区代码（如省代码 520000）：写到 region=<代码>/ 下")


def run(args: argparse.Namespace) -> int:
    import settings

    warehouse = args.warehouse or settings.warehouse_path()
    if not Path(warehouse).is_file():
        print(f"找不到数据仓库文件：{warehouse}", file=sys.stderr)
        return 2
    try:
        report = export_lake(warehouse, args.lake, args.region)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    for table, rows in report.rows.items():
        print(f"{table:16} {rows:>12,} 行")
    for folder in report.replaced:
        print(f"已取代上一次导出：{folder}")
    where = f"（地区 {report.region}）" if report.region else ""
    print(f"数据湖：{report.lake}{where}，共 {sum(report.rows.values()):,} 行")
    return 0
