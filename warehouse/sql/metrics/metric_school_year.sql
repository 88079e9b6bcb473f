-- [zh] 学校年度指标（metric_school_year）
-- 粒度：每个年度、每所学校一行 (year, school_code)；有名册、参训、获奖或考核数据的学校年度都有一行。调动的教师计入当年名册（即参训时）所在的学校。
-- · roster_teachers 名册教师数：分子 = 当年该校名册上的教师人数；分母：无（计数）；单位：人。
-- · trained_teachers 参训合格教师数：分子 = 当年该校名册上、当年至少有一条“合格”参训记录的教师人数；分母：无（计数）；单位：人。
-- · coverage 培训覆盖率：分子 = trained_teachers；分母 = roster_teachers；单位：比例 0–1（页面显示为百分比）；分母为 0 时为空。
-- · person_times 参训人次：分子 = 当年该校教师的参训记录条数（任何考核结果）；分母：无（计数）；单位：人次。
-- · pass_rate 合格率：分子 = 考核结果为“合格”的记录条数 (passed)；分母 = 有考核结果的记录条数 (with_result)；单位：比例 0–1；分母为 0 时为空。
-- · hours_per_teacher 人均学时：分子 = “合格”记录的完成学时之和 (passed_hours)；分母 = roster_teachers；单位：学时/人；分母为 0 时为空。
-- · award_density 获奖密度：分子 = 当年该校教师获奖项数 × 100；分母 = roster_teachers；单位：项/百名教师；分母为 0 时为空。获奖学校取获奖记录上的学校，缺失时取当年名册学校。
-- · weighted_award_density 加权获奖密度：分子 = 按级别加权的获奖数（国家级 5、省级 4、市/州级 3、县/区级 2、校级 1）× 100；分母 = roster_teachers；单位：加权项/百名教师；分母为 0 时为空。
-- · rating 学校考核等次：excellent 优秀 / good 良好 / pass 合格 / fail 不合格；分子、分母：无；单位：等次；未考核为空。
-- [en] School-year metrics (metric_school_year)
-- Grain: one row per year and school (year, school_code), for every school-year with roster, participation, award or rating data. A teacher who moved counts for the school on that year's roster (where they were when trained).
-- · roster_teachers: numerator = teachers on the school's roster that year; denominator: none (a count); unit: teachers.
-- · trained_teachers: numerator = teachers on the school's roster that year with at least one passed participation that year; denominator: none (a count); unit: teachers.
-- · coverage: numerator = trained_teachers; denominator = roster_teachers; unit: fraction 0–1 (shown as a percentage); NULL when the denominator is 0.
-- · person_times: numerator = participation rows (any result) of the school's teachers that year; denominator: none (a count); unit: person-times.
-- · pass_rate: numerator = passed rows (passed); denominator = rows with a result (with_result); unit: fraction 0–1; NULL when the denominator is 0.
-- · hours_per_teacher: numerator = completed hours of passed rows (passed_hours); denominator = roster_teachers; unit: hours per teacher; NULL when the denominator is 0.
-- · award_density: numerator = awards won by the school's teachers that year × 100; denominator = roster_teachers; unit: awards per 100 teachers; NULL when the denominator is 0. An award's school is the one on the award row, else the teacher's roster school that year.
-- · weighted_award_density: numerator = awards weighted by level (national 5, provincial 4, municipal 3, county 2, school 1) × 100; denominator = roster_teachers; unit: weighted awards per 100 teachers; NULL when the denominator is 0.
-- · rating: the bureau's rating of the school that year (excellent / good / pass / fail); numerator, denominator: none; unit: a grade; NULL when not rated.
with

teacher_years as (
    select * from teacher_year
),

awards as (
    select year, school_code, level_weight
    from award_detail
),

ratings as (
    select year, school_code, rating, score
    from school_rating
),

schools as (
    select school_code, school_name, stage, township, urban_rural
    from school
),

school_teachers as (
    select
        year,
        school_code,
        count(*) filter (where on_roster)                as roster_teachers,
        count(*) filter (where on_roster and passed_any) as trained_teachers,
        sum(person_times)::bigint                        as person_times,
        sum(with_result)::bigint                         as with_result,
        sum(passed)::bigint                              as passed,
        sum(passed_hours)                                as passed_hours
    from teacher_years
    where school_code is not null
    group by year, school_code
),

school_awards as (
    select
        year,
        school_code,
        count(*)          as awards,
        sum(level_weight)::bigint as weighted_awards
    from awards
    where school_code is not null
    group by year, school_code
),

school_years as (
    select year, school_code from school_teachers
    union
    select year, school_code from school_awards
    union
    select year, school_code from ratings
),

final as (
    select
        k.year,
        k.school_code,
        s.school_name,
        s.stage,
        s.township,
        s.urban_rural,
        coalesce(t.roster_teachers, 0)                       as roster_teachers,
        coalesce(t.trained_teachers, 0)                      as trained_teachers,
        t.trained_teachers / nullif(t.roster_teachers, 0)    as coverage,
        coalesce(t.person_times, 0)                          as person_times,
        coalesce(t.with_result, 0)                           as with_result,
        coalesce(t.passed, 0)                                as passed,
        t.passed / nullif(t.with_result, 0)                  as pass_rate,
        coalesce(t.passed_hours, 0)                          as passed_hours,
        t.passed_hours / nullif(t.roster_teachers, 0)        as hours_per_teacher,
        coalesce(a.awards, 0)                                as awards,
        100.0 * coalesce(a.awards, 0) / nullif(t.roster_teachers, 0)          as award_density,
        coalesce(a.weighted_awards, 0)                       as weighted_awards,
        100.0 * coalesce(a.weighted_awards, 0) / nullif(t.roster_teachers, 0) as weighted_award_density,
        r.rating,
        r.score                                              as rating_score
    from school_years as k
    left join school_teachers as t using (year, school_code)
    left join school_awards as a using (year, school_code)
    left join ratings as r using (year, school_code)
    left join schools as s using (school_code)
)

select * from final
