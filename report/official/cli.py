"""``python -m report forms``: every official statistics table in one workbook.

    python -m report forms --year 2024 [--period calendar|school] [--township 附城镇 | --school 附城初中]
        [--lang en] [--user USERNAME] [--teachers] [--out 官方报表.xlsx] [--warehouse PATH]

``--user`` applies an account's scope (a school account gets its own school's tables);
``--teachers`` adds the list of teachers below pace (names, masked IDs), refused for an
account that may not download teacher rows. Exit codes: 0 written, 1 refused, 2 usage error.
"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

import settings


class FormsError(Exception):
    """A refusal the clerk can act on (Chinese, then English)."""


def _filters(con, args):
    from warehouse.filters import Filters

    chosen: dict = {"year": args.year}
    if args.township:
        chosen["townships"] = (args.township,)
    if args.school:
        rows = con.execute("select school_code from school where school_code = $s or school_name = $s",
                           {"s": args.school}).fetchall()
        if not rows:
            raise FormsError(f"没有学校“{args.school}”：请写学校代码或学校全称 (no such school)")
        chosen["schools"] = tuple(r[0] for r in rows)
    return Filters(**chosen)


def _user(args, warehouse: Path):
    if args.user is None:
        return None
    from access.accounts import active_user, read_accounts

    user = active_user(read_accounts(settings.accounts_path(warehouse)), args.user)
    if user is None:
        raise FormsError(f"没有可用的账号“{args.user}”（未创建或已停用）(no such active account)")
    return user


def forms(args, out=sys.stdout, err=sys.stderr) -> int:
    from report.official.tables import build, word
    from report.official.workbook import workbook_bytes

    warehouse = Path(args.warehouse) if args.warehouse else settings.warehouse_path()
    if not warehouse.exists():
        print(f"找不到数据仓库 {warehouse}：请先用 python -m etl load 装载数据 (warehouse not found)", file=err)
        return 1
    try:
        user = _user(args, warehouse)
        if args.teachers and user is not None and not user.can_download_teacher_rows:
            raise FormsError(f"账号“{args.user}”不能导出教师明细，去掉 --teachers 后重试 (this account may not export teacher rows)")
        with duckdb.connect(str(warehouse), read_only=True) as con:
            filters = _filters(con, args)
            if user is not None:
                filters = user.scope(filters)
            stats = build(con, filters, args.period, args.lang, teacher_level=args.teachers)
    except FormsError as exc:
        print(str(exc), file=err)
        return 1
    if stats.year is None:
        print("数据仓库中没有名册数据，无法生成报表 (no roster data)", file=err)
        return 1
    scope = args.school or args.township or ("全县" if args.lang == "zh" else "whole county")
    target = Path(args.out) if args.out else Path(f"{stats.year}_官方报表_{word('period', args.period, 'zh')[:2]}.xlsx")
    target.write_bytes(workbook_bytes(stats, scope))
    print(f"已生成 {target}：{len(stats.tables)} 张表，每张附口径表（{word('period', args.period, 'zh')}）", file=out)
    return 0


def register(sub) -> None:
    """Add the ``forms`` subcommand to ``python -m report``'s subparsers."""
    f = sub.add_parser("forms", help="官方统计报表（教基4068、SDG 4.c.7、优质均衡督导）(.xlsx)")
    f.add_argument("--year", type=int, required=True, help="年度，如 2024（学年口径为截至当年 8 月 31 日的学年）")
    f.add_argument("--period", choices=("calendar", "school"), default="calendar",
                   help="calendar 自然年（缺省）或 school 学年（上年 9 月 1 日至当年 8 月 31 日）")
    where = f.add_mutually_exclusive_group()
    where.add_argument("--township", help="乡镇名称：只统计该乡镇的学校")
    where.add_argument("--school", help="学校代码或全称：只统计该校")
    f.add_argument("--lang", choices=("zh", "en"), default="zh", help="语言 zh（缺省）或 en")
    f.add_argument("--user", help="按该账号的范围生成（学校账号只得到本校数据）")
    f.add_argument("--teachers", action="store_true", help="附未达进度教师名单（姓名、脱敏身份证号）")
    f.add_argument("--out", help="输出文件（.xlsx）")
    f.add_argument("--warehouse", help="数据仓库文件（缺省 WAREHOUSE_PATH 或 warehouse/teacher_training.duckdb）")
    f.set_defaults(run=forms)
