"""What the import page must ask before loading uploaded files: a year for a roster without
年度 (with the title's guess), a programme for a list without 项目编号 (with the title's
match), and a field for each column the loader does not know (with the likeliest field).

Read-only: files are read and recognised as ``etl.load`` would, nothing is written.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from etl.catalogue import known_programmes
from etl.context import Given, Programme, supply_program, supply_year, year_source
from etl.fields import all_specs
from etl.headers import HeaderError, find_header_row, map_columns, merged_headers, recognise
from etl.normalize import clean_header
from etl.read import ReadError, read_path

SKIP = {"序号", "编号", "备注", "说明"}


@dataclass(frozen=True)
class Unmapped:
    where: str                  # 文件“…”的工作表“…”
    kind: str | None            # the sheet's kind, or None when it fits none yet
    header: str
    suggestion: str | None      # the likeliest field of `kind`, or None


@dataclass
class Questions:
    year_sheets: list[str] = field(default_factory=list)
    year_guess: int | None = None
    year_from: str = ""
    program_sheets: list[str] = field(default_factory=list)
    program_guess: str | None = None
    programmes: list[Programme] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)


def suggest(kind: str, header: str) -> str | None:
    """The field of `kind` whose aliases read most like `header` (similarity ≥ 0.5), else None."""
    h = clean_header(header)
    best, score = None, 0.5
    for f in all_specs()[kind].fields:
        for alias in f.headers:
            ratio = difflib.SequenceMatcher(None, h, clean_header(alias)).ratio()
            if ratio >= score:
                best, score = f.name, ratio
    return best


def _unmapped(where: str, kind: str | None, headers, used: set[int]) -> list[Unmapped]:
    return [Unmapped(where, kind, h, suggest(kind, h) if kind else None)
            for j, h in enumerate(headers) if h and j not in used and clean_header(h) not in SKIP]


def ask(paths: list[Path], warehouse: Path, kind: str | None = None) -> Questions:
    out = Questions()
    sheets = []
    for path in paths:
        try:
            sheets += read_path(path)
        except ReadError:
            continue  # the load reports it
    matched, failed = [], []
    for sheet in sheets:
        if not any(any(c not in (None, "") for c in row) for row in sheet.head):
            continue
        try:
            matched.append((sheet, recognise(sheet.head, kind)))
        except HeaderError:
            failed.append(sheet)
    known = known_programmes(warehouse, [(s, m) for s, m in matched if m.kind == "program"])
    out.programmes = known
    for sheet in failed:
        index = find_header_row(sheet.head)
        if _asks_year(sheet, kind, out) or _asks_program(sheet, kind, known, out) or index is None:
            continue
        found = merged_headers(sheet.head, index)
        used = (set(map_columns(all_specs()[kind], found).values()) if kind else
                {j for j, h in enumerate(found) if any(map_columns(spec, [h]) for spec in all_specs().values())})
        out.unmapped += _unmapped(sheet.where, kind, found, used)
    for sheet, match in matched:  # a recognised sheet: only the columns that read like a field
        out.unmapped += [u for u in _unmapped(sheet.where, match.kind, match.headers, set(match.columns.values()))
                         if u.suggestion]
    return out


def _asks_year(sheet, kind, out: Questions) -> bool:
    try:
        supplied = supply_year(sheet, kind, Given())
    except HeaderError:
        out.year_sheets.append(sheet.where)  # a roster, no year anywhere
        return True
    if supplied is None:
        return False
    out.year_sheets.append(sheet.where)
    if out.year_guess is None:
        out.year_guess, out.year_from = year_source(sheet, find_header_row(sheet.head))
    return True


def _asks_program(sheet, kind, known: list[Programme], out: Questions) -> bool:
    try:
        supplied = supply_program(sheet, kind, Given(), known)
    except HeaderError:
        out.program_sheets.append(sheet.where)  # a list, no programme named
        return True
    if supplied is None:
        return False
    out.program_sheets.append(sheet.where)
    out.program_guess = out.program_guess or supplied[0].sheet.rsplit("·", 1)[-1]
    return True


def ask_uploads(files: list[tuple[str, bytes]], warehouse: str, kind: str | None) -> Questions:
    """``ask`` on uploaded ``(name, bytes)``, staged through the upload guard; what the import
    page runs in the sandbox's child."""
    import shutil
    import tempfile

    from etl.upload_guard import stage_uploads

    folder = Path(tempfile.mkdtemp(prefix="ask-"))
    try:
        paths, _ = stage_uploads(list(files), folder)
        return ask(paths, Path(warehouse), kind)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
