"""One page's render time through ``AppTest``, this checkout against another, runs alternating.

    .venv/bin/python -m benchmarks.page_ab WAREHOUSE PAGE OTHER_CHECKOUT [--runs 3]

For each run and each checkout, a fresh process opens ``app.py`` on WAREHOUSE (demo mode: every
right, as an analyst), runs the home page (imports, first connection: not counted), clears
Streamlit's caches and drops WAREHOUSE from the OS page cache, then times the run that switches to
PAGE (*cold*) and the run after it (*warm*). Alternating the two checkouts in one command makes
the ratio fair on a shared machine; the load average is printed with each line.
A checkout of another revision: ``git worktree add /tmp/base <rev>``.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def _one(root: Path, warehouse: Path, page: str) -> str:
    """Runs in the child: 'cold warm tables rows' for PAGE, with ROOT's code."""
    import time

    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    os.environ.update(WAREHOUSE_PATH=str(warehouse), DASHBOARD_DEMO="1")
    sys.path.insert(0, str(root))
    os.chdir(root)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from benchmarks.province_queries import drop_from_page_cache
    from ui.navigation import PAGES

    at = AppTest.from_file(str(root / "app.py"), default_timeout=300)
    at.run()
    at.switch_page(next(p for p in PAGES if p.url_path == page).path)
    st.cache_data.clear()
    st.cache_resource.clear()
    drop_from_page_cache(warehouse)
    start = time.perf_counter()
    at.run()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    at.run()
    warm = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"{page}: {[e.value for e in at.exception]}")
    return f"{cold:.2f} {warm:.2f} {len(at.dataframe)} {sum(len(d.value) for d in at.dataframe)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.page_ab")
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("page", help="url_path of ui.navigation.PAGES, e.g. official")
    parser.add_argument("other", type=Path, help="the other checkout (git worktree add …)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(_one(args.child.resolve(), args.warehouse.resolve(), args.page))
        return 0
    print(f"| run | checkout | cold s | warm s | tables | rows drawn | load average |\n|---|---|---:|---:|---:|---:|---:|")
    for run in range(1, args.runs + 1):
        for name, root in (("other", args.other), ("this", HERE)):
            out = subprocess.run([sys.executable, "-m", "benchmarks.page_ab", str(args.warehouse), args.page,
                                  str(args.other), "--child", str(root)], cwd=HERE, capture_output=True, text=True)
            if out.returncode:
                print(out.stderr[-2000:], file=sys.stderr)
                return 1
            cold, warm, tables, rows = out.stdout.split()[-4:]
            print(f"| {run} | {name} | {cold} | {warm} | {tables} | {int(rows):,} | {os.getloadavg()[0]:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
