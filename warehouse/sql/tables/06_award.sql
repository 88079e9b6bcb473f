-- 获奖荣誉. award_id is a hash of (teacher_key, award_name, year, award_level, grade) so
-- loading the same award twice keeps one row. school_code is the teacher's school that year.
-- One row per key: the loader (etl/replace.py) enforces it. No primary-key index: with it (and a
-- lineage side table since removed) writing a million rows took 3.3 s instead of 0.6 s.
create table if not exists award (
    award_id     varchar not null,
    teacher_key  varchar not null,
    school_code  varchar,
    year         integer not null,
    award_name   varchar not null,
    award_level  varchar not null check (award_level in ('national', 'provincial', 'municipal', 'county', 'school')),
    category     varchar check (category in ('honour', 'contest', 'paper', 'research', 'coaching', 'other')),
    grade        varchar,
    issuer       varchar,
    batch_id     integer,        -- the load (etl_batch) that last wrote this row: re-loading a file uses it
    created_batch integer       -- the load that first wrote it (a correction removes only rows its source created)
);
