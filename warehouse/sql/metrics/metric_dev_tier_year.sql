-- [zh] 教师发展层级年度分布（metric_dev_tier_year）
-- 粒度：每个年度、每个发展层级一行 (year, dev_tier)；五个层级每年都有一行（没有教师时为 0）；层级为空的教师计入 dev_tier 为空的一行。
-- · teachers 教师人数：分子 = 当年名册上处于该发展层级（新教师、合格教师、骨干教师、名优教师、教育家型教师）的教师人数；分母：无（计数）；单位：人。
-- · share 占比：分子 = teachers；分母 = 当年名册教师总数；单位：比例 0–1；分母为 0 时为空。
-- [en] Teachers per development tier per year (metric_dev_tier_year)
-- Grain: one row per year and development tier (year, dev_tier); all five tiers appear every year (0 when nobody is at a tier); teachers with no tier form a row with an empty dev_tier.
-- · teachers: numerator = teachers on that year's roster at that development tier (new, qualified, key, distinguished, educationist); denominator: none (a count); unit: teachers.
-- · share: numerator = teachers; denominator = all teachers on that year's roster; unit: fraction 0–1; NULL when the denominator is 0.
with

rosters as (
    select year, teacher_key, dev_tier
    from roster
),

tier_order as (
    select code as dev_tier, sort_order as tier_order
    from codebook
    where list = 'dev_tier'
),

counts as (
    select year, dev_tier, count(*) as teachers
    from rosters
    group by year, dev_tier
),

grid as (
    select y.year, o.dev_tier, o.tier_order
    from (select distinct year from rosters) as y
    cross join tier_order as o
    union all
    select distinct year, null, null
    from rosters
    where dev_tier is null
),

final as (
    select
        g.year,
        g.dev_tier,
        g.tier_order,
        coalesce(c.teachers, 0)                                                      as teachers,
        coalesce(c.teachers, 0) / nullif(sum(c.teachers) over (partition by g.year), 0) as share
    from grid as g
    left join counts as c
        on c.year = g.year and c.dev_tier is not distinct from g.dev_tier
)

select * from final
