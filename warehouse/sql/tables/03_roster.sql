-- 教师名册: one snapshot per year. Grain: (year, teacher_key).
-- One row per key: the loader (etl/replace.py) enforces it. No primary-key index: with it (and a
-- lineage side table since removed) writing a million rows took 3.3 s instead of 0.6 s.
create table if not exists roster (
    year         integer not null,
    teacher_key  varchar not null,
    school_code  varchar not null,
    subject      varchar,
    stage        varchar,
    title        varchar,
    hire_date    date,
    dev_tier     varchar check (dev_tier in ('new', 'qualified', 'key', 'distinguished', 'educationist')),
    batch_id     integer,        -- the load (etl_batch) that last wrote this row: re-loading a file uses it
    created_batch integer       -- the load that first wrote it (a correction removes only rows its source created)
);
