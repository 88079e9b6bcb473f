-- [zh] 参训记录折算学分（credit_course）
-- 粒度：每条“合格”参训记录一行 (program_code, teacher_key)，按所选学分规则（credit_rule_set，见 credits/presets/ 与设置 CREDIT_RULES）折算。周期起点 cycle_start 由规则的周期起点和年数推算。
-- 折算：学分 = 完成学时 ÷ 该课程适用的“学时/学分”（credit_rule_match：按培训层级、形式、主题依规则中第一条匹配的折算项，否则用默认值）。计量单位 amount 为规则的单位：学时制为学时，学分制为学分。
-- 封顶依次为：单门课程上限（per_course_cap）→ 课程组上限（如校本研修，credit_rule_bucket 中 kind = group）→ 类别上限（kind = category）→ 每年上限（per_year_cap）。后三种在同一教师同一周期（每年上限为同一年度）内超出时，组内各门课程按同一比例缩减。
-- 学历提升类课程（主题含规则 offsets.degree_themes 关键词）不计入培训，按“学历冲抵”计入台账（见 metric_teacher_credit），此处 counted 为封顶前的数。
-- · credits 折算学分：分子 = 完成学时；分母 = 每学分学时数 hours_per_credit；单位：学分。
-- · counted 认定量：分子 = 封顶后的计量（学时制为学时，学分制为学分）；分母：无；单位：规则单位。counted_hours / counted_credits 为按同一比例缩减后的学时和学分。
-- [en] Participation converted to credits (credit_course)
-- Grain: one row per passed participation row (program_code, teacher_key), under the chosen rule set (credit_rule_set; credits/presets/ and the CREDIT_RULES setting). cycle_start follows the rule set's cycle start and length.
-- Conversion: credits = completed hours ÷ the course's hours per credit (credit_rule_match: the rule set's first conversion entry matching the tier, form and theme, else its default). amount is in the rule set's unit: hours for an hours-based set, credits otherwise.
-- Caps in this order: per course (per_course_cap) → per group (e.g. school-based, credit_rule_bucket kind = group) → per category (kind = category) → per year (per_year_cap). Above a cap, every course of the group, category or year (same teacher and cycle) is scaled down by the same factor.
-- Degree-study courses (theme containing an offsets.degree_themes keyword) are not training: they count as the degree offset in metric_teacher_credit; their counted is before that cap.
-- · credits: numerator = completed hours; denominator = hours_per_credit; unit: credits.
-- · counted: numerator = the amount after caps (hours or credits, the rule set's unit); denominator: none; unit: the rule set's. counted_hours / counted_credits are hours and credits scaled by the same factor.
with

rule as (
    select unit, cycle_years, cycle_start as anchor, per_course_cap, per_year_cap, hours_per_credit as default_hpc
    from credit_rule_set
),

passed as (
    select p.program_code, p.teacher_key, p.year, p.hours, g.train_tier, g.form, g.theme
    from participation as p
    join program as g using (program_code)
    where p.result = 'passed' and p.hours > 0
),

matched as (
    select
        p.*,
        (r.anchor + r.cycle_years * floor((p.year - r.anchor) / r.cycle_years))::integer as cycle_start,
        coalesce(m.hours_per_credit, r.default_hpc)                                      as hours_per_credit,
        m.category,
        m.cap_group,
        coalesce(m.is_degree, false)                                                     as is_degree,
        r.unit,
        r.per_course_cap,
        r.per_year_cap
    from passed as p
    cross join rule as r
    left join credit_rule_match as m
        on m.train_tier = p.train_tier and m.form = coalesce(p.form, '') and m.theme = coalesce(p.theme, '')
),

converted as (
    select
        *,
        hours / hours_per_credit                                                as credits,
        case when unit = 'hours' then hours else hours / hours_per_credit end   as amount_raw
    from matched
),

course_capped as materialized (
    select
        *,
        case when is_degree or per_course_cap is null then amount_raw
             else least(amount_raw, per_course_cap) end as after_course
    from converted
),

-- Each cap's factor is summed only over the rows it caps (no cap: no rows, no work), then
-- joined back: one factor per (cycle, teacher, group / category / year) above its cap.
group_factor as (
    select c.cycle_start, c.teacher_key, c.cap_group, g.max_amount / sum(c.after_course) as factor
    from course_capped as c
    join credit_rule_bucket as g on g.kind = 'group' and g.name = c.cap_group and g.max_amount is not null
    where not c.is_degree
    group by c.cycle_start, c.teacher_key, c.cap_group, g.max_amount
    having sum(c.after_course) > g.max_amount
),

group_capped as (
    select c.*, c.after_course * coalesce(f.factor, 1.0) as after_group
    from course_capped as c
    left join group_factor as f
        on f.cycle_start = c.cycle_start and f.teacher_key = c.teacher_key and f.cap_group = c.cap_group
       and not c.is_degree
),

category_factor as (
    select c.cycle_start, c.teacher_key, c.category, k.max_amount / sum(c.after_group) as factor
    from group_capped as c
    join credit_rule_bucket as k on k.kind = 'category' and k.name = c.category and k.max_amount is not null
    where not c.is_degree
    group by c.cycle_start, c.teacher_key, c.category, k.max_amount
    having sum(c.after_group) > k.max_amount
),

category_capped as (
    select c.*, c.after_group * coalesce(f.factor, 1.0) as after_category
    from group_capped as c
    left join category_factor as f
        on f.cycle_start = c.cycle_start and f.teacher_key = c.teacher_key and f.category = c.category
       and not c.is_degree
),

year_factor as (
    select cycle_start, teacher_key, year, per_year_cap / sum(after_category) as factor
    from category_capped
    where not is_degree and per_year_cap is not null
    group by cycle_start, teacher_key, year, per_year_cap
    having sum(after_category) > per_year_cap
),

year_capped as (
    select c.*, c.after_category * coalesce(f.factor, 1.0) as counted
    from category_capped as c
    left join year_factor as f
        on f.cycle_start = c.cycle_start and f.teacher_key = c.teacher_key and f.year = c.year
       and not c.is_degree
),

final as (
    select
        program_code,
        teacher_key,
        cycle_start,
        year,
        train_tier,
        form,
        theme,
        hours,
        hours_per_credit,
        credits,
        category,
        cap_group,
        is_degree,
        amount_raw,
        counted,
        hours * counted / amount_raw    as counted_hours,
        credits * counted / amount_raw  as counted_credits
    from year_capped
)

select * from final
