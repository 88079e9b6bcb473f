"""Command line: ``python -m etl load PATH… [--warehouse FILE] [--kind KIND] [--sheet NAME…] [--dry-run]``,
``python -m etl demo``, ``python -m etl export --lake DIR [--region CODE]`` (etl/export.py),
``python -m etl rekey PATH…`` (rebuild under a new secret) and ``python -m etl secret`` (its fingerprint).

``--dry-run`` prints, per sheet, the kind and why, every column's mapping, the first rows as
they would be stored and the effect on the warehouse (rows new, changed per field, unchanged,
removed, rejected by reason), and writes nothing. A real load prints the same effect afterwards.

Exit codes (DATA_CONTRACT.md): 0 every file was read (rejected rows do not fail the run),
1 a file could not be read or recognised (nothing from it was loaded), or the load was refused
or failed (a Chinese message, never a traceback: ``ETL_DEBUG=1`` prints it), 2 usage error.
"""
from __future__ import annotations

import argparse
import errno
import os
import sys
import traceback
from pathlib import Path

import settings
from etl import export
from etl.kinds import KINDS
from etl.context import Given
from etl.effect import lines
from etl.load import load_paths
from etl.report import LoadReport

STATUS = {"loaded": "已导入", "unchanged": "未变化", "failed": "失败", "empty": "跳过", "skipped": "跳过"}
PLANNED = {**STATUS, "loaded": "将导入"}


def print_report(report: LoadReport, out=None) -> None:
    from etl.identity import mask_text

    target = out or sys.stdout  # looked up at call time, so a redirected stdout is honoured

    class _Masked:  # every line goes out with ID numbers masked, in any written form
        @staticmethod
        def write(text: str) -> int:
            return target.write(mask_text(text))

        @staticmethod
        def flush() -> None:
            target.flush()

    out = _Masked()
    dry = report.dry_run
    for r in report.results:
        line = f"[{(PLANNED if dry else STATUS)[r.status]}] {r.where}"
        if r.kind:
            line += f"  类型={r.kind}（{KINDS[r.kind].model_config['json_schema_extra']['label']}）"
        if r.status == "loaded":
            line += (f"  读取 {r.rows_read:,} 行：{'可导入' if dry else '导入'} {r.rows_loaded:,}，拒绝 {r.rows_rejected:,}，"
                     f"跳过 {r.rows_skipped:,}（空行/合计/备注/落款）")
            if r.rows_warned:
                line += f"，提醒 {r.rows_warned:,}"
        print(line, file=out)
        if r.status == "loaded":
            _print_plan(r, dry, out)
        if r.message and r.status != "loaded":
            print(f"    {r.message}", file=out)
        for reason in r.first_reasons:
            print(f"    {reason}", file=out)
        if r.rows_rejected > len(r.first_reasons) and r.first_reasons:
            print(f"    ……另有 {r.rows_rejected - len(r.first_reasons):,} 行被拒绝，未在此列出", file=out)
    total_rej = sum(r.rows_rejected for r in report.results)
    if total_rej and not dry:
        print(f"共拒绝 {total_rej:,} 行，原因见数据仓库表 etl_reject（看板“数据质量”页可下载）。", file=out)
    if dry:
        print(f"试运行：以上是导入后的效果预估，数据仓库 {report.warehouse} 未作任何更改。确认无误后去掉 --dry-run 再运行一次。",
              file=out)
    else:
        print(f"数据仓库：{report.warehouse}" + ("" if report.changed else "（未作更改）"), file=out)


def _print_plan(r, dry: bool, out) -> None:
    """Why the kind, the column mapping, the first rows (dry run only), and the effect."""
    if dry:
        print(f"    识别依据：{r.why}", file=out)
        print("    列对应：" + "；".join(f"{h} → {f}" if f else f"{h}（不导入）" for h, f in r.mapping), file=out)
        if r.sample is not None and r.sample.height:
            print("    前几行（按入库后的样子，身份证号已掩码）：", file=out)
            print("      " + " | ".join(r.sample.columns), file=out)
            for row in r.sample.iter_rows():
                print("      " + " | ".join("" if v is None else str(v) for v in row), file=out)
    print(("    预计效果：" if dry else "    效果：") + "；".join(lines(r.effect, r.kind, future=dry)[:1]), file=out)
    for text in lines(r.effect, r.kind, future=dry)[1:12]:
        print(f"      {text}", file=out)
    if r.replaced_batch is not None:
        print(f"    取代上一版（批次 {r.replaced_batch}）", file=out)


def main(argv: list[str] | None = None) -> int:
    """``_main`` with every failure turned into a Chinese message on stderr and exit code 1."""
    from etl.warehouse_io import WarehouseDamaged
    from etl.warehouse_secret import SecretError

    try:
        return _main(argv)
    except (SecretError, WarehouseDamaged) as exc:
        print(f"错误：{exc}", file=sys.stderr)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            print(f"错误：磁盘空间不足或文件超过系统允许的大小（{exc.strerror}），导入已中止，数据仓库未作任何更改，"
                  "临时文件已删除。请清理磁盘空间后重试。", file=sys.stderr)
        else:
            print(f"错误：读写文件失败（{exc.strerror or exc}：{exc.filename or ''}），导入已中止，数据仓库未作任何更改。",
                  file=sys.stderr)
    except KeyboardInterrupt:
        print("已取消，数据仓库未作任何更改。", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 (the clerk gets a message, the details go to ETL_DEBUG)
        from etl.identity import mask_text

        text = str(exc)
        full = "no space left" in text.lower() or "file too large" in text.lower()
        what = ("磁盘空间不足或文件超过系统允许的大小" if full else f"意外错误（{type(exc).__name__}）")
        print(f"错误：导入时出现{what}，已中止，数据仓库未作任何更改，临时文件已删除。"
              + ("请清理磁盘空间后重试。" if full else "请把这条信息告诉系统管理员。"), file=sys.stderr)
        if os.environ.get("ETL_DEBUG"):
            print(mask_text(traceback.format_exc()), file=sys.stderr)
    return 1


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="师训数据看板：导入数据文件")
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="导入文件或文件夹（.xlsx/.xls/.csv）")
    load.add_argument("paths", nargs="+", type=Path)
    load.add_argument("--warehouse", type=Path, default=None, help="DuckDB 文件（默认 $WAREHOUSE_PATH）")
    load.add_argument("--kind", choices=list(KINDS), default=None, help="指定数据类型，不按表头识别")
    load.add_argument("--year", type=int, default=None,
                      help="没有“年度”列的教师名册（全国系统导出的快照）属于哪一年；不给时取标题中的年份")
    load.add_argument("--program", default=None, metavar="CODE",
                      help="没有“项目编号”列的名单/成绩单属于哪个项目（项目编号）；不给时按标题匹配已知项目名称")
    load.add_argument("--sheet", action="append", default=[], metavar="NAME",
                      help="只导入这些名称的工作表（隐藏工作表只能这样导入）；可重复")
    load.add_argument("--dry-run", action="store_true", help="试运行：显示将导入什么、对数据仓库的影响，不写入")
    rekey = sub.add_parser("rekey", help="密钥丢失时：用新密钥从原始文件重建数据仓库（旧库和旧密钥都保留）")
    rekey.add_argument("paths", nargs="+", type=Path)
    rekey.add_argument("--warehouse", type=Path, default=None)
    secret = sub.add_parser("secret", help="显示密钥文件的指纹和数据仓库记录的指纹")
    secret.add_argument("--warehouse", type=Path, default=None)
    demo = sub.add_parser("demo", help="生成示例县的原始文件并据此建库")
    demo.add_argument("--warehouse", type=Path, default=None)
    demo.add_argument("--out", type=Path, default=settings.DEMO_DIR, help="示例原始文件写到这里")
    export.add_parser(sub)
    args = parser.parse_args(argv)

    if args.command == "secret":
        return _show_secret(args.warehouse or settings.warehouse_path())
    if args.command in ("load", "rekey"):
        missing = [str(p) for p in args.paths if not p.exists()]
        if missing:
            print(f"找不到文件：{', '.join(missing)}", file=sys.stderr)
            return 2
        if args.command == "rekey":
            from etl.rekey import rekey
            report = rekey(args.paths, args.warehouse or settings.warehouse_path())
        else:
            if args.year is not None and not 1990 <= args.year <= 2100:
                print(f"--year {args.year} 不是有效年份：请写成 2024 这样的四位数", file=sys.stderr)
                return 2
            report = load_paths(args.paths, args.warehouse, args.kind, Given(args.year, args.program),
                                sheets=tuple(args.sheet), dry_run=args.dry_run)
        print_report(report)
        return 0 if report.ok else 1
    if args.command == "export":
        return export.run(args)
    from etl.demo_build import build_demo
    report = build_demo(args.warehouse or settings.warehouse_path(), args.out)
    print_report(report)
    return 0 if report.ok else 1


def _show_secret(target: Path) -> int:
    import duckdb

    from etl.identity import load_secret
    from etl.warehouse_secret import fingerprint, recorded

    path = settings.secret_path(target)
    have = fingerprint(load_secret(path)) if path.exists() else None
    want = None
    if target.exists():
        con = duckdb.connect(str(target), read_only=True)
        try:
            want = recorded(con)
        finally:
            con.close()
    print(f"密钥文件 {path}：" + (f"指纹 {have}" if have else "不存在"))
    print(f"数据仓库 {target}：" + (f"记录的指纹 {want}" if want else "未记录指纹"))
    match = have is not None and (want is None or want == have)
    print("一致" if match else "不一致：导入会被拒绝（见 python -m etl rekey --help）")
    return 0 if match else 1


if __name__ == "__main__":
    sys.exit(main())
