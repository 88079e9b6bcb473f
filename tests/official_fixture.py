"""A tiny county for the official statistics tests, every number in it worked out by hand.

Schools: P primary, J junior, N nine-year. 2024 roster (stage as taught; sex; tier):
  t1 P primary 女   t2 P primary 男 key   t7 P primary 女   t8 P primary 男 (2023: J junior)
  t3 J junior 女 distinguished   t4 J junior 男   t5 N (no teaching stage → junior) 女   t6 N primary 男
2023 roster: t2 P primary, t8 J junior.
Programmes (tier, form, dates, programme year):
  NAT24 national offline 2024-03-01..03-10      SCH24 school online 2024-10-01..10-05
  CTY24 county blended 2024-05-01..05-20        PRV24 provincial shadowing 2024-06-01..06-30
  MUN24 municipal offline 2024-11-01..11-20     OLD23 county offline 2023-04-01..04-10
  BND23 school offline ..2023-08-31 (year 2023) BNX23 school offline ..2023-09-01 (year 2023)
Participation (hours, result):
  t1 NAT24 30 ✓, SCH24 6 ✓ (36 in 2024)       t2 CTY24 37 ✓ (2024), BND23 8 ✓ (2023)
  t3 PRV24 72 ✓, MUN24 36 ✗ failed            t4 PRV24 73 ✓
  t5 NAT24 108 ✓, SCH24 1 ✓ (109)             t6 NAT24 108 ✓
  t7 BNX23 10 ✓ (programme year 2023, school year 2024)
  t8 SCH24 6 ✓ (2024), OLD23 10 ✓ (2023)
Funds 2024: P 12,000 of 100,000 (12%); J 4,000 of 100,000 (4%); N none.
"""
from __future__ import annotations

from tests.metric_fixtures import Warehouse

ROSTER = {  # key: (school, teaching stage, sex, development tier)
    "t1": ("P", "primary", "女", "qualified"), "t2": ("P", "primary", "男", "key"),
    "t7": ("P", "primary", "女", "qualified"), "t8": ("P", "primary", "男", "qualified"),
    "t3": ("J", "junior", "女", "distinguished"), "t4": ("J", "junior", "男", "qualified"),
    "t5": ("N", None, "女", "qualified"), "t6": ("N", "primary", "男", "qualified"),
}
PROGRAMS = [  # code, year, tier, form, start, end, hours
    ("NAT24", 2024, "national", "offline", "2024-03-01", "2024-03-10", 30),
    ("SCH24", 2024, "school", "online", "2024-10-01", "2024-10-05", 6),
    ("CTY24", 2024, "county", "blended", "2024-05-01", "2024-05-20", 37),
    ("PRV24", 2024, "provincial", "shadowing", "2024-06-01", "2024-06-30", 72),
    ("MUN24", 2024, "municipal", "offline", "2024-11-01", "2024-11-20", 36),
    ("OLD23", 2023, "county", "offline", "2023-04-01", "2023-04-10", 10),
    ("BND23", 2023, "school", "offline", None, "2023-08-31", 8),
    ("BNX23", 2023, "school", "offline", None, "2023-09-01", 10),
]
TOOK = [  # program, teacher, hours, result
    ("NAT24", "t1", 30, "passed"), ("SCH24", "t1", 6, "passed"), ("CTY24", "t2", 37, "passed"),
    ("BND23", "t2", 8, "passed"), ("PRV24", "t3", 72, "passed"), ("MUN24", "t3", 36, "failed"),
    ("PRV24", "t4", 73, "passed"), ("NAT24", "t5", 108, "passed"), ("SCH24", "t5", 1, "passed"),
    ("NAT24", "t6", 108, "passed"), ("BNX23", "t7", 10, "passed"), ("SCH24", "t8", 6, "passed"),
    ("OLD23", "t8", 10, "passed"),
]


def official_county(con=None) -> Warehouse:
    """The county above, in a new in-memory warehouse or in ``con`` (which has the schema)."""
    w = Warehouse(reuse=con) if con is not None else Warehouse()
    w.school("P", stage="primary").school("J", stage="junior").school("N", stage="nine_year", township="乡A")
    con = w.con
    for key, (school, stage, sex, tier) in ROSTER.items():
        w.teacher(key)
        con.execute("update teacher set gender = ? where teacher_key = ?", [sex, key])
        con.execute("insert into roster (year, teacher_key, school_code, stage, dev_tier) values (2024, ?, ?, ?, ?)",
                    [key, school, stage, tier])
    con.execute("insert into roster (year, teacher_key, school_code, stage) values "
                "(2023, 't2', 'P', 'primary'), (2023, 't8', 'J', 'junior')")
    for code, year, tier, form, start, end, hours in PROGRAMS:
        con.execute("insert into program (program_code, program_name, year, train_tier, form, start_date, end_date, hours) "
                    "values (?, ?, ?, ?, ?, ?, ?, ?)", [code, f"项目{code}", year, tier, form, start, end, hours])
    for code, key, hours, result in TOOK:
        con.execute("insert into participation (program_code, teacher_key, year, school_code, hours, result) "
                    "select ?, ?, p.year, r.school_code, ?, ? from program p "
                    "left join roster r on r.year = p.year and r.teacher_key = ? where p.program_code = ?",
                    [code, key, hours, result, key, code])
    con.execute("insert into training_funds (year, school_code, training_spend, public_funds) values "
                "(2024, 'P', 12000, 100000), (2024, 'J', 4000, 100000)")
    return w
