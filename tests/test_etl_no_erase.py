"""Property (hypothesis): for any sequence of valid roster and participation files, loaded in any
order, no stored non-empty field becomes empty unless the file just loaded has that column, a
blank in that row, and is a new version of the file that wrote the row last (etl.replace); and
no row disappears unless a new version of the file that created and last wrote it no longer
lists it.

Files are drawn from a small pool of names, so corrected versions happen; each draws its own
optional columns (a partial file) and blanks. The check compares every field of every row
before and after each load.
"""
from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import settings as app_settings
from etl.load import load_paths
from etl_files import ID_A, ID_B, make_id, query, write_county, write_csv

ID_C = make_id("19950303", 33)
PEOPLE = [(ID_A, "张三"), (ID_B, "李四"), (ID_C, "钱七")]
ROSTER_OPTIONAL = {"任教学科": ["语文", "数学"], "职称": ["一级教师", "二级教师"], "发展层级": ["骨干", "合格"]}
PART_OPTIONAL = {"考核结果": ["合格", "不合格"], "学分": ["1", "2"], "成绩": ["80", "90"]}
ROSTER_COLS = {"任教学科": "subject", "职称": "title", "发展层级": "dev_tier"}
PART_COLS = {"考核结果": "result", "学分": "credits", "成绩": "score"}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """The county, and everyone on the 2024 roster, loaded once; each example works on a copy."""
    folder = tmp_path_factory.mktemp("base")
    wh = folder / "w.duckdb"
    roster = [["年度", "身份证号", "姓名", "学校代码"], *[["2024", i, n, "S1"] for i, n in PEOPLE]]
    load_paths([*write_county(folder / "county"), write_csv(folder / "基础名册.csv", roster)], wh)
    return wh


def _file(kind: str):
    optional = ROSTER_OPTIONAL if kind == "roster" else PART_OPTIONAL
    return st.tuples(
        st.just(kind), st.sampled_from(["a.csv", "b.csv"]),
        st.lists(st.sampled_from(list(optional)), unique=True, max_size=len(optional)),
        st.lists(st.tuples(st.sampled_from(range(len(PEOPLE))), st.integers(0, 2)), min_size=1, max_size=3,
                 unique_by=lambda t: t[0]))


def _write(folder, n: int, spec) -> tuple:
    kind, name, cols, rows = spec
    optional = ROSTER_OPTIONAL if kind == "roster" else PART_OPTIONAL
    head = (["年度", "身份证号", "姓名", "学校代码"] if kind == "roster" else ["项目编号", "身份证号", "完成学时"]) + cols
    body = []
    for who, pick in rows:
        ident, name_ = PEOPLE[who]
        fixed = ["2024", ident, name_, "S1"] if kind == "roster" else ["P1", ident, "20"]
        body.append(fixed + [None if pick == 2 else optional[c][pick] for c in cols])  # 2 = a blank cell
    path = write_csv(folder / f"{n}" / f"{kind}-{name}", [head, *body]) if (folder / f"{n}").mkdir() is None else None
    blanks = {(PEOPLE[who][1], (ROSTER_COLS if kind == "roster" else PART_COLS)[c])
              for who, pick in rows for c in cols if pick == 2}
    people = {PEOPLE[who][1] for who, _ in rows}
    return path, blanks, people


def _state(wh) -> dict:
    """(table, teacher's name, column) -> value, with the source file that last wrote the row."""
    out = {}
    for table, cols in (("roster", ROSTER_COLS.values()), ("participation", PART_COLS.values())):
        sql = (f"select t.name, b.source_file, {', '.join('r.' + c for c in cols)} from {table} r "
               "join teacher t using (teacher_key) left join etl_batch b using (batch_id)")
        for who, source, *values in query(wh, sql):
            for c, v in zip(cols, values):
                out[(table, who, c)] = (v, source)
    return out


# No shrinking: each step is a real load, and shrinking a failure took minutes on a shared machine.
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.lists(st.one_of(_file("roster"), _file("participation")), min_size=2, max_size=4))
def test_no_stored_value_is_emptied_unless_a_file_with_that_column_clears_its_own(base, tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("run")
    wh = folder / "w.duckdb"
    shutil.copyfile(base, wh)
    shutil.copyfile(app_settings.secret_path(base), app_settings.secret_path(wh))
    for n, spec in enumerate(files):
        before = _state(wh)
        path, blanks, people = _write(folder, n, spec)
        kind = spec[0]
        load_paths([path], wh)
        after = _state(wh)
        table = "roster" if kind == "roster" else "participation"
        for key, (value, source) in before.items():
            t, who, column = key
            if key not in after:  # the whole row went: only a correction of its own file, no longer listing it
                assert t == table and source == path.name and who not in people, (key, value, spec)
                continue
            now = after[key][0]
            if value is None or now is not None:
                continue
            # Emptied: only by this file, in its own table, for a column it has and left blank,
            # in a row its earlier version (same name) wrote last.
            assert t == table and (who, column) in blanks and source == path.name, (key, value, spec)
