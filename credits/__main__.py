"""Command line for the credit rules.

    python -m credits check FILE_OR_PRESET        check a rules file; print what it says
    python -m credits apply [--rules X] [--warehouse FILE]
                                                  recompute the ledger under a rule set
    python -m credits presets                     list the shipped presets

``apply`` works like a load: on a staging copy of the warehouse, swapped in atomically
(readers see the old ledger or the new one; the previous file is kept as ``….prev``). It
replaces only the credit_rule_* tables and the stored ledger, and says so. Without
``--rules`` it uses the settings' choice (``CREDIT_RULES``). Exit 0 on success, 1 when the
rules are refused or the warehouse is missing, 2 on a usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import settings
from credits import rules as rules_module
from credits.store import apply, applied


def _describe(rule_set: rules_module.RuleSet) -> str:
    unit = {"hours": "学时", "credits": "学分"}[rule_set.requirement.unit]
    r = rule_set.requirement
    lines = [f"{rule_set.name}（{rule_set.id}）", f"  周期：{rule_set.cycle.years} 年，起点 "
             f"{rule_set.cycle_start(settings.CYCLE_START)}；要求 {r.total:g} {unit}"
             + (f"，每年不少于 {r.yearly_min:g}" if r.yearly_min else "")
             + (f"，新教师试用期 {r.new_teacher:g}" if r.new_teacher else ""),
             f"  折算：默认 {rule_set.conversion.hours_per_credit:g} 学时 = 1 学分，另有 {len(rule_set.conversion.rule)} 条按形式/层级/主题的折算",
             f"  类别 {len(rule_set.category)} 个，课程组 {len(rule_set.group)} 个，获奖冲抵 {len(rule_set.offsets.award)} 条",
             f"  依据：{rule_set.source}", f"  请核对：{rule_set.check_note}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None, out=sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m credits", description="学分规则：检查、应用、列出预设")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查一个规则文件或预设")
    check.add_argument("rules")
    run = sub.add_parser("apply", help="按规则重新计算学分台账")
    run.add_argument("--rules", default=None, help="预设名或规则文件（默认：设置 CREDIT_RULES）")
    run.add_argument("--warehouse", type=Path, default=None)
    sub.add_parser("presets", help="列出内置预设")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    if args.command == "presets":
        for name in rules_module.presets():
            print(f"{name}\t{rules_module.load(name).name}", file=out)
        return 0
    choice = getattr(args, "rules", None) or settings.CREDIT_RULES
    try:
        rule_set = rules_module.load(choice)
        text = rules_module.resolve(choice).read_text(encoding="utf-8")
    except rules_module.RulesError as exc:
        print(str(exc), file=out)
        return 1
    if args.command == "check":
        print("规则文件可以使用：\n" + _describe(rule_set), file=out)
        return 0
    return _apply(rule_set, text, args.warehouse or settings.warehouse_path(), out)


def _apply(rule_set, text: str, target: Path, out) -> int:
    from etl.warehouse_io import commit_stage, discard_stage, open_stage, writer_lock

    if not target.exists():
        print(f"数据仓库 {target} 不存在：先导入数据（python -m etl load …）。", file=out)
        return 1
    with writer_lock(target):
        stage, con = open_stage(target)
        try:
            before = applied(con)
            apply(con, rule_set, text)
            [(teachers,)] = con.execute("select count(*) from metric_teacher_credit").fetchall()
            commit_stage(stage, con, target)
        except BaseException:
            discard_stage(stage, con)
            raise
    was = f"原来按“{before['name']}”" if before else "原来没有台账"
    print(f"已按“{rule_set.name}”重新计算学分台账（{was}）：{teachers:,} 行教师周期台账。"
          f"只替换了学分规则表和台账表，其他数据未变；上一版本保存在 {target.name}.prev。", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
