"""Build the demo county's data as tables (before any file formatting).

One ``numpy`` generator per part, each spawned from the one seed, so the same seed gives
the same data, and changing how awards are drawn does not reshuffle the participation.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from etl.demo import awards, county, forms, people, targets, training


@dataclass(frozen=True)
class Dataset:
    schools: pl.DataFrame        # school_idx, school_code, school_name, stage, township, urban_rural, is_weak, …
    teachers: pl.DataFrame       # teacher_idx, id_number, teacher_code, name, gender, birth_date, hire_date, subject, teaching_stage
    roster: pl.DataFrame         # year, teacher_idx, school_idx, dev_tier, title
    programs: pl.DataFrame       # program_row, program_code, program_name, year, train_tier, form, theme, …
    participation: pl.DataFrame  # program_code, year, teacher_idx, train_tier, hours, credits, result, score
    awards: pl.DataFrame         # year, teacher_idx, award_name, award_level, category, grade, award_date, issuer
    ratings: pl.DataFrame        # year, school_idx, rating, score
    plan: pl.DataFrame           # year, category, train_tier, target


def _scaled(table: dict[int, dict[str, int]], factor: float) -> dict[int, dict[str, int]]:
    return {y: {k: round(v * factor) for k, v in row.items()} for y, row in table.items()}


def build(seed: int = 2024, n_schools: int = targets.BASE_SCHOOLS,
          n_teachers: int = targets.BASE_TEACHERS_2024) -> Dataset:
    """All tables for ``n_schools`` schools and about ``n_teachers`` teachers on the 2024 roster.

    At the defaults (39, 2800) every count in ``targets`` holds exactly.
    """
    f = n_teachers / targets.BASE_TEACHERS_2024
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)]
    schools = county.school_frame(n_schools)
    roster_sizes = {y: round(v * f) for y, v in targets.ROSTER_SIZES.items()}
    teachers, roster = people.simulate(streams[0], schools, roster_sizes,
                                       n_code_only=round(targets.CODE_ONLY_TEACHERS * f))
    program_size = {t: targets.PERSON_TIMES[2024][t] / k for t, k in targets.PROGRAMS.items()}
    programs, participation = training.simulate(
        streams[1], schools, teachers, roster, _scaled(targets.PERSON_TIMES, f),
        targets.TRAINED_SHARE, targets.PASS_RATE, program_size)
    # A seventh stream (spawn keys are per index, so the first six are unchanged).
    form_rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(7)[6])
    programs = forms.assign(form_rng, programs, _scaled(targets.FORM_PERSON_TIMES, f))
    award_rows = awards.simulate(streams[2], schools, teachers, roster, _scaled(targets.AWARDS, f))
    ratings = awards.ratings(streams[3], schools, county.YEARS)
    plan = training.plan_targets(streams[4], participation)
    return Dataset(schools, teachers, roster, programs, participation, award_rows, ratings, plan)
