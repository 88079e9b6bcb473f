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
-- Reads the stored school-year sums (school_year_totals): each tier's columns summed per year.
with

totals as (
    select * from school_year_totals
),

tiers as (
    select code as train_tier, sort_order as tier_order
    from codebook
    where list = 'train_tier'
),

per_year as (
    select
        year,
        sum(roster_teachers)::bigint as roster_teachers,
        sum(trained_national)::bigint as trained_national, sum(person_times_national)::bigint as person_times_national,
        sum(with_result_national)::bigint as with_result_national, sum(passed_national)::bigint as passed_national,
        sum(passed_hours_national) as passed_hours_national,
        sum(trained_provincial)::bigint as trained_provincial, sum(person_times_provincial)::bigint as person_times_provincial,
        sum(with_result_provincial)::bigint as with_result_provincial, sum(passed_provincial)::bigint as passed_provincial,
        sum(passed_hours_provincial) as passed_hours_provincial,
        sum(trained_municipal)::bigint as trained_municipal, sum(person_times_municipal)::bigint as person_times_municipal,
        sum(with_result_municipal)::bigint as with_result_municipal, sum(passed_municipal)::bigint as passed_municipal,
        sum(passed_hours_municipal) as passed_hours_municipal,
        sum(trained_county)::bigint as trained_county, sum(person_times_county)::bigint as person_times_county,
        sum(with_result_county)::bigint as with_result_county, sum(passed_county)::bigint as passed_county,
        sum(passed_hours_county) as passed_hours_county,
        sum(trained_school)::bigint as trained_school, sum(person_times_school)::bigint as person_times_school,
        sum(with_result_school)::bigint as with_result_school, sum(passed_school)::bigint as passed_school,
        sum(passed_hours_school) as passed_hours_school
    from totals
    group by year
),

per_tier as (
    select y.year, t.train_tier, t.tier_order, y.roster_teachers,
        case t.train_tier when 'national' then y.person_times_national when 'provincial' then y.person_times_provincial
            when 'municipal' then y.person_times_municipal when 'county' then y.person_times_county
            else y.person_times_school end as person_times,
        case t.train_tier when 'national' then y.trained_national when 'provincial' then y.trained_provincial
            when 'municipal' then y.trained_municipal when 'county' then y.trained_county
            else y.trained_school end as trained_teachers,
        case t.train_tier when 'national' then y.with_result_national when 'provincial' then y.with_result_provincial
            when 'municipal' then y.with_result_municipal when 'county' then y.with_result_county
            else y.with_result_school end as with_result,
        case t.train_tier when 'national' then y.passed_national when 'provincial' then y.passed_provincial
            when 'municipal' then y.passed_municipal when 'county' then y.passed_county
            else y.passed_school end as passed,
        case t.train_tier when 'national' then y.passed_hours_national when 'provincial' then y.passed_hours_provincial
            when 'municipal' then y.passed_hours_municipal when 'county' then y.passed_hours_county
            else y.passed_hours_school end as passed_hours
    from per_year as y
    cross join tiers as t
),

final as (
    select
        year,
        train_tier,
        tier_order,
        roster_teachers,
        person_times,
        trained_teachers,
        trained_teachers / nullif(roster_teachers, 0)          as coverage,
        with_result,
        passed,
        passed / nullif(with_result, 0)                        as pass_rate,
        passed_hours,
        passed_hours / nullif(roster_teachers, 0)              as hours_per_teacher
    from per_tier
)

select * from final
