-- [zh] 教师发展层级年度变动（teacher_dev_tier_step）
-- 粒度：每个年度、每位教师一行 (year, teacher_key)：当年或上一年名册上的教师，只包括上一年也有名册数据的年度。from_tier 为上一年层级，to_tier 为当年层级。
-- movement 变动：up 晋升（层级提高）、stayed 持平、down 降低、left 离开（上一年在名册、当年不在）、joined 新进（当年在名册、上一年不在）、unknown 层级缺失。层级顺序：新教师 < 合格教师 < 骨干教师 < 名优教师 < 教育家型教师。
-- 学校：上一年名册上的学校（新进教师取当年学校）。
-- · teachers 变动人数：分子 = 该变动类别的教师人数（按年度、层级、学校汇总）；分母：无（计数）；单位：人。晋升率 = up ÷ (up + stayed + down)，即上一年在该层级、当年仍在名册的教师中晋升的比例，单位：比例 0–1，分母为 0 或已是最高层级时为空。
-- [en] Year-to-year development-tier moves (teacher_dev_tier_step)
-- Grain: one row per year and teacher (year, teacher_key): teachers on that year's or the previous year's roster, only for years whose previous year has roster data. from_tier is last year's tier, to_tier this year's.
-- movement: up (higher tier), stayed, down, left (on last year's roster, not this year's), joined (on this year's roster, not last year's), unknown (a tier missing). Tier order: new < qualified < key < distinguished < educationist.
-- School: the school on last year's roster (this year's for joiners).
-- · teachers: numerator = teachers with that movement (summed by year, tier, school); denominator: none (a count); unit: teachers. Promotion rate = up ÷ (up + stayed + down), the share of last year's teachers at a tier still on the roster who moved up; unit: fraction 0–1; NULL when the denominator is 0 or at the top tier.
with

rosters as (
    select year, teacher_key, school_code, subject, dev_tier
    from roster
),

schools as (
    select school_code, school_name, stage, township, urban_rural
    from school
),

tier_order as (
    select code as dev_tier, sort_order as tier_order
    from codebook
    where list = 'dev_tier'
),

step_years as (
    select distinct r.year
    from rosters as r
    where exists (select 1 from rosters as p where p.year = r.year - 1)
),

this_year as (
    select r.*, o.tier_order
    from rosters as r
    left join tier_order as o using (dev_tier)
    where r.year in (select year from step_years)
),

last_year as (
    select r.year + 1 as year, r.teacher_key, r.school_code, r.subject, r.dev_tier, o.tier_order
    from rosters as r
    left join tier_order as o using (dev_tier)
    where r.year + 1 in (select year from step_years)
),

paired as (
    select
        coalesce(a.year, b.year)               as year,
        coalesce(a.teacher_key, b.teacher_key) as teacher_key,
        b.dev_tier                             as from_tier,
        a.dev_tier                             as to_tier,
        b.tier_order                           as from_order,
        a.tier_order                           as to_order,
        coalesce(b.school_code, a.school_code) as school_code,
        coalesce(b.subject, a.subject)         as subject,
        case
            when b.teacher_key is null then 'joined'
            when a.teacher_key is null then 'left'
            when b.tier_order is null or a.tier_order is null then 'unknown'
            when a.tier_order > b.tier_order then 'up'
            when a.tier_order < b.tier_order then 'down'
            else 'stayed'
        end                                    as movement
    from this_year as a
    full outer join last_year as b
        on a.year = b.year and a.teacher_key = b.teacher_key
),

final as (
    select p.*, s.school_name, s.stage, s.township, s.urban_rural
    from paired as p
    left join schools as s using (school_code)
)

select * from final
