-- 培训项目. Grain: program_code.
create table if not exists program (
    program_code   varchar primary key,
    program_name   varchar not null,
    year           integer not null,
    train_tier     varchar not null check (train_tier in ('national', 'provincial', 'municipal', 'county', 'school')),
    form           varchar check (form in ('online', 'offline', 'blended', 'shadowing', 'other')),
    theme          varchar,
    organizer      varchar,
    start_date     date,
    end_date       date,
    hours          double not null check (hours > 0),
    credits        double check (credits >= 0),
    planned_seats  integer check (planned_seats >= 0),
    batch_id     integer,        -- the load (etl_batch) that last wrote this row: re-loading a file uses it
    created_batch integer       -- the load that first wrote it (a correction removes only rows its source created)
);
