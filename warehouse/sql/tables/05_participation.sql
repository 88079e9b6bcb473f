-- 参训记录. Grain: (program_code, teacher_key). school_code is the teacher's school on
-- the roster of the participation year, so a teacher who moved counts where they were.
-- One row per key: the loader (etl/replace.py) enforces it. No primary-key index: with it (and a
-- lineage side table since removed) writing a million rows took 3.3 s instead of 0.6 s.
create table if not exists participation (
    program_code  varchar not null,
    teacher_key   varchar not null,
    year          integer not null,
    school_code   varchar,
    hours         double check (hours >= 0),
    credits       double check (credits >= 0),
    result        varchar check (result in ('passed', 'failed', 'incomplete')),
    score         double check (score between 0 and 100),
    result_gap    varchar check (result_gap in ('no_column', 'blank', 'unrecognised')),  -- why result is empty
    batch_id     integer,        -- the load (etl_batch) that last wrote this row: re-loading a file uses it
    created_batch integer       -- the load that first wrote it (a correction removes only rows its source created)
);
