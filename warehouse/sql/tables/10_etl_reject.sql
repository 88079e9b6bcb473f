-- Every input row that was not loaded, with the reason a clerk can act on (in Chinese).
-- row_number is the row as the clerk sees it in Excel (1-based, header rows included).
-- raw holds the row's cells by header; ID numbers in it are masked.
create table if not exists etl_reject (
    batch_id     integer not null,
    row_number   integer not null,
    source_file  varchar not null,
    sheet        varchar,
    column_name  varchar,
    raw          json,
    reason       varchar not null,
    primary key (batch_id, row_number)
);
