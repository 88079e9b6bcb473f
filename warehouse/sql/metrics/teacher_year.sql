-- [zh] 教师年度参训模型（teacher_year）：其他指标都从这里读取
-- 粒度：每位教师每年一行 (year, teacher_key)：当年名册上的每位教师，加上当年有参训记录但不在当年名册上的教师（on_roster = false，只计入人次和学时，不计入覆盖率分母）。
-- 学校：当年名册上的学校；不在名册上时取参训记录上的学校。学校属性（学段、乡镇、城乡）来自学校名册。
-- · passed_any 当年是否参训合格：分子 = 当年考核结果为“合格”的参训记录条数 > 0；分母：无（是/否）；单位：布尔值。
-- · person_times / with_result / passed / passed_hours：分子 = 该教师当年的参训人次、有结果记录数、合格记录数、合格学时；分母：无（合计）；单位：人次、条、条、学时。
-- · person_times_<层级>、with_result_<层级>、passed_<层级>、passed_hours_<层级>：分子 同上，只计该培训层级（national 国培、provincial 省培、municipal 市/州培、county 县/区培、school 校培）；分母：无；单位同上。
-- [en] Teacher-year participation model (teacher_year): the other metrics read this
-- Grain: one row per teacher and year (year, teacher_key): every teacher on that year's roster, plus teachers with participation that year who are not on that year's roster (on_roster = false: they count in person-times and hours, never in a coverage denominator).
-- School: the school on that year's roster; for a teacher not on the roster, the school on the participation rows. School attributes (stage, township, urban/rural) come from the school list.
-- · passed_any: numerator = passed participation rows that year > 0; denominator: none (yes/no); unit: boolean.
-- · person_times / with_result / passed / passed_hours: numerator = the teacher's person-times, rows with a result, passed rows and passed hours that year; denominator: none (sums); unit: person-times, rows, rows, hours.
-- · person_times_<tier>, with_result_<tier>, passed_<tier>, passed_hours_<tier>: numerator = the same restricted to one training tier (national, provincial, municipal, county, school); denominator: none; units as above.
with

rosters as (
    select year, teacher_key, school_code, subject, stage as teaching_stage, title, hire_date, dev_tier
    from roster
),

form_rows as (
    select * from teacher_form_year
),

schools as (
    select school_code, school_name, stage, township, urban_rural, is_weak
    from school
),

participation_year as (
    select
        year,
        teacher_key,
        min(school_code)             as trained_school_code,
        sum(person_times)            as person_times,
        sum(with_result)             as with_result,
        sum(passed)                  as passed,
        sum(passed_hours)            as passed_hours,
        sum(person_times_national)   as person_times_national,
        sum(with_result_national)    as with_result_national,
        sum(passed_national)         as passed_national,
        sum(passed_hours_national)   as passed_hours_national,
        sum(person_times_provincial) as person_times_provincial,
        sum(with_result_provincial)  as with_result_provincial,
        sum(passed_provincial)       as passed_provincial,
        sum(passed_hours_provincial) as passed_hours_provincial,
        sum(person_times_municipal)  as person_times_municipal,
        sum(with_result_municipal)   as with_result_municipal,
        sum(passed_municipal)        as passed_municipal,
        sum(passed_hours_municipal)  as passed_hours_municipal,
        sum(person_times_county)     as person_times_county,
        sum(with_result_county)      as with_result_county,
        sum(passed_county)           as passed_county,
        sum(passed_hours_county)     as passed_hours_county,
        sum(person_times_school)     as person_times_school,
        sum(with_result_school)      as with_result_school,
        sum(passed_school)           as passed_school,
        sum(passed_hours_school)     as passed_hours_school
    from form_rows
    group by year, teacher_key
),

joined as (
    select
        coalesce(r.year, p.year)                         as year,
        coalesce(r.teacher_key, p.teacher_key)           as teacher_key,
        -- the roster says where a teacher is in a year; the ETL copies it onto participation
        coalesce(r.school_code, p.trained_school_code)   as school_code,
        r.teacher_key is not null                        as on_roster,
        r.subject,
        r.teaching_stage,
        r.title,
        r.hire_date,
        r.dev_tier,
        coalesce(p.person_times, 0)::bigint              as person_times,
        coalesce(p.with_result, 0)::bigint               as with_result,
        coalesce(p.passed, 0)::bigint                    as passed,
        coalesce(p.passed_hours, 0)::double              as passed_hours,
        coalesce(p.passed, 0) > 0                        as passed_any,
        coalesce(p.person_times_national, 0)::bigint     as person_times_national,
        coalesce(p.with_result_national, 0)::bigint      as with_result_national,
        coalesce(p.passed_national, 0)::bigint           as passed_national,
        coalesce(p.passed_hours_national, 0)::double     as passed_hours_national,
        coalesce(p.person_times_provincial, 0)::bigint   as person_times_provincial,
        coalesce(p.with_result_provincial, 0)::bigint    as with_result_provincial,
        coalesce(p.passed_provincial, 0)::bigint         as passed_provincial,
        coalesce(p.passed_hours_provincial, 0)::double   as passed_hours_provincial,
        coalesce(p.person_times_municipal, 0)::bigint    as person_times_municipal,
        coalesce(p.with_result_municipal, 0)::bigint     as with_result_municipal,
        coalesce(p.passed_municipal, 0)::bigint          as passed_municipal,
        coalesce(p.passed_hours_municipal, 0)::double    as passed_hours_municipal,
        coalesce(p.person_times_county, 0)::bigint       as person_times_county,
        coalesce(p.with_result_county, 0)::bigint        as with_result_county,
        coalesce(p.passed_county, 0)::bigint             as passed_county,
        coalesce(p.passed_hours_county, 0)::double       as passed_hours_county,
        coalesce(p.person_times_school, 0)::bigint       as person_times_school,
        coalesce(p.with_result_school, 0)::bigint        as with_result_school,
        coalesce(p.passed_school, 0)::bigint             as passed_school,
        coalesce(p.passed_hours_school, 0)::double       as passed_hours_school
    from rosters as r
    full outer join participation_year as p
        on r.year = p.year and r.teacher_key = p.teacher_key
),

final as (
    select
        j.*,
        s.school_name,
        s.stage,
        s.township,
        s.urban_rural,
        s.is_weak
    from joined as j
    left join schools as s using (school_code)
)

select * from final
