-- 年度培训计划. Grain: (year, category).
create table if not exists plan_target (
    year        integer not null,
    category    varchar not null,
    train_tier  varchar check (train_tier in ('national', 'provincial', 'municipal', 'county', 'school')),
    target      integer not null check (target > 0),
    batch_id     integer,       -- the load (etl_batch) that last wrote this row: re-loading a file uses it
    created_batch integer,       -- the load that first wrote it (a correction removes only rows its source created)
    primary key (year, category)
);
