"""The demo county's yearly totals, at scale 1 (39 schools, 2,800 teachers in 2024).

The 2024 figures are the seed report's; the other years are invented to rise towards it.
Every count here is met exactly by the generators at scale 1 (they are inputs, not
outcomes), so the loader's tests can assert them.
"""
from __future__ import annotations

BASE_TEACHERS_2024 = 2800
BASE_SCHOOLS = 39

# Teachers on each year's roster (rows written; see DELIBERATE_REJECTS for rows the loader refuses).
ROSTER_SIZES = {2021: 2690, 2022: 2725, 2023: 2760, 2024: 2800, 2025: 2830}

# Participation rows per year and train tier (each a distinct (program, teacher) pair).
PERSON_TIMES = {
    2021: {"national": 420, "provincial": 560, "municipal": 780, "county": 1950, "school": 5900},
    2022: {"national": 470, "provincial": 650, "municipal": 880, "county": 2180, "school": 6650},
    2023: {"national": 540, "provincial": 740, "municipal": 1000, "county": 2420, "school": 7380},
    2024: {"national": 617, "provincial": 840, "municipal": 1126, "county": 2648, "school": 8169},
    2025: {"national": 650, "provincial": 880, "municipal": 1190, "county": 2760, "school": 8520},
}

# Share of each year's roster drawn into training at all (coverage ends a little lower,
# because some of these teachers fail or drop out of everything they joined).
TRAINED_SHARE = {2021: 0.72, 2022: 0.80, 2023: 0.87, 2024: 0.93, 2025: 0.975}

# Share of participation rows with a passing result.
PASS_RATE = {2021: 0.91, 2022: 0.925, 2023: 0.94, 2024: 0.95, 2025: 0.96}

# Awards per year and level.
AWARDS = {
    2021: {"national": 2, "provincial": 80, "municipal": 200, "county": 720, "school": 40},
    2022: {"national": 3, "provincial": 92, "municipal": 228, "county": 810, "school": 35},
    2023: {"national": 1, "provincial": 104, "municipal": 256, "county": 900, "school": 30},
    2024: {"national": 0, "provincial": 117, "municipal": 285, "county": 996, "school": 0},
    2025: {"national": 4, "provincial": 125, "municipal": 300, "county": 1040, "school": 25},
}

# Programs per year and tier at scale 1 (school-based programs are counted per school instead).
PROGRAMS = {"national": 12, "provincial": 16, "municipal": 22, "county": 45}

# Teachers known only by 教师编号 (no ID number anywhere), at scale 1.
CODE_ONLY_TEACHERS = 20

# Person-times per year by training form (培训形式): 网络培训 (online) and 外出交流/跟岗
# (shadowing, at national/provincial/municipal programs), met exactly at scale 1 by
# re-assigning whole programs' forms (etl/demo/forms.py); the rest are offline or blended.
# 2024 is the seed report's: 网络培训 9,296 人次, 外出交流 490 人次.
FORM_PERSON_TIMES = {
    2021: {"online": 5290, "shadowing": 300},
    2022: {"online": 6500, "shadowing": 360},
    2023: {"online": 7850, "shadowing": 420},
    2024: {"online": 9296, "shadowing": 490},
    2025: {"online": 9800, "shadowing": 520},
}
