"""Every query function's result on a warehouse, saved, timed and compared between two code trees.

    python benchmarks/query_snapshot.py dump CODE_ROOT WAREHOUSE OUT_DIR [REPEAT [ONLY]]  # results + ms
    python benchmarks/query_snapshot.py compare BEFORE_DIR AFTER_DIR      # equal? and a timing table

``dump`` imports the query modules from ``CODE_ROOT`` (a checkout, e.g. ``git archive <commit>``
unpacked), walks every ``(con, filters, …)`` function of it (``tests/query_walk.py``) with
each of its argument variants across the filter sets of ``filter_sets`` (drawn from the
warehouse: a year, a range, a township, a school, a stage and urban/rural pair, a subject, a
development tier, one and two training tiers, a school scope), and writes each result as
Parquet with its warm time (best of ``--repeat`` runs after one cold run). ``compare`` says
which results differ (values, column names, order or types) and prints the per-function
median warm ms before and after. Functions present in only one tree are counted, not compared;
``loaded_at`` (when each load ran) is left out of the comparison.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path


IGNORE = ["loaded_at"]  # when a load ran differs between two builds of the same files


def filter_sets(con, Filters) -> dict[str, object]:
    """Named filter sets from the warehouse's own values (first of each, deterministic)."""
    one = lambda sql: (con.execute(sql).fetchall() or [(None,)])[0][0]  # noqa: E731
    year = one("select max(year) from roster")
    first = one("select min(year) from roster")
    township = one("select min(township) from school")
    school = one("select min(school_code) from roster where year = (select max(year) from roster)")
    stage = one("select min(stage) from school")
    subject = one("select min(subject) from roster")
    sets = {
        "all": Filters(), "year": Filters(year=year), "range": Filters(year_from=first, year_to=year),
        "township": Filters(year=year, townships=(township,)), "school": Filters(year=year, schools=(school,)),
        "stage_rural": Filters(year=year, stages=(stage,), urban_rural=("rural",)),
        "subject": Filters(year=year, subjects=(subject,)), "dev_tier": Filters(year=year, dev_tiers=("key",)),
        "one_tier": Filters(year=year, train_tiers=("county",)),
        "two_tiers": Filters(train_tiers=("county", "school")),
        "scope": Filters(year=year, allowed_schools=frozenset({school})),
        "scope_tier_subject": Filters(train_tiers=("provincial",), subjects=(subject,),
                                      allowed_schools=frozenset({school})),
    }
    return sets


def dump(code_root: Path, warehouse: Path, out: Path, repeat: int = 2, only: str = "") -> None:
    sys.path.insert(0, str(code_root / "tests"))
    sys.path.insert(0, str(code_root))
    import duckdb
    import polars as pl
    from query_walk import call_variants, qualified, query_functions
    from warehouse.filters import Filters

    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    manifest = {}
    for fname, filters in filter_sets(con, Filters).items():
        for function in query_functions():
            if only not in qualified(function):
                continue
            for i, kwargs in enumerate(call_variants(function)):
                name = f"{qualified(function)}[{i}]@{fname}"
                times = []
                for _ in range(repeat + 1):
                    start = time.perf_counter()
                    frame = function(con.cursor(), filters, **kwargs)
                    times.append(1000 * (time.perf_counter() - start))
                path = out / f"{len(manifest):05d}.parquet"
                if not isinstance(frame, pl.DataFrame):  # a count or a value
                    frame = pl.DataFrame({"value": [frame]})
                frame.write_parquet(path)
                manifest[name] = {"file": path.name, "cold_ms": times[0], "warm_ms": min(times[1:] or times),
                                  "kwargs": repr(kwargs)}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))


def compare(before: Path, after: Path) -> int:
    import polars as pl
    from polars.testing import assert_frame_equal

    a = json.loads((before / "manifest.json").read_text())
    b = json.loads((after / "manifest.json").read_text())
    differ = []
    for name in sorted(set(a) & set(b)):
        left, right = (pl.read_parquet(d / m[name]["file"]).drop(IGNORE, strict=False)
                       for d, m in ((before, a), (after, b)))
        try:
            assert_frame_equal(left, right, check_exact=False, rel_tol=1e-9, abs_tol=1e-9)
        except AssertionError as exc:
            differ.append((name, str(exc).splitlines()[0]))
    only = sorted(set(a) ^ set(b))
    print(f"compared {len(set(a) & set(b))} results; {len(differ)} differ; {len(only)} in one tree only")
    for name, why in differ:
        print("DIFF", name, why)
    by_function: dict[str, list[tuple[float, float]]] = {}
    for name in set(a) & set(b):
        by_function.setdefault(name.split("[")[0], []).append((a[name]["warm_ms"], b[name]["warm_ms"]))
    print(f"\n| function | median warm ms before | after | ratio |\n|---|---:|---:|---:|")
    for fn, pairs in sorted(by_function.items()):
        x, y = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
        print(f"| {fn.replace('warehouse.queries.', '')} | {x:.1f} | {y:.1f} | {y / x if x else float('nan'):.2f} |")
    return 1 if differ else 0


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]),
             repeat=int(sys.argv[5]) if len(sys.argv) > 5 else 2, only=sys.argv[6] if len(sys.argv) > 6 else "")
    else:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
