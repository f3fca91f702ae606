"""graph/ words no sentence for display (issue #15): every refusal of the query layer is a code + parameters.

An AST scan of ``graph/queries``: a string literal or f-string given to an error the interfaces show (a
``MessageError`` subclass, or ``ValueError``, whose text the API and pages would print) fails, and so does
a ``msg`` call whose code is not a literal (a sentence smuggled in as a code). Internal invariants use
``AssertionError``/``KeyError``/``TypeError``, which no interface shows as a message.
"""

from __future__ import annotations

import ast
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
