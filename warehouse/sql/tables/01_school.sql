-- 学校名册: one row per school. Grain: school_code.
create table if not exists school (
    school_code  varchar primary key,
    school_name  varchar not null,
    stage        varchar check (stage in ('kindergarten', 'primary', 'junior', 'senior', 'nine_year',
                                          'complete_secondary', 'vocational', 'special')),
    township     varchar,
    urban_rural  varchar check (urban_rural in ('urban', 'town', 'rural')),
    is_weak      boolean,
    batch_id     integer,        -- the load (etl_batch) that last wrote this row: re-loading a file uses it
    created_batch integer       -- the load that first wrote it (a correction removes only rows its source created)
);
