"""The product's modules import each other without a cycle (issue #13: ``access/ui.py`` →
``ui/tables.py`` → ``ui/downloads.py`` → ``access/ui.py`` was one). Imports are read with
``ast``, those inside functions too; importing ``a.b.c`` also runs ``a`` and ``a.b``."""
from __future__ import annotations

import ast

from tests.product_code import module_name, product_files


def _imported(tree: ast.AST, me: str, is_package: bool) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package, up level - 1 more
                package = me.split(".") if is_package else me.split(".")[:-1]
                package = package[:len(package) - (node.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}  # a submodule, when it is one
    return names


def graph(files=None) -> dict[str, set[str]]:
    """Module → the product modules it imports (and the packages those run on the way)."""
    files = files or product_files()
    modules = {module_name(p): p for p in files}
    edges = {}
    for name, path in modules.items():
        ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        targets = set()
        for imported in _imported(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py"):
            parts = imported.split(".")
            for i in range(1, len(parts) + 1):
                candidate = ".".join(parts[:i])
                if candidate in modules and candidate not in ancestors and candidate != name:
                    targets.add(candidate)
        edges[name] = targets
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def path_round(edges: dict[str, set[str]], group: list[str]) -> list[str]:
    """One cycle through ``group``'s first module, as a path back to it (for the message)."""
    start, seen = group[0], set()

    def walk(v: str, path: list[str]) -> list[str] | None:
        for w in sorted(edges[v] & set(group)):
            if w == start:
                return [*path, w]
            if w not in seen:
                seen.add(w)
                if found := walk(w, [*path, w]):
                    return found
        return None

    return walk(start, [start]) or group


def test_the_product_has_no_import_cycle():
    edges = graph()
    found = [" → ".join(path_round(edges, group)) for group in cycles(edges)]
    assert not found, "import cycles: " + "; ".join(found)


def test_a_cycle_through_a_function_level_import_is_found(tmp_path, monkeypatch):
    import tests.product_code as product_code

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from pkg import b\n")
    (tmp_path / "pkg" / "b.py").write_text("def f():\n    from .c import g\n")
    (tmp_path / "pkg" / "c.py").write_text("import pkg.a\n")
    (tmp_path / "pkg" / "d.py").write_text("from pkg.a import x\n")
    monkeypatch.setattr(product_code, "ROOT", tmp_path)
    files = sorted((tmp_path / "pkg").glob("*.py"))
    edges = graph(files)
    assert edges["pkg.a"] == {"pkg.b"} and edges["pkg.b"] == {"pkg.c"} and edges["pkg.d"] == {"pkg.a"}
    assert cycles(edges) == [["pkg.a", "pkg.b", "pkg.c"]]
    assert path_round(edges, ["pkg.a", "pkg.b", "pkg.c"]) == ["pkg.a", "pkg.b", "pkg.c", "pkg.a"]
