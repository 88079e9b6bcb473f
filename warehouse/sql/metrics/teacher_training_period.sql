-- [zh] 教师统计期参训模型（teacher_training_period）：官方统计报表（教基4068 专任教师接受培训情况、SDG 4.c.7）由此计数
-- 粒度：每种统计期、每个统计年度、每位当年名册上的教师一行 (period_kind, period_year, teacher_key)。只计名册上的教师（专任教师）；不在名册上的参训者不计。
-- 统计期：calendar 自然年 = 项目年度为该年的培训；school 学年 = 项目结束日期（无结束日期时取开始日期）在上一年 9 月 1 日至该年 8 月 31 日之间的培训（如 2024 学年 = 2023-09-01 至 2024-08-31）；项目没有任何日期时不计入学年口径。学段、性别、学校取统计年度（学年取结束那一年）的名册。
-- 学段 stage_group：教师任教学段，缺失时取学校学段，按代码表（codebook，stage 清单的 group_code 列）归入六个统计学段（stage_group 清单）：preschool 学前、primary 小学、junior 初中、senior 高中、vocational 中职、special 特教；九年一贯制计入初中，完全中学计入高中。
-- · attended 是否参训：分子 = 统计期内该教师的参训记录条数（任何考核结果）> 0；分母：无（是/否）；单位：布尔值。attended_<层级>、attended_<形式> 同上，只计该层级或形式。
-- · completed 是否完成培训：分子 = 统计期内考核结果为“合格”的参训记录条数 > 0；分母：无（是/否）；单位：布尔值。completed_<层级> 同上，只计该培训层级（national 国家级、provincial 省级、municipal 地（市）级、county 县级、school 校级）。
-- · completed_offline / completed_online / completed_shadowing 按形式完成：分子 = 统计期内该形式“合格”参训记录条数 > 0，集中（offline 线下，及 blended 混合式：含集中面授环节，计入集中）、远程（online）、跟岗（shadowing）；other 其他形式不计入任何形式列，但计入合计；分母：无（是/否）；单位：布尔值。
-- · passed_hours 统计期合格学时：分子 = 统计期内“合格”参训记录的完成学时之和；分母：无（合计）；单位：学时。学时段按此划分：≤36、>36 且 ≤72、>72 且 ≤108、>108（即 37–72、73–108、≥109 学时）。
-- [en] Teacher training per statistical period (teacher_training_period): the official statistics forms (the national in-service training table 教基4068, SDG 4.c.7) count from this
-- Grain: one row per period kind, period year and teacher on that year's roster (period_kind, period_year, teacher_key). Only roster teachers (full-time teachers) count; participants not on the roster do not.
-- Period: calendar = training whose programme year is that year; school = training whose programme end date (else start date) falls from 1 September of the year before to 31 August of that year (school year 2024 = 2023-09-01 to 2024-08-31); a programme with no date is left out of school-year figures. Stage, sex and school come from the roster of the period year (for a school year, the year it ends).
-- stage_group: the teacher's teaching stage, else the school's, grouped by the codebook (the stage list's group_code) into the six statistical stages of the stage_group list: preschool, primary, junior, senior, vocational, special; nine-year schools count as junior and complete secondary schools as senior.
-- · attended: numerator = the teacher's participation rows in the period (any result) > 0; denominator: none (yes/no); unit: boolean. attended_<tier>, attended_<form>: the same for one tier or form.
-- · completed: numerator = passed participation rows in the period > 0; denominator: none (yes/no); unit: boolean. completed_<tier>: the same for one training tier (national, provincial, municipal, county, school).
-- · completed_offline / completed_online / completed_shadowing: numerator = passed rows of that form in the period > 0: offline (and blended, which has face-to-face sessions, counted as offline), online, shadowing; form other counts in no form column, but in the total; denominator: none (yes/no); unit: boolean.
-- · passed_hours: numerator = completed hours of passed rows in the period; denominator: none (a sum); unit: hours. Hour bands: ≤ 36, > 36 and ≤ 72, > 72 and ≤ 108, > 108 (that is 37–72, 73–108, ≥ 109 hours).
with

stage_groups as (
    select code as stage, group_code
    from codebook
    where list = 'stage'
),

programs as (
    select
        program_code,
        train_tier,
        form,
        year                                   as calendar_year,
        coalesce(end_date, start_date)         as period_date
    from program
),

program_periods as (
    select program_code, train_tier, form, 'calendar' as period_kind, calendar_year as period_year
    from programs
    union all
    select
        program_code, train_tier, form, 'school' as period_kind,
        (year(period_date) + case when month(period_date) >= 9 then 1 else 0 end)::integer as period_year
    from programs
    where period_date is not null
),

-- Training is grouped per (period, teacher) first, then joined to the roster rows of the period:
-- grouping the stacked rows with the roster's text columns cost a fifth more (stored, both are
-- limited to the rebuilt periods by warehouse/increments.py). Each row carries one bit per tier
-- (1 national … 16 school) and form (32 offline or blended, 64 online, 128 shadowing), the same
-- bits shifted by 8 when it passed, and 65536 when it passed: one bit_or per teacher instead of
-- 18 bool_or aggregates (half the time at province scale).
training_rows as (
    select
        pp.period_kind,
        pp.period_year,
        p.teacher_key,
        case when p.result = 'passed' then p.hours else 0 end      as passed_hours,
        (case pp.train_tier when 'national' then 1 when 'provincial' then 2 when 'municipal' then 4
                            when 'county' then 8 when 'school' then 16 else 0 end
         + case when pp.form in ('offline', 'blended') then 32 when pp.form = 'online' then 64
                when pp.form = 'shadowing' then 128 else 0 end)
        * case when p.result = 'passed' then 257 else 1 end
        + case when p.result = 'passed' then 65536 else 0 end     as flags
    from participation as p
    join program_periods as pp using (program_code)
),

roster_rows as (
    select
        k.period_kind,
        r.year                                                     as period_year,
        r.teacher_key,
        r.school_code,
        t.gender,
        g.group_code                                               as stage_group
    from roster as r
    cross join (select 'calendar' as period_kind union all select 'school' as period_kind) as k
    left join teacher as t using (teacher_key)
    left join school as s using (school_code)
    left join stage_groups as g on g.stage = coalesce(r.stage, s.stage)
),

trained as (
    select
        period_kind,
        period_year,
        teacher_key,
        sum(passed_hours)::double  as passed_hours,
        bit_or(flags)              as flags
    from training_rows
    group by period_kind, period_year, teacher_key
),

final as (
    select
        r.period_kind,
        r.period_year,
        r.teacher_key,
        r.school_code,
        r.gender,
        r.stage_group,
        t.teacher_key is not null                                         as attended,
        coalesce((t.flags & 65536) <> 0, false)                           as completed,
        coalesce(t.passed_hours, 0)::double                               as passed_hours,
        coalesce((t.flags & 1) <> 0, false)                               as attended_national,
        coalesce((t.flags & 2) <> 0, false)                               as attended_provincial,
        coalesce((t.flags & 4) <> 0, false)                               as attended_municipal,
        coalesce((t.flags & 8) <> 0, false)                               as attended_county,
        coalesce((t.flags & 16) <> 0, false)                              as attended_school,
        coalesce((t.flags & 32) <> 0, false)                              as attended_offline,
        coalesce((t.flags & 64) <> 0, false)                              as attended_online,
        coalesce((t.flags & 128) <> 0, false)                             as attended_shadowing,
        coalesce((t.flags & 256) <> 0, false)                             as completed_national,
        coalesce((t.flags & 512) <> 0, false)                             as completed_provincial,
        coalesce((t.flags & 1024) <> 0, false)                            as completed_municipal,
        coalesce((t.flags & 2048) <> 0, false)                            as completed_county,
        coalesce((t.flags & 4096) <> 0, false)                            as completed_school,
        coalesce((t.flags & 8192) <> 0, false)                            as completed_offline,
        coalesce((t.flags & 16384) <> 0, false)                           as completed_online,
        coalesce((t.flags & 32768) <> 0, false)                           as completed_shadowing
    from roster_rows as r
    left join trained as t using (period_kind, period_year, teacher_key)
)

select * from final
