"""The training-form filter (培训形式: 网络培训, 线下集中, 混合, 外出交流/跟岗, 其他).

Training tiers are columns of ``teacher_year`` (``passed_county`` …), so a tier filter reads
the stored model. Forms are not: a form filter would multiply every tier column by five
forms. Instead, under a form filter, ``teacher_year`` is read through ``source(filters)``:
the same rows and columns, with every participation column (the totals and each tier's)
summed from the stored ``teacher_form_year`` over the chosen forms only. A teacher
with no training of those forms keeps their row with zeros, so the roster (the coverage
denominator) is unchanged. The tier filter then works as always, on those columns.

The models that sum ``teacher_year`` further (``school_year_totals``) cannot answer a
participation measure under a form filter; ``Model.serves`` says so and the renderer reads
``teacher_year`` instead. A programme without a form counts as ``unknown`` (未填).
"""
from __future__ import annotations

from warehouse import codebook
from warehouse.filters import FORM_CODES, Filters

TEACHER_YEAR = "teacher_year"
FORM_MODEL = "teacher_form_year"   # (year, teacher_key, form): the same columns, per form
# teacher_year's columns that do not come from participation (kept as they are)
KEPT = ("year", "teacher_key", "school_code", "on_roster", "subject", "teaching_stage", "title", "hire_date",
        "dev_tier", "school_name", "stage", "township", "urban_rural", "is_weak")
# teacher_year's participation columns: these, then each per tier (person_times_national …)
COUNTED = ("person_times", "with_result", "passed", "passed_hours")
CASTS = {"person_times": "bigint", "with_result": "bigint", "passed": "bigint", "passed_hours": "double"}


def _cast(column: str) -> str:
    return CASTS.get(column) or CASTS[column.rsplit("_", 1)[0]]


def forms_of(filters: Filters) -> tuple[str, ...]:
    """The chosen forms, in codebook order (only codebook codes and ``unknown`` reach SQL)."""
    return tuple(f for f in FORM_CODES if f in filters.train_forms)


def participation_columns() -> list[str]:
    """Every participation column of ``teacher_year`` (and of ``teacher_form_year``)."""
    tiers = codebook.codes("train_tier")
    assert all(t.isidentifier() for t in tiers)   # only codebook codes reach the SQL text
    return [*COUNTED, *(f"{column}_{tier}" for tier in tiers for column in COUNTED)]


def source(filters: Filters) -> tuple[str, dict]:
    """``teacher_year``, or under a form filter the relation that stands in for it, and its
    bound parameters. Use as ``from {relation} as ty``."""
    forms = forms_of(filters)
    if not forms:
        return TEACHER_YEAR, {}
    years, params = [], {"tf_forms": list(forms)}
    if filters.year_from is not None:
        years.append("tf.year >= $tf_year_from")
        params["tf_year_from"] = filters.year_from
    if filters.year_to is not None:
        years.append("tf.year <= $tf_year_to")
        params["tf_year_to"] = filters.year_to
    year_where = "".join(f" and {y}" for y in years)
    columns = participation_columns()
    if len(forms) == 1:   # one row per teacher-year already: no sums needed
        params["tf_form"] = params.pop("tf_forms")[0]
        picked = f"""select tf.year, tf.teacher_key, {', '.join(f'tf.{name}' for name in columns)}
        from {FORM_MODEL} as tf
        where tf.form = $tf_form{year_where}"""
    else:
        picked = f"""select tf.year, tf.teacher_key, {', '.join(f'sum(tf.{name}) as {name}' for name in columns)}
        from {FORM_MODEL} as tf
        where list_contains($tf_forms, tf.form){year_where}
        group by tf.year, tf.teacher_key"""
    outer = [f"ty.{c}" for c in KEPT]
    outer += [f"coalesce(f.{name}, 0)::{_cast(name)} as {name}" for name in columns]
    outer.append("coalesce(f.passed, 0) > 0 as passed_any")
    relation = f"""(
    select {', '.join(outer)}
    from {TEACHER_YEAR} as ty
    left join (
        {picked}
    ) as f on f.year = ty.year and f.teacher_key = ty.teacher_key
    )"""
    return relation, params
