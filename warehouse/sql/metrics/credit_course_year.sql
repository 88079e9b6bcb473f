-- [zh] 教师年度认定量（credit_course_year）：credit_course 按周期、教师、年度汇总，台账底表 teacher_credit_cycle 从这里读取
-- 粒度：每个周期、每位教师、每个有“合格”参训记录的年度一行 (cycle_start, teacher_key, year)。存为表：一次导入只重算它改动的年度（有上限的类别或课程组时按周期），台账不必再汇总上千万条参训记录。
-- · counted 年度培训认定量：分子 = 该年非学历提升类 credit_course 记录的 counted 之和（已封顶）；分母：无；单位：规则单位。earned_hours / earned_credits 为对应的 counted_hours / counted_credits 之和，recorded_hours 为封顶前的完成学时之和。
-- · degree_amount 学历提升计量：分子 = 该年学历提升类记录的 amount_raw 之和（冲抵上限在 teacher_credit_cycle 中按周期计）；分母：无；单位：规则单位。
-- [en] Credits counted per teacher and year (credit_course_year): credit_course summed per cycle, teacher and year; the ledger base teacher_credit_cycle reads it
-- Grain: one row per cycle, teacher and year with passed participation (cycle_start, teacher_key, year). Stored as a table: a load recomputes only the years it changed (the cycles, when a category or group has a maximum), so the ledger does not sum ten million participation rows again.
-- · counted: numerator = counted (after caps) of the year's non-degree credit_course rows; denominator: none; unit: the rule set's. earned_hours / earned_credits sum counted_hours / counted_credits, recorded_hours the completed hours before caps.
-- · degree_amount: numerator = amount_raw of the year's degree-study rows (capped per cycle in teacher_credit_cycle); denominator: none; unit: the rule set's.
with

courses as (
    select cycle_start, teacher_key, year, is_degree, counted, counted_hours, counted_credits, hours, amount_raw
    from credit_course
),

final as (
    select
        cycle_start, teacher_key, year,
        sum(counted) filter (where not is_degree)          as counted,
        sum(counted_hours) filter (where not is_degree)    as earned_hours,
        sum(counted_credits) filter (where not is_degree)  as earned_credits,
        sum(hours) filter (where not is_degree)            as recorded_hours,
        sum(amount_raw) filter (where is_degree)           as degree_amount
    from courses
    group by cycle_start, teacher_key, year
)

select * from final
