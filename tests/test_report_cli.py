"""``python -m report annual``: county, township and school reports, the scope of a school
account, and clear messages for what cannot be reported on."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from access.__main__ import main as access_main
from report.__main__ import parser

ROOT = Path(__file__).resolve().parent.parent
FUCHENG = "2162292201"   # 附城初中, in 附城镇


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = parser().parse_args(list(argv))
    code = args.run(args, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def text_of(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_county_report_through_the_module_entry_point(demo_warehouse, tmp_path):
    out = tmp_path / "县.docx"
    done = subprocess.run([sys.executable, "-m", "report", "annual", "--year", "2024", "--warehouse",
                           str(demo_warehouse), "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "已生成" in done.stdout
    assert Document(str(out)).paragraphs[0].text == "2024年度教师培训工作总结"


def test_township_report_names_only_its_schools(demo_warehouse, tmp_path):
    out = tmp_path / "t.docx"
    code, _out, err = run("annual", "--year", "2024", "--township", "莲麓镇", "--warehouse",
                          str(demo_warehouse), "--out", str(out))
    assert code == 0, err
    text = text_of(out)
    assert text.startswith("莲麓镇2024年度教师培训工作总结")
    assert "莲麓初中" in text and "莲麓学区" in text
    assert "附城初中" not in text and "康乐中学" not in text


def test_a_school_account_gets_its_own_school_whatever_it_asks(demo_warehouse, tmp_path, monkeypatch):
    accounts = tmp_path / "accounts.json"
    monkeypatch.setenv("ACCOUNTS_PATH", str(accounts))
    code = access_main(["add", "fc", "--role", "school", "--school", FUCHENG, "--password-stdin"],
                       out=io.StringIO(), stdin=io.StringIO("pass-1234\n"))
    assert code == 0
    out = tmp_path / "s.docx"
    code, _out, err = run("annual", "--year", "2024", "--township", "莲麓镇", "--user", "fc",
                          "--warehouse", str(demo_warehouse), "--out", str(out))
    assert code == 0, err
    text = text_of(out)
    assert text.startswith("附城初中2024年度教师培训工作总结")
    assert "附城初中2024年度考核结果为优秀。" in text
    others = ("莲麓初中", "康乐中学", "蓝川初中", "城北幼儿园", "鸣鹿幼儿园")
    assert not [name for name in others if name in text]


def test_school_by_name_in_english(demo_warehouse, tmp_path):
    out = tmp_path / "e.docx"
    code, _out, err = run("annual", "--year", "2024", "--school", "康乐中学", "--lang", "en",
                          "--warehouse", str(demo_warehouse), "--out", str(out))
    assert code == 0, err
    assert Document(str(out)).paragraphs[0].text == "Teacher Training in 2024: Year-End Summary — 康乐中学"


@pytest.mark.parametrize("args, message", [
    (("--year", "2030"), "2030年没有名册或参训数据，可选年度：2021、2022、2023、2024、2025"),
    (("--year", "2024", "--school", "没有这所学校"), "没有找到学校“没有这所学校”"),
    (("--year", "2024", "--township", "火星乡"), "没有找到乡镇“火星乡”"),
    (("--year", "2024", "--user", "nobody"), "没有可用的账号“nobody”"),
])
def test_what_cannot_be_reported_on_is_refused_with_a_message(demo_warehouse, tmp_path, monkeypatch,
                                                             args, message):
    monkeypatch.setenv("ACCOUNTS_PATH", str(tmp_path / "none.json"))
    out = tmp_path / "x.docx"
    code, _out, err = run("annual", *args, "--warehouse", str(demo_warehouse), "--out", str(out))
    assert code == 1
    assert message in err
    assert not out.exists()


def test_missing_warehouse(tmp_path):
    code, _out, err = run("annual", "--year", "2024", "--warehouse", str(tmp_path / "no.duckdb"))
    assert code == 1 and "找不到数据仓库" in err
