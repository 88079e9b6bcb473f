-- [zh] 参训率（attendance_school_year）：按“参加过培训”计的教师比例，与按“考核合格”计的覆盖率并列
-- 粒度：每个年度、每所学校一行 (year, school_code)，来自 teacher_year；学校属性（学段、乡镇、城乡）来自学校名册。
-- · roster_teachers 名册教师数：分子 = 当年该校名册上的教师人数；分母：无（计数）；单位：人。
-- · attended_teachers 参训教师数：分子 = 当年该校名册上、当年至少有一条参训记录（任何考核结果，含不合格、未完成）的教师人数；分母：无（计数）；单位：人。
-- · attendance_rate 参训率：分子 = attended_teachers；分母 = roster_teachers；单位：比例 0–1；分母为 0 时为空。参训率 ≥ 覆盖率：覆盖率只计至少一项考核合格的教师（参训合格教师数 ÷ 名册教师数）。
-- [en] Participation rate (attendance_school_year): the share of teachers who took part in training, beside coverage (who passed)
-- Grain: one row per year and school (year, school_code), from teacher_year; school attributes (stage, township, urban/rural) come from the school list.
-- · roster_teachers: numerator = teachers on the school's roster that year; denominator: none (a count); unit: teachers.
-- · attended_teachers: numerator = teachers on the school's roster that year with at least one participation row that year (any result, failed and incomplete included); denominator: none (a count); unit: teachers.
-- · attendance_rate: numerator = attended_teachers; denominator = roster_teachers; unit: fraction 0–1; NULL when the denominator is 0. Always at least coverage, which counts only teachers who passed at least one training (trained teachers ÷ roster teachers).
with

teacher_years as (
    select * from teacher_year
),

final as (
    select
        year,
        school_code,
        any_value(stage)                                          as stage,
        any_value(township)                                       as township,
        any_value(urban_rural)                                    as urban_rural,
        count(*) filter (where on_roster)                         as roster_teachers,
        count(*) filter (where on_roster and person_times > 0)    as attended_teachers,
        count(*) filter (where on_roster and person_times > 0)
            / nullif(count(*) filter (where on_roster), 0)        as attendance_rate
    from teacher_years
    group by year, school_code
)

select * from final
