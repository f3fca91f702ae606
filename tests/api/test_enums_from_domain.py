"""Every GraphQL enum is built from one domain constant, never from a second, hand-kept list of words.

A hand-kept copy drifts: the domain gains a word (a new sort, a new term start) and the schema refuses it
or a resolver raises on it. So in ``api/`` an enum is either ``words_enum(name, <domain constant>, ...)``
or ``strawberry.enum(<an Enum class imported from graph/>)``; a class body or a literal list of words in
api/ is what this test finds.
"""

from __future__ import annotations

import ast
from pathlib import Path

API = Path(__file__).resolve().parents[2] / "api"


def _is_strawberry_enum(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return isinstance(target, ast.Attribute) and target.attr == "enum" and \
        isinstance(target.value, ast.Name) and target.value.id == "strawberry"


def _literal_words(node: ast.expr) -> list[str]:
    """The string literals written inside an expression (a tuple, a list, a starred mix)."""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def hand_kept_enums(source: str, where: str) -> list[str]:
    found = []
    tree = ast.parse(source)
    local_classes = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(_is_strawberry_enum(d) for d in node.decorator_list):
            found.append(f"{where}:{node.lineno} class {node.name} lists its values by hand")
        elif isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "words_enum" and len(node.args) >= 2 and (words := _literal_words(node.args[1])):
                found.append(f"{where}:{node.lineno} words_enum({_literal_words(node.args[0])}) writes {words}")
            elif _is_strawberry_enum(node) and node.args and isinstance(node.args[0], ast.Name) \
                    and node.args[0].id in local_classes:
                found.append(f"{where}:{node.lineno} strawberry.enum({node.args[0].id}) of a class kept in api/")
    return found


def test_no_schema_enum_keeps_its_own_list_of_words() -> None:
    found = []
    for path in sorted(API.rglob("*.py")):
        found += hand_kept_enums(path.read_text(encoding="utf-8"), str(path.relative_to(API.parent)))
    assert found == []


def test_the_check_finds_a_hand_kept_enum() -> None:
    # The three shapes a second list takes; the domain-built forms pass.
    source = '''
@strawberry.enum(name="Sort")
class Sort(StrEnum):
    NAME = "name"
Kinds = words_enum("Kinds", ("a", "b"), "…")
More = words_enum("More", (*q.KINDS, "extra"), "…")
class Local(StrEnum):
    A = "a"
LocalEnum = strawberry.enum(Local, name="Local")
Fine = words_enum("Fine", q.SORTS, "How results are ordered.")
AlsoFine = strawberry.enum(OrgType, name="OrganisationKind")
'''
    found = hand_kept_enums(source, "x.py")
    assert [f.split(" ", 1)[0] for f in found] == ["x.py:3", "x.py:5", "x.py:6", "x.py:9"]

