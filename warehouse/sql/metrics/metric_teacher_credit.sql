-- [zh] 教师周期学分台账与预测（metric_teacher_credit）
-- 粒度：每个周期、每位教师一行 (cycle_start, teacher_key)，按所选学分规则（rule_id，见 credit_rule_set）计算；教师范围、起算年度、新教师、应完成量同 teacher_credit_cycle，分类明细见 teacher_credit_category。学校、学段为截至年度的学校。
-- · earned 已认定量：分子 = 培训认定量 training（封顶后）+ 获奖冲抵 award_offset + 学历冲抵 degree_offset；分母：无；单位：规则单位（unit：hours 学时 / credits 学分）。earned_hours / earned_credits 为培训部分的学时和学分。
-- · remaining 尚差：分子 = max(required − earned, 各类别与课程组 shortfall 之和, 0)；分母：无；单位：规则单位。
-- · compliant 是否达标 / 周期达标率：earned ≥ required，且各类别与课程组都达到最低要求，且没有低于每年最低要求的年度；达标率 分子 = 达标教师数；分母 = 截至年度名册教师数；单位：比例 0–1；分母为 0 时为空。
-- · on_pace 是否跟上进度：earned ≥ required_to_date 为是；分子、分母：无（逐人判断是/否）；单位：布尔值。
-- · pace 年均进度：分子 = training；分母 = 已过年数 years_elapsed；单位：规则单位/年。projected 预计周期末认定量：分子 = earned + pace × 剩余年数 years_left，不超过 earned + yearly_max × years_left（yearly_max 为规则的每年上限，没有时为预测假设 forecast.max_per_year，都没有则不设上限）；分母：无；单位：规则单位。
-- · forecast 预测：met 已达标；unreachable 无法达标（周期已结束仍未达标、已有年度低于每年最低要求，或即使每年都认定到 yearly_max 也补不齐 remaining）；on_pace 按目前进度可达标（pace × years_left ≥ remaining）；at_risk 有风险（可达标但目前进度不够）；分子、分母：无（逐人分类）；单位：类别。
-- · projected_met 预计周期末达标：forecast 为 met 或 on_pace；预计达标率 分子 = 预计达标教师数；分母 = 截至年度名册教师数；单位：比例 0–1，对照 100% 的检查线。
-- [en] Teachers' cycle credit ledger and forecast (metric_teacher_credit)
-- Grain: one row per cycle and teacher (cycle_start, teacher_key), under the chosen rule set (rule_id, see credit_rule_set); teachers, start year, new teachers and requirements as in teacher_credit_cycle; categories in teacher_credit_category. School and stage are the as-of year's.
-- · earned: numerator = training (after caps) + award_offset + degree_offset; denominator: none; unit: the rule set's (unit: hours or credits). earned_hours / earned_credits are the training part's hours and credits.
-- · remaining: numerator = max(required − earned, the categories' and groups' summed shortfall, 0); denominator: none; unit: the rule set's.
-- · compliant / cycle compliance: earned ≥ required, every category and group at its minimum, and no year below the yearly minimum; the rate's numerator = compliant teachers; denominator = teachers on the as-of roster; unit: fraction 0–1; NULL when the denominator is 0.
-- · on_pace: true when earned ≥ required_to_date; numerator, denominator: none (a yes/no per teacher); unit: boolean.
-- · pace: numerator = training; denominator = years_elapsed; unit: the rule set's per year. projected: numerator = earned + pace × years_left, at most earned + yearly_max × years_left (yearly_max: the per-year cap, else the forecast assumption max_per_year, else no limit); denominator: none; unit: the rule set's.
-- · forecast: met; unreachable (the cycle is over and not met, a year already below the yearly minimum, or remaining exceeds yearly_max × years_left); on_pace (pace × years_left ≥ remaining); at_risk (reachable, but the current pace falls short); numerator, denominator: none (a class per teacher); unit: a class.
-- · projected_met: forecast is met or on_pace; projected completion rate numerator = teachers projected to meet it; denominator = teachers on the as-of roster; unit: fraction 0–1, against the inspection's 100% line.
with

rule as (
    select rule_id, unit, yearly_max from credit_rule_set
),

base as (
    select * from teacher_credit_cycle
),

shortfalls as (
    select cycle_start, teacher_key, sum(shortfall) as shortfall
    from teacher_credit_category
    group by cycle_start, teacher_key
),

schools as (
    select school_code, school_name, stage from school
),

ledger as (
    select
        b.*,
        r.rule_id,
        r.unit,
        r.yearly_max,
        b.training + b.award_offset + b.degree_offset                         as earned,
        coalesce(s.shortfall, 0)::double                                      as category_shortfall,
        b.training / b.years_elapsed                                          as pace
    from base as b
    cross join rule as r
    left join shortfalls as s using (cycle_start, teacher_key)
),

judged as (
    select
        *,
        greatest(required - earned, category_shortfall, 0)::double            as remaining,
        earned >= required and category_shortfall = 0 and years_below_min = 0  as compliant,
        earned >= required_to_date                                            as on_pace
    from ledger
),

final as (
    select
        j.cycle_start, j.cycle_end, j.as_of_year, j.teacher_key, j.school_code,
        s.school_name, s.stage,
        j.rule_id, j.unit,
        j.start_year, j.years_in_cycle, j.years_elapsed, j.years_left,
        j.is_new_teacher, j.probation_year, j.probation_earned,
        j.required, j.required_to_date,
        j.training, j.earned_hours, j.earned_credits, j.recorded_hours,
        j.award_offset, j.degree_offset, j.earned,
        j.category_shortfall, j.years_below_min,
        j.remaining, j.compliant, j.on_pace,
        j.pace,
        case when j.yearly_max is null then j.earned + j.pace * j.years_left
             else j.earned + least(j.pace, j.yearly_max) * j.years_left end   as projected,
        case
            when j.compliant then 'met'
            when j.years_left = 0 or j.years_below_min > 0 then 'unreachable'
            when j.yearly_max is not null and j.remaining > j.yearly_max * j.years_left then 'unreachable'
            when j.pace * j.years_left >= j.remaining then 'on_pace'
            else 'at_risk'
        end                                                                   as forecast,
        j.compliant or (j.years_left > 0 and j.years_below_min = 0
            and (j.yearly_max is null or j.remaining <= j.yearly_max * j.years_left)
            and j.pace * j.years_left >= j.remaining)                         as projected_met
    from judged as j
    left join schools as s using (school_code)
)

select * from final
