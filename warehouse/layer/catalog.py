"""The declarations: every model the layer reads, every additive measure, every rate. Once.

``MODELS`` is in the order the renderer tries them: smallest first. A measure of the same
name is the same number in every model that declares it (``tests/test_metric_layer.py``
checks each model against the next). Per-code measures (``person_times_national``,
``awards_county`` …) are declared by a loop over the codebook, so a new code needs no edit
here.
"""
from __future__ import annotations

from warehouse import codebook
from warehouse.layer.declare import Model, Rate

TRAIN_TIERS = codebook.codes("train_tier")
AWARD_LEVELS = codebook.codes("award_level")
DEV_TIERS = codebook.codes("dev_tier")

SCHOOL_COLUMNS = {
    "year": "m.year", "school": "m.school_code", "township": "m.township",
    "stage": "m.stage", "urban_rural": "m.urban_rural",
}
TEACHER_COLUMNS = {**SCHOOL_COLUMNS, "subject": "m.subject", "dev_tier": "m.dev_tier"}
SCHOOL_KEYS = ("year", "school_code", "school_name", "stage", "township", "urban_rural")

# Participation measures over teacher-year rows: the tier filter picks the tier columns.
_TEACHER_SUMS = {
    "person_times": "coalesce(sum({person_times}), 0)::bigint",
    "with_result": "coalesce(sum({with_result}), 0)::bigint",
    "passed": "coalesce(sum({passed}), 0)::bigint",
    "passed_hours": "coalesce(sum({passed_hours}), 0)::double",
    # each tier's person-times whatever the tier filter (the headline's tier mix)
    **{f"person_times_{t}": f"coalesce(sum(m.person_times_{t}), 0)::bigint" for t in TRAIN_TIERS},
}
_TIER_SPLIT = ("person_times", "with_result", "passed", "passed_hours")

SCHOOL_YEAR_TOTALS = Model(
    name="school_year_totals", grain=("year", "school_code"),
    columns=SCHOOL_COLUMNS, keys=SCHOOL_KEYS,
    measures={
        "roster_teachers": "coalesce(sum(m.roster_teachers), 0)::bigint",
        "trained_teachers": "coalesce(sum({trained}), 0)::bigint",
        **_TEACHER_SUMS,
    },
    tier_split=(*_TIER_SPLIT, "trained"), one_tier=("trained",),
    all_tiers={"trained": "trained_teachers"},
)

TEACHER_YEAR = Model(
    name="teacher_year", grain=("year", "teacher_key"),
    columns=TEACHER_COLUMNS, keys=(*SCHOOL_KEYS, "subject", "dev_tier"),
    measures={
        "roster_teachers": "count(*) filter (where m.on_roster)",
        "trained_teachers": "count(*) filter (where m.on_roster and {passed} > 0)",
        **_TEACHER_SUMS,
    },
    tier_split=_TIER_SPLIT, form_source=True,
)

AWARD_DETAIL = Model(
    name="award_detail", grain=("award_id",),
    columns=TEACHER_COLUMNS,
    keys=(*SCHOOL_KEYS, "subject", "dev_tier", "award_level", "category"),
    measures={
        "awards": "count(*)",
        "weighted_awards": "coalesce(sum(m.level_weight), 0)::bigint",
        **{f"awards_{lvl}": f"count(*) filter (where m.award_level = '{lvl}')" for lvl in AWARD_LEVELS},
    },
)

DEV_TIER_SCHOOL_YEAR = Model(
    name="dev_tier_school_year", grain=("year", "school_code", "subject"),
    columns={**SCHOOL_COLUMNS, "subject": "m.subject"},
    keys=(*SCHOOL_KEYS, "subject"),
    measures={f"teachers_{t}": f"coalesce(sum(m.teachers_{t}), 0)::bigint" for t in (*DEV_TIERS, "no_tier")},
)

STEP_COLUMNS = {
    **SCHOOL_COLUMNS, "subject": "m.subject",
    # a joiner has no earlier tier: filter on the tier they joined at
    "dev_tier": "coalesce(m.from_tier, m.to_tier)",
}
TEACHER_DEV_TIER_STEP = Model(
    name="teacher_dev_tier_step", grain=("year", "teacher_key"),
    columns=STEP_COLUMNS, keys=(*SCHOOL_KEYS, "subject", "from_tier", "to_tier", "movement"),
    measures={
        "step_teachers": "count(*)",
        # last year's teachers at a tier still on this year's roster (the promotion denominator)
        "stayers": "count(*) filter (where m.movement in ('up', 'stayed', 'down'))",
        "promoted": "count(*) filter (where m.movement = 'up')",
    },
)

# Smallest first: the renderer reads the first model that serves every measure, key and filter.
MODELS: tuple[Model, ...] = (
    SCHOOL_YEAR_TOTALS, DEV_TIER_SCHOOL_YEAR, AWARD_DETAIL, TEACHER_DEV_TIER_STEP, TEACHER_YEAR,
)

RATES: dict[str, Rate] = {r.name: r for r in (
    Rate("coverage", "trained_teachers", "roster_teachers", defined_in="metric_school_year"),
    Rate("pass_rate", "passed", "with_result", defined_in="metric_school_year"),
    Rate("hours_per_teacher", "passed_hours", "roster_teachers", defined_in="metric_school_year",
         unit="per_teacher"),
    Rate("award_density", "awards", "roster_teachers", scale=100, defined_in="metric_school_year",
         unit="per_100_teachers"),
    Rate("weighted_award_density", "weighted_awards", "roster_teachers", scale=100,
         defined_in="metric_school_year", unit="per_100_teachers"),
    Rate("compliance_rate", "compliant_teachers", "teachers",
         zh="周期达标率：分子 = 截至年度学时达到按年折算要求的名册教师人数 (compliant_teachers)；分母 = 截至年度名册教师人数 "
            "(teachers)；单位：比例 0–1；分母为 0 时为空。折算规则见 teacher_cycle_year。",
         en="Cycle compliance rate: numerator = roster teachers whose hours meet the pro-rated requirement as of the "
            "year (compliant_teachers); denominator = roster teachers as of the year (teachers); unit: fraction 0–1; "
            "NULL when the denominator is 0. Pro-rating as in teacher_cycle_year."),
    Rate("completion", "participants", "planned_seats", defined_in="metric_program_plan"),
    Rate("tier_completion", "participants_with_seats", "planned_seats",
         zh="层级计划完成率：分子 = 有计划人数的项目的参训人次之和；分母 = 这些项目的计划人数之和；单位：比例（1 = 100%，"
            "超额时大于 1）；没有项目有计划人数时为空。",
         en="Tier plan completion: numerator = participants of the programs with planned seats; denominator = "
            "their planned seats; unit: ratio (1 = 100%, above 1 when over-subscribed); NULL when no program has seats."),
    Rate("target_completion", "actual", "target", defined_in="metric_plan_target.completion"),
    Rate("promotion_rate", "promoted", "stayers",
         zh="晋升率：分子 = 上一年在该层级、当年仍在名册且层级提高的教师人数；分母 = 上一年在该层级、当年仍在名册的教师人数；"
            "单位：比例 0–1；分母为 0 或已在最高层级时为空。",
         en="Promotion rate: numerator = teachers at the tier last year, still on the roster, who moved up; "
            "denominator = teachers at the tier last year still on the roster; unit: fraction 0–1; NULL when "
            "the denominator is 0 or at the top tier."),
)}

# Stored models that query modules read directly: declared for their grain, dimensions and
# additive measures, but not routed to by the renderer, because a key of their grain is not a
# filter dimension (a period kind, a cycle, a rule set): a sum across it would mix periods.
_OFFICIAL_FLAGS = (*TRAIN_TIERS, "offline", "online", "shadowing")
TEACHER_TRAINING_PERIOD = Model(
    name="teacher_training_period", grain=("period_kind", "period_year", "teacher_key"),
    columns={"year": "m.period_year", "school": "m.school_code"},
    keys=("period_kind", "period_year", "school_code", "stage_group", "gender"),
    measures={
        "teachers": "count(*)",
        "attended_teachers": "count(*) filter (where m.attended)",
        "completed_teachers": "count(*) filter (where m.completed)",
        "passed_hours": "coalesce(sum(m.passed_hours), 0)::double",
        **{f"attended_{k}": f"count(*) filter (where m.attended_{k})" for k in _OFFICIAL_FLAGS},
        **{f"completed_{k}": f"count(*) filter (where m.completed_{k})" for k in _OFFICIAL_FLAGS},
    },
)
SCHOOL_STAGE_RESOURCES = Model(
    name="school_stage_resources", grain=("year", "school_code", "stage_group"),
    columns={"year": "m.year", "school": "m.school_code"},
    keys=("year", "school_code", "stage_group"),
    measures={
        "teachers": "coalesce(sum(m.teachers), 0)::bigint",
        "passed_hours": "coalesce(sum(m.passed_hours), 0)::double",
        "key_teachers": "coalesce(sum(m.key_teachers), 0)::bigint",
    },
)
# The credit ledger under the chosen rule set (credits/store.py stores it, sorted by school).
METRIC_TEACHER_CREDIT = Model(
    name="metric_teacher_credit", grain=("cycle_start", "teacher_key"),
    columns={"year": "m.as_of_year", "school": "m.school_code", "stage": "m.stage"},
    keys=("cycle_start", "as_of_year", "school_code", "school_name", "stage", "rule_id", "unit", "forecast"),
    measures={
        "teachers": "count(*)",
        "compliant_teachers": "count(*) filter (where m.compliant)",
        "projected_met_teachers": "count(*) filter (where m.projected_met)",
        "earned": "coalesce(sum(m.earned), 0)::double",
        "remaining": "coalesce(sum(m.remaining), 0)::double",
    },
)
DIRECT_MODELS: tuple[Model, ...] = (TEACHER_TRAINING_PERIOD, SCHOOL_STAGE_RESOURCES, METRIC_TEACHER_CREDIT)
