-- [zh] 培训项目计划完成率（metric_program_plan）
-- 粒度：每个培训项目一行 (program_code)，年度和培训层级取项目本身。
-- · participants 参训人次：分子 = 该项目的参训记录条数（任何考核结果）；分母：无（计数）；单位：人次。
-- · passed 合格人次：分子 = 该项目考核结果为“合格”的记录条数；分母：无（计数）；单位：人次。
-- · completion 计划完成率：分子 = participants；分母 = planned_seats 计划人数（名额）；单位：比例（1 = 100%，超额时大于 1，不封顶）；没有计划人数或为 0 时为空。按层级汇总时 = 有计划人数的项目的参训人次之和 ÷ 计划人数之和。
-- [en] Program plan completion (metric_program_plan)
-- Grain: one row per training program (program_code); year and training tier are the program's.
-- · participants: numerator = the program's participation rows (any result); denominator: none (a count); unit: person-times.
-- · passed: numerator = the program's passed rows; denominator: none (a count); unit: person-times.
-- · completion: numerator = participants; denominator = planned_seats; unit: ratio (1 = 100%, above 1 when over-subscribed, not capped); NULL when there are no planned seats or 0. Per tier = participants of programs with planned seats ÷ their planned seats.
with

programs as (
    select program_code, program_name, year, train_tier, theme, hours, planned_seats
    from program
),

-- participation summed per program (stored: program_participation)
counts as (
    select program_code, sum(participants)::bigint as participants, sum(passed)::bigint as passed
    from program_participation
    group by program_code
),

final as (
    select
        p.program_code,
        p.program_name,
        p.year,
        p.train_tier,
        p.theme,
        p.hours,
        p.planned_seats,
        coalesce(c.participants, 0)                          as participants,
        coalesce(c.passed, 0)                                as passed,
        coalesce(c.participants, 0) / nullif(p.planned_seats, 0) as completion
    from programs as p
    left join counts as c using (program_code)
)

select * from final
