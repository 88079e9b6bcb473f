"""Small bureau-style input files, written by the ETL tests from code.

Nothing here is read from disk: each test builds the few rows it needs, in the layout and
encoding a clerk's export really has (title rows, merged two-row headers, GBK CSV, an
old ``.xls``), so the expected counts can be worked out by hand next to the test.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import struct
from pathlib import Path

import xlsxwriter

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(birth: str = "19800101", seq: int = 123, region: str = "622922") -> str:
    """A valid 18-character ID number (GB 11643 check character computed here, independently
    of etl.identity) for a region, birth date (YYYYMMDD) and 3-digit sequence."""
    body = f"{region}{birth}{seq:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


Rows = list[list[object]]


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8") -> Path:
    """CSV as Excel writes it; encoding 'utf-8-sig' gives the BOM, 'gbk' / 'gb18030' the legacy ones."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([["" if c is None else c for c in r] for r in rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, Rows], merges: dict[str, list[tuple[int, int, int, int, str]]] | None = None,
               numbers_as_text: bool = False, hidden: tuple[str, ...] = ()) -> Path:
    """A workbook with one sheet per entry. Numbers stay numbers (as Excel stores them) unless
    `numbers_as_text`; dt.date values become real date cells. merges: sheet -> (r1, c1, r2, c2, text);
    `hidden`: sheets to hide (as templates hide their drop-down option lists)."""
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
                elif isinstance(value, (int, float)) and not numbers_as_text:
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, str(value))
        for r1, c1, r2, c2, text in (merges or {}).get(name, []):
            ws.merge_range(r1, c1, r2, c2, text)
        if name in hidden:
            ws.hide()
    wb.close()
    return path


# ---------------------------------------------------------------- a minimal .xls (BIFF8) writer
# Old bureau systems still export Excel 97-2003 files. No writer for them is a dependency of this
# project, so the tests write the smallest file Excel and calamine accept: a compound document
# (OLE2) holding one "Workbook" stream of BIFF8 records — BOF, CODEPAGE, BOUNDSHEET and a shared
# string table in the globals, then per sheet BOF, DIMENSIONS, LABELSST/NUMBER cells and EOF.

def _rec(rtype: int, data: bytes) -> bytes:
    return struct.pack("<HH", rtype, len(data)) + data


def _bof(kind: int) -> bytes:
    return _rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _workbook_stream(sheets: dict[str, Rows], merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
                     hidden: tuple[str, ...] = ()) -> bytes:
    strings: dict[str, int] = {}
    for rows in sheets.values():
        for row in rows:
            for v in row:
                if v is not None and not isinstance(v, (int, float)):
                    strings.setdefault(str(v), len(strings))
    sst = struct.pack("<II", sum(1 for rows in sheets.values() for row in rows for v in row
                                 if v is not None and not isinstance(v, (int, float))), len(strings))
    for s in strings:
        sst += struct.pack("<HB", len(s.encode("utf-16-le")) // 2, 1) + s.encode("utf-16-le")
    assert len(sst) <= 8224, "test workbook too big for one SST record"
    bodies = []
    for sheet_name, rows in sheets.items():
        cells = b""
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, (int, float)):
                    cells += _rec(0x0203, struct.pack("<HHHd", r, c, 15, float(v)))
                else:
                    cells += _rec(0x00FD, struct.pack("<HHHI", r, c, 15, strings[str(v)]))
        width = max((len(row) for row in rows), default=0)
        ranges = (merges or {}).get(sheet_name, [])  # (first row, last row, first col, last col)
        merged = _rec(0x00E5, struct.pack("<H", len(ranges)) + b"".join(struct.pack("<HHHH", *r) for r in ranges)) \
            if ranges else b""
        bodies.append(_bof(0x0010) + _rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
                      + cells + merged + _rec(0x000A, b""))

    def globals_(offsets: list[int]) -> bytes:
        out = _bof(0x0005) + _rec(0x0042, struct.pack("<H", 1200))
        for name, off in zip(sheets, offsets):
            n = name.encode("utf-16-le")
            out += _rec(0x0085, struct.pack("<IBBBB", off, 1 if name in hidden else 0, 0, len(n) // 2, 1) + n)
        return out + _rec(0x00FC, sst) + _rec(0x000A, b"")

    head_len = len(globals_([0] * len(sheets)))
    offsets, pos = [], head_len
    for body in bodies:
        offsets.append(pos)
        pos += len(body)
    return globals_(offsets) + b"".join(bodies)


def _compound_file(stream: bytes, name: str = "Workbook") -> bytes:
    """An OLE2 compound document (v3, 512-byte sectors) holding one stream. The stream is padded
    to 4096 bytes so it lives in regular sectors and no mini stream is needed."""
    free, end, fat_sect, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    stream = stream + b"\0" * max(0, 4096 - len(stream))
    stream += b"\0" * (-len(stream) % 512)
    n_stream = len(stream) // 512
    dir_sector = n_stream
    n_fat = 1
    while n_stream + 1 + n_fat > n_fat * 128:
        n_fat += 1
    fat = list(range(1, n_stream)) + [end] + [end] + [fat_sect] * n_fat
    fat += [free] * (n_fat * 128 - len(fat))

    def entry(ename: str, etype: int, child: int, start: int, size: int) -> bytes:
        encoded = ename.encode("utf-16-le") + b"\0\0" if ename else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), etype, 1 if ename else 0)
                + struct.pack("<III", no_stream, no_stream, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, end, 0) + entry(name, 2, no_stream, 0, len(stream))
                 + entry("", 0, no_stream, 0, 0) * 2)
    difat = [n_stream + 1 + i for i in range(n_fat)] + [free] * (109 - n_fat)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, n_fat, dir_sector, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", *difat))
    return header + stream + directory + struct.pack(f"<{len(fat)}I", *fat)


def write_xls(path: Path, sheets: dict[str, Rows], merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
              hidden: tuple[str, ...] = ()) -> Path:
    """An Excel 97-2003 workbook (.xls) with one sheet per entry; strings and numbers only.
    merges: sheet -> (first row, last row, first col, last col), 0-based, as BIFF8 MERGEDCELLS."""
    path.write_bytes(_compound_file(_workbook_stream(sheets, merges, hidden)))
    return path


# ---------------------------------------------------------------- a tiny county, for load tests
ID_A = make_id("19800101", 11)   # 张三, 一小 in 2024, 二中 in 2023
ID_B = make_id("19850505", 22)   # 李四, 二中 in 2024
ID_D = make_id("19900909", 44)   # 赵六, on no roster

SCHOOLS = [["学校代码", "学校名称", "学段", "城乡类型", "是否薄弱学校"],
           ["S1", "一小", "小学", "城区", "否"], ["S2", "二中", "初中", "乡村", "是"]]
ROSTER = [["年度", "身份证号", "教师编号", "姓名", "性别", "学校代码", "学校名称"],
          ["2024", ID_A, None, "张三", "男", "S1", None],
          ["2024", ID_B, None, "李四", "女", None, "二中"],
          ["2024", None, "T01", "王五", "男", "S1", None],
          ["2023", ID_A, None, "张三", "男", "S2", None]]
PROGRAMS = [["项目编号", "项目名称", "培训层级", "开始日期", "结束日期", "学时"],
            ["P1", "国培示范", "国培", "2024-03-05", "2024-03-09", 40],
            ["P2", "县级班主任", "县培", "2023/9/1", "2023/9/3", 20],
            ["P3", "校本研修", "校本研修", "2024.5.1", "2024.5.1", 10]]


def write_county(folder: Path) -> list[Path]:
    """学校名册, 教师名册 (2023 and 2024) and 培训项目 of the tiny county, as three CSV files."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_csv(folder / "学校名册.csv", SCHOOLS), write_csv(folder / "教师名册.csv", ROSTER),
            write_csv(folder / "培训项目.csv", PROGRAMS)]


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query against a warehouse file, opened read-only as the dashboard would."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def accounting(warehouse: Path) -> list[tuple]:
    """Per batch: (source_file, sheet, rows_read, rows_loaded + rows_rejected + rows_skipped)."""
    return query(warehouse, "select source_file, sheet, rows_read, rows_loaded + rows_rejected + rows_skipped "
                            "from etl_batch order by batch_id")
