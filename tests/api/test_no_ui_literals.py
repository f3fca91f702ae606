"""No user-facing sentence written in code where the catalogue should speak: the CLI's output (``api/cli*.py``),
the API's refusals (GraphQL errors whatever their code, the exports' and maps' HTTP errors, token errors).
A new English literal in these places fails here; use a ``cli.*`` / ``access.*`` code instead."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_MARKUP = re.compile(r"\[/?[a-z #]*\]")  # rich markup such as [red] … [/]
_CODE = re.compile(r"[a-z][a-z_]*(?:\.[A-Za-z0-9_]+)+")
_CLI_OUTPUT = {"print", "echo", "secho", "confirm", "add_column", "_progress"}


def _words(node: ast.AST) -> list[str]:
    """The words a string literal (or an f-string's literal parts) writes itself."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    else:
        return []
    return re.findall(r"[A-Za-zÀ-ÿ]{2,}", _MARKUP.sub(" ", text))


def _is_code(node: ast.AST) -> bool:
    """A catalogue code ("cli.token.col.id"), looked up by the loop's body."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_CODE.fullmatch(node.value))


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def cli_literals(source: str) -> list[tuple[int, list[str]]]:
    """(line, words) of text the CLI prints, titles or heads a column with, not taken from the catalogue."""
    found: list[tuple[int, list[str]]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name(node)
            args = list(node.args[:1]) if name in _CLI_OUTPUT else []
            if name in ("Table", "add_column"):
                args += [k.value for k in node.keywords if k.arg == "title"]
            found += [(node.lineno, w) for a in args if (w := _words(a))]
        elif isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple | ast.List):
            # for col in ("Naam", "Rol"): table.add_column(col)
            heads = [w for e in node.iter.elts if not _is_code(e) for w in _words(e)]
            adds = any(isinstance(n, ast.Call) and _name(n) == "add_column" for n in ast.walk(node))
            if heads and adds:
                found.append((node.lineno, heads))
    return found


def refusal_literals(source: str) -> list[tuple[int, list[str]]]:
    """(line, words) of refusals worded in code: GraphQLError (any code), HTTPException, AuthError."""
    found: list[tuple[int, list[str]]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        if name == "GraphQLError":  # whatever its code (FORBIDDEN, BAD_USER_INPUT, ...)
            args = node.args[:1]
        elif name in ("HTTPException", "Refused"):
            args = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "detail")]
        elif name == "AuthError":
            args = node.args[:1]
        else:
            continue
        found += [(node.lineno, w) for a in args if (w := _words(a))]
    return found


def test_the_scanners_find_what_they_look_for() -> None:
    cli = 'console.print(f"[red]cannot open:[/] {exc}")\nfor c in ("Naam", "Rol"):\n    t.add_column(c)\n'
    assert sorted(line for line, _ in cli_literals(cli)) == [1, 2]
    assert not cli_literals('console.print(f"[red]{_(\'cli.error\')}[/] {exc}")\n')
    api = ('raise GraphQLError("sign in first", extensions={"code": "UNAUTHENTICATED"})\n'
           'raise HTTPException(403, "maps need governance")\nraise AuthError("bad token")\n'
           'raise GraphQLError("last must be 1..100", extensions={"code": "BAD_USER_INPUT"})\n')
    assert sorted(line for line, _ in refusal_literals(api)) == [1, 2, 3, 4]
    assert not refusal_literals('raise GraphQLError(render(message, locale), extensions={"code": code})\n')
    assert not cli_literals('for code in ("cli.token.col.id", "cli.token.col.name"):\n    t.add_column(_(code))\n')


def test_the_cli_prints_nothing_outside_the_catalogue() -> None:
    found = {f.name: hits for f in sorted(ROOT.glob("api/cli*.py")) if (hits := cli_literals(f.read_text("utf-8")))}
    assert not found, f"CLI text outside the catalogue (use a cli.* code): {found}"


def test_api_refusals_are_not_worded_in_code() -> None:
    files = [*ROOT.glob("api/graphql/*.py"), ROOT / "api" / "exports.py", ROOT / "api" / "maps.py",
             ROOT / "api" / "auth.py", ROOT / "api" / "app.py"]
    found = {str(f.relative_to(ROOT)): hits for f in sorted(files) if (hits := refusal_literals(f.read_text("utf-8")))}
    assert not found, f"refusals worded in code (use an access.* code): {found}"
