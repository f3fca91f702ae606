"""The web pages' own refusals and errors (``PageError`` / ``Forbidden`` in ``api/web``) are catalogue messages:
no string literal, f-string or pre-rendered (Dutch) text is passed as their message, so every page error
renders in the page's language. A new literal fails here; add a ``web.*`` code to graph/messages.py instead."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_PRE_RENDERED = {"error_in_dutch", "render", "error_text", "gettext", "format"}  # text already in one language


def _texts(node: ast.AST | None) -> list[ast.AST]:
    """The parts of a message argument that are text rather than a ``Message`` (both branches of a conditional)."""
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return []
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, ast.Constant | ast.JoinedStr) or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add
                                                                                                    | ast.Mod)):
        return [node]
    if isinstance(node, ast.Call):
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        return [node] if name in _PRE_RENDERED else []
    return []


def page_error_texts(source: str) -> list[tuple[int, str]]:
    """(line, source) of each PageError/Forbidden whose message is a text instead of a catalogue ``Message``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name not in ("PageError", "Forbidden"):
            continue
        arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "message"), None)
        found += [(t.lineno, ast.unparse(t)) for t in _texts(arg)]
    return found


def test_the_scanner_finds_texts_passed_as_page_errors() -> None:
    source = '''
raise PageError("Kies csv of json.", 404)
raise Forbidden(f"Geen toegang tot {jz}.")
raise PageError(error_in_dutch(exc))
raise PageError(i18n.render(exc.message, "nl"), 404)
raise Forbidden(msg("web.csrf") if ok else "Nee.")
raise PageError(message="Mis" + "lukt")
raise PageError(msg("web.no_key", key=key), 404)
raise PageError(reason(exc))
raise PageError(None, 404)
raise Forbidden(exc.message)
'''
    assert [line for line, _ in page_error_texts(source)] == [2, 3, 4, 5, 6, 7]


def test_no_page_error_in_api_web_is_worded_in_code() -> None:
    files = sorted((ROOT / "api" / "web").glob("**/*.py"))
    assert len(files) > 10
    found = [f"{f.relative_to(ROOT)}:{line}: {text}" for f in files
             for line, text in page_error_texts(f.read_text(encoding="utf-8"))]
    assert not found, "page errors worded in code (use a web.* catalogue code):\n" + "\n".join(found)
