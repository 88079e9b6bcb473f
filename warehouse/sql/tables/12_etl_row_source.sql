-- Which load last wrote each warehouse row (lineage). row_key is the row's key columns joined
-- with chr(31), as text; batch_id points at etl_batch, whose (source_file, sheet, kind) names
-- the file. Loading a corrected version of a file removes the rows its earlier version wrote
-- and the new one no longer has (etl/replace.py). The teacher table is not tracked: a teacher
-- row lives as long as a roster, participation or award row refers to it.
create table if not exists etl_row_source (
    table_name  varchar not null,
    row_key     varchar not null,
    batch_id    integer not null
);
