"""Load bureau files into the warehouse: read → recognise → validate → resolve → write.

``load_paths`` is the one entry point (the command line, the import page and the demo
use it). Kinds are applied in dependency order whatever order the files come in; a sheet
whose bytes were already loaded is reported as unchanged and not written again; rows are
upserted by the contract's keys, so a corrected file replaces what the earlier version said.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

import settings
from etl.headers import HeaderError, HeaderMatch, recognise
from etl.identity import load_secret
from etl.kinds import KINDS
from etl.read import RawSheet, ReadError, expand, read_path
from etl.resolve import RESOLVERS
from etl.validate import ROW, check, mask_reason, rejects_with_raw
from etl.warehouse_io import commit_stage, discard_stage, open_stage, writer_lock
from warehouse.schema import create_views

# Table -> key columns for the upsert; 'teacher' keeps a known 教师编号 when a later file lacks it.
TABLE_KEYS = {
    "school": ("school_code",), "teacher": ("teacher_key",), "roster": ("year", "teacher_key"),
    "program": ("program_code",), "participation": ("program_code", "teacher_key"), "award": ("award_id",),
    "school_rating": ("year", "school_code"), "plan_target": ("year", "category"),
}


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


def _recognise_file(path: Path, kind: str | None) -> tuple[list[tuple[RawSheet, HeaderMatch]], list[SheetResult]]:
    """All sheets of one file, or a failure for the whole file (nothing from it is loaded)."""
    try:
        sheets = read_path(path)
    except ReadError as exc:
        return [], [SheetResult(path.name, None, None, "failed", message=str(exc))]
    matched, results = [], []
    for sheet in sheets:
        if not any(any(c not in (None, "") for c in row) for row in sheet.head):
            results.append(SheetResult(path.name, sheet.sheet, None, "empty", message="空工作表，已跳过"))
            continue
        try:
            matched.append((sheet, recognise(sheet.head, kind)))
        except HeaderError as exc:
            return [], [SheetResult(path.name, sheet.sheet, None, "failed", message=f"{sheet.where}：{exc}")]
    return matched, results


def _already_loaded(con: duckdb.DuckDBPyConnection, sheet: RawSheet, kind: str) -> bool:
    return con.execute(
        "select count(*) from etl_batch where source_file = ? and coalesce(sheet, '') = ? and sha256 = ? "
        "and kind = ? and status = 'loaded'",
        [sheet.source_file, sheet.sheet or "", sheet.sha256, kind]).fetchall()[0][0] > 0


def _upsert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    con.register("incoming", frame)
    try:
        cols = ", ".join(frame.columns)
        if table == "teacher":
            con.execute(f"""
                insert into teacher ({cols}) select {cols} from incoming
                on conflict (teacher_key) do update set
                    id_masked = coalesce(excluded.id_masked, teacher.id_masked),
                    teacher_code = coalesce(excluded.teacher_code, teacher.teacher_code),
                    name = excluded.name, gender = coalesce(excluded.gender, teacher.gender),
                    birth_date = coalesce(excluded.birth_date, teacher.birth_date)""")
        else:
            con.execute(f"insert or replace into {table} ({cols}) select {cols} from incoming")
    finally:
        con.unregister("incoming")


def _load_sheet(con, sheet: RawSheet, match: HeaderMatch, secret: bytes, batch_id: int) -> SheetResult:
    checked = check(sheet, match)
    resolved = RESOLVERS[match.kind](con, checked.rows, secret)
    for table, frame in resolved.tables.items():
        _upsert(con, table, frame)
    rejects = rejects_with_raw(checked.raw, pl.concat([checked.rejects, resolved.rejects]).sort(ROW))
    rejects = rejects.with_columns(pl.col("reason").fill_null("该行无法导入，原因未能归类：请把这一行发给系统管理员"))
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
    if not resolved.warnings.is_empty():
        out = resolved.warnings.select(pl.lit(batch_id).alias("batch_id"), pl.col(ROW).alias("row_number"),
                                       pl.lit(sheet.source_file).alias("source_file"),
                                       pl.lit(sheet.sheet).alias("sheet"), "column_name", "message")
        con.register("incoming_warnings", out)
        con.execute("insert into etl_warning select * from incoming_warnings")
        con.unregister("incoming_warnings")
    con.execute("insert into etl_batch values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', ?)",
                [batch_id, sheet.source_file, sheet.sheet, match.kind, sheet.sha256, now, checked.rows_read,
                 loaded, rejects.height, skipped, resolved.warnings.height,
                 f"表头在第 {match.header_index + 1} 行"])
    reasons = [f"第 {r[ROW]} 行 {r['column_name'] or ''}：{mask_reason(r['reason'])}"
               for r in rejects.head(5).iter_rows(named=True)]
    return SheetResult(sheet.source_file, sheet.sheet, match.kind, "loaded", checked.rows_read, loaded,
                       rejects.height, skipped, resolved.warnings.height, first_reasons=reasons, batch_id=batch_id)


def load_paths(paths: list[Path], warehouse: Path | None = None, kind: str | None = None) -> LoadReport:
    """Load files and folders into the warehouse in one atomic step; see the module docstring."""
    target = Path(warehouse) if warehouse else settings.warehouse_path()
    files = expand([Path(p) for p in paths])
    results: list[SheetResult] = []
    work: list[tuple[RawSheet, HeaderMatch]] = []
    for path in files:
        matched, file_results = _recognise_file(path, kind)
        work.extend(matched)
        results.extend(file_results)
    order = list(KINDS)
    work.sort(key=lambda item: order.index(item[1].kind))
    with writer_lock(target):
        secret = load_secret(settings.secret_path(target))
        stage, con = open_stage(target)
        try:
            con.execute("begin transaction")
            next_id = con.execute("select coalesce(max(batch_id), 0) + 1 from etl_batch").fetchall()[0][0]
            for sheet, match in work:
                if _already_loaded(con, sheet, match.kind):
                    results.append(SheetResult(sheet.source_file, sheet.sheet, match.kind, "unchanged",
                                               message="与已导入的版本完全相同，未作更改"))
                    continue
                results.append(_load_sheet(con, sheet, match, secret, next_id))
                next_id += 1
            con.execute("commit")
            if any(r.status == "loaded" for r in results) or not target.exists():
                create_views(con)
                commit_stage(stage, con, target)
            else:
                discard_stage(stage, con)
        except BaseException:
            discard_stage(stage, con)
            raise
    return LoadReport(target, results)
