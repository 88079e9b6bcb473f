-- [zh] 学校分学段培训资源（school_stage_resources）：义务教育优质均衡督导的校际差异系数由此计算
-- 粒度：每个年度、每所学校、每个学段一行 (year, school_code, stage_group)；学段取教师任教学段，缺失时取学校学段，按代码表 stage 清单的 group_code 归入统计学段（九年一贯制计入初中，完全中学计入高中），与 teacher_training_period 相同。
-- · teachers 名册教师数：分子 = 当年该校该学段名册上的教师人数；分母：无（计数）；单位：人。
-- · passed_hours 合格学时：分子 = 这些教师当年“合格”参训记录的完成学时之和；分母：无（合计）；单位：学时。生师人均学时 = passed_hours ÷ teachers。
-- · key_teachers 骨干及以上教师数：分子 = 这些教师中发展层级为骨干、名优或教育家型的人数；分母：无（计数）；单位：人。每百名教师骨干数 = 100 × key_teachers ÷ teachers。
-- [en] Training resources per school and stage (school_stage_resources): the between-school coefficients of variation of the balanced-development inspection are computed from this
-- Grain: one row per year, school and stage (year, school_code, stage_group); the stage is the teacher's teaching stage, else the school's, grouped by the codebook's stage group_code (nine-year schools as junior, complete secondary as senior), as in teacher_training_period.
-- · teachers: numerator = teachers on the school's roster at that stage that year; denominator: none (a count); unit: teachers.
-- · passed_hours: numerator = those teachers' completed hours of passed participation that year; denominator: none (a sum); unit: hours. Hours per teacher = passed_hours ÷ teachers.
-- · key_teachers: numerator = those teachers at development tier key, distinguished or educationist; denominator: none (a count); unit: teachers. Key teachers per 100 = 100 × key_teachers ÷ teachers.
with

stage_groups as (
    select code as stage, group_code
    from codebook
    where list = 'stage'
),

rosters as (
    select r.year, r.teacher_key, r.school_code, r.dev_tier, coalesce(r.stage, s.stage) as stage
    from roster as r
    left join school as s using (school_code)
),

teacher_years as (
    select year, teacher_key, passed_hours
    from teacher_year
    where on_roster
),

final as (
    select
        r.year,
        r.school_code,
        g.group_code                                                               as stage_group,
        count(*)                                                                   as teachers,
        coalesce(sum(ty.passed_hours), 0)::double                                  as passed_hours,
        count(*) filter (where r.dev_tier in ('key', 'distinguished', 'educationist')) as key_teachers
    from rosters as r
    left join teacher_years as ty using (year, teacher_key)
    left join stage_groups as g on g.stage = r.stage
    group by all
)

select * from final
