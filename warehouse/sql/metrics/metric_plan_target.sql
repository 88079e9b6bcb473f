-- [zh] 年度培训计划完成情况（metric_plan_target）
-- 粒度：每个年度、每个计划类别一行 (year, category)，来自年度培训计划表。
-- 对应项目见 plan_target_program：当年层级相同（计划未写层级时不限）且类别等于计划类别的项目；当年没有该类别的项目时只按层级对应。
-- · actual 实际参训人次：分子 = 对应项目的参训记录条数（任何考核结果）；分母：无（计数）；单位：人次。
-- · completion 计划完成率：分子 = actual；分母 = target 计划人数；单位：比例（1 = 100%，超额时大于 1，不封顶）；计划人数大于 0，因此总有值。
-- [en] Annual plan targets against actual participation (metric_plan_target)
-- Grain: one row per year and plan category (year, category), from the annual plan table.
-- Matching programs as in plan_target_program: that year's programs of the plan's tier (any tier when none is named) whose theme is the category; when no program that year has that theme, the tier alone decides.
-- · actual: numerator = participation rows (any result) in the matching programs; denominator: none (a count); unit: person-times.
-- · completion: numerator = actual; denominator = target; unit: ratio (1 = 100%, above 1 when exceeded, not capped); target is always > 0.
with

targets as (
    select year, category, train_tier, target
    from plan_target
),

matches as (
    select year, category, program_code
    from plan_target_program
),

-- participation summed per program (stored: program_participation)
counts as (
    select program_code, sum(participants) as participants
    from program_participation
    group by program_code
),

matched as (
    select
        m.year,
        m.category,
        count(distinct m.program_code)              as programs,
        coalesce(sum(c.participants), 0)::bigint    as actual
    from matches as m
    left join counts as c using (program_code)
    group by m.year, m.category
),

final as (
    select
        t.year,
        t.category,
        t.train_tier,
        t.target,
        coalesce(m.programs, 0)          as programs,
        coalesce(m.actual, 0)            as actual,
        coalesce(m.actual, 0) / t.target as completion
    from targets as t
    left join matched as m using (year, category)
)

select * from final
