-- 教师: one row per person. teacher_key is HMAC-SHA256 (keyed by the secret beside the
-- warehouse) of the normalised ID number, or of 'code:' || 教师编号 when no ID is given.
-- The ID number itself is never stored; id_masked keeps 6 + 4 characters for display.
create table if not exists teacher (
    teacher_key   varchar primary key,
    id_masked     varchar,
    teacher_code  varchar,
    name          varchar,
    gender        varchar check (gender in ('男', '女')),
    birth_date    date
);
