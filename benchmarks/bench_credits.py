"""The credit ledger at province scale: how fast the stored ledger answers, against the same
ledger computed from its SQL definitions in the same command (the baseline), and what storing
it costs a load.

    .venv/bin/python -m benchmarks.bench_credits WAREHOUSE [--apply RULES] [--reps 5]

WAREHOUSE is a *copy* of a province warehouse (never the shared original: ``--apply`` writes
to it). ``--apply`` first stores the ledger under a rule set (``credits.store.apply``) and
times each model. Then, on a read-only connection: each query once cold (a new connection;
the file is dropped from the page cache) and ``--reps`` times warm (median), and the baseline
(``select *`` of metric_teacher_credit with its four models inlined as CTEs over the base
tables) once. The load average is printed before and after: the machine is shared.
Results go to stdout and to ``benchmarks/results/credits.md``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import duckdb

from credits import certificate, forecast, record, rules, store
from warehouse.filters import Filters
from warehouse.schema import METRICS_DIR

RESULTS = Path(__file__).resolve().parent / "results" / "credits.md"


def _drop_cache(path: Path) -> None:
    with open(path, "rb") as fh:
        os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def _time(run, con) -> float:
    start = time.perf_counter()
    run(con)
    return time.perf_counter() - start


def _cpu(run, con) -> float:
    """CPU seconds of this process (all DuckDB threads) for one run: on a machine shared with
    twenty other processes the wall clock mostly measures waiting, this does not."""
    start = time.process_time()
    run(con)
    return time.process_time() - start


def inlined_ledger_sql() -> str:
    """metric_teacher_credit with its models as CTEs: what a plain view would compute."""
    parts = []
    for name, _ in store.MODELS:
        body = (METRICS_DIR / f"{name}.sql").read_text(encoding="utf-8")
        parts.append(f"{name} as (\n{body}\n)")
    return "with " + ",\n".join(parts[:-1]) + "\nselect * from (\n" + \
        (METRICS_DIR / "metric_teacher_credit.sql").read_text(encoding="utf-8") + "\n)"


def cases(con) -> dict:
    school, key, name = con.execute("""
        select m.school_code, m.teacher_key, t.name from metric_teacher_credit m join teacher t using (teacher_key)
        order by m.teacher_key limit 1""").fetchall()[0]
    everyone = Filters()
    return {
        "select * from metric_teacher_credit (whole province)": lambda c: c.sql("select * from metric_teacher_credit").pl(),
        "one school's ledger rows": lambda c: c.sql("select * from metric_teacher_credit where school_code = $s",
                                                   params={"s": school}).pl(),
        "forecast, province total": lambda c: forecast.forecast(c, everyone),
        "forecast by school": lambda c: forecast.forecast(c, everyone, by="school"),
        "forecast by stage": lambda c: forecast.forecast(c, everyone, by="stage"),
        "unreachable teachers, first page": lambda c: forecast.unreachable_teachers(c, everyone),
        "forecast, one school user": lambda c: forecast.forecast(c, Filters(allowed_schools=frozenset({school}))),
        "search by name": lambda c: record.search(c, everyone, term=name),
        "one teacher's trainings": lambda c: record.trainings(c, everyone, key=key),
        "one teacher's ledger": lambda c: record.ledger(c, everyone, key=key),
        "one teacher's certificate (.docx)": lambda c: certificate.document(c, everyone, [key]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--apply", default=None, help="store the ledger under this rule set first")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    lines = ["# Credit ledger benchmark\n", "Command: `.venv/bin/python -m benchmarks.bench_credits WAREHOUSE "
             f"{'--apply ' + args.apply + ' ' if args.apply else ''}--reps {args.reps}`\n", f"Warehouse: `{args.warehouse}`; load average before: "
             f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1 / 5 / 15 min, 2 cores)\n"]
    if args.apply:
        with duckdb.connect(str(args.warehouse)) as con:
            con.execute("set enable_progress_bar = false")
            start = time.perf_counter()
            store.write_rules(con, rules.load(args.apply))
            lines.append(f"Storing under `{args.apply}`: rule tables {time.perf_counter() - start:.1f} s")
            for name, order in store.MODELS:
                start, cpu = time.perf_counter(), time.process_time()
                con.execute(f"drop table if exists {name}")
                con.execute(f"drop view if exists {name}")
                sql = (METRICS_DIR / f"{name}.sql").read_text(encoding="utf-8")
                sort = f" order by {order}" if order else ""
                con.execute(f"create table {name} as select * from (\n{sql}\n){sort}")
                [(rows,)] = con.execute(f"select count(*) from {name}").fetchall()
                lines.append(f"- {name}: {time.perf_counter() - start:.1f} s wall, "
                             f"{time.process_time() - cpu:.1f} s CPU, {rows:,} rows")
            lines.append("")
    with duckdb.connect(str(args.warehouse), read_only=True) as con:
        runs = cases(con)
    lines += ["| query | cold (s) | warm median (s) | warm CPU (s) |", "|---|---:|---:|---:|"]
    for label, run in runs.items():
        _drop_cache(args.warehouse)
        with duckdb.connect(str(args.warehouse), read_only=True) as con:
            cold = _time(run, con)
            warm = statistics.median(_time(run, con) for _ in range(args.reps))
            cpu = statistics.median(_cpu(run, con) for _ in range(args.reps))
        lines.append(f"| {label} | {cold:.3f} | {warm:.3f} | {cpu:.3f} |")
    with duckdb.connect(str(args.warehouse), read_only=True) as con:
        con.execute("set enable_progress_bar = false")
        stored = statistics.median(_time(lambda c: c.sql("select * from metric_teacher_credit").pl(), con)
                                   for _ in range(3))
        baseline = _time(lambda c: c.sql(inlined_ledger_sql()).pl(), con)
    lines += ["", f"Baseline, same command: the whole ledger computed from its SQL definitions (no stored "
                  f"models) {baseline:.1f} s; from the stored model {stored:.3f} s (warm median of 3): "
                  f"**{baseline / stored:,.0f}×**.",
              f"Load average after: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}."]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
