"""ui.i18n: every code the warehouse can hold has a Chinese and an English label, and every
interface text lives once, in ui/text.toml, in both languages with the same placeholders; every
key the code asks for is there."""
from __future__ import annotations

import ast
import re

import pytest

from access.accounts import Outcome
from tests.product_code import ROOT, module_name, product_files
from ui import i18n, report_button
from ui.navigation import PAGES
from warehouse.filters import Filters


def placeholders(s: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", s))


def test_each_entry_has_both_languages_with_the_same_placeholders():
    sections = i18n.catalogue()
    assert {"main", "headers", "access", "records", "report_button", "import_mapping"} <= set(sections)
    for section, entries in sections.items():
        for key, (zh, en) in entries.items():
            assert zh and en, f"{section}.{key}"
            assert placeholders(zh) == placeholders(en), f"{section}.{key}"


def test_text_reads_the_main_section_or_a_named_one(monkeypatch):
    import streamlit as st

    assert i18n.text("no_data").startswith("当前筛选条件下没有数据")
    assert i18n.text("access.throttled", seconds=30) == "尝试次数过多，请 30 秒后再试"
    assert i18n.pairs("headers")["coverage"] == ("培训覆盖率（%）", "Coverage (%)")
    monkeypatch.setitem(st.session_state, "lang", "English")
    assert i18n.text("access.throttled", seconds=30) == "Too many attempts; try again in 30 seconds"
    with pytest.raises(KeyError):
        i18n.text("no_such_key")


# Helpers that ask the catalogue for one section's key: (module, function) → section.
HELPERS = {("ui.records", "t"): "records"}


def asked_keys(path) -> list[tuple[str, str, int]]:
    """(section, key, line) of every literal key the file asks for: text("k"), text("s.k"),
    i18n.text(…), records.t("k"); for an f-string key, its section alone (key "")."""
    me = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {}   # local name → module
    helpers = {f: s for (m, f), s in HELPERS.items() if m == me}  # local name → section
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                modules[alias.asname or alias.name] = full
                if (node.module, alias.name) in HELPERS:
                    helpers[alias.asname or alias.name] = HELPERS[(node.module, alias.name)]
                if full == "ui.i18n.text":
                    helpers[alias.asname or alias.name] = "main"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                modules[alias.asname or alias.name] = alias.name
    if me == "ui.i18n":
        helpers["text"] = "main"
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func, section = node.func, None
        if isinstance(func, ast.Name):
            section = helpers.get(func.id)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner = modules.get(func.value.id)
            section = "main" if (owner, func.attr) == ("ui.i18n", "text") else HELPERS.get((owner, func.attr))
        if section is None:
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            where, _, key = arg.value.rpartition(".") if section == "main" else ("", "", arg.value)
            found.append((where or section, key, node.lineno))
        elif (section == "main" and isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant)
              and "." in arg.values[0].value):  # text(f"access.{…}"): its section, at least
            found.append((arg.values[0].value.split(".")[0], "", node.lineno))
    return found


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    sections = i18n.catalogue()
    missing, asked = [], 0
    for path in product_files():
        for section, key, line in asked_keys(path):
            asked += 1
            if section not in sections or (key and key not in sections[section]):
                missing.append(f"{path.relative_to(ROOT)}:{line} {section}.{key}")
    assert asked > 300 and missing == []


def test_the_scan_sees_each_way_of_asking(tmp_path, monkeypatch):
    import tests.product_code as product_code

    monkeypatch.setattr(product_code, "ROOT", tmp_path)
    (tmp_path / "page.py").write_text(
        "from ui import i18n\nfrom ui import records as rc\nfrom ui.i18n import text\n"
        "text('no_data'); text('access.login'); i18n.text('x'); rc.t('rule'); text(f'access.{k}'); text(v)\n")
    assert asked_keys(tmp_path / "page.py") == [("main", "no_data", 4), ("access", "login", 4), ("main", "x", 4),
                                                ("records", "rule", 4), ("access", "", 4)]


def test_keys_made_at_run_time_are_in_the_catalogue():
    sections = i18n.catalogue()
    assert {o.value for o in Outcome if o is not Outcome.OK} <= set(sections["access"])
    everything = Filters(stages=("primary",), urban_rural=("rural",), train_tiers=("national",), subjects=("语文",),
                         dev_tiers=("new",), townships=("甲镇", "乙镇"), schools=("S1", "S2"))
    ignored = report_button.request(everything)[3]
    assert len(ignored) == 7 and set(ignored) <= set(sections["report_button"])
    assert {k for p in PAGES for k in (p.title_key, p.section)} <= set(sections["main"])


def test_labels_default_to_chinese_and_never_drop_a_value():
    assert i18n.label("train_tier", "national") == "国培"
    assert i18n.label("train_tier", "somewhere") == "somewhere"  # unknown codes are shown as they are
    assert i18n.label("stage", None) == "未填"


def literal_pairs(path) -> list[int]:
    """Lines of ("中文", "English") literal pairs: a text that belongs in ui/text.toml."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Tuple) and len(node.elts) == 2
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)):
            zh, en = (e.value for e in node.elts)
            if cjk.search(zh) and not cjk.search(en) and re.search("[A-Za-z]", en):
                lines.append(node.lineno)
    return lines


def test_pages_and_widgets_hold_no_text_of_their_own(tmp_path):
    # ui/i18n.py keeps the language switch's two options and the label of a missing form code;
    # ui/reasons_*.py are the ETL's sentences (a Chinese pattern, its English), not interface text.
    found = [f"{p.relative_to(ROOT)}:{line}" for p in product_files()
             if p.relative_to(ROOT).parts[0] in ("ui", "views", "app.py") and p.name != "i18n.py"
             and not p.name.startswith("reasons_")
             for line in literal_pairs(p)]
    assert found == []
    (tmp_path / "page.py").write_text('Col("who", "text", header=("对象", "Series"))\nx = ("中文", "中文")\n')
    assert literal_pairs(tmp_path / "page.py") == [1]
