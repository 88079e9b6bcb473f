"""python -m credits: check a rules file, list the presets, recompute a warehouse's ledger."""
from __future__ import annotations

import io

import duckdb

from credits.__main__ import main
from tests.two_schools import build


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_check_describes_a_preset():
    code, text = run("check", "shanghai")
    assert code == 0 and "规则文件可以使用" in text and "类别 4 个，课程组 3 个" in text and "要求 36 学分" in text


def test_check_refuses_a_broken_file_naming_the_key(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('id = "x"\nname = "x"\nsource = "x"\ncheck_note = "x"\n[requirement]\nunit = "credits"\n'
                    'total = 36\nyearly_min = -1\n[conversion]\nhours_per_credit = 10\n', encoding="utf-8")
    code, text = run("check", str(path))
    assert code == 1 and "bad.toml" in text and "requirement.yearly_min" in text and "应不小于 0" in text


def test_presets_lists_the_four():
    code, text = run("presets")
    assert code == 0 and [line.split("\t")[0] for line in text.splitlines()] == [
        "beijing", "national", "shanghai", "zhejiang"]


def test_apply_recomputes_the_ledger_atomically_and_says_what_it_replaced(tmp_path):
    warehouse, report = build(tmp_path)
    assert report.ok
    code, text = run("apply", "--rules", "beijing", "--warehouse", str(warehouse))
    assert code == 0, text
    assert "已按“北京市：五年不少于 36 学分”重新计算" in text and "原来按“国家默认" in text and "6 行" in text
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = dict(con.execute("""select t.name, m.earned from metric_teacher_credit m
                                   join teacher t using (teacher_key) where t.name like '甲%'""").fetchall())
    # 甲一: 国培 2023 and 2024, 40 h each face to face = 4 + 4; 甲二: 县培 20 h online at 20 h per credit = 1; 甲三: 校本 10 h at 20 = 0.5
    assert rows == {"甲一老师": 8, "甲二老师": 1, "甲三老师": 0.5}
    assert (tmp_path / "county.duckdb.prev").exists()


def test_apply_without_a_warehouse_says_so(tmp_path):
    code, text = run("apply", "--warehouse", str(tmp_path / "none.duckdb"))
    assert code == 1 and "不存在" in text
