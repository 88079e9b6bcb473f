-- [zh] 教师在各发展层级的停留时段（dev_tier_spell）
-- 粒度：每位教师每段连续停留一行 (teacher_key, dev_tier, first_year)：名册上连续若干年处于同一层级为一段。
-- · years 停留年数：分子 = last_year − first_year + 1；分母：无；单位：年。start_observed 为假时，该段始于仓库最早的名册年度，真实起点更早，年数偏短。
-- ended 结束方式：up 晋升、down 降低、left 离开名册、ongoing 至最近名册年度仍在该层级。
-- · median years 各层级停留年数中位数：分子 = 以晋升结束的各段 years 的中位数（不是比率）；分母：无；单位：年；没有以晋升结束的段时为空。
-- [en] Spells at a development tier (dev_tier_spell)
-- Grain: one row per teacher and unbroken spell (teacher_key, dev_tier, first_year): consecutive roster years at the same tier.
-- · years: numerator = last_year − first_year + 1; denominator: none; unit: years. When start_observed is false the spell began in the warehouse's first roster year, so its true start is earlier and years is a lower bound.
-- ended: up, down, left (off the roster), ongoing (still at the tier in the latest roster year).
-- · median years at a tier: numerator = the median of years over spells that ended in a promotion (not a rate); denominator: none; unit: years; NULL when no spell ended in a promotion.
with

rosters as (
    select year, teacher_key, school_code, subject, dev_tier
    from roster
    where dev_tier is not null
),

tier_order as (
    select code as dev_tier, sort_order as tier_order
    from codebook
    where list = 'dev_tier'
),

schools as (
    select school_code, school_name, stage, township, urban_rural
    from school
),

bounds as (
    select min(year) as first_roster_year, max(year) as last_roster_year
    from roster
),

islands as (
    select
        r.*,
        o.tier_order,
        -- consecutive years at one tier share (year - position among that tier's years)
        r.year - row_number() over (partition by r.teacher_key, r.dev_tier order by r.year) as island,
        lead(r.year) over (partition by r.teacher_key order by r.year)       as next_year,
        lead(o.tier_order) over (partition by r.teacher_key order by r.year) as next_order
    from rosters as r
    join tier_order as o using (dev_tier)
),

spells as (
    select
        teacher_key,
        dev_tier,
        any_value(tier_order)                 as tier_order,
        min(year)                             as first_year,
        max(year)                             as last_year,
        -- the spell's last stated value: max_by skips a null value in DuckDB but returns it in
        -- Spark, so both order only by the years where the value is there
        max_by(school_code, case when school_code is not null then year end) as school_code,
        max_by(subject, case when subject is not null then year end)         as subject,
        max_by(next_year, case when next_year is not null then year end)     as next_year,
        max_by(next_order, case when next_order is not null then year end)   as next_order
    from islands
    group by teacher_key, dev_tier, island
),

final as (
    select
        s.teacher_key,
        s.dev_tier,
        s.tier_order,
        s.first_year,
        s.last_year,
        s.last_year - s.first_year + 1        as years,
        s.first_year > b.first_roster_year    as start_observed,
        case
            when s.next_year = s.last_year + 1 and s.next_order > s.tier_order then 'up'
            when s.next_year = s.last_year + 1 and s.next_order < s.tier_order then 'down'
            when s.last_year = b.last_roster_year then 'ongoing'
            else 'left'
        end                                   as ended,
        s.school_code,
        s.subject,
        sc.school_name,
        sc.stage,
        sc.township,
        sc.urban_rural
    from spells as s
    cross join bounds as b
    left join schools as sc using (school_code)
)

select * from final
