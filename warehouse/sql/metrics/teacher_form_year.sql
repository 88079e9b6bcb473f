-- [zh] 教师·年度·培训形式参训汇总（teacher_form_year）：侧栏“培训形式”筛选从这里读取
-- 粒度：每位教师、每个参训年度、每种培训形式一行 (year, teacher_key, form)；形式取培训项目的形式，未填形式的项目记为 unknown（未填）。只有当年有参训记录的教师才有行。school_code 为这些参训记录上的学校（有多所时取代码最小的）；teacher_year 的参训合计按 (year, teacher_key) 把各形式的行相加得到。
-- · person_times / with_result / passed / passed_hours：分子 = 该教师当年该形式的参训人次、有结果记录数、合格记录数、合格学时；分母：无（合计）；单位：人次、条、条、学时。
-- · person_times_<层级>、with_result_<层级>、passed_<层级>、passed_hours_<层级>：分子 同上，只计该培训层级（national 国培、provincial 省培、municipal 市/州培、county 县/区培、school 校培）；分母：无；单位同上。
-- 选定若干形式时，把这些形式的行按 (year, teacher_key) 相加，即得 teacher_year 同名列在这些形式下的值（warehouse/layer/training_form.py）。
-- [en] Teacher × year × training form participation totals (teacher_form_year): the sidebar's training-form filter reads this
-- Grain: one row per teacher, participation year and training form (year, teacher_key, form); the form is the program's, a program without one counts as unknown. Only teachers with participation that year have rows. school_code is the school on these participation rows (the lowest code when there are several); teacher_year's participation totals are these rows summed per (year, teacher_key).
-- · person_times / with_result / passed / passed_hours: numerator = the teacher's person-times, rows with a result, passed rows and passed hours of that form that year; denominator: none (sums); unit: person-times, rows, rows, hours.
-- · person_times_<tier>, with_result_<tier>, passed_<tier>, passed_hours_<tier>: numerator = the same restricted to one training tier (national, provincial, municipal, county, school); denominator: none; units as above.
-- Summed over the chosen forms per (year, teacher_key), the rows give teacher_year's columns of the same names under a form filter (warehouse/layer/training_form.py).
with

participations as (
    select program_code, teacher_key, year, school_code, hours, result
    from participation
),

programs as (
    select program_code, train_tier, coalesce(form, 'unknown') as form
    from program
),

form_rows as (
    select
        pa.year,
        pa.teacher_key,
        pr.form,
        min(pa.school_code)                                                                          as school_code,
        count(*)                                                                                     as person_times,
        count(pa.result)                                                                             as with_result,
        count(*) filter (where pa.result = 'passed')                                                 as passed,
        coalesce(sum(pa.hours) filter (where pa.result = 'passed'), 0)                               as passed_hours,
        count(*) filter (where pr.train_tier = 'national')                                           as person_times_national,
        count(pa.result) filter (where pr.train_tier = 'national')                                   as with_result_national,
        count(*) filter (where pr.train_tier = 'national' and pa.result = 'passed')                  as passed_national,
        coalesce(sum(pa.hours) filter (where pr.train_tier = 'national' and pa.result = 'passed'), 0) as passed_hours_national,
        count(*) filter (where pr.train_tier = 'provincial')                                         as person_times_provincial,
        count(pa.result) filter (where pr.train_tier = 'provincial')                                 as with_result_provincial,
        count(*) filter (where pr.train_tier = 'provincial' and pa.result = 'passed')                as passed_provincial,
        coalesce(sum(pa.hours) filter (where pr.train_tier = 'provincial' and pa.result = 'passed'), 0) as passed_hours_provincial,
        count(*) filter (where pr.train_tier = 'municipal')                                          as person_times_municipal,
        count(pa.result) filter (where pr.train_tier = 'municipal')                                  as with_result_municipal,
        count(*) filter (where pr.train_tier = 'municipal' and pa.result = 'passed')                 as passed_municipal,
        coalesce(sum(pa.hours) filter (where pr.train_tier = 'municipal' and pa.result = 'passed'), 0) as passed_hours_municipal,
        count(*) filter (where pr.train_tier = 'county')                                             as person_times_county,
        count(pa.result) filter (where pr.train_tier = 'county')                                     as with_result_county,
        count(*) filter (where pr.train_tier = 'county' and pa.result = 'passed')                    as passed_county,
        coalesce(sum(pa.hours) filter (where pr.train_tier = 'county' and pa.result = 'passed'), 0)  as passed_hours_county,
        count(*) filter (where pr.train_tier = 'school')                                             as person_times_school,
        count(pa.result) filter (where pr.train_tier = 'school')                                     as with_result_school,
        count(*) filter (where pr.train_tier = 'school' and pa.result = 'passed')                    as passed_school,
        coalesce(sum(pa.hours) filter (where pr.train_tier = 'school' and pa.result = 'passed'), 0)  as passed_hours_school
    from participations as pa
    join programs as pr using (program_code)
    group by pa.year, pa.teacher_key, pr.form
),

final as (
    select * from form_rows
)

select * from final
