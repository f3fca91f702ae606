"""graph/ words no sentence for display (issue #15): every refusal of the query layer is a code + parameters.

An AST scan of ``graph/queries``: a string literal or f-string given to an error the interfaces show (a
``MessageError`` subclass, or ``ValueError``, whose text the API and pages would print) fails, and so does
a ``msg`` call whose code is not a literal (a sentence smuggled in as a code). Internal invariants use
``AssertionError``/``KeyError``/``TypeError``, which no interface shows as a message.

A second scan looks at what answers carry for display: a sentence (two words or more, literal or f-string,
directly or through a module constant) given to a display field -- assigned to a name such as ``note``,
``reason``, ``why``, ``title``, ``when``, ``*_text``, passed as such a keyword, or passed positionally where
a dataclass field or parameter of graph/queries has such a name -- fails. Those are ``Message``s.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.messages import MESSAGES, MessageError, msg

QUERIES = Path(__file__).resolve().parents[2] / "graph" / "queries"
# Errors whose text reaches people: the domain's message errors and plain ValueError.
SHOWN = {"ValueError", "MessageError", "QueryError", "MeetingError", "PersonInputError", "PrivacyError"}


def _sentences(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        first = node.args[0]
        text = isinstance(first, ast.JoinedStr) or (isinstance(first, ast.Constant) and isinstance(first.value, str))
        if name in SHOWN and text:
            found.append((node.lineno, f"{name}({ast.unparse(first)[:60]})"))
        if name == "msg" and isinstance(first, ast.Constant) and first.value not in MESSAGES:
            found.append((node.lineno, f"msg({first.value!r}): not a catalogue code"))
    return found


def test_no_display_sentence_in_graph_queries() -> None:
    offenders = [f"{path.name}:{line}: {what}" for path in sorted(QUERIES.glob("*.py"))
                 for line, what in _sentences(path.read_text(encoding="utf-8"))]
    assert offenders == [], "give these a code in graph/messages.py:\n" + "\n".join(offenders)


def test_the_scan_finds_a_sentence() -> None:
    # the guard itself: each way of wording a refusal in English is caught
    bad = ('raise QueryError(f"unknown kind {kind!r}")\nraise ValueError("top must be at least 1")\n'
           'raise MeetingError("x")\nmsg("some sentence here")\n')
    assert [line for line, _ in _sentences(bad)] == [1, 2, 3, 4]
    assert _sentences('raise QueryError(msg("query.minimum", name="top", min=1))') == []


def test_a_domain_error_takes_only_a_message() -> None:
    with pytest.raises(TypeError):
        MessageError("an English sentence")  # type: ignore[arg-type]
    assert MessageError(msg("search.empty")).message.code == "search.empty"


# --------------------------------------------------------------------------- sentences for display fields
DISPLAY = {"note", "reason", "why", "text", "title", "started_by", "when", "summary", "message", "description"}
DISPLAY_SUFFIXES = ("_text", "_note", "_reason", "_title")
# Lists an answer shows item by item (``diffs.append(...)``).
DISPLAY_LISTS = {"diffs", "differences", "notes", "reasons", "findings", "warnings"}
# Texts jbnet stores as data in the change log (in Dutch), not answers worded for display: a report's remark
# written when someone leaves, an erasure's reason. They are read back as written.
STORED = {("update_requests.py", "note"), ("retention.py", "reason"), ("erasure.py", "why")}
_WORD = re.compile(r"[^\W\d_]{2,}")
_TWO_WORDS = re.compile(r"[^\W\d_]\s+\W*[^\W\d_]")


def _display(name: str) -> bool:
    return name in DISPLAY or name.endswith(DISPLAY_SUFFIXES)


def _sentence(node: ast.AST, loose: bool = False) -> str | None:
    if isinstance(node, ast.JoinedStr):
        text = " ".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    else:
        return None
    if loose:  # a word and a gap: "created {kind} {key}", "changed " + fields
        return text if re.search(r"[^\W\d_]{3,}\s", text) else None
    return text if len(_WORD.findall(text)) >= 2 and _TWO_WORDS.search(text) else None


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _signatures(trees: list[ast.Module]) -> dict[str, list[list[str]]]:
    """Name -> the positional names of each dataclass (its fields) or function of that name."""
    sig: dict[str, list[list[str]]] = {}
    for tree in trees:
        for n in ast.walk(tree):
            if isinstance(n, ast.ClassDef):
                sig.setdefault(n.name, []).append(
                    [f.target.id for f in n.body if isinstance(f, ast.AnnAssign) and isinstance(f.target, ast.Name)])
            elif isinstance(n, ast.FunctionDef):
                sig.setdefault(n.name, []).append([a.arg for a in n.args.posonlyargs + n.args.args])
    return sig


def _targets(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, ast.Tuple):
        return [x for e in node.elts for x in _targets(e)]
    return []


def _display_sentences(source: str, sig: dict[str, list[list[str]]]) -> list[tuple[int, str, str]]:
    """(line, display field, sentence) for each sentence given to a display field in ``source``."""
    tree = ast.parse(source)
    consts = {t.id: s.value for s in tree.body if isinstance(s, ast.Assign | ast.AnnAssign) and s.value is not None
              for t in (s.targets if isinstance(s, ast.Assign) else [s.target]) if isinstance(t, ast.Name)}

    def sentences(expr: ast.AST, seen: tuple[str, ...] = (), loose: bool = False) -> Iterator[str]:
        stack = [expr]
        while stack:
            n = stack.pop()
            if isinstance(n, ast.Call) and _call_name(n) == "msg":
                continue  # a code and its parameters
            if (text := _sentence(n, loose)) is not None:
                yield text
                continue
            if isinstance(n, ast.Name) and n.id in consts and n.id not in seen:
                yield from sentences(consts[n.id], (*seen, n.id), loose)
            stack.extend(ast.iter_child_nodes(n))

    found: list[tuple[int, str, str]] = []

    def check(field: str, value: ast.AST, line: int, loose: bool = False) -> None:
        text = next(sentences(value, loose=loose), None)
        if text is not None:
            found.append((line, field, text))

    for fn in ast.walk(tree):  # what a function named for a display field (``_summary``) returns
        if isinstance(fn, ast.FunctionDef) and _display(fn.name.lstrip("_")):
            for r in ast.walk(fn):
                if isinstance(r, ast.Return) and r.value is not None:
                    check(f"{fn.name}()", r.value, r.lineno, loose=True)
    for n in ast.walk(tree):
        if isinstance(n, ast.Assign | ast.AnnAssign | ast.AugAssign) and n.value is not None:
            shown = [x for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) for x in _targets(t)
                     if _display(x)]
            if shown:
                check(shown[0], n.value, n.lineno)
        elif isinstance(n, ast.Call):
            f = n.func
            if (isinstance(f, ast.Attribute) and f.attr in ("append", "extend", "add")
                    and isinstance(f.value, ast.Name) and (f.value.id in DISPLAY_LISTS or _display(f.value.id))):
                for arg in n.args:
                    check(f"{f.value.id}.{f.attr}", arg, n.lineno)
            for kw in n.keywords:
                if kw.arg and _display(kw.arg):
                    check(kw.arg, kw.value, n.lineno)
            for params in sig.get(_call_name(n), []):
                for i, arg in enumerate(n.args[:len(params)]):
                    if _display(params[i]):
                        check(params[i], arg, n.lineno)
    return sorted(set(found))


def _query_modules() -> list[tuple[str, str]]:
    return [(path.name, path.read_text(encoding="utf-8")) for path in sorted(QUERIES.glob("*.py"))]


def test_no_sentence_given_to_a_display_field_in_graph_queries() -> None:
    modules = _query_modules()
    sig = _signatures([ast.parse(src) for _, src in modules])
    offenders = [f"{name}:{line}: {field} = {text[:70]!r}" for name, src in modules
                 for line, field, text in _display_sentences(src, sig) if (name, field) not in STORED]
    assert offenders == [], "make these a Message (graph/messages.py):\n" + "\n".join(offenders)


def test_the_display_scan_finds_what_graph_queries_used_to_word() -> None:
    # The shapes graph/queries/contacts.py, network.py and freshness.py used before their notes became codes.
    old = (
        "from dataclasses import dataclass\n"
        "_ROUTE_UNKNOWN = 'unknown - not stated for this region'\n"
        "_STEP_TEXT: dict = {1: ('gedragswetenschappers', 'each professional, who asks', 'situation 1 only')}\n"
        "@dataclass\nclass Tafel:\n    key: str\n    reason: str\n"
        "def f(route, jz, ot, gm, step, names):\n"
        "    route_text = f'route {route} (chosen by {jz})'\n"  # 9
        "    route_text = _ROUTE_UNKNOWN\n"  # 10: through a module constant
        "    note = f'nobody covers {gm} for {ot}'\n"  # 11
        "    note += '; the jeugdhulpregio has no regionale contactpersoon on record'\n"  # 12
        "    title, started_by, when = _STEP_TEXT[step]\n"  # 13: unpacked from a constant table
        "    Tafel('jz', f'shares veiligheidsregio {names}')\n"  # 14: a dataclass field by position
        "    diffs.append(f'{jz} has a {route}, {gm} has none')\n"  # 15: an item of a shown list
        "    return Answer(why='never confirmed')\n"  # 16: a keyword
        "def _summary(kind, key):\n    return f'created {kind} {key}'\n"  # 18: returned by a display function
    )
    assert [line for line, _, _ in _display_sentences(old, _signatures([ast.parse(old)]))] == [
        9, 10, 11, 12, 13, 14, 15, 16, 18]
    coded = ("def f(route, jz):\n    route_text = msg('aanmeldroute.chosen', route=route, region=jz)\n"
             "    reason = 'coverage.direct'\n    note = ', '.join(names)\n    text = remark.strip()\n")
    assert _display_sentences(coded, {}) == []
