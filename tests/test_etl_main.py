"""python -m etl load: the per-file summary in Chinese, the first reasons, and the exit codes 0 / 1 / 2."""
from __future__ import annotations

import pytest

from etl.__main__ import main
from etl_files import ID_A, ID_B, query, write_county, write_csv

PART_HEAD = ["项目编号", "身份证号", "姓名", "完成学时", "考核结果"]


def test_summary_names_each_file_its_counts_and_the_first_reasons(tmp_path, capsys):
    county = write_county(tmp_path / "county")
    part = write_csv(tmp_path / "参训.csv", [PART_HEAD, ["P1", ID_A, "张三", 40, "合格"], ["P9", ID_B, "李四", 8, "合格"],
                                             ["合计", None, None, 48, None]])
    assert main(["load", str(part), str(tmp_path / "county"), "--warehouse", str(tmp_path / "w.duckdb")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == [
        "[已导入] 学校名册.csv  类型=school（学校名册）  读取 2 行：导入 2，拒绝 0，跳过 0（空行/合计/备注/落款）",
        "    效果：新增 2 行，修改 0 行，不变 0 行",
        "[已导入] 教师名册.csv  类型=roster（教师名册）  读取 4 行：导入 4，拒绝 0，跳过 0（空行/合计/备注/落款）",
        "    效果：新增 4 行，修改 0 行，不变 0 行",
        "[已导入] 培训项目.csv  类型=program（培训项目）  读取 3 行：导入 3，拒绝 0，跳过 0（空行/合计/备注/落款）",
        "    效果：新增 3 行，修改 0 行，不变 0 行"]
    assert out[6:10] == [
        "[已导入] 参训.csv  类型=participation（参训记录）  读取 3 行：导入 1，拒绝 1，跳过 1（空行/合计/备注/落款）",
        "    效果：新增 1 行，修改 0 行，不变 0 行",
        "      拒绝 1 行：项目编号：项目编号“P9”不在培训项目表中：请先导入该项目，或核对编号",
        "    第 3 行 项目编号：项目编号“P9”不在培训项目表中：请先导入该项目，或核对编号"]
    assert out[-1] == f"数据仓库：{tmp_path / 'w.duckdb'}"
    assert county  # loaded through the folder


def test_loading_again_says_nothing_changed(tmp_path, capsys):
    write_county(tmp_path / "county")
    args = ["load", str(tmp_path / "county"), "--warehouse", str(tmp_path / "w.duckdb")]
    main(args)
    capsys.readouterr()
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["[未变化] 学校名册.csv  类型=school（学校名册）", "    与已导入的版本完全相同，未作更改"]
    assert out[-1].endswith("（未作更改）")


def test_a_corrected_file_says_what_it_replaced(tmp_path, capsys):
    county = write_county(tmp_path / "county")
    wh = ["--warehouse", str(tmp_path / "w.duckdb")]
    main(["load", str(tmp_path / "county"), *wh])
    write_csv(county[0], [["学校代码", "学校名称", "学段"], ["S1", "一小", "小学"], ["S2", "二中", "初中"], ["S3", "三小", "小学"]])
    capsys.readouterr()
    main(["load", str(county[0]), *wh])
    assert capsys.readouterr().out.splitlines()[:3] == [
        "[已导入] 学校名册.csv  类型=school（学校名册）  读取 3 行：导入 3，拒绝 0，跳过 0（空行/合计/备注/落款）",
        "    效果：新增 1 行，修改 0 行，不变 2 行",
        "    取代上一版（批次 1）"]


def test_an_unrecognised_file_fails_the_run_with_exit_1_and_loads_nothing_from_it(tmp_path, capsys):
    write_county(tmp_path / "county")
    odd = write_csv(tmp_path / "杂项.csv", [["甲", "乙"], ["1", "2"]])
    assert main(["load", str(tmp_path / "county"), str(odd), "--warehouse", str(tmp_path / "w.duckdb")]) == 1
    out = capsys.readouterr().out
    assert "[失败] 杂项.csv" in out and "找不到表头行" in out
    assert query(tmp_path / "w.duckdb", "select count(*) from etl_batch") == [(3,)]


def test_a_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["load", str(tmp_path / "nope.csv"), "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    assert not (tmp_path / "w.duckdb").exists()


def test_an_unknown_kind_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["load", str(tmp_path), "--kind", "salary"])
    assert exc.value.code == 2


def test_more_rejects_than_reasons_listed_says_how_many_more(tmp_path, capsys):
    write_county(tmp_path / "county")
    rows = [PART_HEAD] + [[f"P9{i}", ID_A, "张三", 8, "合格"] for i in range(7)]
    part = write_csv(tmp_path / "参训.csv", rows)
    main(["load", str(part), str(tmp_path / "county"), "--warehouse", str(tmp_path / "w.duckdb")])
    out = capsys.readouterr().out.splitlines()
    at = out.index("[已导入] 参训.csv  类型=participation（参训记录）  读取 7 行：导入 0，拒绝 7，跳过 0（空行/合计/备注/落款）")
    assert [line.startswith("    第 ") for line in out[at + 9:at + 14]] == [True] * 5   # five reasons listed
    assert out[at + 14] == "    ……另有 2 行被拒绝，未在此列出"


def test_a_dry_run_shows_the_plan_and_writes_nothing(tmp_path, capsys):
    write_county(tmp_path / "county")
    wh = tmp_path / "w.duckdb"
    part = write_csv(tmp_path / "参训.csv", [PART_HEAD, ["P1", ID_A, "张三", 40, "合格"], ["P9", ID_B, "李四", 8, "合格"]])
    main(["load", str(tmp_path / "county"), "--warehouse", str(wh)])
    before = wh.read_bytes()
    capsys.readouterr()
    assert main(["load", str(part), "--warehouse", str(wh), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:9] == [
        "[将导入] 参训.csv  类型=participation（参训记录）  读取 2 行：可导入 1，拒绝 1，跳过 0（空行/合计/备注/落款）",
        "    识别依据：有 项目编号、身份证号、完成学时",
        "    列对应：项目编号 → 项目编号；身份证号 → 身份证号；姓名 → 姓名；完成学时 → 完成学时；考核结果 → 考核结果",
        "    前几行（按入库后的样子，身份证号已掩码）：",
        "      行号 | 项目编号 | 身份证号 | 姓名 | 完成学时 | 考核结果",
        f"      2 | P1 | {ID_A[:3]}***********{ID_A[14:]} | 张三 | 40.0 | 合格",
        f"      3 | P9 | {ID_B[:3]}***********{ID_B[14:]} | 李四 | 8.0 | 合格",
        "    预计效果：新增 1 行，修改 0 行，不变 0 行",
        "      拒绝 1 行：项目编号：项目编号“P9”不在培训项目表中：请先导入该项目，或核对编号"]
    assert out[-1].startswith("试运行：以上是导入后的效果预估") and "未作任何更改" in out[-1]
    assert wh.read_bytes() == before
    assert query(wh, "select count(*) from participation") == [(0,)]
