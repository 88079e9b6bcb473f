"""The training-form filter (培训形式: 网络培训, 线下集中, 混合, 外出交流/跟岗, 其他).

Training tiers are columns of ``teacher_year`` (``passed_county`` …), so a tier filter reads
the stored model. Forms are not: a form filter would multiply every tier column by five
forms. Instead, under a form filter, ``teacher_year`` is read through ``source(filters)``:
the same rows and columns, with every participation column (the totals and each tier's)
counted again from ``participation`` over the programmes of the chosen forms only. A teacher
with no training of those forms keeps their row with zeros, so the roster (the coverage
denominator) is unchanged. The tier filter then works as always, on those columns.

The models that sum ``teacher_year`` further (``school_year_totals``) cannot answer a
participation measure under a form filter; ``Model.serves`` says so and the renderer reads
``teacher_year`` instead. A programme without a form counts as ``unknown`` (未填).
"""
from __future__ import annotations

from warehouse import codebook
from warehouse.filters import Filters

TEACHER_YEAR = "teacher_year"
# teacher_year's columns that do not come from participation (kept as they are)
KEPT = ("year", "teacher_key", "school_code", "on_roster", "subject", "teaching_stage", "title", "hire_date",
        "dev_tier", "school_name", "stage", "township", "urban_rural", "is_weak")
# participation column -> aggregate over one teacher-year's rows of the chosen forms
COUNTED = {
    "person_times": "count(*)",
    "with_result": "count(pa.result)",
    "passed": "count(*) filter (where pa.result = 'passed')",
    "passed_hours": "coalesce(sum(pa.hours) filter (where pa.result = 'passed'), 0)",
}
CASTS = {"person_times": "bigint", "with_result": "bigint", "passed": "bigint", "passed_hours": "double"}


def _cast(column: str) -> str:
    return CASTS.get(column) or CASTS[column.rsplit("_", 1)[0]]


def forms_of(filters: Filters) -> tuple[str, ...]:
    """The chosen forms, in codebook order (only codebook codes and ``unknown`` reach SQL)."""
    known = (*codebook.codes("form"), "unknown")
    return tuple(f for f in known if f in filters.train_forms)


def participation_columns() -> dict[str, str]:
    """Every participation column of ``teacher_year`` -> its aggregate over ``pa``/``pr``."""
    out = dict(COUNTED)
    for tier in codebook.codes("train_tier"):
        assert tier.isidentifier()
        for column, aggregate in COUNTED.items():
            condition = f"pr.train_tier = '{tier}'"
            if "filter (where" in aggregate:
                out[f"{column}_{tier}"] = aggregate.replace("filter (where", f"filter (where {condition} and")
            else:
                out[f"{column}_{tier}"] = f"{aggregate} filter (where {condition})"
    return out


def source(filters: Filters) -> tuple[str, dict]:
    """``teacher_year``, or under a form filter the relation that stands in for it, and its
    bound parameters. Use as ``from {relation} as ty``."""
    forms = forms_of(filters)
    if not forms:
        return TEACHER_YEAR, {}
    counted = participation_columns()
    years, params = [], {"tf_forms": list(forms)}
    if filters.year_from is not None:
        years.append("pa.year >= $tf_year_from")
        params["tf_year_from"] = filters.year_from
    if filters.year_to is not None:
        years.append("pa.year <= $tf_year_to")
        params["tf_year_to"] = filters.year_to
    year_where = "".join(f" and {y}" for y in years)
    inner = ",\n           ".join(f"{sql} as {name}" for name, sql in counted.items())
    outer = [f"ty.{c}" for c in KEPT]
    outer += [f"coalesce(f.{name}, 0)::{_cast(name)} as {name}" for name in counted]
    outer.append("coalesce(f.passed, 0) > 0 as passed_any")
    relation = f"""(
    select {', '.join(outer)}
    from {TEACHER_YEAR} as ty
    left join (
        select pa.year, pa.teacher_key,
           {inner}
        from participation as pa
        join program as pr using (program_code)
        where list_contains($tf_forms, coalesce(pr.form, 'unknown')){year_where}
        group by pa.year, pa.teacher_key
    ) as f on f.year = ty.year and f.teacher_key = ty.teacher_key
    )"""
    return relation, params
