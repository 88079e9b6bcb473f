-- [zh] 学校年度参训合计（school_year_totals）：teacher_year 按学校、年度加总的可加组成部分
-- 粒度：每个年度、每所学校一行 (year, school_code)；teacher_year 有行的学校年度才有一行（参训记录没有学校时，school_code 为空的一行）。学校属性（学段、乡镇、城乡）来自学校名册。
-- · roster_teachers 名册教师数：分子 = 当年该校名册上的教师人数；分母：无（计数）；单位：人。
-- · trained_teachers 参训合格教师数：分子 = 当年该校名册上、当年至少有一条“合格”参训记录的教师人数；分母：无（计数）；单位：人。
-- · person_times / with_result / passed / passed_hours：分子 = 当年该校教师的参训人次、有结果记录数、合格记录数、合格学时（含不在名册上的参训教师）；分母：无（合计）；单位：人次、条、条、学时。
-- · trained_<层级>、person_times_<层级>、with_result_<层级>、passed_<层级>、passed_hours_<层级>：分子 同上，只计该培训层级（national 国培、provincial 省培、municipal 市/州培、county 县/区培、school 校培）；分母：无；单位同上。
-- 比率（覆盖率、合格率、人均学时）由这些合计按 metric_school_year 的定义再算；多个培训层级一起筛选时“合格教师”不可相加，查询改读 teacher_year。
-- [en] School-year participation totals (school_year_totals): the additive parts of teacher_year summed per school and year
-- Grain: one row per year and school (year, school_code), for every school-year with teacher_year rows (participation without a school forms a row with an empty school_code). School attributes (stage, township, urban/rural) come from the school list.
-- · roster_teachers: numerator = teachers on the school's roster that year; denominator: none (a count); unit: teachers.
-- · trained_teachers: numerator = teachers on the school's roster that year with at least one passed participation that year; denominator: none (a count); unit: teachers.
-- · person_times / with_result / passed / passed_hours: numerator = the school's person-times, rows with a result, passed rows and passed hours that year (teachers off the roster included); denominator: none (sums); unit: person-times, rows, rows, hours.
-- · trained_<tier>, person_times_<tier>, with_result_<tier>, passed_<tier>, passed_hours_<tier>: numerator = the same restricted to one training tier (national, provincial, municipal, county, school); denominator: none; units as above.
-- Rates (coverage, pass rate, hours per teacher) are computed from these sums as metric_school_year defines them; with several training tiers chosen at once "trained" does not add up, so queries read teacher_year instead.
with

teacher_years as (
    select * from teacher_year
),

final as (
    select
        year,
        school_code,
        any_value(school_name)                                           as school_name,
        any_value(stage)                                                 as stage,
        any_value(township)                                              as township,
        any_value(urban_rural)                                           as urban_rural,
        count(*) filter (where on_roster)                                as roster_teachers,
        count(*) filter (where on_roster and passed > 0)                 as trained_teachers,
        sum(person_times)::bigint                                        as person_times,
        sum(with_result)::bigint                                         as with_result,
        sum(passed)::bigint                                              as passed,
        sum(passed_hours)::double                                        as passed_hours,
        count(*) filter (where on_roster and passed_national > 0)        as trained_national,
        sum(person_times_national)::bigint                               as person_times_national,
        sum(with_result_national)::bigint                                as with_result_national,
        sum(passed_national)::bigint                                     as passed_national,
        sum(passed_hours_national)::double                               as passed_hours_national,
        count(*) filter (where on_roster and passed_provincial > 0)      as trained_provincial,
        sum(person_times_provincial)::bigint                             as person_times_provincial,
        sum(with_result_provincial)::bigint                              as with_result_provincial,
        sum(passed_provincial)::bigint                                   as passed_provincial,
        sum(passed_hours_provincial)::double                             as passed_hours_provincial,
        count(*) filter (where on_roster and passed_municipal > 0)       as trained_municipal,
        sum(person_times_municipal)::bigint                              as person_times_municipal,
        sum(with_result_municipal)::bigint                               as with_result_municipal,
        sum(passed_municipal)::bigint                                    as passed_municipal,
        sum(passed_hours_municipal)::double                              as passed_hours_municipal,
        count(*) filter (where on_roster and passed_county > 0)          as trained_county,
        sum(person_times_county)::bigint                                 as person_times_county,
        sum(with_result_county)::bigint                                  as with_result_county,
        sum(passed_county)::bigint                                       as passed_county,
        sum(passed_hours_county)::double                                 as passed_hours_county,
        count(*) filter (where on_roster and passed_school > 0)          as trained_school,
        sum(person_times_school)::bigint                                 as person_times_school,
        sum(with_result_school)::bigint                                  as with_result_school,
        sum(passed_school)::bigint                                       as passed_school,
        sum(passed_hours_school)::double                                 as passed_hours_school
    from teacher_years
    group by year, school_code
)

select * from final
