-- [zh] 学校年度考核等次统计（school_rating_count）
-- 粒度：每个年度、每个考核等次一行 (year, rating)：excellent 优秀、good 良好、pass 合格、fail 不合格；当年有考核结果的年度四个等次都有一行，没有学校的等次计为 0。
-- · schools 学校数：分子 = 当年考核等次为该等次的学校数（学校考核表 school_rating）；分母：无（计数）；单位：所。
-- · rated_schools 参加考核的学校数：分子 = 当年有考核等次的学校数；分母：无（计数）；单位：所。share = schools ÷ rated_schools，单位：比例 0–1。
-- [en] Schools by annual rating (school_rating_count)
-- Grain: one row per year and rating (year, rating): excellent, good, pass, fail; every year with ratings has all four rows, 0 where no school has that rating.
-- · schools: numerator = schools rated so that year (table school_rating); denominator: none (a count); unit: schools.
-- · rated_schools: numerator = schools with a rating that year; denominator: none (a count); unit: schools. share = schools ÷ rated_schools, unit: fraction 0–1.
with

ratings as (
    select year, school_code, rating
    from school_rating
),

levels as (
    select * from (values ('excellent', 1), ('good', 2), ('pass', 3), ('fail', 4)) as l(rating, rating_order)
),

years as (
    select year, count(*) as rated_schools
    from ratings
    group by year
),

final as (
    select
        y.year,
        l.rating,
        l.rating_order,
        count(r.school_code)                        as schools,
        y.rated_schools,
        count(r.school_code) / y.rated_schools      as share
    from years as y
    cross join levels as l
    left join ratings as r on r.year = y.year and r.rating = l.rating
    group by y.year, l.rating, l.rating_order, y.rated_schools
)

select * from final
