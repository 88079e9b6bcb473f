-- [zh] 年度计划类别与培训项目的对应（plan_target_program）
-- 粒度：每个计划 (year, category) 与每个对应项目一行 (year, category, program_code)；没有对应项目的计划不出现。
-- 对应规则：当年的培训项目中，层级与计划层级相同（计划未写层级时不限层级），且项目类别（theme）等于计划类别；当年没有任何项目的类别等于该计划类别时，只按层级对应。
-- · 本表是对应关系，不是比率：分子、分母：无；单位：无。计划完成率见 metric_plan_target。
-- [en] Annual plan categories matched to programs (plan_target_program)
-- Grain: one row per plan (year, category) and matching program (year, category, program_code); a plan with no matching program has no row.
-- Matching: that year's programs of the plan's training tier (any tier when the plan names none) whose theme equals the plan category; when no program that year has that theme, the tier alone decides.
-- · A mapping, not a rate: numerator, denominator: none; unit: none. Plan completion is in metric_plan_target.
with

targets as (
    select year, category, train_tier
    from plan_target
),

programs as (
    select program_code, year, train_tier, theme
    from program
),

themed as (
    select distinct year, theme
    from programs
    where theme is not null
),

final as (
    select t.year, t.category, p.program_code
    from targets as t
    join programs as p
        on p.year = t.year
       and (t.train_tier is null or p.train_tier = t.train_tier)
       and (p.theme = t.category
            or not exists (select 1 from themed as x where x.year = t.year and x.theme = t.category))
)

select * from final
