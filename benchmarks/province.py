"""Province benchmark: generate, load, query, render, and compare with a naive baseline.

    .venv/bin/python -m benchmarks.province                      # the full province (make bench)
    .venv/bin/python -m benchmarks.province --participation 2000000 --teachers 120000 --schools 600
    .venv/bin/python -m benchmarks.province --small --workdir /tmp/b --results /tmp/b/province.md

Phases, each measured phase in a fresh process (its memory peak and caches are its own):
1. generate the province's raw files (``province_data``, the demo generator scaled up);
2. load them through ``etl.load.load_paths`` (``province_load``): time, rows/s, peak memory,
   size on disk; then one participation sheet as .xlsx and as .csv into copies of the warehouse;
3. render every page through AppTest under three typical filters, recording each query the
   pages issue (``province_render``);
4. time each recorded query cold and warm (``province_queries``);
5. compute the same metrics with pandas from the raw tables (``province_baseline``);
6. write ``benchmarks/results/province.md`` (``province_report``).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import pickle
import shlex
import sys
import time
from pathlib import Path

import duckdb

import settings
from benchmarks import province_data, province_report
from benchmarks.province_data import ProvinceSize

DEFAULT_WORKDIR = settings.ROOT / "benchmarks" / "out" / "province"
DEFAULT_RESULTS = settings.ROOT / "benchmarks" / "results" / "province.md"
SMALL = ProvinceSize(schools=40, teachers=5_000, participation=100_000)
XLSX_ROWS = 1_000_000


def fresh_process(fn, *args):
    """``fn(*args)`` in a new interpreter (spawned, not forked): clean caches, its own peak memory."""
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(fn, *args).result()


# --- phases that run in their own process (module-level, so they can be spawned) -----------

def _phase_load(files: list[Path], warehouse: Path):
    from benchmarks.province_load import load
    return load(files, warehouse)


def _phase_load_copy(base: Path, files: list[Path], warehouse: Path):
    from benchmarks.province_load import load_into_copy
    return load_into_copy(base, files, warehouse)


def _phase_render(warehouse: Path, cases):
    from benchmarks.province_render import render_pages
    return render_pages(warehouse, cases)


def _phase_queries(warehouse: Path, calls, cold_reps: int, warm_reps: int):
    from benchmarks.province_queries import time_calls
    return time_calls(warehouse, calls, cold_reps, warm_reps)


def _phase_baseline(warehouse: Path, timings, reps: int):
    from benchmarks.province_baseline import compare, read_raw
    raw = read_raw(warehouse)
    return compare(raw, warehouse, timings, reps), raw.read_seconds, raw.memory_bytes


# --- the run --------------------------------------------------------------------------------

def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(size: ProvinceSize, workdir: Path, results: Path, *, xlsx_rows: int, cold_reps: int, warm_reps: int,
        baseline_reps: int, command: str, reuse_raw: bool = False,
        report_only: bool = False) -> province_report.Results:
    """Every phase, then the report; returns what the report was written from.

    ``report_only`` rewrites the markdown from the measurements the last run in ``workdir``
    saved (after a change to the report's layout), without measuring again."""
    if report_only:
        saved = pickle.loads((workdir / "results.pickle").read_bytes())
        province_report.write(results, saved)
        return saved
    from benchmarks.province_queries import complete, typical_cases

    machine = province_report.Machine.probe()
    phase_loads: dict[str, tuple[float, float, float]] = {}
    raw_dir, warehouse = workdir / "raw", workdir / "province.duckdb"

    _log(f"generating {size}")
    t0 = time.perf_counter()
    generated = province_data.generate(size, raw_dir, reuse=reuse_raw)
    generate_seconds = time.perf_counter() - t0
    phase_loads["generate"] = os.getloadavg()

    _log(f"loading {len(generated.files)} files")
    load = fresh_process(_phase_load, generated.files, warehouse)
    phase_loads["load"] = os.getloadavg()
    _log(f"loaded in {load.seconds:.1f} s")

    xlsx_res = csv_res = None
    sample_rows = 0
    if xlsx_rows > 0:
        as_xlsx, as_csv, sample_rows = province_data.xlsx_sample(generated.files, xlsx_rows, workdir / "sample")
        _log(f"xlsx vs csv, {sample_rows:,} rows")
        xlsx_res = fresh_process(_phase_load_copy, warehouse, [as_xlsx], workdir / "copy_xlsx.duckdb")
        csv_res = fresh_process(_phase_load_copy, warehouse, [as_csv], workdir / "copy_csv.duckdb")
        for name in ("copy_xlsx.duckdb", "copy_csv.duckdb"):
            for leftover in workdir.glob(name + "*"):
                leftover.unlink()
        phase_loads["xlsx and csv"] = os.getloadavg()

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cases = typical_cases(con)
    finally:
        con.close()

    _log("rendering pages")
    renders, recorded = fresh_process(_phase_render, warehouse, cases)
    phase_loads["render"] = os.getloadavg()

    calls = complete(recorded, cases)
    _log(f"timing {len(calls)} query calls")
    timings = fresh_process(_phase_queries, warehouse, calls, cold_reps, warm_reps)
    phase_loads["queries"] = os.getloadavg()

    _log("naive baseline")
    baseline, read_seconds, memory_bytes = fresh_process(_phase_baseline, warehouse, timings, baseline_reps)
    phase_loads["baseline"] = os.getloadavg()

    machine.load_after = os.getloadavg()
    out = province_report.Results(
        command=command, machine=machine,
        size={"schools": size.schools, "teachers": size.teachers, "participation": size.participation},
        generated=generated.rows, generated_reused=generated.reused, generate_seconds=generate_seconds,
        input_files=[(f.name, f.stat().st_size) for f in generated.files],
        load=load, xlsx=xlsx_res, xlsx_csv=csv_res, xlsx_rows=sample_rows,
        cases=[c.label for c in cases], timings=timings, renders=renders, baseline=baseline,
        baseline_read_seconds=read_seconds, baseline_memory_bytes=memory_bytes, phase_loads=phase_loads)
    (workdir / "results.pickle").write_bytes(pickle.dumps(out))  # for --report-only
    province_report.write(results, out)
    _log(f"results written to {results}")
    return out


def parse_args(argv: list[str] | None = None) -> dict:
    """The command line as keyword arguments of ``run``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.province", description=__doc__.splitlines()[0])
    parser.add_argument("--participation", type=int, help="participation rows over five years (default 10,000,000)")
    parser.add_argument("--teachers", type=int, help="teachers on the 2024 roster (default 600,000)")
    parser.add_argument("--schools", type=int, help="schools (default 3,000)")
    parser.add_argument("--small", action="store_true",
                        help="~100,000 participation rows (40 schools, 5,000 teachers): the test suite's run")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--xlsx-rows", type=int, help=f"rows of the xlsx/csv comparison (default {XLSX_ROWS:,}; 0 skips)")
    parser.add_argument("--cold-reps", type=int, help="cold runs per query (default 5; small 2)")
    parser.add_argument("--warm-reps", type=int, help="warm runs per query (default 20; small 3)")
    parser.add_argument("--baseline-reps", type=int, help="baseline runs per query (default 1: each takes seconds at full size)")
    parser.add_argument("--reuse-raw", action="store_true",
                        help="keep raw files an earlier run generated for the same size and seed")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite the markdown from the last run's saved measurements")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="raw files and warehouse go here")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="the markdown report")
    args = parser.parse_args(argv)

    base, small = (SMALL if args.small else ProvinceSize()), args.small
    size = ProvinceSize(schools=args.schools or base.schools, teachers=args.teachers or base.teachers,
                        participation=args.participation or base.participation, seed=args.seed)
    command = " ".join([".venv/bin/python -m benchmarks.province",
                        *(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))])
    return {
        "size": size, "workdir": args.workdir, "results": args.results, "command": command,
        "xlsx_rows": args.xlsx_rows if args.xlsx_rows is not None else (20_000 if small else XLSX_ROWS),
        "cold_reps": args.cold_reps or (2 if small else 5), "warm_reps": args.warm_reps or (3 if small else 20),
        "baseline_reps": args.baseline_reps or 1, "reuse_raw": args.reuse_raw,
        "report_only": args.report_only,
    }


def main(argv: list[str] | None = None) -> int:
    run(**parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
