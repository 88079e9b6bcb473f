-- [zh] 教师·年度·培训层级参训汇总（teacher_tier_year）
-- 粒度：每位教师、每个参训年度、每个培训层级一行 (year, teacher_key, train_tier)；年度取参训记录的年度，层级取培训项目的层级。
-- · person_times 参训人次：分子 = 参训记录条数（任何考核结果，含未完成）；分母：无（计数）；单位：人次。
-- · with_result 有考核结果的记录数：分子 = 考核结果不为空的记录条数；分母：无（计数）；单位：条。
-- · passed 合格记录数：分子 = 考核结果为“合格”的记录条数；分母：无（计数）；单位：条。
-- · passed_hours 合格学时：分子 = 考核结果为“合格”的记录的完成学时之和；分母：无（合计）；单位：学时。
-- school_code 参训学校：参训记录上的学校代码，即该教师当年名册上的学校（调动的教师计入参训时所在学校）。
-- [en] Teacher × year × training tier participation totals (teacher_tier_year)
-- Grain: one row per teacher, participation year and training tier (year, teacher_key, train_tier); year from the participation row, tier from its program.
-- · person_times: numerator = participation rows of any result (incomplete included); denominator: none (a count); unit: person-times.
-- · with_result: numerator = rows whose result is not empty; denominator: none (a count); unit: rows.
-- · passed: numerator = rows whose result is passed; denominator: none (a count); unit: rows.
-- · passed_hours: numerator = completed hours of passed rows; denominator: none (a sum); unit: hours.
-- school_code: the school on the participation row, i.e. the teacher's school on that year's roster (a teacher who moved counts where they were trained).
with

participations as (
    select program_code, teacher_key, year, school_code, hours, result
    from participation
),

programs as (
    select program_code, train_tier
    from program
),

tier_rows as (
    select
        pa.year,
        pa.teacher_key,
        pr.train_tier,
        min(pa.school_code)                                        as school_code,
        count(*)                                                   as person_times,
        count(pa.result)                                           as with_result,
        count(*) filter (where pa.result = 'passed')               as passed,
        coalesce(sum(pa.hours) filter (where pa.result = 'passed'), 0) as passed_hours
    from participations as pa
    join programs as pr using (program_code)
    group by pa.year, pa.teacher_key, pr.train_tier
),

final as (
    select * from tier_rows
)

select * from final
