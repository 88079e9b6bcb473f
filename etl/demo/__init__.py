"""The bundled demo county: raw files as 康乐县's education bureau (临夏州, 甘肃) would export them.

``write_demo_files(out_dir)`` writes schools, five yearly rosters, programs, five years of
participation, awards, school ratings and plan targets for 2021–2025: 39 schools, about
2,800 teachers, with the seed report's 2024 figures exactly (at the default scale).
Deterministic: the same seed gives the same bytes. Pass ``n_schools``/``n_teachers`` (or
``scale``) for a province-sized benchmark; the exact figures below then no longer hold.

The constants below are what a loader following DATA_CONTRACT.md must end up with
(counts of LOADED rows, at scale 1, for any seed).
"""
from __future__ import annotations

from pathlib import Path

from etl.demo import faults, targets

EXPECTED_2024 = {
    "person_times": {"national": 617, "provincial": 840, "municipal": 1126, "county": 2648, "school": 8169,
                     "total": 13400},
    "awards": {"national": 0, "provincial": 117, "municipal": 285, "county": 996, "school": 0, "total": 1398},
    "schools": 39,
    "ratings": {"excellent": 20, "good": 0, "pass": 19, "fail": 0},
    "roster": 2800,
}
# Loaded participation rows and awards per year and tier/level (2024 as above).
EXPECTED_PERSON_TIMES = targets.PERSON_TIMES
EXPECTED_AWARDS = targets.AWARDS
# Loaded roster rows per year: 教师名册_2022.csv has one row the loader must refuse.
EXPECTED_ROSTER = {2021: 2690, 2022: 2724, 2023: 2760, 2024: 2800, 2025: 2830}
EXPECTED_SCHOOL_RATINGS = 39 * 5
EXPECTED_PLAN_TARGETS = 5 * 5
CODE_ONLY_TEACHERS = targets.CODE_ONLY_TEACHERS   # known by 教师编号 only, in every file

# Rows the loader must reject, per file; and each one as (file, row as the clerk sees it, column, reason).
DELIBERATE_REJECTS = {"教师名册_2022.csv": 1, "参训记录_2023.csv": 6}
DELIBERATE_BAD_ROWS = tuple((f, pos + 2, col, why) for f, pos, col, why in faults.REJECTS)
# Rows that load but carry a warning (a name that disagrees with the roster).
DELIBERATE_WARNINGS = {"参训记录_2022.csv": 1}
# Cells that look wrong but must load after normalisation (full-width digits, stray whitespace).
MESSY_BUT_VALID = {"教师名册_2025.csv": 2, "参训记录_2025.csv": 2}
# Rows below the data that are not data: a 合计 totals row or a 注 note line, per (file, sheet).
SKIPPED_ROWS = {
    ("学校名册.xlsx", "学校名册"): 1,
    ("教师名册_2024.xlsx", "教师名册"): 1,
    ("培训项目.xlsx", "2024年"): 1,
    ("参训记录_2024.xlsx", "参训记录"): 1,
    ("获奖荣誉.xlsx", "2024年"): 1,
    ("年度培训计划.xlsx", "年度培训计划"): 1,
}


def write_demo_files(out_dir: Path, seed: int = 2024, scale: float = 1.0, *,
                     n_schools: int | None = None, n_teachers: int | None = None) -> list[Path]:
    """Write the demo county's raw files into ``out_dir``; return their paths in write order.

    ``scale`` multiplies schools (39) and teachers (2,800 in 2024); ``n_schools`` and
    ``n_teachers`` set them directly (e.g. 3,000 and 600,000 for a province).
    """
    from etl.demo import dataset, write   # numpy/xlsxwriter only when files are wanted

    n_schools = n_schools if n_schools is not None else max(1, round(targets.BASE_SCHOOLS * scale))
    n_teachers = n_teachers if n_teachers is not None else max(50, round(targets.BASE_TEACHERS_2024 * scale))
    from etl.demo import funds

    ds = dataset.build(seed, n_schools=n_schools, n_teachers=n_teachers)
    return [*write.write_all(ds, Path(out_dir)), funds.write(ds, Path(out_dir), seed)]
