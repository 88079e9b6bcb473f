-- [zh] 培训形式参训人次（form_school_year）
-- 粒度：每个年度、每所学校、每个培训层级、每种培训形式一行 (year, school_code, train_tier, form)；形式取培训项目的“培训形式”：online 网络培训（线上、网络研修）、offline 线下集中面授、blended 线上线下混合、shadowing 外出交流/跟岗、other 其他；项目未填形式的记为 unknown 未填。学校取参训记录上的学校（该教师当年名册上的学校），学校属性（学段、乡镇、城乡）来自学校名册。
-- · person_times 参训人次：分子 = 当年该校教师参加该层级、该形式项目的参训记录条数（任何考核结果）；分母：无（计数）；单位：人次。网络培训人次 = form 为 online 的人次；外出交流/跟岗人次 = form 为 shadowing 的人次；混合式单列，不计入网络培训。
-- · with_result 有考核结果的记录数：分子 = 考核结果不为空的记录条数；分母：无（计数）；单位：条。
-- · passed 合格记录数：分子 = 考核结果为“合格”的记录条数；分母：无（计数）；单位：条。
-- · passed_hours 合格学时：分子 = “合格”记录的完成学时之和；分母：无（合计）；单位：学时。
-- [en] Person-times by training form (form_school_year)
-- Grain: one row per year, school, training tier and training form (year, school_code, train_tier, form); the form is the program's: online (网络培训), offline (face to face), blended, shadowing (外出交流/跟岗, visits and job shadowing), other; a program without a form counts as unknown. The school is the one on the participation row (the teacher's school on that year's roster); school attributes (stage, township, urban/rural) come from the school list.
-- · person_times: numerator = participation rows (any result) of the school's teachers that year in programs of that tier and form; denominator: none (a count); unit: person-times. Online person-times = form online; shadowing person-times = form shadowing; blended is its own form, not counted as online.
-- · with_result: numerator = rows whose result is not empty; denominator: none (a count); unit: rows.
-- · passed: numerator = rows whose result is passed; denominator: none (a count); unit: rows.
-- · passed_hours: numerator = completed hours of passed rows; denominator: none (a sum); unit: hours.
with

participations as (
    select program_code, year, school_code, hours, result
    from participation
),

programs as (
    select program_code, train_tier, coalesce(form, 'unknown') as form
    from program
),

schools as (
    select school_code, stage, township, urban_rural
    from school
),

per_form as (
    select
        pa.year,
        pa.school_code,
        pr.train_tier,
        pr.form,
        count(*)::bigint                                                as person_times,
        count(pa.result)::bigint                                        as with_result,
        count(*) filter (where pa.result = 'passed')                    as passed,
        coalesce(sum(pa.hours) filter (where pa.result = 'passed'), 0)::double as passed_hours
    from participations as pa
    join programs as pr using (program_code)
    group by pa.year, pa.school_code, pr.train_tier, pr.form
),

final as (
    select f.*, s.stage, s.township, s.urban_rural
    from per_form as f
    left join schools as s using (school_code)
)

select * from final
