-- [zh] 培训层级年度指标（metric_tier_year）
-- 粒度：每个年度、每个培训层级一行 (year, train_tier)，五个层级（国培、省培、市/州培、县/区培、校培）每年都有一行，没有参训的层级计为 0。
-- · person_times 参训人次：分子 = 当年该层级项目的参训记录条数（任何考核结果）；分母：无（计数）；单位：人次。
-- · trained_teachers 参训合格教师数：分子 = 当年名册上、当年至少有一条该层级“合格”参训记录的教师人数；分母：无（计数）；单位：人。
-- · coverage 分层级覆盖率：分子 = trained_teachers；分母 = 当年全县名册教师数 (roster_teachers)；单位：比例 0–1；分母为 0 时为空。
-- · pass_rate 合格率：分子 = 该层级“合格”记录条数；分母 = 该层级有考核结果的记录条数；单位：比例 0–1；分母为 0 时为空。
-- · passed_hours 合格学时：分子 = 该层级“合格”记录的完成学时之和；分母：无（合计）；单位：学时。hours_per_teacher = passed_hours ÷ roster_teachers，单位：学时/人。
-- [en] Training-tier metrics per year (metric_tier_year)
-- Grain: one row per year and training tier (year, train_tier); all five tiers (national, provincial, municipal, county, school) appear every year, with 0 where nobody took part.
-- · person_times: numerator = participation rows (any result) in programs of that tier that year; denominator: none (a count); unit: person-times.
-- · trained_teachers: numerator = teachers on that year's roster with at least one passed participation of that tier that year; denominator: none (a count); unit: teachers.
-- · coverage: numerator = trained_teachers; denominator = all teachers on that year's roster (roster_teachers); unit: fraction 0–1; NULL when the denominator is 0.
-- · pass_rate: numerator = passed rows of that tier; denominator = rows of that tier with a result; unit: fraction 0–1; NULL when the denominator is 0.
-- · passed_hours: numerator = completed hours of passed rows of that tier; denominator: none (a sum); unit: hours. hours_per_teacher = passed_hours ÷ roster_teachers, unit: hours per teacher.
with

tier_rows as (
    select * from teacher_tier_year
),

rosters as (
    select year, teacher_key
    from roster
),

tiers as (
    select * from (values
        ('national', 1), ('provincial', 2), ('municipal', 3), ('county', 4), ('school', 5)
    ) as t(train_tier, tier_order)
),

year_roster as (
    select year, count(*) as roster_teachers
    from rosters
    group by year
),

per_tier as (
    select
        t.year,
        t.train_tier,
        sum(t.person_times)::bigint                                          as person_times,
        count(*) filter (where t.passed > 0 and r.teacher_key is not null)  as trained_teachers,
        sum(t.with_result)::bigint                                           as with_result,
        sum(t.passed)::bigint                                                as passed,
        sum(t.passed_hours)                                                  as passed_hours
    from tier_rows as t
    left join rosters as r using (year, teacher_key)
    group by t.year, t.train_tier
),

years as (
    select year from year_roster
    union
    select year from per_tier
),

final as (
    select
        y.year,
        tr.train_tier,
        tr.tier_order,
        coalesce(yr.roster_teachers, 0)                        as roster_teachers,
        coalesce(p.person_times, 0)                            as person_times,
        coalesce(p.trained_teachers, 0)                        as trained_teachers,
        coalesce(p.trained_teachers, 0) / nullif(yr.roster_teachers, 0) as coverage,
        coalesce(p.with_result, 0)                             as with_result,
        coalesce(p.passed, 0)                                  as passed,
        p.passed / nullif(p.with_result, 0)                    as pass_rate,
        coalesce(p.passed_hours, 0)                            as passed_hours,
        coalesce(p.passed_hours, 0) / nullif(yr.roster_teachers, 0) as hours_per_teacher
    from years as y
    cross join tiers as tr
    left join year_roster as yr using (year)
    left join per_tier as p on p.year = y.year and p.train_tier = tr.train_tier
)

select * from final
