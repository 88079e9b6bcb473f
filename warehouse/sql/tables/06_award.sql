-- 获奖荣誉. award_id is a hash of (teacher_key, award_name, year, award_level, grade) so
-- loading the same award twice keeps one row. school_code is the teacher's school that year.
create table if not exists award (
    award_id     varchar primary key,
    teacher_key  varchar not null,
    school_code  varchar,
    year         integer not null,
    award_name   varchar not null,
    award_level  varchar not null check (award_level in ('national', 'provincial', 'municipal', 'county', 'school')),
    category     varchar check (category in ('honour', 'contest', 'paper', 'research', 'coaching', 'other')),
    grade        varchar,
    issuer       varchar
);
