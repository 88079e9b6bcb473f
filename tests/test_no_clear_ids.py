"""No ID number in clear anywhere: not in the warehouse, not in what the ETL prints or logs,
not in any download.

The pattern is the contract's: 17 digits and a digit or X (``\\d{17}[\\dXx]``); the masked
form ``622***********123X`` does not match. Two kinds of value are not scanned, because
they produce long digit runs that are not ID numbers: floating-point columns (an ID cannot
survive as a float: Excel's ``6.22922E+17`` is exactly the loss the ETL rejects) and keyed
hashes (``teacher_key``, ``award_id``, ``sha256``: lowercase hex of 24+ characters).
"""
from __future__ import annotations

import io
import logging
import re
import zipfile

import duckdb
import polars as pl
import pytest

from etl.__main__ import main as etl_cli
from etl.__main__ import print_report
from tests.page_harness import RecordingStorage, downloads, on_click, open_app  # noqa: F401  (fixtures)
from tests.query_walk import call_variants, qualified, query_functions
from ui import downloads as download_files
from ui.navigation import PAGES
from warehouse.filters import Filters

# In the warehouse (text columns, DuckDB's RE2): half- or full-width digits, 17 + 1.
CLEAR_ID_SQL = "[0-9０-９]{17}[0-9０-９XxＸｘ]"
HASH = "[0-9a-f]{24,}"
FLOATS = ("FLOAT", "DOUBLE", "REAL", "DECIMAL")
# In printed text and files (Python's \d includes full-width digits): not inside a longer
# number and not the fraction of a decimal (0.005873715124816446 is a share, not an ID).
CLEAR_ID = re.compile(r"(?<![\d.])\d{17}[\dXxＸｘ](?!\d)")


def clear_ids(text: str) -> list[str]:
    return CLEAR_ID.findall(text)


def warehouse_hits(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str]]:
    """(table or view, rows, an example row) for every relation holding a clear ID.

    One pass per relation over all its non-float columns joined by a separator; keyed
    hashes are cut out of the text first (they may sit inside composite keys).
    """
    hits = []
    relations: dict[str, list[str]] = {}
    for table, column, data_type in con.execute("""
            select table_name, column_name, data_type from information_schema.columns
            where table_schema = 'main' order by table_name, ordinal_position""").fetchall():
        if not data_type.upper().startswith(FLOATS):
            relations.setdefault(table, []).append(column)
    for table, columns in relations.items():
        # Identifiers come from the catalogue, quoted; the patterns are bound.
        row = "concat_ws(chr(31), " + ", ".join(f'"{c}"::varchar' for c in columns) + ")"
        found = con.execute(
            f'select count(*), any_value({row}) from "{table}" '
            f"where regexp_matches(regexp_replace({row}, $hash, '', 'g'), $id)",
            {"id": CLEAR_ID_SQL, "hash": HASH}).fetchall()
        if found[0][0]:
            hits.append((table, found[0][0], found[0][1]))
    return hits


def test_the_scan_finds_a_clear_id_when_there_is_one(fresh_db):
    # Guards the scan itself: an ID in a text column is found, a masked one is not.
    fresh_db.execute("insert into teacher (teacher_key, id_masked, name) values "
                     "('k1', '622***********1017', '备注622922198501011017'), ('k2', '622***********1025', '乙')")
    assert [(t, n) for t, n, _ in warehouse_hits(fresh_db)] == [("teacher", 1)]


def test_no_table_or_view_of_the_demo_warehouse_holds_a_clear_id(demo_con):
    assert warehouse_hits(demo_con) == []


def test_the_demo_rejects_are_there_and_masked(demo_con):
    # The demo's faults include mistyped ID numbers: their rows must be kept, masked.
    raws = [r[0] for r in demo_con.execute(
        "select raw::varchar from etl_reject where reason like '%身份证号%'").fetchall()]
    assert raws and all(re.search(r"\d{3}\*{11}[\dX]{4}|E\+", raw) for raw in raws)


def test_the_etl_report_of_the_demo_build_shows_no_clear_id(demo_build):
    _, report, _ = demo_build
    printed = io.StringIO()
    print_report(report, out=printed)
    assert "身份证号" in printed.getvalue()  # the reasons are there, with their numbers masked
    assert clear_ids(printed.getvalue()) == []


def test_the_etl_command_prints_and_logs_no_clear_id(demo_build, tmp_path, capsys, caplog):
    _, _, raw = demo_build
    # The demo files with mistyped ID numbers, loaded alone: every row is rejected or
    # warned about, so every message path runs with ID numbers in its input.
    files = sorted(str(p) for p in raw.iterdir() if p.name.startswith(("参训记录_2023", "教师名册_2022")))
    assert len(files) == 2
    warehouse = tmp_path / "w.duckdb"
    with caplog.at_level(logging.DEBUG):
        etl_cli(["load", *files, "--warehouse", str(warehouse)])
    out = capsys.readouterr()
    assert clear_ids(out.out + out.err + caplog.text) == []
    assert "拒绝" in out.out
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select count(*) from etl_reject").fetchall()[0][0] > 0
        assert warehouse_hits(con) == []
    finally:
        con.close()


CASES = [(f, kw) for f in query_functions() for kw in call_variants(f)]


@pytest.mark.parametrize(("function", "kwargs"), CASES,
                         ids=[qualified(f).split(".", 1)[1] + str(kw or "") for f, kw in CASES])
def test_no_download_of_any_query_holds_a_clear_id(demo_con, function, kwargs):
    result = function(demo_con.cursor(), Filters(), **kwargs)
    if not isinstance(result, pl.DataFrame):
        assert clear_ids(repr(result)) == []
        return
    assert clear_ids(download_files.csv_bytes(result).decode("utf-8-sig")) == []
    assert clear_ids(xlsx_text(download_files.xlsx_bytes(result))) == []


def xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())


def test_no_page_offers_a_download_with_a_clear_id(demo_warehouse, monkeypatch, downloads, on_click):  # noqa: F811
    # Demo mode: full rights, so every download every page offers is produced, those built on
    # click (the official workbook, long lists) too.
    monkeypatch.setenv("ACCOUNTS_PATH", str(demo_warehouse.with_name("no-accounts.json")))
    at = open_app(monkeypatch, demo_warehouse)
    clicked = []
    for spec in PAGES:
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.path, [e.value for e in at.exception])
        clicked += [on_click(at, b.key) for b in at.download_button if b.proto.deferred_file_id]
    assert RecordingStorage.files and clicked, "the pages offered no download at all, or none built on click"
    for data in [*RecordingStorage.files.values(), *clicked]:
        text = xlsx_text(data) if data.startswith(b"PK") else data.decode("utf-8-sig", "replace")
        assert clear_ids(text) == []
