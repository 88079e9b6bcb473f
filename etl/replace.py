"""Re-loading: a file is identified by its name, sheet and kind (its *source*); loading a new
version of a source replaces what the earlier version said.

Decisions (DATA_CONTRACT.md leaves them open):
- Rows are written by the contract's keys (upsert). The earlier version's rows that the new
  version no longer has are removed, found through ``etl_row_source`` (which batch last wrote
  each row). A row another file has written since belongs to that file and stays.
- A school or program the new version drops but that other tables still refer to is kept
  (removing it would orphan their rows) and a warning names the files to correct first.
- The teacher table is not tracked: a teacher row stays while a roster, participation or
  award row refers to it.
- The earlier version's batch is marked ``replaced`` and its rejects and warnings are
  deleted: ``etl_reject`` lists the rows that are not in the warehouse now.
- A source whose bytes equal its latest version is ``unchanged`` and not written again,
  unless a file it refers to (schools, roster, programs) was loaded since: then it is
  checked again, since rows rejected for a missing reference may now load.
"""
from __future__ import annotations

import polars as pl

TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "school": ("school_code",), "teacher": ("teacher_key",), "roster": ("year", "teacher_key"),
    "program": ("program_code",), "participation": ("program_code", "teacher_key"), "award": ("award_id",),
    "school_rating": ("year", "school_code"), "plan_target": ("year", "category"),
}
# table -> (referring table, column) pairs; only single-column keys are referred to.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "school": (("roster", "school_code"), ("school_rating", "school_code"), ("participation", "school_code"),
               ("award", "school_code")),
    "program": (("participation", "program_code"),),
}
# kind -> kinds whose rows it looks up while loading.
DEPENDS_ON: dict[str, tuple[str, ...]] = {
    "roster": ("school",), "participation": ("program", "roster"), "award": ("roster",),
    "school_rating": ("school",),
}
LABELS = {"school": "学校代码", "program": "项目编号"}
SEP = "\x1f"


def row_key(keys: tuple[str, ...]) -> pl.Expr:
    return pl.concat_str([pl.col(k).cast(pl.String) for k in keys], separator=SEP).alias("_row_key")


def _sql_row_key(keys: tuple[str, ...], alias: str) -> str:
    # Identifiers come from TABLE_KEYS only.
    if len(keys) == 1:
        return f"{alias}.{keys[0]}::varchar"
    return "concat_ws(chr(31), " + ", ".join(f"{alias}.{k}::varchar" for k in keys) + ")"


def versions(con, source_file: str, sheet: str | None, kind: str) -> list[tuple[int, str]]:
    """(batch_id, sha256) of the source's loaded version(s), newest first (normally one)."""
    return con.execute(
        "select batch_id, sha256 from etl_batch where source_file = ? and coalesce(sheet, '') = ? and kind = ? "
        "and status = 'loaded' order by batch_id desc", [source_file, sheet or "", kind]).fetchall()


def is_unchanged(con, previous: list[tuple[int, str]], sha256: str, kind: str) -> bool:
    if not previous or previous[0][1] != sha256:
        return False
    deps = list(DEPENDS_ON.get(kind, ()))
    if not deps:
        return True
    newer = con.execute("select count(*) from etl_batch where batch_id > ? and kind = any(?) "
                        "and status in ('loaded', 'replaced')", [previous[0][0], deps]).fetchall()[0][0]
    return newer == 0


def write_table(con, table: str, frame: pl.DataFrame, batch_id: int, previous: list[int]) -> tuple[int, list[str]]:
    """Upsert `frame` into `table`, take ownership of its rows for `batch_id`, and remove the rows
    the source's `previous` batches wrote that `frame` lacks. Returns (rows removed, warnings)."""
    keys = TABLE_KEYS[table]
    if table == "teacher":
        _upsert_teacher(con, frame)
        return 0, []
    cols = ", ".join(frame.columns)
    con.register("incoming", frame.with_columns(row_key(keys)))
    try:
        removed, kept = 0, []
        if previous:
            gone = con.sql("select row_key from etl_row_source where table_name = $t and batch_id = any($prev) "
                           "and row_key not in (select _row_key from incoming)",
                           params={"t": table, "prev": previous}).pl()["row_key"]
            if len(gone):
                gone, kept = _still_referenced(con, table, gone)
                con.register("gone", pl.DataFrame({"row_key": gone}, schema={"row_key": pl.String}))
                removed = con.execute(f"delete from {table} t where {_sql_row_key(keys, 't')} in "
                                      "(select row_key from gone)").fetchall()[0][0]
                con.unregister("gone")
            con.execute("delete from etl_row_source where table_name = $t and batch_id = any($prev)",
                        {"t": table, "prev": previous})
            if kept:  # kept rows stay this source's, so a later corrected version can still remove them
                con.execute("insert into etl_row_source select $t, unnest($k), $b",
                            {"t": table, "k": kept, "b": batch_id})
        if not frame.is_empty():
            # Plain insert when no incoming key is in the table yet (a first load, a new year): it
            # skips the per-row conflict check of an upsert, about half the cost at a million rows.
            on = " and ".join(f"t.{k} = i.{k}" for k in keys)
            overlap = con.execute(f"select count(*) from {table}").fetchall()[0][0] and con.execute(
                f"select count(*) from {table} t semi join incoming i on {on}").fetchall()[0][0]
            if overlap:  # those rows change hands: whichever file wrote them before no longer owns them
                con.execute("delete from etl_row_source where table_name = $t and row_key in "
                            "(select _row_key from incoming)", {"t": table})
            verb = "insert or replace" if overlap else "insert"
            con.execute(f"{verb} into {table} ({cols}) select {cols} from incoming")
            con.execute("insert into etl_row_source select $t, _row_key, $b from incoming",
                        {"t": table, "b": batch_id})
        warnings = [f"{LABELS[table]}“{k}”已不在新版文件中，但仍有其他数据引用它，暂时保留：请先更正引用它的文件"
                    for k in kept]
        return removed, warnings
    finally:
        con.unregister("incoming")


def _still_referenced(con, table: str, gone: pl.Series) -> tuple[list[str], list[str]]:
    refs = REFERENCES.get(table)
    if not refs:
        return gone.to_list(), []
    union = " union ".join(f"select {col}::varchar as k from {ref}" for ref, col in refs)
    con.register("gone_all", gone.to_frame("row_key"))
    used = {r[0] for r in con.execute(f"select row_key from gone_all where row_key in ({union})").fetchall()}
    con.unregister("gone_all")
    return [k for k in gone.to_list() if k not in used], sorted(used)


def _upsert_teacher(con, frame: pl.DataFrame) -> None:
    """A later roster updates the name; an ID mask, 教师编号, gender or birth date it lacks is kept."""
    if frame.is_empty():
        return
    cols = ", ".join(frame.columns)
    con.register("incoming", frame)
    try:
        con.execute(f"""
            insert into teacher ({cols}) select {cols} from incoming
            on conflict (teacher_key) do update set
                id_masked = coalesce(excluded.id_masked, teacher.id_masked),
                teacher_code = coalesce(excluded.teacher_code, teacher.teacher_code),
                name = excluded.name, gender = coalesce(excluded.gender, teacher.gender),
                birth_date = coalesce(excluded.birth_date, teacher.birth_date)""")
    finally:
        con.unregister("incoming")


def drop_unreferenced_teachers(con) -> int:
    return con.execute("delete from teacher where teacher_key not in (select teacher_key from roster union "
                       "select teacher_key from participation union select teacher_key from award)").fetchall()[0][0]


def retire(con, previous: list[int], batch_id: int) -> None:
    """Mark the earlier versions replaced; their rejects and warnings no longer describe the warehouse."""
    if not previous:
        return
    con.execute("update etl_batch set status = 'replaced', message = coalesce(message || '；', '') || ? "
                "where batch_id = any(?)", [f"已被批次 {batch_id} 的新版取代", previous])
    con.execute("delete from etl_reject where batch_id = any(?)", [previous])
    con.execute("delete from etl_warning where batch_id = any(?)", [previous])
