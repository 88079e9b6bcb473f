"""Command line for the administrator (run on the server, as the user that runs the app).

    python -m access add USER --role school --school 2162292201 [--name 张校长] [--password-stdin]
    python -m access add zhang@bureau.gov.cn --role leader --oidc     # OIDC only, no password
    python -m access disable USER | enable USER | reset USER [--password-stdin] | list
    python -m access check                 # read the warehouse and its kept versions in full
    python -m access restore-previous [--generation N]   # put back the newest undamaged version

The accounts file is ``ACCOUNTS_PATH`` or ``<warehouse>.accounts.json`` (``--accounts``
overrides both). Exit codes: 0 done, 1 refused (unknown user, bad password, nothing to
restore…; the message says why), 2 usage error.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import duckdb
from pydantic import ValidationError

import settings
from access.accounts import (
    USERNAME, Account, AccountsError, editing, hash_password, loose_permissions, now, read_accounts,
)
from access.recovery import RecoveryError, full_check, restore_previous
from access.user import ROLE_LABELS, ROLES


def _password(args, stdin, prompt: str = "密码") -> str:
    if args.password_stdin:
        line = stdin.readline().rstrip("\r\n")
        if not line:
            raise AccountsError("标准输入中没有密码")
        return line
    first = getpass.getpass(f"{prompt}（至少 8 个字符）：")
    if getpass.getpass("再输入一次：") != first:
        raise AccountsError("两次输入的密码不一致")
    return first


def _unknown_schools(codes: list[str], warehouse: Path) -> list[str]:
    """School codes not in the warehouse's school table (empty when there is no warehouse)."""
    if not codes or not warehouse.exists():
        return []
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            known = {r[0] for r in con.execute(
                "select school_code from school where list_contains($codes, school_code)",
                {"codes": codes}).fetchall()}
        finally:
            con.close()
    except duckdb.Error:
        return []
    return [c for c in codes if c not in known]


def _add(args, path: Path, out, stdin) -> int:
    if not USERNAME.match(args.user):
        raise AccountsError("用户名只能含字母、数字和 _ . @ -，长度 2–64")
    schools = args.school or []
    if args.role != "school" and schools:
        raise AccountsError("只有学校账号（--role school）需要 --school")
    try:
        account = Account(role=args.role, schools=schools, name=args.name or "",
                          oidc=args.oidc, created_at=now(), updated_at=now())
    except ValidationError as exc:
        raise AccountsError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from exc
    if read_accounts(path) is not None and args.user in read_accounts(path).accounts:
        raise AccountsError(f"用户“{args.user}”已存在：改密码用 reset，停用用 disable")
    if not args.oidc:  # asked only once the rest is known to be valid
        account.password_hash = hash_password(_password(args, stdin))
    with editing(path) as data:
        if args.user in data.accounts:
            raise AccountsError(f"用户“{args.user}”已存在：改密码用 reset，停用用 disable")
        data.accounts[args.user] = account
    print(f"已添加用户“{args.user}”（{ROLE_LABELS[args.role][0]}）", file=out)
    unknown = _unknown_schools(schools, settings.warehouse_path())
    if unknown:
        print(f"提醒：数据仓库中没有学校代码 {', '.join(unknown)}，请核对", file=out)
    return 0


def _set_disabled(args, path: Path, out, disabled: bool) -> int:
    with editing(path) as data:
        account = data.accounts.get(args.user)
        if account is None:
            raise AccountsError(f"没有用户“{args.user}”")
        account.disabled, account.updated_at = disabled, now()
    print(f"已{'停用' if disabled else '启用'}用户“{args.user}”", file=out)
    return 0


def _reset(args, path: Path, out, stdin) -> int:
    with editing(path) as data:
        account = data.accounts.get(args.user)
        if account is None:
            raise AccountsError(f"没有用户“{args.user}”")
        account.password_hash, account.updated_at = hash_password(_password(args, stdin, "新密码")), now()
    print(f"已重设用户“{args.user}”的密码", file=out)
    return 0


def _list(path: Path, out) -> int:
    data = read_accounts(path)
    if data is None:
        print(f"账号文件 {path} 不存在：看板以演示模式运行（所有人可见全部数据）", file=out)
        return 0
    if loose_permissions(path):
        print(f"警告：{path} 的权限过宽，应为 600（chmod 600 {path}）", file=out)
    for name, a in sorted(data.accounts.items()):
        state = "停用" if a.disabled else "启用"
        login = "OIDC" if a.password_hash is None else ("密码+OIDC" if a.oidc else "密码")
        schools = ",".join(a.schools) if a.schools else "-"
        print(f"{name}\t{ROLE_LABELS[a.role][0]}\t{schools}\t{a.name or '-'}\t{state}\t{login}", file=out)
    return 0


def main(argv: list[str] | None = None, out=None, stdin=None) -> int:
    out = out or sys.stdout
    stdin = stdin or sys.stdin
    parser = argparse.ArgumentParser(prog="python -m access", description="师训数据看板：账号与恢复")
    parser.add_argument("--accounts", type=Path, default=None,
                        help="账号文件（默认 $ACCOUNTS_PATH 或 <数据仓库>.accounts.json）")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="添加账号")
    add.add_argument("user")
    add.add_argument("--role", choices=ROLES, required=True, help="leader 局领导 / analyst 分析员 / school 学校")
    add.add_argument("--school", action="append", help="学校代码（学校账号必填，可重复）")
    add.add_argument("--name", help="显示名")
    add.add_argument("--oidc", action="store_true", help="只通过 OIDC 登录（用户名为邮箱），不设密码")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码")
    for name, text in (("disable", "停用账号"), ("enable", "重新启用账号")):
        sub.add_parser(name, help=text).add_argument("user")
    reset = sub.add_parser("reset", help="重设密码")
    reset.add_argument("user")
    reset.add_argument("--password-stdin", action="store_true")
    sub.add_parser("list", help="列出账号")
    for name, text in (("check", "完整读取数据仓库及其保留版本，指出损坏的表"),
                       ("restore-previous", "恢复最近一个完好的保留版本")):
        sub.add_parser(name, help=text).add_argument("--warehouse", type=Path, default=None)
    sub.choices["restore-previous"].add_argument("--generation", type=int, default=None,
                                                  help="恢复指定的版本：1 = .prev，2 = .prev-2 …")
    args = parser.parse_args(argv)
    path = args.accounts or settings.accounts_path()

    try:
        if args.command == "add":
            return _add(args, path, out, stdin)
        if args.command in ("disable", "enable"):
            return _set_disabled(args, path, out, args.command == "disable")
        if args.command == "reset":
            return _reset(args, path, out, stdin)
        if args.command == "list":
            return _list(path, out)
        if args.command == "check":
            ok, report = full_check(args.warehouse)
            print(report, file=out)
            return 0 if ok else 1
        restored, kept = restore_previous(args.warehouse, args.generation)
        print(f"已恢复保留的版本 {restored.name}（已完整读取校验）" + (f"；被替换的文件保留为 {kept}" if kept else ""),
              file=out)
        return 0
    except (AccountsError, RecoveryError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
