-- [zh] 教师周期学时达标（metric_teacher_cycle）
-- 粒度：每个周期、每位教师一行 (cycle_start, teacher_key)：截至该周期内最近一个有名册的年度 (as_of_year)，当年名册上的每位教师。周期起点与按年折算规则见 teacher_cycle_year。
-- · passed_hours 周期内合格学时：分子 = 周期起点至 as_of_year 该教师“合格”参训记录的完成学时之和；分母：无（合计）；单位：学时。
-- · required_hours 应完成学时：分子 = 72 学时 × 已过年数（周期中途入职的从第一次出现在名册上的年度起算），满 5 年为 360；分母：无；单位：学时。
-- · compliant 是否达标 / 周期学时达标率：每位教师 passed_hours ≥ required_hours 即达标；达标率 分子 = 达标教师数；分母 = 截至年度名册教师数；单位：比例 0–1；分母为 0 时为空。
-- · hours_needed 尚差学时：分子 = max(required_hours − passed_hours, 0)；分母：无；单位：学时。
-- [en] Teachers' cycle compliance (metric_teacher_cycle)
-- Grain: one row per cycle and teacher (cycle_start, teacher_key): every teacher on the roster of the latest roster year within the cycle (as_of_year). Cycle start and pro-rating as in teacher_cycle_year.
-- · passed_hours: numerator = completed hours of the teacher's passed participation from the cycle start to as_of_year; denominator: none (a sum); unit: hours.
-- · required_hours: numerator = 72 hours × elapsed years (from the first roster year for a teacher hired mid-cycle), 360 after 5 years; denominator: none; unit: hours.
-- · compliant / cycle compliance: a teacher complies when passed_hours ≥ required_hours; the rate's numerator = compliant teachers; denominator = teachers on the as-of year's roster; unit: fraction 0–1; NULL when the denominator is 0.
-- · hours_needed: numerator = max(required_hours − passed_hours, 0); denominator: none; unit: hours.
with

-- teacher_cycle_year is read twice, not through one shared CTE: the latest year's rows are then
-- found by the join (the stored rows are sorted by year), instead of copying every cycle row
latest as (
    select cycle_start, max(as_of_year) as as_of_year
    from teacher_cycle_year
    group by cycle_start
),

final as (
    select
        c.cycle_start,
        c.teacher_key,
        c.cycle_end,
        c.as_of_year,
        c.school_code,
        c.start_year,
        c.years_elapsed,
        c.passed_hours,
        c.required_hours,
        c.compliant,
        c.hours_needed,
        c.hours_to_cycle_target
    from teacher_cycle_year as c
    join latest as l using (cycle_start, as_of_year)
)

select * from final
