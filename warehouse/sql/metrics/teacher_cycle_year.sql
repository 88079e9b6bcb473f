-- [zh] 教师五年周期学时进度（teacher_cycle_year）
-- 粒度：每个周期、每个截至年度、每位当年名册上的教师一行 (cycle_start, as_of_year, teacher_key)。周期每 CYCLE_YEARS（5）年一轮、应完成 CYCLE_HOURS（360）学时，起点为设置 CYCLE_START（默认 2021，即 2021–2025）；三者由建库程序写入 cycle_parameter 表，某个连接可用 DuckDB 变量 cycle_start 改看另一个起点。
-- 起算年度 start_year：周期起点与该教师第一次出现在名册上的年度中较晚者（周期中途入职的教师从入职当年起算）。
-- · passed_hours 周期内合格学时：分子 = 从周期起点到截至年度，该教师所有“合格”参训记录的完成学时之和（不论在哪所学校）；分母：无（合计）；单位：学时。
-- · required_hours 应完成学时：分子 = 72 学时 × 已过年数（截至年度 − 起算年度 + 1），最多 360；分母：无；单位：学时。
-- · compliant 是否达标：passed_hours ≥ required_hours 为达标；分子、分母：无（逐人判断是/否）；单位：布尔值。达标率 = 达标教师数 ÷ 名册教师数，见 metric_teacher_cycle。
-- · hours_needed 尚差学时：分子 = max(required_hours − passed_hours, 0)；分母：无；单位：学时。hours_to_cycle_target = max(360 − passed_hours, 0)。
-- [en] Teachers' five-year cycle progress (teacher_cycle_year)
-- Grain: one row per cycle, as-of year and teacher on that year's roster (cycle_start, as_of_year, teacher_key). Cycles run CYCLE_YEARS (5) years and require CYCLE_HOURS (360) hours from the CYCLE_START setting (2021 by default, i.e. 2021–2025); the build writes the three to the cycle_parameter table, and a connection may look at another anchor through the DuckDB variable cycle_start.
-- start_year: the later of the cycle start and the first year the teacher appears on the roster (a teacher hired mid-cycle is pro-rated from that year).
-- · passed_hours: numerator = completed hours of the teacher's passed participation from the cycle start up to the as-of year (at any school); denominator: none (a sum); unit: hours.
-- · required_hours: numerator = 72 hours × elapsed years (as-of year − start_year + 1), at most 360; denominator: none; unit: hours.
-- · compliant: true when passed_hours ≥ required_hours; numerator, denominator: none (a yes/no per teacher); unit: boolean. Compliance rate = compliant teachers ÷ roster teachers, see metric_teacher_cycle.
-- · hours_needed: numerator = max(required_hours − passed_hours, 0); denominator: none; unit: hours. hours_to_cycle_target = max(360 − passed_hours, 0).
with

teacher_years as (
    -- the narrow columns of every year: each year of a cycle adds to the running sum
    select year, teacher_key, on_roster, passed_hours
    from teacher_year
),

attributes as (
    -- the wide columns of the rows the model returns only (roster teachers)
    select year, teacher_key, school_code, subject, dev_tier, stage, township, urban_rural
    from teacher_year
    where on_roster
),

cycle_settings as (
    -- the build writes cycle_parameter from settings; a connection may point at another anchor
    select
        coalesce(getvariable('cycle_start'), p.cycle_start)::integer as anchor,
        p.cycle_years,
        p.cycle_hours
    from cycle_parameter as p
),

in_cycle as (
    select
        ty.*,
        (s.anchor + s.cycle_years * floor((ty.year - s.anchor) / s.cycle_years))::integer as cycle_start,
        s.cycle_years,
        s.cycle_hours
    from teacher_years as ty
    cross join cycle_settings as s
),

first_on_roster as (
    select teacher_key, min(year) as first_roster_year
    from teacher_years
    where on_roster
    group by teacher_key
),

running as (
    select
        cycle_start, teacher_key, year, on_roster, cycle_years, cycle_hours,
        sum(passed_hours) over (
            partition by cycle_start, teacher_key
            order by year
            rows between unbounded preceding and current row
        ) as cycle_passed_hours
    from in_cycle
),

cumulative as (
    select r.*, a.school_code, a.subject, a.dev_tier, a.stage, a.township, a.urban_rural
    from running as r
    join attributes as a using (year, teacher_key)
    where r.on_roster
),

final as (
    select
        c.cycle_start,
        c.cycle_start + c.cycle_years - 1                            as cycle_end,
        c.year                                                       as as_of_year,
        c.teacher_key,
        c.school_code,
        c.subject,
        c.dev_tier,
        c.stage,
        c.township,
        c.urban_rural,
        greatest(c.cycle_start, f.first_roster_year)                 as start_year,
        c.year - greatest(c.cycle_start, f.first_roster_year) + 1    as years_elapsed,
        c.cycle_passed_hours                                         as passed_hours,
        least(
            (c.cycle_hours / c.cycle_years) * (c.year - greatest(c.cycle_start, f.first_roster_year) + 1),
            c.cycle_hours
        )::double                                                    as required_hours,
        c.cycle_passed_hours >= least(
            (c.cycle_hours / c.cycle_years) * (c.year - greatest(c.cycle_start, f.first_roster_year) + 1),
            c.cycle_hours
        )                                                            as compliant,
        greatest(
            least(
                (c.cycle_hours / c.cycle_years) * (c.year - greatest(c.cycle_start, f.first_roster_year) + 1),
                c.cycle_hours
            ) - c.cycle_passed_hours,
            0
        )::double                                                    as hours_needed,
        greatest(c.cycle_hours - c.cycle_passed_hours, 0)::double   as hours_to_cycle_target
    from cumulative as c
    join first_on_roster as f using (teacher_key)
)

select * from final
