"""The typed filter every query function takes, and the one where-clause builder.

The pages build a ``Filters`` from their widgets; the app sets ``allowed_schools`` from the
logged-in user (never from a widget). Values are always bound as parameters; column
expressions come only from the fixed maps the query modules pass in.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from warehouse.codebook import codes

# The codes a filter accepts: the lists of the one codebook.
TrainTier = Literal[codes("train_tier")]
# The training forms a filter, a chart or a table knows: the codebook's, then "unknown" (未填) for a
# programme without one. Every form list of the code reads this one.
FORM_CODES: tuple[str, ...] = (*codes("form"), "unknown")
TrainForm = Literal[FORM_CODES]
DevTier = Literal[codes("dev_tier")]
Stage = Literal[codes("stage")]
UrbanRural = Literal[codes("urban_rural")]


class Filters(BaseModel):
    """What the user selected, plus the row-level scope of who they are.

    ``year`` picks one year; ``year_from``/``year_to`` a range (either end open). Setting
    ``year`` sets both ends. Empty tuples mean "no restriction". ``allowed_schools`` is
    the access scope: ``None`` means every school, a set means only those schools' rows
    (an empty set sees nothing). Frozen and hashable, so it can key a cache.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    townships: tuple[str, ...] = ()
    stages: tuple[Stage, ...] = ()
    urban_rural: tuple[UrbanRural, ...] = ()
    schools: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    train_tiers: tuple[TrainTier, ...] = ()
    train_forms: tuple[TrainForm, ...] = ()   # 培训形式 (participation-grain queries honour it)
    dev_tiers: tuple[DevTier, ...] = ()
    allowed_schools: frozenset[str] | None = None

    @field_validator(
        "townships", "stages", "urban_rural", "schools", "subjects", "train_tiers", "train_forms",
        "dev_tiers", mode="before",
    )
    @classmethod
    def _one_or_many(cls, value):
        # A page may hand over a single string, a list or a set: store a sorted tuple so two
        # equal selections hash equal.
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        return tuple(sorted(set(value)))

    @model_validator(mode="after")
    def _year_range(self) -> "Filters":
        if self.year is not None:
            if (self.year_from not in (None, self.year)) or (self.year_to not in (None, self.year)):
                raise ValueError("year 与 year_from/year_to 不一致 (year conflicts with the year range)")
            object.__setattr__(self, "year_from", self.year)
            object.__setattr__(self, "year_to", self.year)
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise ValueError("起始年度晚于结束年度 (year_from is after year_to)")
        return self

    def replace(self, **changes) -> "Filters":
        """A copy with some fields changed (validated again). Passing ``year`` (even None)
        replaces the whole year range, so ``replace(year=None)`` drops the year filter."""
        data = self.model_dump()
        if "year" in changes:
            data.pop("year_from")
            data.pop("year_to")
        data.update(changes)
        return Filters(**data)


# The filter fields a query may honour, in the order the clause is built.
DIMENSIONS = (
    "year", "school", "township", "stage", "urban_rural", "subject", "dev_tier", "allowed",
)


def where_clause(filters: Filters, columns: dict[str, str]) -> tuple[str, dict[str, object]]:
    """``(sql, params)``: a ``where ...`` clause (or ``""``) over the given columns.

    ``columns`` maps a dimension from ``DIMENSIONS`` to the column expression of the query
    (a fixed string written in the query module, never user input), e.g.
    ``{"year": "ty.year", "school": "ty.school_code"}``. ``allowed`` is the row-level scope
    and defaults to the ``school`` column: a query that names a school column can never
    forget the scope. Every value is a bound ``$parameter``.
    """
    unknown = set(columns) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown filter dimensions: {sorted(unknown)}")
    columns = dict(columns)
    if "school" in columns:
        columns.setdefault("allowed", columns["school"])
    if filters.allowed_schools is not None and "allowed" not in columns:
        raise ValueError("this query has no school column to apply allowed_schools to")

    parts: list[str] = []
    params: dict[str, object] = {}

    def add_list(dim: str, values, name: str) -> None:
        if dim in columns and values:
            parts.append(f"list_contains(${name}, {columns[dim]})")
            params[name] = list(values)

    if "year" in columns:
        if filters.year_from is not None:
            parts.append(f"{columns['year']} >= $year_from")
            params["year_from"] = filters.year_from
        if filters.year_to is not None:
            parts.append(f"{columns['year']} <= $year_to")
            params["year_to"] = filters.year_to
    add_list("school", filters.schools, "f_schools")
    add_list("township", filters.townships, "f_townships")
    add_list("stage", filters.stages, "f_stages")
    add_list("urban_rural", filters.urban_rural, "f_urban_rural")
    add_list("subject", filters.subjects, "f_subjects")
    add_list("dev_tier", filters.dev_tiers, "f_dev_tiers")
    if filters.allowed_schools is not None:
        # An empty scope must match nothing, so it is bound as an empty list, not skipped.
        parts.append(f"list_contains($allowed_schools, {columns['allowed']})")
        params["allowed_schools"] = sorted(filters.allowed_schools)
    if not parts:
        return "", params
    return "where " + "\n  and ".join(parts), params
