"""Composite-score arithmetic (the school ranking): min-max normalisation and weighted terms.

Declared here, beside the rates, so no query module divides: ``warehouse/queries/ranking.py``
writes its SQL from these two expressions.
"""
from __future__ import annotations


def min_max_sql(column: str, window: str = "grp") -> str:
    """``(x − min) ÷ (max − min)`` within the window: 0 the lowest, 1 the highest; 0.5 when the
    whole window is equal; 0 when x is missing."""
    lo, hi = f"min({column}) over {window}", f"max({column}) over {window}"
    return (f"case when {column} is null then 0.0 when {hi} = {lo} then 0.5 "
            f"else ({column} - {lo}) / ({hi} - {lo}) end")


def weighted_term_sql(weight: str, total_weight: str, value: str) -> str:
    """One term of a 0–100 composite: ``100 × weight ÷ Σ weights × value``."""
    return f"100.0 * {weight} / {total_weight} * {value}"
