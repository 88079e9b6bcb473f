"""Re-loading: a file is identified by its name, sheet and kind (its *source*); loading a new
version of a source replaces what the earlier version said.

Decisions (DATA_CONTRACT.md leaves them open):
- Rows are written by the contract's keys (upsert). Each row carries the ``batch_id`` of the
  load that last wrote it; the earlier version's rows that the new version no longer has are
  removed. A row another file has written since belongs to that file and stays.
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

from etl.effect import Effect
from warehouse.schema import TABLE_KEYS

# table -> (referring table, column) pairs; only single-column keys are referred to.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "school": (("roster", "school_code"), ("school_rating", "school_code"), ("participation", "school_code"),
               ("award", "school_code"), ("training_funds", "school_code")),
    "program": (("participation", "program_code"),),
}
# kind -> kinds whose rows it looks up while loading.
DEPENDS_ON: dict[str, tuple[str, ...]] = {
    "roster": ("school",), "participation": ("program", "roster"), "national_training": ("program", "roster"),
    "award": ("roster",),
    "school_rating": ("school",), "training_funds": ("school",),
}
LABELS = {"school": "学校代码", "program": "项目编号"}


# Tables without a primary-key index (see their DDL): an upsert is a delete, then an insert.
NO_INDEX = frozenset({"roster", "participation", "award"})


def _on(keys: tuple[str, ...]) -> str:
    # Identifiers come from TABLE_KEYS only.
    return " and ".join(f"t.{k} = i.{k}" for k in keys)


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


def write_table(con, table: str, frame: pl.DataFrame, batch_id: int, previous: list[int],
                absent: frozenset[str] = frozenset()) -> tuple[int, list[str], Effect]:
    """Upsert `frame` into `table` by the contract's keys, its rows marked with `batch_id`, and
    remove the rows the source's `previous` batches wrote that `frame` lacks.

    A partial file updates, never erases: a column in `absent` (the file has no column for
    it) keeps the stored value; a blank cell in a column the file has keeps the stored value,
    except in a row the source's own earlier version wrote last (there the blank is the
    correction: the earlier version's value is cleared). Returns (rows removed, warnings,
    the effect: rows new / changed per column / unchanged)."""
    keys = TABLE_KEYS[table]
    if table == "teacher":
        return 0, [], _upsert_teacher(con, frame)
    frame = frame.with_columns(pl.lit(batch_id, dtype=pl.Int32).alias("batch_id"),
                               pl.lit(batch_id, dtype=pl.Int32).alias("created_batch"))
    cols = ", ".join(frame.columns)
    con.register("incoming", frame)
    effect = Effect(new=frame.height)
    try:
        removed, kept = (_remove_dropped(con, table, keys, batch_id, previous) if previous else (0, []))
        effect.removed = removed
        if not frame.is_empty():
            # Rows of another file with the same keys change hands: the new values win (column by
            # column, as above) and the row belongs to this file from now on. A first load, or a new
            # year, has none: a plain insert. (Where keys may be shared, ``merged`` holds the incoming
            # rows as they will be written, equal to them where no stored row shares their key.)
            overlap = _may_overlap(con, table, frame)
            existing = 0
            if overlap:
                effect = _merge(con, table, keys, frame.columns, previous, absent)
                effect.removed = removed
                existing = effect.changed + effect.unchanged  # incoming rows whose key is stored
            if existing and table in NO_INDEX:
                con.execute(f"delete from {table} t using incoming i where {_on(keys)}")
            verb = "insert or replace" if existing and table not in NO_INDEX else "insert"
            con.execute(f"{verb} into {table} ({cols}) select {cols} from {'merged' if overlap else 'incoming'}")
            if overlap:
                con.execute("drop table merged")
        warnings = [f"{LABELS[table]}“{k}”已不在新版文件中，但仍有其他数据引用它，暂时保留：请先更正引用它的文件"
                    for k in kept]
        return removed, warnings, effect
    finally:
        con.unregister("incoming")


def _merge(con, table: str, keys: tuple[str, ...], columns: list[str], previous: list[int],
           absent: frozenset[str]) -> Effect:
    """Build temp table ``merged``: each incoming row with the values it will have once written
    (see ``write_table``), and count what changes against the stored rows."""
    values = [c for c in columns if c not in keys and c not in ("batch_id", "created_batch", "result_gap")]
    exprs = {}
    for c in values:  # identifiers come from the resolved frame, i.e. from code
        if c in absent:
            exprs[c] = f"t.{c}"
        else:
            exprs[c] = f"case when i.{c} is not null then i.{c} when t.batch_id = any($prev) then null else t.{c} end"
    # A row keeps its creator, unless that was this source's earlier version (the new version re-creates it).
    created = "case when t.created_batch is null and t.batch_id = any($prev) then i.batch_id " \
              "when t.created_batch = any($prev) then i.batch_id else coalesce(t.created_batch, t.batch_id, i.batch_id) end"
    select = [f"i.{k}" for k in keys] + [f"{e} as {c}" for c, e in exprs.items()] + ["i.batch_id", f"{created} as created_batch"]
    select += [f"t.{c} as _old_{c}" for c in values] + [f"t.{keys[0]} is not null as _exists"]
    if "result_gap" in columns:
        select.append("i.result_gap as _in_gap, t.result_gap as _old_gap")
    con.execute(f"create or replace temp table merged as select {', '.join(select)} "
                f"from incoming i left join {table} t on {_on(keys)}", {"prev": previous or [-1]})
    if "result_gap" in columns:
        # A row without a result says why: the file had no result column, or the cell was blank or unknown.
        kept = "coalesce(_old_gap, _in_gap)" if "result" in absent else "_in_gap"
        con.execute("alter table merged add column result_gap varchar")
        con.execute(f"update merged set result_gap = case when result is not null then null "
                    f"when not _exists then _in_gap else {kept} end")
    diffs = [f"count(*) filter (where _exists and {c} is distinct from _old_{c})" for c in values]
    any_diff = " or ".join(f"{c} is distinct from _old_{c}" for c in values) or "false"
    row = con.execute(f"select count(*) filter (where not _exists), count(*) filter (where _exists and ({any_diff})), "
                      f"count(*) filter (where _exists and not ({any_diff})) {''.join(', ' + d for d in diffs)} "
                      "from merged").fetchall()[0]
    return Effect(new=row[0], changed=row[1], unchanged=row[2],
                  fields={c: n for c, n in zip(values, row[3:]) if n})


# Tables whose key fixes the row's year (it is a key column, or hashed into award_id).
YEAR_IN_KEY = frozenset({"roster", "award", "school_rating", "plan_target", "training_funds"})


def _may_overlap(con, table: str, frame: pl.DataFrame) -> bool:
    """Whether any row of `table` could share a key with `frame`, decided cheaply, so a new
    year's file skips joining millions of rows. Where the key fixes the year, no row of the
    incoming years means no shared key (DuckDB answers from each row group's min/max).
    Participation's year is its program's, which a corrected program file may change, so there
    the test is whether any of the incoming programs has rows at all."""
    if table in YEAR_IN_KEY:
        years = frame["year"].unique().to_list()
        sql, params = f"select count(*) from {table} where year = any($y)", {"y": years}
    elif table == "participation":
        sql, params = ("select count(*) from participation t semi join (select distinct program_code "
                       "from incoming) i using (program_code)"), None
    else:
        sql, params = f"select count(*) from {table}", None
    return con.execute(sql, params).fetchall()[0][0] > 0


def _remove_dropped(con, table: str, keys: tuple[str, ...], batch_id: int,
                    previous: list[int]) -> tuple[int, list[str]]:
    """Delete the rows the earlier version(s) wrote that the new one (`incoming`) lacks; a school
    or program other tables still refer to is kept, now owned by `batch_id`, so a later corrected
    version can still remove it. Returns (rows removed, keys kept)."""
    # Only rows the earlier version both created and wrote last: a row it merely updated (a partial
    # file over the roster) stays when the correction no longer lists it.
    mine = (f"t.batch_id = any($prev) and coalesce(t.created_batch, t.batch_id) = any($prev) "
            f"and not exists (select 1 from incoming i where {_on(keys)})")
    if table not in REFERENCES:
        n = con.execute(f"delete from {table} t where {mine}", {"prev": previous}).fetchall()[0][0]
        return n, []
    [key] = keys
    gone = con.sql(f"select t.{key}::varchar as k from {table} t where {mine}", params={"prev": previous}).pl()["k"]
    if gone.is_empty():
        return 0, []
    gone, kept = _still_referenced(con, table, gone)
    n = con.execute(f"delete from {table} where {key} = any($g)", {"g": gone}).fetchall()[0][0] if gone else 0
    if kept:
        con.execute(f"update {table} set batch_id = $b, created_batch = $b where {key} = any($k)",
                    {"b": batch_id, "k": kept})
    return n, kept


def _still_referenced(con, table: str, gone: pl.Series) -> tuple[list[str], list[str]]:
    refs = REFERENCES.get(table)
    if not refs:
        return gone.to_list(), []
    union = " union ".join(f"select {col}::varchar as k from {ref}" for ref, col in refs)
    con.register("gone_all", gone.to_frame("row_key"))
    used = {r[0] for r in con.execute(f"select row_key from gone_all where row_key in ({union})").fetchall()}
    con.unregister("gone_all")
    return [k for k in gone.to_list() if k not in used], sorted(used)


# teacher column -> its new value on re-load (a later roster's name wins; a value it lacks is kept)
TEACHER_UPDATE = {"id_masked": "coalesce(i.id_masked, t.id_masked)",
                  "teacher_code": "coalesce(i.teacher_code, t.teacher_code)", "name": "i.name",
                  "gender": "coalesce(i.gender, t.gender)", "birth_date": "coalesce(i.birth_date, t.birth_date)"}


def _upsert_teacher(con, frame: pl.DataFrame) -> Effect:
    """A later roster updates the name; an ID mask, 教师编号, gender or birth date it lacks is kept.

    Only the teachers whose row changes are updated, then the new ones inserted: a province's
    roster names 600,000 teachers a year, nearly all unchanged, and an ``on conflict`` upsert
    probed the key index for every one of them (2.4 s a year; this takes a fraction)."""
    if frame.is_empty():
        return Effect()
    cols = ", ".join(frame.columns)
    sets = {c: e for c, e in TEACHER_UPDATE.items() if c in frame.columns}
    con.register("incoming", frame)
    try:
        changed = " or ".join(f"({e}) is distinct from t.{c}" for c, e in sets.items())
        counts = con.execute(f"select {', '.join(f'count(*) filter (where ({e}) is distinct from t.{c})' for c, e in sets.items())} "
                             "from incoming as i join teacher as t using (teacher_key)").fetchall()[0]
        con.execute(f"update teacher as t set {', '.join(f'{c} = {e}' for c, e in sets.items())} "
                    f"from incoming as i where t.teacher_key = i.teacher_key and ({changed})")
        con.execute(f"insert into teacher ({cols}) select {cols} from incoming as i "
                    "where not exists (select 1 from teacher as t where t.teacher_key = i.teacher_key)")
        return Effect(fields={f"teacher.{c}": n for c, n in zip(sets, counts) if n})
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
