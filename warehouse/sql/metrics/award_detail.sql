-- [zh] 获奖明细（award_detail）：每条获奖记录，带上归属学校、级别权重和获奖教师当年的学科、发展层级
-- 粒度：每条获奖记录一行 (award_id)。归属学校取获奖记录上的学校，缺失时取该教师当年名册上的学校。
-- · level_weight 级别权重：国家级 5、省级 4、市/州级 3、县/区级 2、校级 1（学校排名“加权获奖密度”的默认权重）；分子、分母：无；单位：权重分。
-- · awards 获奖数：分子 = 获奖记录条数（每行计 1 项）；分母：无（计数）；单位：项。获奖密度 = 获奖数 × 100 ÷ 名册教师数，见 metric_school_year。
-- [en] Award rows (award_detail): each award with its school, level weight, and the winner's subject and development tier that year
-- Grain: one row per award (award_id). The school is the one on the award row, else the teacher's roster school that year.
-- · level_weight: national 5, provincial 4, municipal 3, county 2, school 1 (the default weights of the ranking's weighted award density); numerator, denominator: none; unit: weight points.
-- · awards: numerator = award rows (each row counts 1); denominator: none (a count); unit: awards. Award density = awards × 100 ÷ roster teachers, see metric_school_year.
with

awards as (
    select award_id, teacher_key, school_code, year, award_name, award_level, category, grade, issuer
    from award
),

rosters as (
    select year, teacher_key, school_code, subject, dev_tier
    from roster
),

schools as (
    select school_code, school_name, stage, township, urban_rural
    from school
),

level_weights as (
    select code as award_level, weight::integer as level_weight
    from codebook
    where list = 'award_level'
),

final as (
    select
        a.award_id,
        a.teacher_key,
        a.year,
        coalesce(a.school_code, r.school_code) as school_code,
        s.school_name,
        s.stage,
        s.township,
        s.urban_rural,
        r.subject,
        r.dev_tier,
        a.award_name,
        a.award_level,
        w.level_weight,
        a.category,
        a.grade,
        a.issuer
    from awards as a
    left join rosters as r on r.year = a.year and r.teacher_key = a.teacher_key
    left join level_weights as w using (award_level)
    left join schools as s on s.school_code = coalesce(a.school_code, r.school_code)
)

select * from final
