-- [zh] 教师周期分类学分（teacher_credit_category）
-- 粒度：每个周期、每位教师、规则中的每个类别或课程组一行 (cycle_start, teacher_key, kind, name)：kind = category 为按培训主题等划分的类别，group 为按形式或层级划分的课程组（如校本研修）。教师范围同 teacher_credit_cycle。
-- · earned 认定量：分子 = 本周期归入该类别（或课程组）的培训记录封顶后的 counted 之和；分母：无；单位：规则单位（学时或学分）。earned_hours / earned_credits 为对应的学时和学分。
-- · min_required 最低要求：分子 = 规则中该类别的 min × 本周期在岗年数 ÷ 周期年数（周期中途入职的按年折算）；分母：无；单位：规则单位。
-- · shortfall 尚差：分子 = max(min_required − earned, 0)；分母：无；单位：规则单位。
-- [en] Teachers' credits by category (teacher_credit_category)
-- Grain: one row per cycle, teacher and category or group of the rule set (cycle_start, teacher_key, kind, name): kind = category for categories by theme and the like, group for groups by form or tier (e.g. school-based). Teachers as in teacher_credit_cycle.
-- · earned: numerator = counted (after caps) of the cycle's training rows in that category (or group); denominator: none; unit: the rule set's (hours or credits). earned_hours / earned_credits are the matching hours and credits.
-- · min_required: numerator = the category's min × years on the roster in the cycle ÷ cycle years (pro-rated for a teacher who joined mid-cycle); denominator: none; unit: the rule set's.
-- · shortfall: numerator = max(min_required − earned, 0); denominator: none; unit: the rule set's.
with

rule as (
    select cycle_years from credit_rule_set
),

buckets as (
    select kind, position, name, min_amount, max_amount from credit_rule_bucket
),

teachers as (
    select cycle_start, teacher_key, years_in_cycle from teacher_credit_cycle
),

by_bucket as (
    select cycle_start, teacher_key, 'category' as kind, category as name,
           sum(counted) as earned, sum(counted_hours) as earned_hours, sum(counted_credits) as earned_credits
    from credit_course
    where not is_degree and category is not null
    group by all
    union all
    select cycle_start, teacher_key, 'group' as kind, cap_group as name,
           sum(counted), sum(counted_hours), sum(counted_credits)
    from credit_course
    where not is_degree and cap_group is not null
    group by all
),

final as (
    select
        t.cycle_start,
        t.teacher_key,
        b.kind,
        b.position,
        b.name,
        coalesce(e.earned, 0)::double                               as earned,
        coalesce(e.earned_hours, 0)::double                         as earned_hours,
        coalesce(e.earned_credits, 0)::double                       as earned_credits,
        b.min_amount * t.years_in_cycle / r.cycle_years             as min_required,
        b.max_amount                                                as max_amount,
        greatest(b.min_amount * t.years_in_cycle / r.cycle_years - coalesce(e.earned, 0), 0)::double as shortfall
    from teachers as t
    cross join buckets as b
    cross join rule as r
    left join by_bucket as e
        on e.cycle_start = t.cycle_start and e.teacher_key = t.teacher_key and e.kind = b.kind and e.name = b.name
)

select * from final
