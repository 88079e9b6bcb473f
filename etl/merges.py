"""Merged cells of a workbook, so a value merged down over several rows counts for each of them.

calamine (through fastexcel) gives a merged range's text in its top-left cell only. Bureau
lists merge a 学校 / 项目编号 / 年度 cell down over the rows it applies to; read as is, only
the first of those rows has it. Here the ranges are read from the file itself: for .xlsx the
``<mergeCell ref="A3:A5"/>`` elements of each sheet's XML, for .xls the BIFF8 MERGEDCELLS
records (0x00E5) of each sheet's substream, found through a small OLE2 reader.

``fill_down`` copies the top-left value down the first column of each range. Ranges one row
high (a title or a note merged across the columns) are left alone: filling them across would
make a one-cell note look like a data row.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile

import numpy as np
import polars as pl

Range = tuple[int, int, int, int]   # first row, last row, first column, last column (0-based)
_REF = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_DIM = re.compile(rb'<dimension ref="([A-Z]+)\d+')


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def xlsx_merges(data: bytes) -> dict[str, tuple[int, list[Range]]]:
    """Sheet name -> (first used column, merged ranges). Empty on anything unexpected."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            book = z.read("xl/workbook.xml")
            rels = z.read("xl/_rels/workbook.xml.rels")
            targets = {m.group(1): m.group(2) for m in re.finditer(rb'<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
            targets |= {m.group(2): m.group(1) for m in re.finditer(rb'<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
            out = {}
            for m in re.finditer(rb'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', book):
                target = targets.get(m.group(2), b"").decode()
                path = target.lstrip("/") if target.startswith("/") else "xl/" + target
                ranges, first_col = _scan_sheet(z, path)
                if ranges:
                    out[_unescape(m.group(1).decode())] = (first_col, ranges)
            return out
    except Exception:  # a damaged part: calamine read what it could, the merges are a bonus
        return {}


def _unescape(name: str) -> str:
    return name.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def _scan_sheet(z: zipfile.ZipFile, path: str) -> tuple[list[Range], int]:
    """Stream the sheet's XML (it may be 100 MB): the dimension is near the top, the merges at the end."""
    ranges, first_col, tail = [], 0, b""
    with z.open(path) as fh:
        head = True
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            if head and (d := _DIM.search(buf)):
                first_col, head = _col(d.group(1)), False
            for m in _REF.finditer(buf):
                r1, r2 = int(m.group(2)) - 1, int(m.group(4)) - 1
                ranges.append((r1, r2, _col(m.group(1)), _col(m.group(3))))
            cut = buf.rfind(b"<")
            tail = buf[cut:] if cut >= 0 and b">" not in buf[cut:] else b""
    return sorted(set(ranges)), first_col


# ---------------------------------------------------------------- .xls: OLE2 + BIFF8
def _ole_stream(data: bytes, names: tuple[str, ...] = ("Workbook", "Book")) -> bytes | None:
    if data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return None
    ssz = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    msz = 1 << struct.unpack_from("<H", data, 0x20)[0]
    n_fat, dir_start = struct.unpack_from("<II", data, 0x2C)
    cutoff, minifat_start, _, difat_start, n_difat = struct.unpack_from("<IIIII", data, 0x38)

    def sector(i: int) -> bytes:
        return data[(i + 1) * ssz:(i + 2) * ssz]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    while n_difat and difat_start < 0xFFFFFFFA:
        block = struct.unpack(f"<{ssz // 4}I", sector(difat_start))
        difat += block[:-1]
        difat_start, n_difat = block[-1], n_difat - 1
    fat = []
    for s in difat[:n_fat]:
        fat += struct.unpack(f"<{ssz // 4}I", sector(s))

    def chain(start: int, table: list[int], read) -> bytes:
        out, seen = [], set()
        while start < 0xFFFFFFFA and start not in seen and start < len(table):
            seen.add(start)
            out.append(read(start))
            start = table[start]
        return b"".join(out)

    directory = chain(dir_start, fat, sector)
    entries = [directory[i:i + 128] for i in range(0, len(directory), 128)]
    for e in entries:
        name = e[:max(0, struct.unpack_from("<H", e, 64)[0] - 2)].decode("utf-16-le", errors="ignore")
        if name in names and e[66] == 2:
            start, size = struct.unpack_from("<II", e, 116)
            if size >= cutoff:
                return chain(start, fat, sector)[:size]
            root_start = struct.unpack_from("<I", entries[0], 116)[0]
            mini = chain(root_start, fat, sector)
            minifat = list(struct.unpack(f"<{len(b) // 4}I", b)) if (b := chain(minifat_start, fat, sector)) else []
            return chain(start, minifat, lambda i: mini[i * msz:(i + 1) * msz])[:size]
    return None


def xls_merges(data: bytes) -> dict[str, tuple[int, list[Range]]]:
    """Sheet name -> (first used column, merged ranges), from the BIFF8 workbook stream."""
    try:
        stream = _ole_stream(data)
        if not stream:
            return {}
        sheets, pos = [], 0
        while pos + 4 <= len(stream):
            rtype, size = struct.unpack_from("<HH", stream, pos)
            body = stream[pos + 4:pos + 4 + size]
            if rtype == 0x0085:  # BOUNDSHEET: offset, visibility, type, name
                n, wide = body[6], body[7]
                name = body[8:8 + n * 2].decode("utf-16-le") if wide & 1 else body[8:8 + n].decode("latin-1")
                sheets.append((struct.unpack_from("<I", body)[0], name))
            elif rtype == 0x000A:  # EOF of the globals
                break
            pos += 4 + size
        out = {}
        for offset, name in sheets:
            ranges, first_col, pos = [], 0, offset
            while pos + 4 <= len(stream):
                rtype, size = struct.unpack_from("<HH", stream, pos)
                body = stream[pos + 4:pos + 4 + size]
                if rtype == 0x0200 and len(body) >= 10:  # DIMENSIONS
                    first_col = struct.unpack_from("<H", body, 8)[0]
                elif rtype == 0x00E5:
                    for i in range(struct.unpack_from("<H", body)[0]):
                        r1, r2, c1, c2 = struct.unpack_from("<HHHH", body, 2 + 8 * i)
                        ranges.append((r1, r2, c1, c2))
                elif rtype == 0x000A:
                    break
                pos += 4 + size
            if ranges:
                out[name] = (first_col, ranges)
        return out
    except Exception:  # a damaged stream: no merges rather than no file
        return {}


def fill_down(grid: pl.DataFrame, first_col: int, ranges: list[Range]) -> pl.DataFrame:
    """Copy each range's top-left value down its first column (ranges more than one row high)."""
    by_col: dict[int, np.ndarray] = {}
    for r1, r2, c1, _ in ranges:
        j = c1 - first_col
        if r2 <= r1 or not 0 <= j < grid.width or r1 >= grid.height:
            continue
        idx = by_col.setdefault(j, np.arange(grid.height))
        idx[r1 + 1:min(r2, grid.height - 1) + 1] = r1
    if not by_col:
        return grid
    return grid.with_columns(grid.to_series(j).gather(idx).alias(grid.columns[j]) for j, idx in by_col.items())
