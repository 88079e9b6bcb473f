-- 学校考核. Grain: (year, school_code).
create table if not exists school_rating (
    year         integer not null,
    school_code  varchar not null,
    rating       varchar not null check (rating in ('excellent', 'good', 'pass', 'fail')),
    score        double,
    batch_id     integer,       -- the load (etl_batch) that last wrote this row: re-loading a file uses it
    created_batch integer,       -- the load that first wrote it (a correction removes only rows its source created)
    primary key (year, school_code)
);
