-- 教师名册: one snapshot per year. Grain: (year, teacher_key).
create table if not exists roster (
    year         integer not null,
    teacher_key  varchar not null,
    school_code  varchar not null,
    subject      varchar,
    stage        varchar,
    title        varchar,
    hire_date    date,
    dev_tier     varchar check (dev_tier in ('new', 'qualified', 'key', 'distinguished', 'educationist')),
    primary key (year, teacher_key)
);
