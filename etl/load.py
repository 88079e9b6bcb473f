"""Load bureau files into the warehouse: read → recognise → validate → resolve → write.

``load_paths`` is the one entry point (the command line, the import page and the demo
use it); ``preview`` is the same load as a dry run. Kinds are applied in dependency order
whatever order the files come in; a sheet whose bytes were already loaded is reported as
unchanged and not written again; rows are upserted by the contract's keys, a partial file
updates only the fields it has columns for, and a corrected version of a file replaces what
the earlier version said (``etl.replace`` holds the rules).

The preview API, shared by ``python -m etl load --dry-run`` and the import page::

    report = preview(paths, warehouse, kind=None, sheets=())   # -> etl.report.LoadReport
    for r in report.results:   # one per sheet: r.kind, r.why, r.mapping, r.sample, r.effect
        ...

It performs the real load on a staging copy of the warehouse and throws the copy away, so
``r.effect`` (rows new / changed per field / unchanged / removed, rejects by reason, rows
without a result) is exactly what ``load_paths`` then does, unless the warehouse changes in
between. It is a plain function of its arguments, returning picklable data, so it can run in
a subprocess.
"""
from __future__ import annotations

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import duckdb
import polars as pl

import settings
from etl.catalogue import known_programmes
from etl.context import Given, supply_program
from etl.effect import Effect, lines
from etl.fields import all_specs
from etl.headers import HeaderError, HeaderMatch
from etl.kinds import KINDS
from etl.read import RawSheet, ReadError, expand
from etl.replace import drop_unreferenced_teachers, is_unchanged, retire, versions, write_table
from etl.report import LoadReport, SheetResult
from etl.resolve import RESOLVERS
from etl.identity import load_secret, mask_id, mask_ids, mask_text
from etl.sheets import recognise_file, same_name_conflicts
from etl.validate import ROW, Checked, check, mask_reason, rejects_with_raw
from etl.warehouse_io import carried_damage, commit_stage, discard_stage, open_stage, writer_lock
from etl.warehouse_secret import bind as bind_secret
from warehouse import aggregates

SAMPLE_ROWS = 5
MAIN_TABLE = {"national_training": "participation"}


def _absent(match: HeaderMatch) -> frozenset[str]:
    """Optional fields the sheet has no column for: their stored values are kept. Fields of a
    one-of group (学校代码 or 学校名称) and a program's year (from 开始日期) are derived, so written."""
    spec = all_specs()[match.kind]
    grouped = {n for g in spec.one_of for n in g}
    out = {f.name for f in spec.fields if not f.required and f.name not in match.columns and f.name not in grouped}
    if match.kind == "program" and "start_date" in match.columns:
        out.discard("year")
    return frozenset(out)


def _sample(match: HeaderMatch, rows: pl.DataFrame) -> pl.DataFrame:
    """The first rows as they would be stored, under the clerk's headers; ID numbers masked."""
    spec = all_specs()[match.kind]
    head = rows.head(SAMPLE_ROWS)
    cols = [pl.col(ROW).alias("行号")]
    for f in spec.fields:
        if f.name in head.columns and f.name in match.columns:
            expr = mask_id(pl.col(f.name)) if f.type == "id" else pl.col(f.name)
            if f.type in ("enum", "bool"):  # the code as the clerk writes it: 国培, not national
                shown = {}
                for text, code in (f.values or {}).items():
                    if not text.isascii():
                        shown.setdefault(code, text)
                expr = expr.cast(pl.String).replace({"true": "是", "false": "否", **shown})
            cols.append(expr.cast(pl.String).alias(f.header))
    return head.select(cols)


def _mapping(match: HeaderMatch) -> list[tuple[str, str | None]]:
    spec = all_specs()[match.kind]
    by_col = {j: spec.field(name).header for name, j in match.columns.items()}
    return [(h or f"第{j + 1}列", by_col.get(j)) for j, h in enumerate(match.headers) if h or j in by_col]


def _load_sheet(con, sheet: RawSheet, match: HeaderMatch, checked: Checked, secret: bytes, batch_id: int,
                previous: list[int]) -> SheetResult:
    resolved = RESOLVERS[match.kind](con, checked.rows, secret)
    removed, kept, effect, absent = 0, [], Effect(), _absent(match)
    for table, frame in resolved.tables.items():
        n, notes, table_effect = write_table(con, table, frame, batch_id, previous, absent)
        removed, kept = removed + n, kept + notes
        if table == "teacher":
            effect.fields.update(table_effect.fields)
        elif table == MAIN_TABLE.get(match.kind, match.kind):  # a programme 教职工国内培训 creates is not a row of it
            effect.add(table_effect)
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
    effect.rejects = {f"{r['column_name'] or ''}：{mask_reason(r['reason'])}": r["n"] for r in
                      rejects.group_by("column_name", "reason").agg(n=pl.len()).sort("n", "reason", descending=[True, False])
                      .iter_rows(named=True)}
    if match.kind == "participation":
        effect.no_result = dict(con.execute(
            "select result_gap, count(*) from participation where batch_id = ? and result is null "
            "group by 1 order by 1", [batch_id]).fetchall())
    message = f"表头在第 {match.header_index + 1} 行；" + "；".join(lines(effect, match.kind, future=False)[:6])
    if previous:
        message += f"；取代批次 {previous[0]}"
    con.execute("insert into etl_batch values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', ?)",
                [batch_id, sheet.source_file, sheet.sheet, match.kind, sheet.sha256, now, checked.rows_read,
                 loaded, rejects.height, skipped, warnings.height, message])
    reasons = [f"第 {r[ROW]} 行 {r['column_name'] or ''}：{mask_reason(r['reason'])}"
               for r in rejects.head(5).iter_rows(named=True)]
    reasons += [f"第 {r[ROW]} 行 {r['column_name'] or ''}：{r['message']}" for r in warnings.head(3).iter_rows(named=True)
                if r[ROW]]
    reasons += kept[:3]
    return SheetResult(sheet.source_file, sheet.sheet, match.kind, "loaded", checked.rows_read, loaded,
                       rejects.height, skipped, warnings.height, removed, previous[0] if previous else None,
                       message=message, first_reasons=reasons, batch_id=batch_id, header_row=match.header_index + 1, why=match.why, mapping=_mapping(match),
                       sample=_sample(match, checked.rows), effect=effect)


def preview(paths: list[Path], warehouse: Path | None = None, kind: str | None = None,
            given: Given | None = None, sheets: tuple[str, ...] = ()) -> LoadReport:
    """What ``load_paths`` would do, sheet by sheet, with nothing written (see the module docstring)."""
    return load_paths(paths, warehouse, kind, given, sheets=sheets, dry_run=True)


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


def load_paths(paths: list[Path], warehouse: Path | None = None, kind: str | None = None,
               given: Given | None = None, *, sheets: tuple[str, ...] = (), dry_run: bool = False) -> LoadReport:
    """Load files and folders into the warehouse in one atomic step; see the module docstring.

    `given`: the year and programme for files that do not say them (etl.context); `sheets`: load
    only the workbook sheets so named (a hidden sheet loads only this way); `dry_run`: do
    everything on the staging copy, then discard it."""
    target = Path(warehouse) if warehouse else settings.warehouse_path()
    given = given or Given()
    files = expand([Path(p) for p in paths])
    results: list[SheetResult] = []
    work: list[tuple[RawSheet, HeaderMatch]] = []
    pending: list = []
    # Two files at a time: hashing, UTF-8 checks and workbook parsing release the GIL.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="etl-read") as readers:
        for matched, file_results in readers.map(
                lambda path: recognise_file(path, kind, tuple(sheets), given, pending), files):
            work.extend(matched)
            results.extend(file_results)
    results.extend(_supply_programmes(target, work, pending, kind, given))
    notes = {(s.source_file, s.sheet): m.given for s, m in work if getattr(m, "given", "")}
    work, conflicts = same_name_conflicts(work)
    results.extend(conflicts)
    order = list(KINDS)
    work.sort(key=lambda item: order.index(item[1].kind))
    with writer_lock(target):
        # Checking a sheet (polars, no warehouse access) runs one sheet ahead, in a worker thread,
        # while the main thread resolves and writes the one before: the two use both cores. One
        # worker, so checks run in order and share the load's memo safely. The first sheet's check
        # starts before the live file is copied (copying and flushing a province's file is seconds
        # of I/O, checking is CPU); should that sheet prove unchanged, its check goes unused.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="etl-check")
        memo: dict = {}  # each distinct cell is checked once per load (etl.validate.by_unique)
        ahead: dict[int, Future] = {}
        if work:
            ahead[id(work[0][0])] = pool.submit(check, work[0][0], work[0][1], memo)
        try:
            stage, con = open_stage(target)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # the refusal is not kept waiting for a check
            raise
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
            if dry_run:
                con.execute("rollback")
                discard_stage(stage, con)
                return _noted(LoadReport(target, results, dry_run=True), notes)
            con.execute("commit")
            if any(r.status == "loaded" for r in results) or not target.exists():
                aggregates.build(con)  # views, and the heavy models stored as tables
                commit_stage(stage, con, target)
            else:
                discard_stage(stage, con)
        except duckdb.Error as exc:  # a sealed live file's damage first shows on its copy
            discard_stage(stage, con)
            raise carried_damage(target) or exc
        except BaseException:
            discard_stage(stage, con)
            raise
        finally:
            pool.shutdown(cancel_futures=True)
    return _noted(LoadReport(target, results), notes)


def _noted(report: LoadReport, notes: dict) -> LoadReport:
    for r in report.results:  # where a year or programme the file does not state came from
        if note := notes.get((r.source_file, r.sheet)):
            r.first_reasons.insert(0, note)
    return report


def _may_change(con, sheet: RawSheet, match: HeaderMatch) -> bool:
    """Worth checking ahead: its bytes differ from its loaded version (equal bytes are usually
    'unchanged', decided when its turn comes)."""
    previous = versions(con, sheet.source_file, sheet.sheet, match.kind)
    return not previous or previous[0][1] != sheet.sha256
