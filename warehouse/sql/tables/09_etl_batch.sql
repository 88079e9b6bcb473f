-- One row per (file, sheet) a load read. rows_read = rows_loaded + rows_rejected + rows_skipped
-- (totals rows, blank rows and notes are skipped, and counted here).
create table if not exists etl_batch (
    batch_id       integer primary key,
    source_file    varchar not null,
    sheet          varchar,
    kind           varchar,
    sha256         varchar not null,
    loaded_at      timestamp not null,
    rows_read      integer not null,
    rows_loaded    integer not null,
    rows_rejected  integer not null,
    rows_skipped   integer not null default 0,
    rows_warned    integer not null default 0,
    status         varchar not null,   -- loaded | replaced (a newer version of the same file was loaded)
    message        varchar
);
