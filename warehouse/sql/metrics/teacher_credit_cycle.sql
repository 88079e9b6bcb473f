-- [zh] 教师周期学分台账底表（teacher_credit_cycle）
-- 粒度：每个周期、每位教师一行 (cycle_start, teacher_key)：截至年度 as_of_year（该周期内最近一个有名册的年度）名册上的每位教师；学校为截至年度的学校。
-- 起算年度 start_year：周期起点与该教师第一次出现在名册上的年度中较晚者。新教师：第一次出现在名册上的年度在本周期内、当年发展层级为“新教师”，且规则有新教师要求（new_teacher > 0）；试用期为该年度。
-- · required 周期应完成量：分子 = 规则总要求 total × 本周期在岗年数（cycle_end − start_year + 1）÷ 周期年数；新教师为 new_teacher + total × (在岗年数 − 1) ÷ 周期年数；分母：无；单位：规则单位（学时或学分）。
-- · required_to_date 截至年度应完成量：分子 同上，在岗年数换成已过年数（as_of_year − start_year + 1）；分母：无；单位：规则单位。
-- · training 培训认定量：分子 = 本周期 credit_course 非学历记录的 counted 之和（已封顶）；分母：无；单位：规则单位。earned_hours / earned_credits 为对应的学时和学分，recorded_hours 为封顶前的合格学时。
-- · award_offset 获奖冲抵：分子 = 本周期内每项获奖按级别、类别对应的冲抵量之和，最多 award_cap；degree_offset 学历冲抵：分子 = 学历提升类课程的计量之和，最多 degree_cap；分母：无；单位：规则单位。
-- · probation_earned 试用期认定量：分子 = 新教师试用期年度的培训认定量；years_below_min 未达每年最低要求的年数：分子 = start_year 至截至年度（未到周期最后一年时不含截至年度本身）中培训认定量低于 yearly_min 的年数；分母：无；单位：规则单位、年。
-- [en] Teachers' cycle credit base (teacher_credit_cycle)
-- Grain: one row per cycle and teacher (cycle_start, teacher_key): every teacher on the roster of as_of_year (the latest roster year within the cycle); the school is the as-of school.
-- start_year: the later of the cycle start and the teacher's first roster year. A new teacher: first roster year within the cycle with development tier 'new' that year, under a rule set with a new-teacher requirement (new_teacher > 0); the probation year is that year.
-- · required: numerator = the rule set's total × years on the roster in the cycle (cycle_end − start_year + 1) ÷ cycle years; for a new teacher new_teacher + total × (those years − 1) ÷ cycle years; denominator: none; unit: the rule set's (hours or credits).
-- · required_to_date: numerator = the same with the years elapsed (as_of_year − start_year + 1); denominator: none; unit: the rule set's.
-- · training: numerator = counted (after caps) of the cycle's non-degree credit_course rows; denominator: none; unit: the rule set's. earned_hours / earned_credits are the matching hours and credits; recorded_hours the passed hours before caps.
-- · award_offset: numerator = the amounts of the cycle's awards by level and category, at most award_cap; degree_offset: numerator = the degree-study courses' amounts, at most degree_cap; denominator: none; unit: the rule set's.
-- · probation_earned: numerator = training counted in a new teacher's probation year; years_below_min: numerator = years from start_year to the as-of year (the as-of year itself only in the cycle's last year) with training below yearly_min; denominator: none; unit: the rule set's, years.
with

rule as (
    select * from credit_rule_set
),

roster_cycle as (
    select
        r.year, r.teacher_key, r.school_code,
        (s.cycle_start + s.cycle_years * floor((r.year - s.cycle_start) / s.cycle_years))::integer as cycle_start
    from roster as r
    cross join rule as s
),

as_of as (
    select cycle_start, max(year) as as_of_year
    from roster_cycle
    group by cycle_start
),

first_roster as (
    -- the tier of the first year with one (arg_min skips a null tier; the case says so for Spark's min_by)
    select teacher_key, min(year) as first_year,
           arg_min(dev_tier, case when dev_tier is not null then year end) as first_tier
    from roster
    group by teacher_key
),

members as (
    select
        c.cycle_start,
        c.cycle_start + s.cycle_years - 1                              as cycle_end,
        a.as_of_year,
        c.teacher_key,
        c.school_code,
        greatest(c.cycle_start, f.first_year)                          as start_year,
        s.new_teacher > 0 and f.first_tier = 'new'
            and f.first_year between c.cycle_start and c.cycle_start + s.cycle_years - 1 as is_new_teacher,
        f.first_year                                                   as probation_year,
        s.cycle_years, s.total, s.new_teacher, s.yearly_min, s.award_cap, s.degree_cap
    from roster_cycle as c
    join as_of as a on a.cycle_start = c.cycle_start and a.as_of_year = c.year
    join first_roster as f using (teacher_key)
    cross join rule as s
),

shaped as (
    select
        m.*,
        m.cycle_end - m.start_year + 1   as years_in_cycle,
        m.as_of_year - m.start_year + 1  as years_elapsed,
        m.cycle_end - m.as_of_year       as years_left
    from members as m
),

course_years as (
    select cycle_start, teacher_key, year, counted, earned_hours, earned_credits, recorded_hours, degree_amount
    from credit_course_year
),

courses as (
    select
        cycle_start, teacher_key,
        sum(counted)         as training,
        sum(earned_hours)    as earned_hours,
        sum(earned_credits)  as earned_credits,
        sum(recorded_hours)  as recorded_hours,
        sum(degree_amount)   as degree_amount
    from course_years
    group by cycle_start, teacher_key
),

awards as (
    select
        (s.cycle_start + s.cycle_years * floor((a.year - s.cycle_start) / s.cycle_years))::integer as cycle_start,
        a.teacher_key,
        sum(w.amount) as award_amount
    from award as a
    join credit_rule_award as w on w.award_level = a.award_level and w.category = coalesce(a.category, '')
    cross join rule as s
    group by all
),

-- 0 … 9: a cycle lasts at most 10 years (credits.rules.Cycle); portable, unlike unnest(range(…))
year_offsets as (
    select k from (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as o(k)
),

checked_years as (
    select s.cycle_start, s.teacher_key, s.start_year + o.k as year
    from shaped as s
    join year_offsets as o
        on s.start_year + o.k < case when s.as_of_year = s.cycle_end then s.as_of_year + 1 else s.as_of_year end
    where s.yearly_min > 0
),

below_min as (
    select k.cycle_start, k.teacher_key, count(*) as years_below_min
    from checked_years as k
    cross join rule as s
    left join course_years as y
        on y.cycle_start = k.cycle_start and y.teacher_key = k.teacher_key and y.year = k.year
    where coalesce(y.counted, 0) < s.yearly_min
    group by k.cycle_start, k.teacher_key
),

final as (
    select
        m.cycle_start,
        m.cycle_end,
        m.as_of_year,
        m.teacher_key,
        m.school_code,
        m.start_year,
        m.years_in_cycle,
        m.years_elapsed,
        m.years_left,
        m.is_new_teacher,
        case when m.is_new_teacher then m.probation_year end                   as probation_year,
        case when m.is_new_teacher then m.new_teacher + m.total * (m.years_in_cycle - 1) / m.cycle_years
             else m.total * m.years_in_cycle / m.cycle_years end                as required,
        least(case when m.is_new_teacher then m.new_teacher + m.total * (m.years_elapsed - 1) / m.cycle_years
                   else m.total * m.years_elapsed / m.cycle_years end,
              case when m.is_new_teacher then m.new_teacher + m.total * (m.years_in_cycle - 1) / m.cycle_years
                   else m.total * m.years_in_cycle / m.cycle_years end)         as required_to_date,
        coalesce(c.training, 0)::double                                         as training,
        coalesce(c.earned_hours, 0)::double                                     as earned_hours,
        coalesce(c.earned_credits, 0)::double                                   as earned_credits,
        coalesce(c.recorded_hours, 0)::double                                   as recorded_hours,
        coalesce(least(a.award_amount, m.award_cap), 0)::double                 as award_offset,
        coalesce(least(c.degree_amount, m.degree_cap), 0)::double               as degree_offset,
        case when m.is_new_teacher then coalesce(p.counted, 0) end::double      as probation_earned,
        coalesce(b.years_below_min, 0)::integer                                 as years_below_min
    from shaped as m
    left join courses as c using (cycle_start, teacher_key)
    left join awards as a using (cycle_start, teacher_key)
    left join below_min as b using (cycle_start, teacher_key)
    left join course_years as p
        on p.cycle_start = m.cycle_start and p.teacher_key = m.teacher_key and p.year = m.probation_year
)

select * from final
