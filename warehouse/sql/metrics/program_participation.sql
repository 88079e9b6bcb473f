-- [zh] 项目参训人次（program_participation）：参训记录按项目加总，计划完成率的可加组成部分
-- 粒度：每个年度、每个有参训记录的培训项目一行 (year, program_code)；年度取参训记录的年度（即项目的年度）。
-- · participants 参训人次：分子 = 该项目的参训记录条数（任何考核结果）；分母：无（计数）；单位：人次。
-- · passed 合格人次：分子 = 该项目考核结果为“合格”的记录条数；分母：无（计数）；单位：人次。
-- [en] Participation per program (program_participation): participation rows summed per program, the additive parts of plan completion
-- Grain: one row per year and program with participation (year, program_code); the year is the participation rows' (the program's).
-- · participants: numerator = the program's participation rows (any result); denominator: none (a count); unit: person-times.
-- · passed: numerator = the program's passed rows; denominator: none (a count); unit: person-times.
with

participations as (
    select year, program_code, result
    from participation
),

final as (
    select
        year,
        program_code,
        count(*)                                  as participants,
        count(*) filter (where result = 'passed') as passed
    from participations
    group by year, program_code
)

select * from final
