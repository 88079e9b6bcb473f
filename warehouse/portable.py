"""The metric models rendered for DuckDB or Spark SQL, from one source, through sqlglot.

The models are written in DuckDB's dialect (``warehouse/sql/metrics/<model>.sql``) and keep to a
portable subset, which ``problems`` checks and ``tests/test_sql_portable.py`` enforces without a JVM:

- every function is one that sqlglot knows in both dialects and that is listed in ``PORTABLE``,
  with what differs between the engines and how the SQL or the renderer bridges it;
- ``max_by`` / ``min_by`` (``arg_max`` / ``arg_min``) order only by rows whose value is there:
  DuckDB's skips a null value, Spark's returns it, so the SQL says
  ``max_by(v, case when v is not null then year end)``;
- the one DuckDB-only construct, ``getvariable('cycle_start')``, becomes a bound parameter
  (``:cycle_start``) in Spark SQL, its value passed by the build;
- ``with x as materialized (…)`` is a DuckDB planning hint: Spark's SQL drops it;
- a decimal literal (``100.0``) is DECIMAL in both engines, but Spark keeps a quotient of
  decimals to 6 places where DuckDB divides in DOUBLE: the renderer casts it to DOUBLE.

``order()`` lists the models so that each comes after every model it reads; ``columns()`` gives
each model's columns in DuckDB's order (Spark expands ``p.*`` of a ``join … using (k)`` with
``k`` first, so a build selects the columns in this order).
"""
from __future__ import annotations

from functools import lru_cache
from graphlib import TopologicalSorter

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from warehouse.schema import create_schema, view_files

Dialect = str  # "duckdb" | "spark"
VARIABLE = "getvariable"

# sqlglot's class for each function the models may use, and what differs between the engines.
PORTABLE: dict[type[exp.Expression], str] = {
    exp.And: "logic", exp.Or: "logic", exp.Not: "logic", exp.Case: "case", exp.If: "if()",
    exp.Cast: "cast to portable types", exp.Coalesce: "coalesce", exp.Nullif: "nullif",
    exp.Exists: "exists (subquery)", exp.Count: "count, count(*) filter (where …)",
    exp.Sum: "sum (integer sums are exact; double sums agree to rounding)",
    exp.Min: "min", exp.Max: "max", exp.Floor: "floor (BIGINT in Spark, DOUBLE in DuckDB: cast after)",
    exp.Greatest: "greatest (skips nulls in both)", exp.Least: "least (skips nulls in both)",
    exp.AnyValue: "any_value: Spark gets ANY_VALUE(x) IGNORE NULLS; use only for a value fixed per group",
    exp.ArgMax: "max_by: ordering must skip rows whose value is null (see module doc)",
    exp.ArgMin: "min_by: as max_by, the ordering skips rows whose value is null",
    exp.RowNumber: "row_number() over (…)", exp.Lead: "lead() over (…)", exp.Lag: "lag() over (…)",
    exp.LogicalOr: "bool_or (skips nulls in both; Spark ≥ 3.0)",
    exp.BitwiseOrAgg: "bit_or of integers (skips nulls in both; Spark ≥ 3.0)",
    exp.Year: "year(date)", exp.Month: "month(date)",
}


# Models not yet inside the subset: the Spark build leaves them out and the app's DuckDB computes
# them from the lake (warehouse.lake.serve_models). Each names what keeps it out.
PENDING: dict[str, str] = {}


def spark_models() -> tuple[str, ...]:
    """The models the Spark build computes: every model but the pending ones and those reading them."""
    left: set[str] = set()
    for model in order():
        if model in PENDING or reads(model) & left:
            left.add(model)
    return tuple(m for m in order() if m not in left)


@lru_cache(maxsize=None)
def sources() -> dict[str, str]:
    """Each model's SQL text by model name (the file stem)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in view_files()}


def parse(model: str, sql: str | None = None) -> exp.Expression:
    """The model's syntax tree (``sql``, when given, stands for the model's file)."""
    return sqlglot.parse_one(sources()[model] if sql is None else sql, read="duckdb")


def reads(model: str) -> set[str]:
    """The other models that ``model`` selects from (CTE names excluded)."""
    tree = parse(model)
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    return ({t.name for t in tree.find_all(exp.Table)} - ctes) & set(sources())


@lru_cache(maxsize=None)
def order() -> tuple[str, ...]:
    """Every model after the models it reads (ties by name, so the order is stable)."""
    graph = {m: reads(m) for m in sorted(sources())}
    sorter = TopologicalSorter(graph)
    sorter.prepare()
    ordered: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        ordered += ready
        sorter.done(*ready)
    return tuple(ordered)


@lru_cache(maxsize=1)
def columns() -> dict[str, tuple[str, ...]]:
    """Each model's column names in order, read from its view on an empty DuckDB warehouse."""
    con = duckdb.connect()
    try:
        create_schema(con)
        return {m: tuple(c for c, *_ in con.execute(f"describe {m}").fetchall()) for m in order()}
    finally:
        con.close()


def variables(model: str) -> set[str]:
    """The connection variables ``model`` reads through ``getvariable('…')``."""
    return {f.expressions[0].name for f in parse(model).find_all(exp.Anonymous)
            if f.name.lower() == VARIABLE and f.expressions}


@lru_cache(maxsize=None)
def anchor_bound() -> frozenset[str]:
    """Models whose rows depend on a variable, themselves or through a model they read."""
    bound: set[str] = set()
    for model in order():
        if variables(model) or reads(model) & bound:
            bound.add(model)
    return frozenset(bound)


def _to_spark(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Anonymous) and node.name.lower() == VARIABLE and node.expressions:
        return exp.Placeholder(this=node.expressions[0].name)
    if isinstance(node, exp.Literal) and node.is_number and "." in node.this \
            and not isinstance(node.parent, exp.Cast):
        return exp.cast(node.copy(), exp.DataType.build("double"))
    if isinstance(node, exp.CTE) and node.args.get("materialized") is not None:
        # ``as materialized`` is a planning hint DuckDB takes and Spark's parser refuses; the
        # rows are the same without it.
        node = node.copy()
        node.set("materialized", None)
    return node


def render(model: str, dialect: Dialect, sql: str | None = None) -> str:
    """The model's SQL in ``dialect``; raises when something cannot be rendered faithfully."""
    tree = parse(model, sql)
    if dialect == "spark":
        tree = tree.transform(_to_spark)
    return tree.sql(dialect=dialect, unsupported_level=ErrorLevel.RAISE, pretty=True, comments=False)


def _ordering_skips_nulls(node: exp.ArgMax | exp.ArgMin) -> bool:
    value, key = node.this, node.expression
    if not isinstance(key, exp.Case) or len(key.args.get("ifs") or []) != 1 or key.args.get("default"):
        return False
    cond = key.args["ifs"][0].this
    return (isinstance(cond, exp.Not) and isinstance(cond.this, exp.Is)
            and cond.this.this == value and isinstance(cond.this.expression, exp.Null))


def problems(model: str, sql: str | None = None) -> list[str]:
    """Why ``model`` is outside the portable subset (empty when it is inside)."""
    found: list[str] = []
    for node in parse(model, sql).find_all(exp.Func):
        if isinstance(node, exp.Anonymous):
            if node.name.lower() != VARIABLE:
                found.append(f"{model}: {node.name}() is not a function sqlglot knows in both dialects")
        elif type(node) not in PORTABLE:
            found.append(f"{model}: {node.sql('duckdb')[:60]} uses {type(node).__name__}, not in PORTABLE")
        elif isinstance(node, (exp.ArgMax, exp.ArgMin)) and not _ordering_skips_nulls(node):
            found.append(f"{model}: {node.sql('duckdb')} must order by "
                         f"case when <value> is not null then <order> end")
    for dialect in ("duckdb", "spark"):
        try:
            text = render(model, dialect, sql)
        except sqlglot.errors.SqlglotError as exc:
            found.append(f"{model}: does not render for {dialect}: {exc}")
            continue
        unknown = sorted({f.name for f in sqlglot.parse_one(text, read=dialect).find_all(exp.Anonymous)
                          if dialect != "duckdb" or f.name.lower() != VARIABLE})
        if unknown:
            found.append(f"{model}: {dialect} does not know {', '.join(unknown)}")
    return found
