-- 培训经费 (training funds). Grain: (year, school_code). Amounts in 元: a file that states
-- 万元 (in a header such as 培训经费支出（万元） or a 单位：万元 line above the table) is
-- converted on load. public_funds is the school's 公用经费 (public-funds budget) of the year.
create table if not exists training_funds (
    year            integer not null,
    school_code     varchar not null,
    training_spend  double  not null check (training_spend >= 0),
    public_funds    double  check (public_funds > 0),
    batch_id        integer,       -- the load (etl_batch) that last wrote this row: re-loading a file uses it
    primary key (year, school_code)
);
