"""Garbage in, no traceback out: hypothesis throws generated files at ``etl.load.load_paths``
and at the upload guard.

The files: random bytes under a spreadsheet name; workbooks written by xlsxwriter and then
truncated or with bytes flipped; CSV text in UTF-8 / BOM / GB18030 with random delimiters,
title rows, ragged rows, headers drawn from the alias file (etl/aliases.toml, so the kinds
really get recognised and the row checks really run) and cells drawn from the alias values,
numbers, dates in every format the contract lists, valid and broken ID numbers, full-width
text and random unicode. Promises checked for every example:

- ``load_paths`` returns a report (never raises); a failed file has a message;
- for every sheet it loaded, rows_read = rows_loaded + rows_rejected + rows_skipped;
- no ID number appears in clear in the printed report or anywhere in the warehouse
  (every table, rejects and warnings included);
- ``check_upload`` either accepts a file or refuses it with ``UploadRejected``.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import tempfile
import tomllib
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import settings as project_settings
from etl.__main__ import print_report
from etl.identity import check_char
from etl.load import load_paths
from etl.upload_check import CheckedUpload, UploadRejected, check_upload

# 17 digits and a digit or X, half- or full-width, not inside a longer number and not the
# fraction of a decimal (a generated float such as 0.0012345678901234567 is no ID).
CLEAR_ID = re.compile(r"(?<![\d.])\d{17}[\dXxＸｘ](?!\d)")
HEX_KEY = re.compile(r"[0-9a-f]{24,}")  # teacher_key, award_id, sha256: hashes, not IDs

_aliases = tomllib.loads(project_settings.ALIASES_FILE.read_text(encoding="utf-8"))
KIND_HEADERS = {kind: list(fields.values()) for kind, fields in _aliases["headers"].items()}
HEADERS = sorted({h for kind in _aliases["headers"].values() for names in kind.values() for h in names})
VALUES = sorted({str(v) for field in _aliases["values"].values() for code, labels in field.items()
                 for v in [code, *labels]})


def _valid_id(seq: int, born: dt.date) -> str:
    body = f"622922{born:%Y%m%d}{seq:03d}"
    return body + check_char(body)


births = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2005, 12, 31))
date_texts = st.tuples(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
                       st.sampled_from(["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m", "%Y"])
                       ).map(lambda d: d[0].strftime(d[1]))
cells = st.one_of(
    st.sampled_from(VALUES),
    st.sampled_from(HEADERS),                                        # a header inside the data
    st.integers(min_value=-5, max_value=2_000_000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    date_texts,
    st.builds(_valid_id, st.integers(0, 999), births),               # must end up masked
    st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),               # mostly wrong check digits
    st.sampled_from(["6.22922E+17", "６２２９２２１９８５０１０１１０１７", "合计", "总计", "备注：以上数据截至年底", ""]),
    st.text(max_size=12),
    st.just(None),
)
grids = st.lists(st.lists(cells, max_size=9), max_size=10)


@st.composite
def tables(draw) -> list[list[object]]:
    """Optional title rows, a header row from the aliases, then rows of cells."""
    rows: list[list[object]] = []
    for _ in range(draw(st.integers(0, 2))):
        rows.append([draw(st.sampled_from(["2024年教师参训情况统计表", "", "填报单位：某某教育局"]))])
    # Most of one kind's headers (so the kind is recognised and the row checks run), some
    # dropped, some strays from other kinds, in any order.
    fields = KIND_HEADERS[draw(st.sampled_from(sorted(KIND_HEADERS)))]
    header = [draw(st.sampled_from(names)) for names in fields if draw(st.integers(0, 7))]
    header += draw(st.lists(st.sampled_from(HEADERS), max_size=2))
    rows.append(draw(st.permutations(header)) if header else [draw(st.sampled_from(HEADERS))])
    rows += draw(grids)
    return rows


@st.composite
def csv_files(draw) -> tuple[str, bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", "\t", ";"])))
    for row in draw(tables()):
        writer.writerow(["" if c is None else c for c in row])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    return draw(st.sampled_from(["名册.csv", "参训.csv", "data.txt"])), buffer.getvalue().encode(encoding)


def _xlsx(sheets: list[list[list[object]]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": dt.datetime(2024, 1, 1)})  # same bytes on every replay
    for i, rows in enumerate(sheets):
        sheet = book.add_worksheet(f"表{i + 1}")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write_string(r, c, str(value))
    book.close()
    return buffer.getvalue()


@st.composite
def xlsx_files(draw) -> tuple[str, bytes]:
    data = _xlsx(draw(st.lists(tables(), min_size=1, max_size=2)))
    damage = draw(st.sampled_from(["none", "truncate", "flip"]))
    if damage == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif damage == "flip":
        flips = draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(1, 255)), min_size=1, max_size=8))
        raw = bytearray(data)
        for at, xor in flips:
            raw[at] ^= xor
        data = bytes(raw)
    return draw(st.sampled_from(["名册.xlsx", "参训.xls", "导出.csv"])), data


random_files = st.tuples(st.sampled_from(["乱码.csv", "乱码.xlsx", "乱码.xls"]), st.binary(max_size=3000))
any_file = st.one_of(csv_files(), xlsx_files(), random_files)


@pytest.fixture(scope="module")
def warehouse_dir():
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _stored_lines(warehouse: Path) -> list[str]:
    """Every stored row of every table as ``table: values``; float columns left out (an ID
    cannot survive as a float) and keyed hashes (24+ lowercase hex) cut out."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables: dict[str, list[str]] = {}
        for table, column, data_type in con.execute("""
                select c.table_name, c.column_name, c.data_type from information_schema.columns c
                join information_schema.tables t using (table_schema, table_name)
                where t.table_type = 'BASE TABLE' order by c.table_name, c.ordinal_position""").fetchall():
            if not data_type.upper().startswith(("FLOAT", "DOUBLE", "REAL", "DECIMAL")):
                tables.setdefault(table, []).append(column)
        lines = []
        for table, columns in tables.items():  # names from the catalogue, quoted
            row = "concat_ws(' | ', " + ", ".join(f'"{c}"::varchar' for c in columns) + ")"
            lines += [f"{table}: {HEX_KEY.sub('', r[0])}" for r in con.execute(f'select {row} from "{table}"').fetchall()]
        return lines
    finally:
        con.close()


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=st.lists(any_file, min_size=1, max_size=3))
def test_garbage_files_are_reported_never_raised_and_every_row_is_counted(warehouse_dir, files):
    # A fresh warehouse per example, so a failure shrinks to the files that cause it.
    folder = Path(tempfile.mkdtemp(dir=warehouse_dir))
    paths = []
    for i, (name, data) in enumerate(files):
        path = folder / f"{i}_{name}"
        path.write_bytes(data)
        paths.append(path)
    warehouse = folder / "fuzz.duckdb"

    report = load_paths(paths, warehouse)

    assert {r.status for r in report.results} <= {"loaded", "unchanged", "failed", "empty", "skipped"}
    for result in report.results:
        event(f"sheet {result.status}" + (f" with rejects" if result.rows_rejected else ""))
        if result.status == "failed":
            assert result.message, result
        if result.status == "loaded":
            assert result.rows_read == result.rows_loaded + result.rows_rejected + result.rows_skipped, result
    printed = io.StringIO()
    print_report(report, out=printed)
    assert CLEAR_ID.findall(printed.getvalue()) == []
    if warehouse.exists():
        assert [line for line in _stored_lines(warehouse) if CLEAR_ID.search(line)] == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=any_file)
def test_the_upload_guard_accepts_or_refuses_with_a_message(file):
    name, data = file
    try:
        checked = check_upload(name, data)
    except UploadRejected as exc:
        assert str(exc).startswith("文件“")
        return
    assert isinstance(checked, CheckedUpload) and checked.kind in ("xlsx", "xls", "ods", "csv")
