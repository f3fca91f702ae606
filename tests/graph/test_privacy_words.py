"""graph/privacy.py words nothing for people: its refusals are catalogue codes (``privacy.<rule>``,
``privacy.reason.<rule>``, ``privacy.case_ref_invalid``) that api/i18n.py renders in Dutch or English. A
sentence written into the module (a rule description, an error text) fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def sentences(source: str) -> list[tuple[int, str]]:
    """(line, text) of string literals of three words or more, leaving out docstrings and regular expressions
    (``re.compile`` / ``re.search`` … patterns), which are not shown to anyone."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body and \
                isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args:
            skip.update(id(n) for n in ast.walk(node.args[0]))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                and len(re.findall(r"[A-Za-zÀ-ÿ]{2,}", node.value)) >= 3 and " " in node.value.strip():
            found.append((node.lineno, node.value))
    return sorted(found)


def test_the_scan_finds_sentences_but_not_patterns_or_docstrings() -> None:
    source = '''
"""A module docstring with many words."""
import re
_X = re.compile(r"geboren|geb\\\\.|date of birth")
REASONS = {"bsn": "lijkt op een BSN", "name": "looks like a personal name"}
def f(ref):
    """Docstring of f, many words too."""
    raise ValueError(f"{ref!r} is not a case reference: expected JB-XXXX-XXXX")
CODE = "privacy.reason.bsn"
'''
    assert [line for line, _ in sentences(source)] == [5, 5, 8]


def test_graph_privacy_holds_no_display_sentences() -> None:
    found = sentences((ROOT / "graph" / "privacy.py").read_text(encoding="utf-8"))
    assert not found, "sentences in graph/privacy.py (give them a privacy.* catalogue code):\n" + "\n".join(
        f"  line {line}: {text!r}" for line, text in found)
