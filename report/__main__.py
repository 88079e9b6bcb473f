"""Command line for the documents made from the warehouse.

    python -m report forms --year 2024 [--period school] [--township … | --school …] --out 官方报表.xlsx
    python -m report annual --year 2024 [--township 附城镇 | --school 附城初中] --out 总结.docx
        [--lang en] [--user USERNAME] [--templates FILE.toml] [--warehouse PATH]

``--user`` applies an account's scope (accounts file as for ``python -m access``): a school
account gets its own school's report whatever is asked. Exit codes: 0 written, 1 refused
(the message says why), 2 usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

import settings


def _scope_of(username: str | None, warehouse: Path) -> frozenset[str] | None:
    if username is None:
        return None
    from access.accounts import active_user, read_accounts
    from report.annual import ReportError

    user = active_user(read_accounts(settings.accounts_path(warehouse)), username)
    if user is None:
        raise ReportError(f"没有可用的账号“{username}”（未创建或已停用）(no such active account)")
    return user.allowed_schools


def annual(args, out=sys.stdout, err=sys.stderr) -> int:
    from report.annual import ReportError, file_name, make_report

    warehouse = Path(args.warehouse) if args.warehouse else settings.warehouse_path()
    if not warehouse.exists():
        print(f"找不到数据仓库 {warehouse}：请先用 python -m etl load 装载数据 (warehouse not found)", file=err)
        return 1
    try:
        allowed = _scope_of(args.user, warehouse)
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            data, report = make_report(con, args.year, township=args.township, school=args.school,
                                       allowed_schools=allowed, lang=args.lang,
                                       templates=Path(args.templates) if args.templates else None)
        finally:
            con.close()
    except ReportError as exc:
        print(str(exc), file=err)
        return 1
    target = Path(args.out) if args.out else Path(file_name(report))
    target.write_bytes(data)
    figures = len(report.body_figures())
    print(f"已生成 {target}（{report.title.plain(report.lang)}，正文数字 {figures} 个，均列入附件“数据口径”）", file=out)
    if report.chart_font is None:
        print("提示：本机没有中文字体，图表中的中文可能显示为方框（Debian: apt-get install fonts-noto-cjk）", file=err)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m report", description="生成报告 (documents from the warehouse)")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("annual", help="年度教师培训工作总结 (.docx)")
    a.add_argument("--year", type=int, required=True, help="年度，如 2024")
    where = a.add_mutually_exclusive_group()
    where.add_argument("--township", help="乡镇名称：生成该乡镇的报告")
    where.add_argument("--school", help="学校代码或全称：生成该校的报告")
    a.add_argument("--out", help="输出文件（.docx）；缺省为“<年度>年度教师培训工作总结.docx”")
    a.add_argument("--lang", choices=("zh", "en"), default="zh", help="语言 zh（缺省）或 en")
    a.add_argument("--user", help="按该账号的范围生成（学校账号只得到本校报告）")
    a.add_argument("--templates", help="句式模板文件（缺省 report/templates/annual_<lang>.toml）")
    a.add_argument("--warehouse", help="数据仓库文件（缺省 WAREHOUSE_PATH 或 warehouse/teacher_training.duckdb）")
    a.set_defaults(run=annual)
    from report.official.cli import register

    register(sub)  # python -m report forms: the official statistics tables
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
