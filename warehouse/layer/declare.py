"""The three things the metric layer declares: models, measures (inside a model) and rates.

A ``Model`` is a stored model (or table) with its grain, the filter dimensions it can
honour (``columns``, as ``warehouse.filters.where_clause`` takes them), the columns a query
may group by (``keys``) and the additive measures it can aggregate (``measures``: name ->
SQL aggregate over alias ``m``). Measures of the same name mean the same number whatever
model computes them; the renderer picks the smallest model that can.

Training tiers are columns, not rows, in the teacher models (``person_times_national`` …):
a measure names a tier-split column as ``{person_times}`` and the renderer writes the
column for the tiers of the filter (``m.person_times`` for all tiers, ``m.person_times_county``
for one, ``(m.person_times_county + m.person_times_school)`` for several). A column named in
``one_tier`` does not add up across tiers (a teacher trained in two tiers is one teacher), so
a model with it answers for one tier at a time, and ``all_tiers`` names its all-tier column.

A ``Rate`` is numerator ÷ denominator of two measures, times ``scale``, NULL when the
denominator is 0, with its definition: the ``·`` line of a metric view's SQL header
(``defined_in``) or, for a rate with no view, its own ``zh``/``en`` text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from warehouse import codebook

PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Model:
    name: str
    grain: tuple[str, ...]
    columns: Mapping[str, str]      # filter dimension -> column expression over alias m
    keys: tuple[str, ...]           # columns a query may group by
    measures: Mapping[str, str]     # measure -> aggregate over alias m
    tier_split: tuple[str, ...] = ()    # {placeholders}: columns with a _<tier> column per tier
    one_tier: tuple[str, ...] = ()      # placeholders that do not add across tiers
    all_tiers: Mapping[str, str] = field(default_factory=dict)  # placeholder -> all-tier column
    form_source: bool = False           # read through training_form.source under a form filter

    def serves(self, measure: str, tiers: tuple[str, ...], forms: tuple[str, ...] = ()) -> bool:
        """Whether this model computes ``measure`` under a filter on ``tiers`` and ``forms``."""
        template = self.measures.get(measure)
        if template is None:
            return False
        if forms and not self.form_source and self.from_participation(measure):
            return False
        return len(tiers) <= 1 or not set(PLACEHOLDER.findall(template)) & set(self.one_tier)

    def from_participation(self, measure: str) -> bool:
        """Whether a measure counts training (a tier-split column, or one tier's), so that a
        training-form filter changes it."""
        template = self.measures[measure]
        if PLACEHOLDER.search(template):
            return True
        return any(f"m.{base}_{t}" in template for base in self.tier_split for t in codebook.codes("train_tier"))

    def expression(self, measure: str, tiers: tuple[str, ...]) -> str:
        """The measure's aggregate with each tier-split column written for ``tiers``."""
        return PLACEHOLDER.sub(lambda m: self.tier_column(m.group(1), tiers), self.measures[measure])

    def tier_column(self, base: str, tiers: tuple[str, ...]) -> str:
        """``m.<base>`` for all tiers, else the (sum of the) chosen tiers' columns."""
        assert base in self.tier_split, base
        if not tiers:
            return f"m.{self.all_tiers.get(base, base)}"
        known = codebook.codes("train_tier")
        assert all(t in known for t in tiers)  # only codebook codes reach the SQL text
        parts = [f"m.{base}_{t}" for t in tiers]
        return parts[0] if len(parts) == 1 else "(" + " + ".join(parts) + ")"


@dataclass(frozen=True)
class Rate:
    name: str
    numerator: str
    denominator: str
    scale: float = 1
    defined_in: str | None = None   # the metric view whose header defines it ("view[.column]")
    zh: str = ""
    en: str = ""
    unit: str = "ratio"             # ratio | per_teacher | per_100_teachers

    def sql(self, ref=lambda name: name) -> str:
        """``numerator / nullif(denominator, 0)``; ``ref`` writes a measure's column expression."""
        scale = "" if self.scale == 1 else f"{float(self.scale)!r} * "
        return f"{scale}{ref(self.numerator)} / nullif({ref(self.denominator)}, 0)"

    def definition(self, lang: str = "zh") -> str:
        """The rate's definition text, as the pages show it."""
        own = self.zh if lang == "zh" else self.en
        if own:
            return own
        from warehouse.definitions import measure
        view, _, column = (self.defined_in or "").partition(".")  # "view" or "view.column"
        found = measure(view, column or self.name, lang) if view else None
        if not found:
            raise KeyError(f"指标 {self.name} 没有定义说明 (rate {self.name!r} has no definition)")
        return found
