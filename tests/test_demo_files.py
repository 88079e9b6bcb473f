"""The demo county's raw files (etl.demo), read back the way a clerk would see them.

These tests read the written files with csv / fastexcel only (not through the ETL), so
they check the generator against the seed report independently of the loader.
"""
from __future__ import annotations

import csv
import functools
import io
import tomllib
from collections import Counter
from pathlib import Path

import fastexcel
import pytest

import etl.demo as demo
from etl.demo import write as demo_write
from etl.demo.county import SCHOOLS, id_is_valid
from settings import ALIASES_FILE

GBK_FILES = {"教师名册_2022.csv", "参训记录_2022.csv"}
TIER_LABELS = {"国培": "national", "国培计划": "national", "省培": "provincial", "省级": "provincial",
               "州培": "municipal", "州级": "municipal", "县培": "county", "县级": "county",
               "校本研修": "school", "校级": "school"}
LEVEL_LABELS = {"国家级": "national", "省级": "provincial", "省部级": "provincial", "州级": "municipal",
                "地厅级": "municipal", "县级": "county", "校级": "school"}
PASSED = {"合格", "优秀", "良好"}
FULL_WIDTH = str.maketrans("０１２３４５６７８９．Ｘ", "0123456789.X")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    demo.write_demo_files(out)
    return out


@functools.lru_cache(maxsize=64)
def _table(path: Path, sheet: str | None = None) -> list[dict]:
    """Rows under the header as {header: text}, each with its clerk-visible row number in '_row'.

    The header is the first row with at least three filled cells (title rows sit above);
    合计 and 注 rows below the data are dropped. Cached: the files do not change in a run.
    """
    if path.suffix == ".csv":
        text = path.read_bytes().decode("gb18030" if path.name in GBK_FILES else "utf-8-sig")
        grid = [[c if c != "" else None for c in row] for row in csv.reader(io.StringIO(text))]
    else:
        frame = fastexcel.read_excel(path).load_sheet(sheet, header_row=None).to_polars()
        grid = [list(r) for r in frame.rows()]
    h = next(i for i, row in enumerate(grid) if sum(c is not None for c in row) >= 3)
    header = grid[h]
    rows = []
    for i, row in enumerate(grid[h + 1:], start=h + 2):
        first = str(row[0] or "")
        if first.startswith("合计") or first.startswith("注"):
            continue
        rows.append({"_row": i, **{k: (None if v is None else str(v)) for k, v in zip(header, row)}})
    return rows


def _pick(row: dict, *names: str) -> str | None:
    return next((row[n] for n in names if n in row), None)


def _clean_id(value: str | None) -> str | None:
    return None if value is None else value.strip().translate(FULL_WIDTH)


def _bad_rows(column: str) -> set[tuple[str, int]]:
    return {(f, r) for f, r, col, _ in demo.DELIBERATE_BAD_ROWS if col == column}


def _rosters(demo_dir: Path) -> dict[int, list[dict]]:
    files = {2021: ("教师名册_2021.csv", None), 2022: ("教师名册_2022.csv", None),
             2023: ("教师名册_2023.xlsx", "教师名册"), 2024: ("教师名册_2024.xlsx", "教师名册"),
             2025: ("教师名册_2025.csv", None)}
    return {y: _table(demo_dir / f, s) for y, (f, s) in files.items()}


def _programs(demo_dir: Path) -> dict[str, tuple[str, float]]:
    """program code -> (tier code, hours), over all years."""
    out = {}
    for year in range(2021, 2026):
        for row in _table(demo_dir / "培训项目.xlsx", f"{year}年"):
            code = _pick(row, "项目编号", "项目代码")
            tier = _pick(row, "培训层级", "项目级别", "培训级别", "层级")
            hours = _pick(row, "学时", "培训学时", "总学时")
            out[code] = (TIER_LABELS[tier], float(hours))
    return out


def _participation(demo_dir: Path, year: int) -> list[dict]:
    name = f"参训记录_{year}.xlsx" if year == 2024 else f"参训记录_{year}.csv"
    return _table(demo_dir / name, "参训记录" if year == 2024 else None)


def _loadable(rows: list[dict], file: str, programs: dict) -> list[dict]:
    """Drop the deliberate bad rows by what is wrong with them (not by their position)."""
    good = []
    for row in rows:
        ident = _clean_id(_pick(row, "身份证号", "证件号码", "身份证件号", "公民身份号码"))
        code = _pick(row, "项目编号", "项目代码", "班级编号")
        hours = float(_pick(row, "完成学时", "学时", "获得学时").translate(FULL_WIDTH))
        if ident is not None and not id_is_valid(ident):
            continue
        if code not in programs or hours > programs[code][1] * 1.5:
            continue
        good.append(row)
    return good


def test_same_seed_writes_identical_bytes(demo_dir, tmp_path):
    again = demo.write_demo_files(tmp_path / "again")
    assert sorted(p.name for p in again) == sorted(p.name for p in demo_dir.iterdir())
    for path in again:
        assert path.read_bytes() == (demo_dir / path.name).read_bytes(), path.name


def test_another_seed_keeps_the_2024_counts_but_changes_the_people(demo_dir, tmp_path):
    out = tmp_path / "seed7"
    demo.write_demo_files(out, seed=7)
    assert (out / "参训记录_2021.csv").read_bytes() != (demo_dir / "参训记录_2021.csv").read_bytes()
    programs = _programs(out)
    tiers = Counter(programs[_pick(r, "项目编号")][0] for r in _participation(out, 2024))
    assert dict(tiers) == {k: v for k, v in demo.EXPECTED_2024["person_times"].items() if k != "total"}


def test_every_header_is_a_contract_header_or_alias(demo_dir):
    aliases = tomllib.loads(ALIASES_FILE.read_text(encoding="utf-8"))["headers"]
    known = {h for fields in aliases.values() for names in fields.values() for h in names}
    for path in demo_dir.iterdir():
        sheets = [None] if path.suffix == ".csv" else fastexcel.read_excel(path).sheet_names
        for sheet in sheets:
            rows = _table(path, sheet)
            headers = [h for h in rows[0] if h != "_row"]
            assert set(headers) <= known, (path.name, sheet, set(headers) - known)


def test_school_register_lists_39_schools_with_unique_ten_digit_codes(demo_dir):
    schools = _table(demo_dir / "学校名册.xlsx", "学校名册")
    codes = [r["学校标识码"] for r in schools]
    assert len(schools) == 39 == demo.EXPECTED_2024["schools"]
    assert len(set(codes)) == 39
    assert all(len(c) == 10 and c.isdigit() and c[2:8] == "622922" for c in codes)
    assert {r["城乡分类"] for r in schools} == {"城区", "镇区", "乡村"}
    assert sum(r["是否薄弱学校"] == "是" for r in schools) == 5


def test_2024_ratings_are_20_excellent_and_19_pass(demo_dir):
    rows = [r for r in _table(demo_dir / "学校考核.csv") if r["年度"] == "2024"]
    by_rating = Counter(r["考核等次"] for r in rows)
    assert by_rating == Counter({"优秀": 20, "合格": 19})   # 20 + 19 = 39 schools
    excellent = {r["学校名称"] for r in rows if r["考核等次"] == "优秀"}
    assert excellent == {s.name for s in SCHOOLS if s.rating_2024 == "excellent"}
    assert {"附城初中", "康乐一中", "城北幼儿园"} <= excellent


def test_every_school_is_rated_every_year(demo_dir):
    rows = _table(demo_dir / "学校考核.csv")
    per_year = Counter(r["年度"] for r in rows)
    assert per_year == {"2021": 39, "2022": 39, "2023": 39, "2024": 39}
    assert len(_table(demo_dir / "学校名册.xlsx", "2025年学校考核")) == 39
    assert "不合格" in {r["考核等次"] for r in rows if r["年度"] == "2021"}


def test_2024_person_times_per_tier_match_the_seed_report(demo_dir):
    programs = _programs(demo_dir)
    rows = _loadable(_participation(demo_dir, 2024), "参训记录_2024.xlsx", programs)
    tiers = Counter(programs[_pick(r, "项目编号")][0] for r in rows)
    # 617 + 840 + 1,126 + 2,648 + 8,169 = 13,400
    assert tiers == Counter({"national": 617, "provincial": 840, "municipal": 1126, "county": 2648, "school": 8169})
    assert len(rows) == 13400 == demo.EXPECTED_2024["person_times"]["total"]
    pairs = {(r["项目编号"], r["身份证件号"] or r["教师编号"]) for r in rows}
    assert len(pairs) == 13400
    roster = {r["身份证件号"] or r["教师编号"] for r in _rosters(demo_dir)[2024]}
    assert {p[1] for p in pairs} <= roster


def test_person_times_every_year_match_the_exported_constants(demo_dir):
    programs = _programs(demo_dir)
    for year, expected in demo.EXPECTED_PERSON_TIMES.items():
        name = f"参训记录_{year}.xlsx" if year == 2024 else f"参训记录_{year}.csv"
        rows = _loadable(_participation(demo_dir, year), name, programs)
        code = "项目代码" if year == 2023 else "班级编号" if year == 2022 else "项目编号"
        assert Counter(programs[r[code]][0] for r in rows) == Counter(expected), year


def test_2024_awards_are_117_provincial_285_prefectural_996_county(demo_dir):
    rows = _table(demo_dir / "获奖荣誉.xlsx", "2024年")
    levels = Counter(LEVEL_LABELS[r["获奖级别"]] for r in rows)
    # 117 + 285 + 996 = 1,398, and no national or school-level award in 2024
    assert levels == Counter({"provincial": 117, "municipal": 285, "county": 996})
    keys = {(r["身份证号"] or r["教师编号"], r["获奖名称"], r["获奖级别"], r["等次"]) for r in rows}
    assert len(keys) == 1398   # no award twice for one teacher: the warehouse keys on these


def test_awards_in_other_years_match_the_exported_constants(demo_dir):
    level_col = {2021: "级别", 2022: "获奖级别", 2023: "荣誉级别", 2024: "获奖级别", 2025: "级别"}
    for year, expected in demo.EXPECTED_AWARDS.items():
        rows = _table(demo_dir / "获奖荣誉.xlsx", f"{year}年")
        got = Counter(LEVEL_LABELS[r[level_col[year]]] for r in rows)
        assert got == Counter({k: v for k, v in expected.items() if v}), year


def test_every_id_number_passes_the_check_digit_except_the_deliberate_ones(demo_dir):
    files = [p for p in demo_dir.iterdir() if p.name.startswith(("教师名册", "参训记录", "获奖荣誉"))]
    bad: set[tuple[str, int]] = set()
    checked = 0
    for path in files:
        sheets = [None] if path.suffix == ".csv" else fastexcel.read_excel(path).sheet_names
        for sheet in sheets:
            for row in _table(path, sheet):
                ident = _clean_id(_pick(row, "身份证号", "证件号码", "身份证件号", "公民身份号码"))
                if ident is None:
                    continue
                checked += 1
                if not id_is_valid(ident):
                    bad.add((path.name, row["_row"]))
    assert checked > 60_000
    # 3 wrong check digits in 参训记录_2023.csv + 1 ID stored as 6.22922E+17 in 教师名册_2022.csv
    assert bad == _bad_rows("id_number")
    assert len(bad) == 4


def test_participation_2023_holds_six_deliberate_rejects(demo_dir):
    programs = _programs(demo_dir)
    rows = _participation(demo_dir, 2023)
    by_row = {r["_row"]: r for r in rows}
    assert len(rows) == sum(demo.EXPECTED_PERSON_TIMES[2023].values()) + 6   # 12,080 + 6
    unknown = [r for f, r in _bad_rows("program_code")]
    assert all(by_row[r]["项目代码"] not in programs for r in unknown) and len(unknown) == 2
    (over,) = [r for f, r in _bad_rows("hours")]
    code = by_row[over]["项目代码"]
    assert float(by_row[over]["学时"]) == 2 * programs[code][1]
    assert demo.DELIBERATE_REJECTS == {"教师名册_2022.csv": 1, "参训记录_2023.csv": 6}


def test_roster_sizes_stay_between_2600_and_3000(demo_dir):
    rosters = _rosters(demo_dir)
    written = {y: len(rows) for y, rows in rosters.items()}
    assert written == {2021: 2690, 2022: 2725, 2023: 2760, 2024: 2800, 2025: 2830}
    assert all(2600 <= n <= 3000 for n in written.values())
    assert demo.EXPECTED_ROSTER == {**written, 2022: 2725 - 1}


def test_about_twenty_teachers_are_known_only_by_teacher_code(demo_dir):
    rosters = _rosters(demo_dir)
    code_only = {r.get("教师编号") or r.get("工号") or r.get("教师ID")
                 for rows in rosters.values() for r in rows
                 if _pick(r, "身份证号", "公民身份号码", "证件号码", "身份证件号") is None}
    assert len(code_only) == demo.CODE_ONLY_TEACHERS == 20
    assert all(c and c.startswith("KL") for c in code_only)


def test_three_schools_have_fewer_than_ten_teachers_in_2024(demo_dir):
    per_school = Counter(r["学校名称"] for r in _rosters(demo_dir)[2024])
    assert sorted(name for name, n in per_school.items() if n < 10) == ["县特殊教育学校", "牙塘小学", "鸣鹿幼儿园"]


def _by_teacher(rows: list[dict]) -> dict[str, dict]:
    ids = ("身份证号", "公民身份号码", "证件号码", "身份证件号")
    return {_clean_id(_pick(r, *ids)) or _pick(r, "教师编号", "工号", "教师ID"): r for r in rows}


def test_rosters_change_by_hires_retirements_and_moves(demo_dir):
    rosters = _rosters(demo_dir)
    before, after = _by_teacher(rosters[2023]), _by_teacher(rosters[2024])
    stayed = before.keys() & after.keys()
    moved = sum(before[t]["学校"] != after[t]["学校名称"] for t in stayed)
    assert 0.015 <= moved / len(stayed) <= 0.05          # about 3% a year change school
    hired = [after[t] for t in after.keys() - before.keys()]
    assert len(hired) > 50 and all(r["发展层级"] == "新教师" for r in hired)
    assert len(before.keys() - after.keys()) > 20         # retired or left


def test_the_development_ladder_is_a_pyramid_and_nobody_steps_down(demo_dir):
    ladder = ["新教师", "合格教师", "骨干教师", "名优教师", "教育家型教师"]
    rosters = _rosters(demo_dir)
    tiers = Counter(r["发展层级"] for r in rosters[2024])
    assert tiers["合格教师"] > tiers["骨干教师"] > tiers["名优教师"] > tiers["教育家型教师"] > 0
    before, after = _by_teacher(rosters[2023]), _by_teacher(rosters[2024])
    steps = [ladder.index(after[t]["发展层级"]) - ladder.index(before[t]["教师层级"]) for t in before.keys() & after.keys()]
    assert min(steps) == 0 and max(steps) == 1 and sum(steps) > 50


def test_coverage_rises_and_rural_teachers_are_trained_less(demo_dir):
    programs = _programs(demo_dir)
    schools = {r["学校名称"]: r["城乡分类"] for r in _table(demo_dir / "学校名册.xlsx", "学校名册")}
    coverage, pass_rate = {}, {}
    for year, roster in _rosters(demo_dir).items():
        key = {"身份证号", "公民身份号码", "证件号码", "身份证件号"}
        ids = {_clean_id(_pick(r, *key)) or _pick(r, "教师编号", "工号", "教师ID") for r in roster}
        name = f"参训记录_{year}.xlsx" if year == 2024 else f"参训记录_{year}.csv"
        rows = _loadable(_participation(demo_dir, year), name, programs)
        result = [_pick(r, "考核结果", "结业情况", "是否合格") for r in rows]
        passed = {_clean_id(_pick(r, *key)) or _pick(r, "教师编号", "工号", "教师ID")
                  for r, res in zip(rows, result) if res in PASSED}
        coverage[year] = len(passed & ids) / len(ids)
        pass_rate[year] = sum(res in PASSED for res in result) / len(result)
        if year == 2021:
            setting = {(_clean_id(_pick(r, *key)) or r["教师编号"]): schools[r["学校名称"]] for r in roster}
            by_setting = Counter(setting[t] for t in passed & ids)
            all_setting = Counter(setting.values())
            assert by_setting["乡村"] / all_setting["乡村"] < by_setting["城区"] / all_setting["城区"]
    assert list(coverage.values()) == sorted(coverage.values())
    assert 0.65 <= coverage[2021] <= 0.78 and coverage[2025] >= 0.92
    assert all(0.90 <= p <= 0.98 for p in pass_rate.values())


def test_a_big_workbook_falls_back_to_one_csv_per_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_write, "XLSX_MAX_ROWS", 500)
    paths = demo.write_demo_files(tmp_path, scale=0.2)
    names = {p.name for p in paths}
    # At scale 0.2: 8 schools, 560 teachers in 2024 (0.2 × 2,800), 2,680 participation rows.
    assert {"参训记录_2024.csv", "教师名册_2023.csv", "教师名册_2024.csv"} <= names
    assert not {"参训记录_2024.xlsx", "教师名册_2023.xlsx"} & names
    assert {"获奖荣誉.xlsx", "学校名册.xlsx", "年度培训计划.xlsx"} <= names   # small enough to stay
    rows = _table(tmp_path / "参训记录_2024.csv")
    assert len(rows) == sum(round(v * 0.2) for v in demo.EXPECTED_PERSON_TIMES[2024].values())
