"""Load bureau files into the warehouse: read → recognise → validate → resolve → write.

``load_paths`` is the one entry point (the command line, the import page and the demo
use it). Kinds are applied in dependency order whatever order the files come in; a sheet
whose bytes were already loaded is reported as unchanged and not written again; rows are
upserted by the contract's keys, and a corrected version of a file replaces what the earlier
version said (``etl.replace`` holds the rules).
"""
from __future__ import annotations

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

import settings
from etl.catalogue import known_programmes
from etl.context import Given, supply_program, supply_year
from etl.headers import HeaderError, HeaderMatch, recognise
from etl.kinds import KINDS
from etl.read import RawSheet, ReadError, expand, read_path
from etl.replace import drop_unreferenced_teachers, is_unchanged, retire, versions, write_table
from etl.resolve import RESOLVERS
from etl.identity import mask_ids, mask_text
from etl.validate import ROW, Checked, check, mask_reason, rejects_with_raw
from etl.warehouse_io import commit_stage, discard_stage, open_stage, writer_lock
from etl.warehouse_secret import bind as bind_secret
from warehouse import aggregates

@dataclass
class SheetResult:
    source_file: str
    sheet: str | None
    kind: str | None
    status: str                  # loaded | unchanged | failed | empty
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_skipped: int = 0
    rows_warned: int = 0
    rows_removed: int = 0        # rows an earlier version of the file wrote that this one lacks
    replaced_batch: int | None = None
    message: str = ""
    first_reasons: list[str] = field(default_factory=list)
    batch_id: int | None = None

    @property
    def where(self) -> str:
        return self.source_file + (f" [{self.sheet}]" if self.sheet else "")


@dataclass
class LoadReport:
    warehouse: Path
    results: list[SheetResult]

    @property
    def ok(self) -> bool:
        return not any(r.status == "failed" for r in self.results)

    @property
    def changed(self) -> bool:
        return any(r.status == "loaded" for r in self.results)


def _recognise_file(path: Path, kind: str | None, given: Given | None = None,
                    pending: list | None = None) -> tuple[list[tuple[RawSheet, HeaderMatch]], list[SheetResult]]:
    """All sheets of one file, or a failure for the whole file (nothing from it is loaded).
    A list that may need its programme from `given` or its title waits in `pending`."""
    try:
        sheets = read_path(path)
    except ReadError as exc:
        return [], [SheetResult(mask_text(path.name), None, None, "failed", message=mask_text(str(exc)))]
    matched, results = [], []
    for sheet in sheets:
        if not any(any(c not in (None, "") for c in row) for row in sheet.head):
            results.append(SheetResult(sheet.source_file, sheet.sheet, None, "empty", message="空工作表，已跳过"))
            continue
        try:
            matched.append((sheet, recognise(sheet.head, kind)))
        except HeaderError as exc:
            try:
                supplied = supply_year(sheet, kind, given or Given())
            except HeaderError as why:
                exc = why
                supplied = None
            if supplied is not None:
                matched.append(supplied)
                continue
            if pending is not None and "--year" not in str(exc):
                pending.append((sheet, exc))
                continue
            return [], [SheetResult(sheet.source_file, sheet.sheet, None, "failed", message=f"{sheet.where}：{exc}")]
    return matched, results


def _supply_programmes(target: Path, work: list, pending: list, kind: str | None,
                       given: Given) -> list[SheetResult]:
    """Lists without 项目编号 get their programme (etl.context); the others fail as they would have."""
    failed: list[SheetResult] = []
    known = known_programmes(target, [(s, m) for s, m in work if m.kind == "program"]) if pending else []
    for sheet, exc in pending:
        try:
            supplied = supply_program(sheet, kind, given, known)
        except HeaderError as why:
            supplied, exc = None, why
        if supplied is None:
            failed.append(SheetResult(sheet.source_file, sheet.sheet, None, "failed", message=f"{sheet.where}：{exc}"))
        else:
            work.append(supplied)
    return failed


def _load_sheet(con, sheet: RawSheet, match: HeaderMatch, checked: Checked, secret: bytes, batch_id: int,
                previous: list[int]) -> SheetResult:
    resolved = RESOLVERS[match.kind](con, checked.rows, secret)
    removed, kept = 0, []
    for table, frame in resolved.tables.items():
        n, notes = write_table(con, table, frame, batch_id, previous)
        removed, kept = removed + n, kept + notes
    if removed and match.kind == "roster":
        drop_unreferenced_teachers(con)
    retire(con, previous, batch_id)
    rejects = rejects_with_raw(checked.raw, pl.concat([checked.rejects, resolved.rejects]).sort(ROW))
    rejects = rejects.with_columns(
        pl.col("reason").fill_null("该行无法导入，原因未能归类：请把这一行发给系统管理员")
        .pipe(mask_ids))  # a reason may quote a cell, so mask IDs in it too
    loaded = checked.rows.height - resolved.rejects.height
    skipped = checked.skipped_blank + checked.skipped_total
    now = dt.datetime.now()
    if not rejects.is_empty():
        out = rejects.select(pl.lit(batch_id).alias("batch_id"), pl.col(ROW).alias("row_number"),
                             pl.lit(sheet.source_file).alias("source_file"), pl.lit(sheet.sheet).alias("sheet"),
                             "column_name", "raw", "reason")
        con.register("incoming_rejects", out)
        con.execute("insert into etl_reject select batch_id, row_number, source_file, sheet, column_name, "
                    "raw::json, reason from incoming_rejects")
        con.unregister("incoming_rejects")
    # Row 0 stands for the file as a whole (a kept school or program, see etl.replace).
    early = checked.warnings.join(resolved.rejects.select(ROW), on=ROW, how="anti")  # of rows loaded
    warnings = pl.concat([early, resolved.warnings, pl.DataFrame(
        {ROW: [0] * len(kept), "column_name": [None] * len(kept), "message": kept},
        schema={ROW: pl.Int64, "column_name": pl.String, "message": pl.String})])
    warnings = warnings.with_columns(mask_ids(pl.col("message")), mask_ids(pl.col("column_name")))
    if not warnings.is_empty():
        out = warnings.select(pl.lit(batch_id).alias("batch_id"), pl.col(ROW).alias("row_number"),
                              pl.lit(sheet.source_file).alias("source_file"),
                              pl.lit(sheet.sheet).alias("sheet"), "column_name", "message")
        con.register("incoming_warnings", out)
        con.execute("insert into etl_warning select * from incoming_warnings")
        con.unregister("incoming_warnings")
    message = f"表头在第 {match.header_index + 1} 行"
    if previous:
        message += f"；取代批次 {previous[0]}，删除新版中已没有的 {removed} 行"
    con.execute("insert into etl_batch values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', ?)",
                [batch_id, sheet.source_file, sheet.sheet, match.kind, sheet.sha256, now, checked.rows_read,
                 loaded, rejects.height, skipped, warnings.height, message])
    reasons = [f"第 {r[ROW]} 行 {r['column_name'] or ''}：{mask_reason(r['reason'])}"
               for r in rejects.head(5).iter_rows(named=True)]
    reasons += kept[:3]
    return SheetResult(sheet.source_file, sheet.sheet, match.kind, "loaded", checked.rows_read, loaded,
                       rejects.height, skipped, warnings.height, removed, previous[0] if previous else None,
                       first_reasons=reasons, batch_id=batch_id)


def _same_name_conflicts(work: list[tuple[RawSheet, HeaderMatch]]) -> tuple[list, list[SheetResult]]:
    """Two different files with one name (and sheet and kind) in one command would replace each other."""
    first: dict[tuple, RawSheet] = {}
    bad_paths: dict[Path, RawSheet] = {}
    for sheet, match in work:
        source = (sheet.source_file, sheet.sheet or "", match.kind)
        other = first.setdefault(source, sheet)
        if other.path.resolve() != sheet.path.resolve() and other.sha256 != sheet.sha256:
            bad_paths.setdefault(sheet.path, other)
    results = [SheetResult(mask_text(path.name), None, None, "failed",
                           message=mask_text(f"“{path}”与“{other.path}”同名但内容不同：同名文件会互相替换，请改名后再导入"))
               for path, other in bad_paths.items()]
    return [(s, m) for s, m in work if s.path not in bad_paths], results


def load_paths(paths: list[Path], warehouse: Path | None = None, kind: str | None = None,
               given: Given | None = None) -> LoadReport:
    """Load files and folders into the warehouse in one atomic step; see the module docstring.
    `given`: the year and programme for files that do not say them (etl.context)."""
    target = Path(warehouse) if warehouse else settings.warehouse_path()
    given = given or Given()
    files = expand([Path(p) for p in paths])
    results: list[SheetResult] = []
    work: list[tuple[RawSheet, HeaderMatch]] = []
    pending: list = []
    # Two files at a time: hashing, UTF-8 checks and workbook parsing release the GIL.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="etl-read") as readers:
        for matched, file_results in readers.map(lambda path: _recognise_file(path, kind, given, pending), files):
            work.extend(matched)
            results.extend(file_results)
    results.extend(_supply_programmes(target, work, pending, kind, given))
    notes = {(s.source_file, s.sheet): m.given for s, m in work if getattr(m, "given", "")}
    work, conflicts = _same_name_conflicts(work)
    results.extend(conflicts)
    order = list(KINDS)
    work.sort(key=lambda item: order.index(item[1].kind))
    with writer_lock(target):
        stage, con = open_stage(target)
        # Checking a sheet (polars, no warehouse access) runs one sheet ahead, in a worker thread,
        # while the main thread resolves and writes the one before: the two use both cores. One
        # worker, so checks run in order and share the load's memo safely.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="etl-check")
        memo: dict = {}  # each distinct cell is checked once per load (etl.validate.by_unique)
        ahead: dict[int, Future] = {}
        try:
            secret = bind_secret(con, target)  # the warehouse's own secret, or a refusal saying how to restore it
            con.execute("begin transaction")
            next_id = con.execute("select coalesce(max(batch_id), 0) + 1 from etl_batch").fetchall()[0][0]
            while work:
                sheet, match = work.pop(0)  # a sheet's cells are freed once it is loaded
                checking = ahead.pop(id(sheet), None)
                previous = versions(con, sheet.source_file, sheet.sheet, match.kind)
                if is_unchanged(con, previous, sheet.sha256, match.kind):
                    results.append(SheetResult(sheet.source_file, sheet.sheet, match.kind, "unchanged",
                                               message="与已导入的版本完全相同，未作更改"))
                    continue
                checking = checking or pool.submit(check, sheet, match, memo)
                if work and _may_change(con, *work[0]):
                    ahead[id(work[0][0])] = pool.submit(check, work[0][0], work[0][1], memo)
                try:
                    checked = checking.result()
                except ReadError as exc:  # raised before the sheet writes anything
                    results.append(SheetResult(sheet.source_file, sheet.sheet, match.kind, "failed",
                                               message=f"{sheet.where}：{exc}"))
                    continue
                results.append(_load_sheet(con, sheet, match, checked, secret, next_id, [b for b, _ in previous]))
                del checked, checking
                next_id += 1
            con.execute("commit")
            if any(r.status == "loaded" for r in results) or not target.exists():
                aggregates.build(con)  # views, and the heavy models stored as tables
                commit_stage(stage, con, target)
            else:
                discard_stage(stage, con)
        except BaseException:
            discard_stage(stage, con)
            raise
        finally:
            pool.shutdown(cancel_futures=True)
    for r in results:  # where a year or programme the file does not state came from
        if note := notes.get((r.source_file, r.sheet)):
            r.first_reasons.insert(0, note)
    return LoadReport(target, results)


def _may_change(con, sheet: RawSheet, match: HeaderMatch) -> bool:
    """Worth checking ahead: its bytes differ from its loaded version (equal bytes are usually
    'unchanged', decided when its turn comes)."""
    previous = versions(con, sheet.source_file, sheet.sheet, match.kind)
    return not previous or previous[0][1] != sheet.sha256
