"""End-to-end load throughput: 1,000,000 participation rows from CSV and from .xlsx.

Not a test. Generates a county big enough to need a million participation rows (50 schools,
20,000 teachers on the 2024 roster, 500 programs; every teacher in 50 programs), writes the
participation file as CSV and as .xlsx, loads schools + roster + programs once (setup, timed
apart), then loads the participation file into a copy of that warehouse, end to end through
``etl.load.load_paths`` (read, header, validate, resolve, upsert, lineage, atomic swap).

Each figure is also given as a ratio against a baseline run in the same command on the same
file: ``polars.read_csv`` of the CSV with every column as text (no checks at all), and
``fastexcel`` reading the .xlsx sheet as text. The ratio says how many times slower the full
load is than just reading the bytes.

Run:  .venv/bin/python -m benchmarks.bench_load [--rows 1000000] [--skip-xlsx] [--profile]
                                               [--out benchmarks/results/load.md]
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.sealed_copy import sealed_copy  # noqa: E402
from etl.load import load_paths  # noqa: E402

WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
CHECK = np.array(list("10X98765432"))


def _ids(n: int, rng: np.random.Generator) -> np.ndarray:
    """n distinct valid ID numbers (region 622922, births 1965-1999, sequence = index)."""
    births = np.datetime64("1965-01-01") + rng.integers(0, 35 * 365, n).astype("timedelta64[D]")
    ymd = np.char.replace(births.astype(str), "-", "")
    # index // 1000 in the region code and index % 1000 as the sequence keep every ID distinct
    region = np.char.add("62", np.char.zfill((np.arange(n) // 1000 % 10000).astype(str), 4))
    body = np.char.add(np.char.add(region, ymd), np.char.mod("%03d", np.arange(n) % 1000))
    digits = np.frombuffer("".join(body.tolist()).encode(), dtype=np.uint8).reshape(n, 17) - 48
    return np.char.add(body, CHECK[(digits * WEIGHTS).sum(axis=1) % 11])


def generate(folder: Path, rows: int, xlsx: bool) -> dict[str, Path]:
    rng = np.random.default_rng(2024)
    n_schools, per_teacher = 50, 50
    n_teachers = rows // per_teacher
    n_programs = 500
    folder.mkdir(parents=True, exist_ok=True)
    schools = pl.DataFrame({"学校代码": [f"S{i:03d}" for i in range(n_schools)],
                            "学校名称": [f"第{i}学校" for i in range(n_schools)], "学段": "小学"})
    ids = _ids(n_teachers, rng)
    roster = pl.DataFrame({"年度": "2024", "身份证号": ids, "姓名": [f"教师{i}" for i in range(n_teachers)],
                           "学校代码": [f"S{i % n_schools:03d}" for i in range(n_teachers)]})
    programs = pl.DataFrame({"项目编号": [f"P{i:04d}" for i in range(n_programs)],
                             "项目名称": [f"项目{i}" for i in range(n_programs)],
                             "培训层级": np.array(["国培", "省培", "州培", "县培", "校培"])[np.arange(n_programs) % 5],
                             "开始日期": "2024-03-05", "学时": "40"})
    # Teacher t takes programs (t + k * 7) mod 500 for k < 50: distinct per teacher.
    t = np.repeat(np.arange(n_teachers), per_teacher)
    k = np.tile(np.arange(per_teacher), n_teachers)
    prog = (t + k * 7) % n_programs
    part = pl.DataFrame({"项目编号": np.char.add("P", np.char.zfill(prog.astype(str), 4)), "身份证号": ids[t],
                         "姓名": np.char.add("教师", t.astype(str)),
                         "完成学时": rng.integers(0, 41, len(t)).astype(str),
                         "考核结果": np.array(["合格", "合格", "合格", "优秀", "不合格", "未完成"])[rng.integers(0, 6, len(t))]})
    paths = {"schools": folder / "学校名册.csv", "roster": folder / "教师名册.csv", "programs": folder / "培训项目.csv",
             "csv": folder / "参训记录.csv"}
    schools.write_csv(paths["schools"])
    roster.write_csv(paths["roster"])
    programs.write_csv(paths["programs"])
    part.write_csv(paths["csv"])
    if xlsx:
        import xlsxwriter

        paths["xlsx"] = folder / "参训记录.xlsx"
        wb = xlsxwriter.Workbook(str(paths["xlsx"]), {"constant_memory": True})
        ws = wb.add_worksheet("参训记录")
        ws.write_row(0, 0, part.columns)
        hours = part["完成学时"].cast(pl.Int64).to_list()
        for r, (row, h) in enumerate(zip(part.iter_rows(), hours), start=1):
            ws.write_string(r, 0, row[0])
            ws.write_string(r, 1, row[1])   # ID numbers as text, as a careful clerk keeps them
            ws.write_string(r, 2, row[2])
            ws.write_number(r, 3, h)
            ws.write_string(r, 4, row[4])
        wb.close()
    return paths


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _baseline_csv(path: Path) -> float:
    return _timed(lambda: pl.read_csv(path, infer_schema=False))[0]


def _baseline_xlsx(path: Path) -> float:
    import fastexcel

    return _timed(lambda: fastexcel.read_excel(path.read_bytes()).load_sheet(0, header_row=None, dtypes="string")
                  .to_polars())[0]


def _floor_duckdb(base: Path, csv: Path, work: Path) -> float:
    """The warehouse's own floor: insert the already-typed rows into `participation` (as the
    warehouse defines it) and commit + checkpoint, nothing else. No load can be faster than this."""
    import duckdb

    wh = work / "floor.duckdb"
    shutil.copyfile(base, wh)
    frame = pl.read_csv(csv, infer_schema=False).select(
        pl.col("项目编号").alias("program_code"), pl.col("身份证号").alias("teacher_key"),
        pl.lit(2024).alias("year"), pl.lit("S000").alias("school_code"),
        pl.col("完成学时").cast(pl.Float64).alias("hours"), pl.lit("passed").alias("result"))
    con = duckdb.connect(str(wh))
    con.register("incoming", frame)

    def run() -> None:
        con.execute("begin")
        con.execute("insert into participation (program_code, teacher_key, year, school_code, hours, result) "
                    "select * from incoming")
        con.execute("commit")
        con.execute("checkpoint")

    seconds = _timed(run)[0]
    con.close()
    return seconds


def _load(base: Path, file: Path, work: Path, profile: bool = False) -> tuple[float, object]:
    """Load `file` into a fresh copy of the setup warehouse (and its secret)."""
    wh = work / f"{file.suffix[1:]}.duckdb"
    sealed_copy(base, wh)
    if profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        seconds, report = _timed(lambda: prof.runcall(load_paths, [file], wh))
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumtime").print_stats(r"(etl|warehouse)/", 14)
        print(out.getvalue())
    else:
        seconds, report = _timed(lambda: load_paths([file], wh))
    [result] = report.results
    assert result.status == "loaded", result
    return seconds, result


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import duckdb

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, " \
           f"Python {platform.python_version()}, polars {pl.__version__}, duckdb {duckdb.__version__}; " \
           f"load average at the end {load} (the machine is shared)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="write the results as Markdown here")
    parser.add_argument("--profile", action="store_true", help="print where the time of each load goes")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench_load_"))
    try:
        gen_s, paths = _timed(lambda: generate(work / "raw", args.rows, not args.skip_xlsx))
        base = work / "base.duckdb"
        setup_s, report = _timed(lambda: load_paths([paths["schools"], paths["roster"], paths["programs"]], base))
        assert report.ok
        lines = [f"generated in {gen_s:.1f} s; setup (schools, {args.rows // 50:,} roster rows, programs) loaded in "
                 f"{setup_s:.1f} s"]
        table = ["| input | rows | full load (s) | rows/s | baseline (s) | load ÷ baseline |", "|---|---:|---:|---:|---:|---:|"]
        formats = [("csv", _baseline_csv, "polars.read_csv, all text")]
        if not args.skip_xlsx:
            formats.append(("xlsx", _baseline_xlsx, "fastexcel load_sheet, all text"))
        for fmt, baseline, what in formats:
            base_s = baseline(paths[fmt])
            load_s, result = _load(base, paths[fmt], work, args.profile)
            assert result.rows_loaded + result.rows_rejected + result.rows_skipped == result.rows_read == args.rows
            table.append(f"| {fmt} ({what}) | {result.rows_read:,} | {load_s:.2f} | {result.rows_read / load_s:,.0f} "
                         f"| {base_s:.2f} | {load_s / base_s:.1f}× |")
            lines.append(f"{fmt}: loaded {result.rows_loaded:,}, rejected {result.rows_rejected:,}")
        floor_s = _floor_duckdb(base, paths["csv"], work)
        lines.append(f"DuckDB floor (typed rows inserted into participation, commit, checkpoint): "
                     f"{floor_s:.2f} s = {args.rows / floor_s:,.0f} rows/s")
        text = "\n".join(table + [""] + lines)
        print(text)
        if args.out:
            cmd = "python -m benchmarks.bench_load " + " ".join(argv if argv is not None else sys.argv[1:])
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(f"# Load throughput\n\nCommand: `.venv/bin/{cmd.strip()}`\n\n"
                                f"Machine: {_machine()}\n\n{text}\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
