"""Meta-test: rates are written in one place. ``nullif(`` and division appear only in the SQL
models (warehouse/sql/) and the metric layer (warehouse/layer/); the query modules call the layer.

Division is found by parsing: Python ``/`` operators (ast.Div) and `` / `` inside string
constants that hold SQL (a docstring's prose is not code and is skipped).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ["warehouse/queries"]


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.FloorDiv)):
            found.append(f"{path.name}:{node.lineno} divides")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            text = node.value.lower()
            if "nullif(" in text or (" / " in text and "select" in text):
                found.append(f"{path.name}:{node.lineno} writes a ratio in SQL")
    return found


def test_query_modules_leave_every_ratio_to_the_layer():
    found = [o for folder in CHECKED for p in sorted((ROOT / folder).glob("*.py")) for o in offences(p)]
    assert found == []


def test_the_check_sees_a_ratio_written_by_hand(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('SQL = "select passed / nullif(with_result, 0) from t"\nshare = 3 / 4\n', encoding="utf-8")
    assert offences(bad) == ["bad.py:1 writes a ratio in SQL", "bad.py:2 divides"]
