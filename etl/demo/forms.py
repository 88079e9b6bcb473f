"""Training forms (培训形式) so each year's person-times by form meet ``targets.FORM_PERSON_TIMES``.

A program has one form, so a form's person-times are a sum of whole programs' sizes. Per
year: 外出交流/跟岗 (shadowing) goes to a subset of the national, provincial and municipal
programs whose sizes add up exactly to its target; 网络培训 (online) to a subset of the
rest, preferring programs first drawn online; every other program is offline or blended
(its first draw kept when it was one of those). Exact subset sums by a bitset
walk where the year is small enough (the demo county); at province scale a greedy fill
comes within a program's size of the target.

Runs after ``training.simulate`` on its own random stream, so nothing else in the demo
(tiers, results, hours, awards, ratings) moves.
"""
from __future__ import annotations

import numpy as np
import polars as pl

_EXACT_LIMIT = 200_000    # person-times in a year above which the bitset walk is skipped
_SHADOW_TIERS = ("national", "provincial", "municipal")


def subset_with_sum(sizes: np.ndarray, target: int) -> np.ndarray:
    """Indexes of ``sizes`` adding up to ``target``, preferring earlier ones; a greedy
    fill (never over the target) when no exact subset exists or the sum is too large."""
    sizes = [int(s) for s in sizes]
    if 0 < target <= _EXACT_LIMIT and sum(sizes) <= _EXACT_LIMIT:
        mask = (1 << (target + 1)) - 1
        reach = [1]                      # reach[i]: sums reachable with the first i items
        for s in sizes:
            reach.append((reach[-1] | (reach[-1] << s)) & mask)
        if reach[-1] >> target & 1:
            picked, t = [], target
            for i in range(len(sizes) - 1, -1, -1):
                if not (reach[i] >> t & 1):   # t needs item i
                    picked.append(i)
                    t -= sizes[i]
            return np.array(sorted(picked), dtype=np.int64)
    picked, total = [], 0
    for i, s in enumerate(sizes):
        if 0 < s and total + s <= target:
            picked.append(i)
            total += s
    return np.array(picked, dtype=np.int64)


def assign(rng: np.random.Generator, programs: pl.DataFrame,
           form_targets: dict[int, dict[str, int]]) -> pl.DataFrame:
    """``programs`` with ``form`` re-drawn per year to meet ``form_targets`` (by ``participants``)."""
    forms = programs["form"].to_numpy().astype(object)
    tier = programs["train_tier"].to_numpy()
    size = programs["participants"].to_numpy()
    year = programs["year"].to_numpy()
    for y, want in sorted(form_targets.items()):
        at = np.flatnonzero(year == y)
        if len(at) == 0:
            continue
        order = at[rng.permutation(len(at))]
        shadow_pool = order[np.isin(tier[order], _SHADOW_TIERS)]
        shadow_pool = shadow_pool[np.argsort(forms[shadow_pool] != "shadowing", kind="stable")]
        shadow = shadow_pool[subset_with_sum(size[shadow_pool], want.get("shadowing", 0))]
        rest = order[~np.isin(order, shadow)]
        rest = rest[np.argsort(forms[rest] != "online", kind="stable")]
        online = rest[subset_with_sum(size[rest], want.get("online", 0))]
        others = at[~np.isin(at, np.concatenate([shadow, online]))]
        redraw = others[~np.isin(forms[others], ("offline", "blended"))]
        forms[redraw] = np.where(rng.random(len(redraw)) < 0.7, "offline", "blended")
        forms[shadow] = "shadowing"
        forms[online] = "online"
    return programs.with_columns(form=pl.Series(forms.astype(str)))
