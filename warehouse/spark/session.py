"""A Spark session for the batch build: local by default, any cluster by its master URL.

``local[2]`` runs Spark inside this machine's JVM with two worker threads; ``spark://host:7077``
submits to a standalone cluster and ``sc://host:15002`` talks to a Spark Connect server (the
driver then runs there, and the lake and the output folder must be paths that cluster sees).
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from typing import Iterator

LOCAL = "local[2]"


class SparkUnavailable(RuntimeError):
    """Java or pyspark is missing: say what to install, never a traceback."""


def _check_local() -> None:
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise SparkUnavailable("找不到 Java：本地 Spark 需要 JDK 17（Debian: apt-get install openjdk-17-jre-headless）"
                               " / Java not found: local Spark needs JDK 17")
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailable("没有安装 pyspark：pip install -r requirements-spark.txt"
                               " / pyspark is not installed") from exc


@contextmanager
def session(master: str = LOCAL, shuffle_partitions: int = 4, memory: str = "2g") -> Iterator:
    """A short-lived session, stopped on exit. Few shuffle partitions: the default 200 makes
    every aggregate of a small warehouse schedule 200 near-empty tasks."""
    if master.startswith("local"):
        _check_local()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("teacher-training-build")
    if master.startswith("sc://"):
        builder = builder.remote(master)
    else:
        builder = (builder.master(master)
                   .config("spark.driver.memory", memory)
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false"))
    spark = (builder
             .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
             .config("spark.log.level", "ERROR")
             .getOrCreate())
    try:
        yield spark
    finally:
        spark.stop()
