-- Rows that were loaded but deserve a look (e.g. a name that disagrees with the roster).
create table if not exists etl_warning (
    batch_id     integer not null,
    row_number   integer not null,
    source_file  varchar not null,
    sheet        varchar,
    column_name  varchar,
    message      varchar not null
);
