"""One renderer: (measures, group-by, filters, scope) -> SQL over the smallest model that covers them.

``render`` returns ``(sql, params)``. The SQL has three steps, each a CTE:

1. one ``part_<i>`` per model needed (``select <keys>, <aggregates> from <model> as m where …
   group by <keys>``): the fewest, smallest models that serve the measures, keys and filters
   (see ``catalog.MODELS``). Every filter value is a bound parameter (``where_clause``), so
   the scope (``allowed_schools``) applies wherever a school column exists.
2. ``totals``: the parts joined on the keys (full outer join), or, when grouping by
   ``train_tier``, one such query per tier (each with that tier as its filter) stacked.
3. ``final``: the keys, the measures and the rates (``numerator / nullif(denominator, 0)``),
   optionally on a grid that gives every code (or listed value) of a key its row.

Only names from the declarations and the codebook reach the SQL text. The SQL is plain
enough to transpile to Spark SQL with sqlglot (``render(..., dialect="spark")``).
"""
from __future__ import annotations

from typing import Mapping, Sequence

from warehouse import codebook
from warehouse.filters import Filters, where_clause
from warehouse.layer.catalog import MODELS, RATES
from warehouse.layer.declare import Model
from warehouse.layer import training_form

TIER_KEY = "train_tier"
# Under a training-form filter, teacher_year with its participation columns for those forms only
# (training_form.source), as one CTE that every part and tier of the query reads.
FORM_CTE = "form_teacher_year"


def _active_dimensions(filters: Filters) -> set[str]:
    f = filters
    active = {dim for dim, values in (
        ("school", f.schools), ("township", f.townships), ("stage", f.stages),
        ("urban_rural", f.urban_rural), ("subject", f.subjects), ("dev_tier", f.dev_tiers)) if values}
    if f.year_from is not None or f.year_to is not None:
        active.add("year")
    if f.allowed_schools is not None:
        active.add("school")
    return active


def components(names: Sequence[str]) -> list[str]:
    """The additive measures behind ``names`` (rates become their numerator and denominator)."""
    out: list[str] = []
    for name in names:
        parts = [RATES[name].numerator, RATES[name].denominator] if name in RATES else [name]
        out += [p for p in parts if p not in out]
    return out


def choose(measures: Sequence[str], keys: Sequence[str], filters: Filters,
           tiers: tuple[str, ...]) -> list[tuple[Model, list[str]]]:
    """(model, its measures) pairs: greedily the model serving most of what is left, smallest
    first on a tie, among the models with every key and every filtered dimension."""
    need, forms = _active_dimensions(filters), training_form.forms_of(filters)
    eligible = [m for m in MODELS if set(keys) <= set(m.keys) and need <= set(m.columns)]
    left, plan = list(measures), []
    while left:
        best = max(eligible, key=lambda m: (sum(m.serves(x, tiers, forms) for x in left), -MODELS.index(m)),
                   default=None)
        served = [x for x in left if best is not None and best.serves(x, tiers, forms)]
        if not served:
            raise ValueError(f"没有模型能按这些条件计算 (no model serves) {left} by {list(keys)}")
        plan.append((best, served))
        left = [x for x in left if x not in served]
    return plan


def _totals(measures: list[str], keys: list[str], filters: Filters, tiers: tuple[str, ...],
            tag: str) -> tuple[str, dict]:
    """``select <keys>, <measures>`` from the parts joined on the keys."""
    parts, params = [], {}
    for i, (model, served) in enumerate(choose(measures, keys, filters, tiers)):
        where, p = where_clause(filters, dict(model.columns))
        params.update(p)
        relation = model.name
        if model.form_source and training_form.forms_of(filters):   # teacher_year's rows counted for the chosen forms
            relation = FORM_CTE
        cols = [f"m.{k}" for k in keys] + [f"{model.expression(x, tiers)} as {x}" for x in served]
        group = f"group by {', '.join(f'm.{k}' for k in keys)}" if keys else ""
        parts.append((f"{tag}{i}", f"select {', '.join(cols)} from {relation} as m {where} {group}"))
    if len(parts) == 1:
        return parts[0][1], params
    names = [n for n, _ in parts]
    joined = names[0] + "".join(
        f" full outer join {n} using ({', '.join(keys)})" if keys else f" cross join {n}" for n in names[1:])
    ctes = ", ".join(f"{n} as ({body})" for n, body in parts)
    outer = [*keys, *(f"coalesce({x}, 0) as {x}" for x in measures)]
    return f"with {ctes} select {', '.join(outer)} from {joined}", params


def share_sql(measure: str, within: Sequence[str]) -> str:
    """A measure's share of its total within groups: ``x / nullif(sum(x) over (…), 0)``."""
    window = f"partition by {', '.join(within)}" if within else ""
    return f"{measure} / nullif(sum({measure}) over ({window}), 0)"


def _grid_values(key: str, values) -> tuple[str, dict]:
    """A two-column relation (key, key__order) of a codebook list or a list of values."""
    if isinstance(values, str):
        assert values in codebook.lists()
        return (f"(select code as {key}, sort_order as {key}__order from codebook "
                f"where list = '{values}')", {})
    rows = ", ".join(f"($g_{key}_{i}, {i})" for i in range(len(values)))
    return (f"(select * from (values {rows}) as v({key}, {key}__order))",
            {f"g_{key}_{i}": v for i, v in enumerate(values)})


def render(names: Sequence[str], by: Sequence[str] = (), filters: Filters | None = None, *,
           grid: Mapping[str, str | Sequence] | None = None, coded: Mapping[str, str] | None = None,
           nonzero: Sequence[str] = (), keep_order: bool = False, share: Mapping[str, str] | None = None,
           dialect: str = "duckdb") -> tuple[str, dict]:
    """SQL and parameters for ``names`` (measures and rates, in output order) by ``by``.

    ``grid``: key -> codebook list (or a list of values): every value gets a row for every
    combination of the other keys that has data, in that order, measures 0 where empty.
    ``coded``: key -> codebook list: order that key by the codebook instead of by its text.
    ``nonzero``: keep only rows where one of these measures is above 0.
    ``keep_order``: keep the ``<key>__order`` column of each ``grid``/``coded`` key.
    ``share``: output name -> measure: the measure's share of its total over the last key
    (within the other keys), e.g. each tier's share of a year's person-times.
    """
    filters = filters or Filters()
    grid, coded = dict(grid or {}), dict(coded or {})
    unknown = [n for n in names if n not in RATES and not any(n in m.measures for m in MODELS)]
    if unknown:
        raise ValueError(f"没有声明的指标 (undeclared measures) {unknown}")
    measures, keys = components(names), list(by)
    tiers = tuple(filters.train_tiers)
    if TIER_KEY in keys:
        coded.setdefault(TIER_KEY, TIER_KEY)
        rest = [k for k in keys if k != TIER_KEY]
        chosen = [t for t in codebook.codes(TIER_KEY) if not tiers or t in tiers]
        pieces, params = [], {}
        for t in chosen:
            body, p = _totals(measures, rest, filters, (t,), f"t_{t}_")
            params.update(p)
            pieces.append(f"select '{t}' as {TIER_KEY}, * from ({body})")
        body = " union all ".join(pieces)
    else:
        body, params = _totals(measures, keys, filters, tiers, "part_")

    rates = {n: RATES[n] for n in names if n in RATES}
    order_keys, joins, source = [], [], "totals as t"
    if grid:
        other = [k for k in keys if k not in grid]
        rels = []
        for key, values in grid.items():
            rel, p = _grid_values(key, values)
            params.update(p)
            rels.append(f"{rel} as g_{key}")
        base = f"(select distinct {', '.join(other)} from totals) as g0" if other else "(select 1 as one) as g0"
        on = " and ".join(f"t.{k} is not distinct from g{'0' if k in other else '_' + k}.{k}" for k in keys)
        source = " cross join ".join([base, *rels]) + f" left join totals as t on {on}"
        measure_sql = {x: f"coalesce(t.{x}, 0)" for x in measures}
        key_sql = {k: f"g0.{k}" if k in other else f"g_{k}.{k}" for k in keys}
    else:
        measure_sql = {x: f"t.{x}" for x in measures}
        key_sql = {k: f"t.{k}" for k in keys}
    for key, list_name in coded.items():
        if key in grid or key not in keys:
            continue
        assert list_name in codebook.lists()
        joins.append(f"left join codebook as c_{key} on c_{key}.list = '{list_name}' "
                     f"and c_{key}.code = {key_sql[key]}")
    orders = []
    for key in keys:
        if key in grid:
            orders.append(f"g_{key}.{key}__order")
        elif key in coded:
            orders.append(f"c_{key}.sort_order")
        else:
            orders.append(key_sql[key])
        order_keys.append(key)
    select = [f"{key_sql[k]} as {k}" for k in keys]
    if keep_order:
        select += [f"{o} as {k}__order" for k, o in zip(keys, orders) if k in grid or k in coded]
    for name in names:
        if name in rates:
            select.append(f"{rates[name].sql(measure_sql.__getitem__)} as {name}")
        else:
            select.append(f"{measure_sql[name]} as {name}")
    for name, measure in (share or {}).items():
        select.append(f"{share_sql(measure_sql[measure], [key_sql[k] for k in keys[:-1]])} as {name}")
    having = " or ".join(f"{measure_sql[x]} > 0" for x in nonzero)
    form_cte = ""
    if training_form.forms_of(filters):
        relation, form_params = training_form.source(filters)
        params.update(form_params)
        # Materialised only where it is read once per tier: elsewhere DuckDB inlines it and reads
        # only the columns the query needs (materialising all forty cost more than it saved).
        hint = "materialized " if dialect == "duckdb" and TIER_KEY in keys else ""
        form_cte = f"{FORM_CTE} as {hint}{relation},\n"
    sql = (f"with {form_cte}totals as ({body})\nselect {', '.join(select)}\nfrom {source} {' '.join(joins)}"
           f"{' where ' + having if having else ''}"
           f"{' order by ' + ', '.join(orders) if orders else ''}")
    if dialect != "duckdb":
        import sqlglot
        sql = sqlglot.transpile(sql, read="duckdb", write=dialect)[0]
    return sql, params
