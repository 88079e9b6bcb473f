-- [zh] 学校、学科年度发展层级人数（dev_tier_school_year）：发展层级分布的可加组成部分
-- 粒度：每个年度、每所学校、每个学科一行 (year, school_code, subject)；只有当年名册上有教师的组合才有一行。学校属性（学段、乡镇、城乡）来自学校名册。
-- · teachers_new / teachers_qualified / teachers_key / teachers_distinguished / teachers_educationist 各发展层级教师数：分子 = 当年名册上、在该校该学科、处于该发展层级（新教师、合格教师、骨干教师、名优教师、教育家型教师）的教师人数；分母：无（计数）；单位：人。
-- · teachers_no_tier 未填层级教师数：分子 = 同上、发展层级为空的教师人数；分母：无（计数）；单位：人。
-- 各列相加即当年名册教师数（与 metric_dev_tier_year 一致）；页面按筛选条件把这些行加总，不再逐个教师计数。
-- [en] Teachers per development tier by year, school and subject (dev_tier_school_year): the additive parts of the tier distribution
-- Grain: one row per year, school and subject (year, school_code, subject), only where that year's roster has teachers. School attributes (stage, township, urban/rural) come from the school list.
-- · teachers_new / teachers_qualified / teachers_key / teachers_distinguished / teachers_educationist: numerator = teachers on that year's roster at that school, in that subject, at that development tier (new, qualified, key, distinguished, educationist); denominator: none (a count); unit: teachers.
-- · teachers_no_tier: numerator = the same teachers with no development tier; denominator: none (a count); unit: teachers.
-- The columns add up to the year's roster (as in metric_dev_tier_year); the pages sum these rows under their filters instead of counting teachers one by one.
with

roster_years as (
    select year, school_code, school_name, township, stage, urban_rural, subject, dev_tier
    from teacher_year
    where on_roster
),

final as (
    select
        year,
        school_code,
        subject,
        any_value(school_name)                                  as school_name,
        any_value(township)                                     as township,
        any_value(stage)                                        as stage,
        any_value(urban_rural)                                  as urban_rural,
        count(*) filter (where dev_tier = 'new')                as teachers_new,
        count(*) filter (where dev_tier = 'qualified')          as teachers_qualified,
        count(*) filter (where dev_tier = 'key')                as teachers_key,
        count(*) filter (where dev_tier = 'distinguished')      as teachers_distinguished,
        count(*) filter (where dev_tier = 'educationist')       as teachers_educationist,
        count(*) filter (where dev_tier is null)                as teachers_no_tier
    from roster_years
    group by year, school_code, subject
)

select * from final
