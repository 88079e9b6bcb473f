"""The synthetic province: the demo county's generator (``etl.demo``) scaled up, written as
the raw files a provincial centre would receive.

``etl.demo.dataset.build`` with ``n_schools``/``n_teachers`` gives the schools, five yearly
rosters, programs, participation, awards, ratings and plan targets with the demo's
conventions (headers, code lists, messy cells, deliberate faults). Its participation follows
the county's person-times per teacher (about 21 a teacher over five years); the benchmark
asks for a number of participation rows, so the rows are thinned at random (order kept) to
that number. Workbooks too large for one sheet are written as CSV by ``etl.demo.write``.

``xlsx_sample`` writes the same slice of participation rows both as ``.xlsx`` and as
``.csv`` (one sheet, one header row), to compare the two readers on equal rows.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import polars as pl

from etl.demo import dataset, write, xlsx
from etl.headers import recognise
from etl.read import read_path


@dataclasses.dataclass(frozen=True)
class ProvinceSize:
    schools: int = 3_000
    teachers: int = 600_000          # on the 2024 roster
    participation: int = 10_000_000  # rows over the five years
    seed: int = 2024


@dataclasses.dataclass
class Generated:
    files: list[Path]
    rows: dict[str, int]             # kind -> rows written (before the loader's checks)
    reused: bool = False             # files of an earlier run (same size and seed) were kept


def build(size: ProvinceSize) -> dataset.Dataset:
    ds = dataset.build(size.seed, n_schools=size.schools, n_teachers=size.teachers)
    part = ds.participation
    if size.participation < part.height:
        keep = (part.with_row_index("_i").sample(n=size.participation, seed=size.seed)
                .sort("_i").drop("_i"))
        ds = dataclasses.replace(ds, participation=keep)
    return ds


MARKER = ".generated.json"   # hidden: the loader skips dot-files in a folder


def generate(size: ProvinceSize, out_dir: Path, reuse: bool = False) -> Generated:
    """Write the province's raw files into ``out_dir`` (emptied first of earlier files).

    With ``reuse``, files an earlier run generated for the same size and seed are kept
    (generating ten million rows takes minutes; the generator is deterministic)."""
    marker = out_dir / MARKER
    if reuse and marker.exists():
        saved = json.loads(marker.read_text(encoding="utf-8"))
        files = [out_dir / name for name in saved["files"]]
        if saved["size"] == dataclasses.asdict(size) and all(f.exists() for f in files):
            return Generated(files, saved["rows"], reused=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.iterdir():
        if old.is_file():
            old.unlink()
    ds = build(size)
    files = write.write_all(ds, out_dir)
    rows = {
        "school": ds.schools.height, "roster": ds.roster.height, "program": ds.programs.height,
        "participation": ds.participation.height, "award": ds.awards.height,
        "school_rating": ds.ratings.height, "plan_target": ds.plan.height,
    }
    marker.write_text(json.dumps({"size": dataclasses.asdict(size), "files": [f.name for f in files],
                                  "rows": rows}, ensure_ascii=False), encoding="utf-8")
    return Generated(files, rows)


def _participation_grid(files: list[Path]) -> tuple[list[str], pl.DataFrame]:
    """(header, body) of the largest participation CSV, all cells as text, via the ETL's reader."""
    best = None
    for path in files:
        if path.suffix != ".csv" or "参训记录" not in path.name:
            continue
        size = path.stat().st_size
        if best is None or size > best[0]:
            best = (size, path)
    if best is None:
        raise ValueError("no participation CSV among the generated files")
    sheet = read_path(best[1])[0]
    match = recognise(sheet.head)
    grid = sheet.load_rows(match.header_index)
    header = [str(c) for c in grid.row(0)]
    body = grid.slice(1)
    body = body.filter(~pl.col(body.columns[0]).str.starts_with("合计").fill_null(False))
    return header, body.rename(dict(zip(body.columns, header)))


def xlsx_sample(files: list[Path], rows: int, out_dir: Path) -> tuple[Path, Path, int]:
    """(xlsx path, csv path, rows) of one participation sheet of ``rows`` rows, both formats."""
    header, body = _participation_grid(files)
    body = body.head(min(rows, xlsx.MAX_ROWS - 5))  # the writer keeps room for title/footer rows
    out_dir.mkdir(parents=True, exist_ok=True)
    as_xlsx, as_csv = out_dir / "参训记录_抽样.xlsx", out_dir / "参训记录_抽样.csv"
    xlsx.write_workbook(as_xlsx, [xlsx.XSheet("参训记录", body)], author="基准测试",
                        created=dt.datetime(2025, 1, 6, 9, 0, 0))
    as_csv.write_bytes(body.write_csv().encode("utf-8"))
    return as_xlsx, as_csv, body.height
