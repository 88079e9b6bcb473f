"""School ranking page: a weighted composite of five indicators per school and year.

Reads ``metric_school_year`` and ``award_detail`` (warehouse/sql/metrics/). How the score is
made (also shown on the page, see ``METHOD``):

1. Indicators per school-year: coverage, pass rate, hours per teacher, award density
   (awards per 100 roster teachers, each award weighted by its level) and the bureau's
   rating turned into a score (excellent 1, good 0.75, pass 0.5, fail 0).
2. Each indicator is min-max normalised within the comparison group (schools of the same
   stage by default, or all schools) of that year: (x − min) ÷ (max − min), so 0 is the
   group's lowest and 1 its highest. When every school of the group has the same value
   it scores 0.5. A missing value (no participation, not rated) scores 0.
3. composite = Σ weightᵢ × normalisedᵢ ÷ Σ weights × 100 (0–100); contributionᵢ is each
   term of that sum, so the contributions add up to the composite.
4. rank() within the group by composite, highest first: ties share a rank (1, 2, 2, 4).
   The rank change compares with the previous year's rank under the same weights.
5. Schools with fewer than 10 roster teachers are flagged: their rates swing.
"""
from __future__ import annotations

from typing import Literal

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from warehouse import codebook, layer
from warehouse.filters import Filters, where_clause
from warehouse.layer.scores import min_max_sql, weighted_term_sql
from warehouse.queries.common import latest_year, run

INDICATORS = ("coverage", "pass_rate", "hours_per_teacher", "award_density", "rating")
SMALL_SCHOOL_TEACHERS = 10
# A comparison group of fewer schools than this is scored against every school compared that
# year: min-max within one school always gives 0.5, within two 0 or 1 whatever the values.
MIN_GROUP_SCHOOLS = 3
LEVELS = codebook.codes("award_level")
RATING_SCORES = codebook.weights("rating")  # excellent 1, good 0.75, pass 0.5, fail 0

METHOD = {
    "zh": "综合得分 = Σ(权重 × 组内标准化值) ÷ 权重合计 × 100。各指标在比较组内（默认同学段，或全部学校）"
          "按“最小–最大”标准化到 0–1：(值 − 组内最低) ÷ (组内最高 − 组内最低)；组内各校相同时记 0.5，"
          "缺失（无参训、未考核）记 0。获奖密度按级别加权（国家级 5、省级 4、市/州级 3、县/区级 2、校级 1，可调），"
          "考核等次折算为分值（优秀 1、良好 0.75、合格 0.5、不合格 0）。得分相同名次相同（1、2、2、4）。"
          "名册教师少于 10 人的学校会标注，其比率波动较大。",
    "en": "Composite = Σ(weight × normalised value) ÷ Σ weights × 100. Each indicator is min-max "
          "normalised to 0–1 within the comparison group (same stage by default, or all schools): "
          "(value − group min) ÷ (group max − group min); 0.5 when the whole group is equal, 0 when "
          "missing (no participation, not rated). Award density weights awards by level (national 5, "
          "provincial 4, municipal 3, county 2, school 1, adjustable); ratings score excellent 1, "
          "good 0.75, pass 0.5, fail 0. Equal composites share a rank (1, 2, 2, 4). Schools with "
          "fewer than 10 roster teachers are flagged: their rates swing.",
}


class RankingWeights(BaseModel):
    """Indicator weights (relative; they need not sum to 1), award level weights and the
    comparison group. Defaults are the documented ones."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    coverage: float = Field(0.30, ge=0)
    pass_rate: float = Field(0.20, ge=0)
    hours_per_teacher: float = Field(0.20, ge=0)
    award_density: float = Field(0.15, ge=0)
    rating: float = Field(0.15, ge=0)
    award_national: float = Field(5, ge=0)
    award_provincial: float = Field(4, ge=0)
    award_municipal: float = Field(3, ge=0)
    award_county: float = Field(2, ge=0)
    award_school: float = Field(1, ge=0)
    group_by: Literal["stage", "all"] = "stage"

    @model_validator(mode="after")
    def _some_weight(self) -> "RankingWeights":
        if sum(getattr(self, i) for i in INDICATORS) <= 0:
            raise ValueError("至少一个指标的权重要大于 0 (at least one indicator weight must be > 0)")
        return self


# The comparison population: the year and the school-attribute filters. The school
# selection and the access scope only pick which ranked rows are returned.
POPULATION_COLUMNS = {
    "township": "m.township",
    "stage": "m.stage",
    "urban_rural": "m.urban_rural",
}
SHOWN_COLUMNS = {"school": "r.school_code"}

GROUP_EXPRESSIONS = {"stage": "coalesce(m.stage, 'unknown')", "all": "'all'"}


def ranking(con: duckdb.DuckDBPyConnection, filters: Filters,
            weights: RankingWeights | dict | None = None) -> pl.DataFrame:
    """Ranked schools of the selected year (the end of a range, else the latest roster
    year), ordered by comparison group, rank, school code.

    Columns: year, school_code, school_name, stage, township, urban_rural,
    comparison_group, group_size, scored_in_group (false: a group of fewer than
    ``MIN_GROUP_SCHOOLS`` schools, scored against every school compared), roster_teachers,
    small_school, coverage, pass_rate,
    hours_per_teacher, award_density, rating, rating_score, norm_<indicator> and
    contribution_<indicator> for coverage/pass_rate/hours_per_teacher/award_density/rating,
    composite (0–100), rank, previous_rank, rank_change (previous − current: positive means
    moved up; NULL when not ranked last year). Schools with roster teachers only.
    The township, stage and urban/rural filters choose the schools compared; the school
    selection and ``allowed_schools`` only choose which ranked rows come back (a school
    user sees their own rank among all peers, never the peers' rows). Subject,
    development-tier and training-tier filters do not apply: a school is ranked whole.
    """
    w = weights if isinstance(weights, RankingWeights) else RankingWeights(**(weights or {}))
    year = latest_year(con, filters) or 0
    pop_where, pop_params = where_clause(filters.replace(year=None, schools=(), allowed_schools=None),
                                         POPULATION_COLUMNS)
    pop_condition = "m.year in ($year, $year - 1) and m.roster_teachers > 0"
    pop_where = f"{pop_where}\n  and {pop_condition}" if pop_where else f"where {pop_condition}"
    shown_where, shown_params = where_clause(filters.replace(year=None), SHOWN_COLUMNS)
    shown_condition = "r.year = $year"
    shown_where = f"{shown_where}\n  and {shown_condition}" if shown_where else f"where {shown_condition}"
    total_weight = sum(getattr(w, i) for i in INDICATORS)

    def norm(column: str) -> str:
        return (f"case when count(*) over grp < {MIN_GROUP_SCHOOLS} then {min_max_sql(column, 'everyone')} "
                f"else {min_max_sql(column)} end")
    contributions = ",\n".join(
        f"{weighted_term_sql(f'$w_{i}', '$w_total', f'norm_{i}')} as contribution_{i}" for i in INDICATORS
    )
    composite = " + ".join(f"contribution_{i}" for i in INDICATORS)
    sql = f"""
    with
    level_weights as (
        select code as award_level, (case code {" ".join(f"when '{lvl}' then $lw_{lvl}" for lvl in LEVELS)} end)
               as weight
        from codebook where list = 'award_level'
    ),
    awards as (
        select a.year, a.school_code, sum(lw.weight) as weighted_awards
        from award_detail as a
        join level_weights as lw using (award_level)
        where a.year in ($year, $year - 1)
        group by a.year, a.school_code
    ),
    ratings as (
        select code as rating, weight as rating_score from codebook where list = 'rating'
    ),
    indicators as (
        select
            m.year, m.school_code, m.school_name, m.stage, m.township, m.urban_rural,
            {GROUP_EXPRESSIONS[w.group_by]} as comparison_group,
            m.roster_teachers,
            m.roster_teachers < {SMALL_SCHOOL_TEACHERS} as small_school,
            m.coverage, m.pass_rate, m.hours_per_teacher,
            {layer.rate_sql("weighted_award_density", {
                "weighted_awards": "coalesce(a.weighted_awards, 0)", "roster_teachers": "m.roster_teachers"}.get)}
                as award_density,
            m.rating,
            rs.rating_score::double as rating_score
        from metric_school_year as m
        left join awards as a using (year, school_code)
        left join ratings as rs using (rating)
        {pop_where}
    ),
    normalised as (
        select *,
            count(*) over grp as group_size,
            count(*) over grp >= {MIN_GROUP_SCHOOLS} as scored_in_group,
            {norm('coverage')} as norm_coverage,
            {norm('pass_rate')} as norm_pass_rate,
            {norm('hours_per_teacher')} as norm_hours_per_teacher,
            {norm('award_density')} as norm_award_density,
            {norm('rating_score')} as norm_rating
        from indicators
        window grp as (partition by year, comparison_group), everyone as (partition by year)
    ),
    scored as (
        select *, {contributions}
        from normalised
    ),
    ranked as (
        select *,
            {composite} as composite,
            -- rounding lets float noise not break a tie between equal scores
            rank() over (partition by year, comparison_group order by round({composite}, 9) desc) as rank
        from scored
    ),
    final as (
        select r.* exclude (rank), r.rank,
            p.rank as previous_rank,
            p.rank - r.rank as rank_change
        from ranked as r
        left join ranked as p on p.year = r.year - 1 and p.school_code = r.school_code
        {shown_where}
    )
    select year, school_code, school_name, stage, township, urban_rural, comparison_group,
           group_size, scored_in_group, roster_teachers, small_school, coverage, pass_rate, hours_per_teacher,
           award_density, rating, rating_score,
           norm_coverage, norm_pass_rate, norm_hours_per_teacher, norm_award_density, norm_rating,
           contribution_coverage, contribution_pass_rate, contribution_hours_per_teacher,
           contribution_award_density, contribution_rating,
           composite, rank, previous_rank, rank_change
    from final
    order by comparison_group, rank, school_code
    """
    params = {
        **pop_params, **shown_params, "year": year, "w_total": total_weight,
        **{f"w_{i}": float(getattr(w, i)) for i in INDICATORS},
        **{f"lw_{lvl}": float(getattr(w, f"award_{lvl}"))
           for lvl in LEVELS},
    }
    return run(con, sql, params)
