"""The web pages' own refusals, errors and confirmations are catalogue messages: no string literal, f-string or
pre-rendered (Dutch) text is passed as the message of ``PageError`` / ``Forbidden``, a picker's ``PickError``, a
confirmation after a redirect (``redirect_with``), the sign-in page's error (``login_form``) or a page's ``message``
and field errors (``*_fout``), so every page text renders in the page's language. A new literal fails here; add a
``web.*`` code to graph/messages.py instead. A last scan finds any Dutch or English sentence left in api/web code."""

from __future__ import annotations

import ast
import re
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


# callee -> (position of its message argument, keyword names that carry a message)
_CARRIERS: dict[str, tuple[int | None, tuple[str, ...]]] = {
    "PageError": (0, ("message",)), "Forbidden": (0, ("message",)), "PickError": (1, ("message",)),
    "redirect_with": (2, ("message",)), "login_form": (2, ("error", "email_error", "sent")),
    "_login_form": (2, ("error",)), "_page": (None, ("message", "problems")), "_done": (1, ()),
    "_regio_page": (None, ("message",)), "_meeting_page": (3, ("message",)), "_status_page": (3, ("message",)),
    "_invitation_page": (4, ("message",)),
}


def page_error_texts(source: str) -> list[tuple[int, str]]:
    """(line, source) of each page message (see ``_CARRIERS``, and dict values under ``"*_fout"`` keys) that is a text
    instead of a catalogue ``Message``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            found += [(t.lineno, ast.unparse(t)) for k, v in zip(node.keys, node.values, strict=True)
                      if isinstance(k, ast.Constant) and str(k.value).endswith("_fout") for t in _texts(v)]
            continue
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name not in _CARRIERS:
            continue
        position, keywords = _CARRIERS[name]
        args = [node.args[position]] if position is not None and len(node.args) > position else []
        args += [k.value for k in node.keywords if k.arg in keywords]
        found += [(t.lineno, ast.unparse(t)) for arg in args for t in _texts(arg)]
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
raise PickError("naar", "Kies twee verschillende personen.", [], text)
raise PickError(veld, msg("web.pick.gone", what=what), [], text)
return redirect_with(request, "/mensen", f"{name} is opgeslagen.")
return redirect_with(request, "/mensen", msg("web.people.saved", name=name))
return login_form(request, "/", None, 422, email_error="Vul uw adres in.")
return _regio_page(request, session, jz, message=f"Melding {n} is afgehandeld.")
pickers = {"datum": day, "datum_fout": f"Overdragen lukte niet: {error_in_dutch(exc)}"}
pickers = {"datum": day, "datum_fout": msg("web.failed.transfer", problem=reason(exc))}
'''
    assert [line for line, _ in page_error_texts(source)] == [2, 3, 4, 5, 6, 7, 12, 14, 16, 17, 18]


def test_no_page_error_in_api_web_is_worded_in_code() -> None:
    files = sorted((ROOT / "api" / "web").glob("**/*.py"))
    assert len(files) > 10
    found = [f"{f.relative_to(ROOT)}:{line}: {text}" for f in files
             for line, text in page_error_texts(f.read_text(encoding="utf-8"))]
    assert not found, "page errors worded in code (use a web.* catalogue code):\n" + "\n".join(found)


_SENTENCE = re.compile(r"[A-Za-zëéï‘’]{2,} [a-zëéï]{2,}")
_NOT_SHOWN = {"warning", "info", "debug", "error", "exception", "LinkError", "OidcError", "KeyError", "TypeError",
              "ValueError", "RuntimeError", "FileNotFoundError",  # log lines and exceptions for developers
              "record_sign_in"}  # the audit trail's reasons (codes for administrators, not page text)


def sentences_in_code(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string in ``source`` that reads like a sentence (two words), outside docstrings, log
    calls and developers' exceptions: a text some page may show without the catalogue."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            skip.add(id(node.body[0].value))
        if isinstance(node, ast.Call):
            f = node.func
            if (f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")) in _NOT_SHOWN:
                skip |= {id(n) for n in ast.walk(node)}
        if isinstance(node, ast.JoinedStr):
            skip |= {id(v) for v in node.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if _SENTENCE.search(text):
            found.append((node.lineno, text))
    return found


def test_the_sentence_scan_finds_words_and_passes_codes() -> None:
    source = '''
"""Module docstring with many words."""
x = "Bedankt: bevestigd als juist."
y = f"{n} functie(s) zijn nu vacant."
z = msg("web.people.saved", name=name)
log.warning("sign-in refused: %s", reason)
raise KeyError(f"no such code {code}")
w = "page.update.field.phone"
'''
    assert [line for line, _ in sentences_in_code(source)] == [3, 4]


# What may stay: the audit trail's own reasons (not shown as page text), and the vendored-assets developer errors.
_ALLOWED = {("api/web/routes_privacy.py", "admin page"), ("api/web/routes_privacy.py", "admin json")}
_DEVELOPER_FILES = {"api/web/vendor.py", "api/web/format.py"}  # format.py: catalogue-code tables and fallbacks


def test_no_sentence_left_in_the_pages_code() -> None:
    files = sorted((ROOT / "api" / "web").glob("**/*.py"))
    found = [f"{rel}:{line}: {text}" for f in files if (rel := str(f.relative_to(ROOT))) not in _DEVELOPER_FILES
             for line, text in sentences_in_code(f.read_text(encoding="utf-8")) if (rel, text) not in _ALLOWED]
    assert not found, "texts written in the pages' code (use a web.* / page.* catalogue code):\n" + "\n".join(found)
