"""The import rules of docs/architecture.md, checked on the source (a small AST walk, no import side effects).

- ``graph/`` (the domain) imports nothing from ``api/``, ``loaders/`` or ``viz/``;
- ``loaders/`` and ``viz/`` build on ``graph/`` only (never on ``api/`` or each other);
- modules of ``graph/`` never import each other in a circle, lazily inside a function included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "api", "loaders", "viz")
# Which top-level packages each package may import from (itself always).
ALLOWED = {"graph": set(), "loaders": {"graph"}, "viz": {"graph"}, "api": {"graph", "loaders", "viz"}}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, module, names) for every import in the file, wherever it stands; relative ones resolved.

    ``import a.b`` gives ``(line, "a.b", ())``, ``from a import b, c`` gives ``(line, "a", ("b", "c"))``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    out: list[tuple[int, str, tuple[str, ...]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            out.append((node.lineno, base, tuple(alias.name for alias in node.names)))
    return out


def _sources(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "node_modules" not in p.parts)


def layer_violations(package: str, files: list[Path] | None = None) -> list[str]:
    found = []
    for path in files if files is not None else _sources(package):
        for line, name, _ in imports_of(path):
            top = name.split(".")[0]
            if top in PACKAGES and top != package and top not in ALLOWED[package]:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return found


def import_cycles(package: str, files: list[Path] | None = None) -> list[list[str]]:
    paths = files if files is not None else _sources(package)
    modules = {_module_name(p) for p in paths}
    g = nx.DiGraph()
    for path in paths:
        here = _module_name(path)
        g.add_node(here)
        for _, name, names in imports_of(path):
            # ``from graph.queries import invites`` depends on the submodule, not on the package's __init__
            targets = [f"{name}.{n}" if f"{name}.{n}" in modules else name for n in names] or [name]
            g.add_edges_from((here, t) for t in targets if t in modules and t != here)
    return [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_layer_rules(package: str) -> None:
    assert layer_violations(package) == []


def test_graph_modules_import_no_circle() -> None:
    assert import_cycles("graph") == []


def test_the_checks_catch_a_violation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The two checks themselves: a lazy ``from api...`` in graph/ and a two-module circle are both found.
    monkeypatch.setattr("tests.test_layers.ROOT", tmp_path)
    (tmp_path / "graph" / "queries").mkdir(parents=True)
    a = tmp_path / "graph" / "queries" / "a.py"
    b = tmp_path / "graph" / "queries" / "b.py"
    a.write_text("from graph.queries.b import x\n\ndef f():\n    from api.web import format\n")
    b.write_text("def g():\n    from . import a\n")
    assert layer_violations("graph", [a, b]) == ["graph/queries/a.py:4 imports api.web"]
    assert import_cycles("graph", [a, b]) == [["graph.queries.a", "graph.queries.b"]]
