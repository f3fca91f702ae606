"""``jbnet --help`` speaks the catalogue: Dutch by default, English with ``JBNET_LANG=en`` or ``--lang en`` (#15).

The help texts (``help=`` of the groups, commands and options) are made when ``api/cli*.py`` is imported, so
the language is chosen then, from the command line and the environment (``i18n.cli_help_locale``). The tests
re-import the CLI modules as a fresh ``jbnet …`` process would, then ask typer's CliRunner for the help.
"""

from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import typer
from babel.messages.pofile import read_po
from typer.main import get_command
from typer.testing import CliRunner

from api import i18n

ROOT = Path(__file__).resolve().parents[2]
# api.cli imports the others' apps: reload those first.
CLI_MODULES = ("api.cli_audit", "api.cli_freshness", "api.cli_invites", "api.cli_map", "api.cli_privacy",
               "api.cli_regions", "api.cli")
CLI_FILES = sorted((ROOT / "api").glob("cli*.py"))


def _reload() -> typer.Typer:
    i18n.cli_help_locale.cache_clear()
    for name in CLI_MODULES:
        importlib.reload(importlib.import_module(name))
    app: typer.Typer = sys.modules["api.cli"].app
    return app


@contextmanager
def started_as(argv: list[str], jbnet_lang: str | None = None) -> Iterator[typer.Typer]:
    """``api.cli.app`` as ``jbnet ARGV`` (with ``JBNET_LANG``) builds it; afterwards as the tests had it."""
    saved_argv, saved_lang = sys.argv, os.environ.get("JBNET_LANG")
    try:
        sys.argv = ["jbnet", *argv]
        os.environ.pop("JBNET_LANG", None)
        if jbnet_lang is not None:
            os.environ["JBNET_LANG"] = jbnet_lang
        yield _reload()
    finally:
        sys.argv = saved_argv
        os.environ.pop("JBNET_LANG", None)
        if saved_lang is not None:
            os.environ["JBNET_LANG"] = saved_lang
        _reload()
        i18n.set_cli_locale(None)  # `--lang en` ran the root callback: later output is Dutch again


def help_of(argv: list[str], jbnet_lang: str | None = None) -> str:
    """The help ``jbnet ARGV`` prints, its box lines and line breaks flattened to single spaces."""
    env = {"COLUMNS": "100", "JBNET_LANG": jbnet_lang or ""}
    with started_as(argv, jbnet_lang) as app:
        result = CliRunner(env=env).invoke(app, argv)
    assert result.exit_code == 0, result.output
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())


DUTCH = ("Contactenboek en samenwerkingsnetwerk voor de jeugdbescherming.", "nl (standaard) of en")
ENGLISH = ("Contact directory and collaboration network for jeugdbescherming.", "nl (default) or en")
DUTCH_IMPORT = ("eerst wordt elke rij gecontroleerd", "Een map met CSV-bestanden of één .xlsx-werkmap.",
                "Geen voortgangsbalk")
ENGLISH_IMPORT = ("every row is checked first", "A folder of CSV files or one .xlsx workbook.", "No progress bar")


def _says(text: str, present: tuple[str, ...], absent: tuple[str, ...]) -> None:
    for sentence in present:
        assert sentence in text, f"{sentence!r} missing from: {text}"
    for sentence in absent:
        assert sentence not in text, f"{sentence!r} should not be in: {text}"


def test_help_is_dutch_by_default() -> None:
    top = help_of(["--help"])
    _says(top, DUTCH, ENGLISH)
    assert "Laad de landelijke referentieregio's" in top  # a command's help in the list
    assert "Uitnodigingslijsten van samenwerkingsbijeenkomsten" in top  # a sub-app's (api/cli_invites.py)
    _says(help_of(["import", "--help"]), DUTCH_IMPORT, ENGLISH_IMPORT)


def test_help_in_english_with_jbnet_lang() -> None:
    _says(help_of(["--help"], jbnet_lang="en"), ENGLISH, DUTCH)
    _says(help_of(["import", "--help"], jbnet_lang="en"), ENGLISH_IMPORT, DUTCH_IMPORT)


@pytest.mark.parametrize("lang", [["--lang", "en"], ["--lang=en"]])
def test_help_in_english_with_lang_on_the_command_line(lang: list[str]) -> None:
    _says(help_of([*lang, "--help"]), ENGLISH, DUTCH)
    _says(help_of([*lang, "import", "--help"]), ENGLISH_IMPORT, DUTCH_IMPORT)


def test_the_command_line_wins_over_jbnet_lang() -> None:
    _says(help_of(["--lang", "nl", "import", "--help"], jbnet_lang="en"), DUTCH_IMPORT, ENGLISH_IMPORT)


def test_names_of_commands_and_options_stay_as_they_are() -> None:
    """Scripts call ``jbnet import --quiet``: only the explanations are translated."""
    text = help_of(["import", "--help"])
    assert "--quiet" in text and "-q" in text
    top = help_of(["--help"])
    for name in ("init", "serve", "import", "generate", "stats", "token", "export", "invites", "map", "privacy",
                 "regions", "freshness", "audit"):
        assert re.search(rf"(?<![\w-]){name}(?![\w-])", top), name


def test_a_real_command_line_reads_lang_itself() -> None:
    """The entry point as installed: ``--lang=en`` is read from ``sys.argv`` before typer parses anything."""
    env = {**os.environ, "JBNET_LANG": "", "COLUMNS": "100"}
    cmd = [sys.executable, "-c", "from api.cli import main; main()"]
    english = subprocess.run([*cmd, "--lang=en", "privacy", "erase", "--help"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60, check=True).stdout
    dutch = subprocess.run([*cmd, "privacy", "erase", "--help"], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=60, check=True).stdout
    assert "Do not ask for confirmation." in english and "Niet om bevestiging vragen." not in english
    assert "Niet om bevestiging vragen." in dutch and "Do not ask for confirmation." not in dutch


def test_lang_argument_parsing() -> None:
    parse = i18n._lang_argument
    assert parse(["--lang", "en", "import", "x"]) == "en"
    assert parse(["import", "--lang=en"]) == "en"
    assert parse(["import", "x"]) is None
    assert parse(["--lang"]) is None  # no value: typer will say so
    assert parse(["import", "--", "--lang=en"]) is None  # after "--" nothing is an option


# ---------------------------------------------------------------- every help text comes from the catalogue
def _catalog(lang: str) -> dict[str, str]:
    with open(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang) if isinstance(m.id, str) and m.id}


_HELP_KEYWORDS = {"help", "short_help", "epilog"}


def _help_values(tree: ast.AST) -> Iterator[tuple[int, ast.expr]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in _HELP_KEYWORDS:
                    yield node.lineno, kw.value


def test_no_help_literal_in_the_cli_sources() -> None:
    """Every ``help=`` is ``cli_help("cli.help.…")``, a code with Dutch and English text; no sentence literal."""
    nl, en = _catalog("nl"), _catalog("en")
    assert len(CLI_FILES) >= 7
    found = 0
    for path in CLI_FILES:
        for line, value in _help_values(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{line}"
            ok = (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "cli_help"
                  and value.args and isinstance(value.args[0], ast.Constant) and isinstance(value.args[0].value, str))
            assert ok, f"{where}: help= must be cli_help(\"cli.help.…\"), not {ast.unparse(value)}"
            assert isinstance(value, ast.Call) and isinstance(value.args[0], ast.Constant)
            code = str(value.args[0].value)
            assert code.startswith("cli.help."), f"{where}: {code}"
            assert nl.get(code) and en.get(code), f"{where}: {code} needs Dutch and English text"
            found += 1
    assert found > 80  # the pattern finds the help texts (a broken one finds none)


def test_every_command_and_group_passes_its_help() -> None:
    """A command without ``help=`` shows its docstring (English developer docs); a group without one shows nothing."""
    for path in CLI_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr in ("command", "Typer"):  # @app.command(...), typer.Typer(...)
                keywords = {kw.arg for kw in node.keywords}
                assert "help" in keywords, f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)} has no help="


def _helps(command: Any) -> Iterator[tuple[str, str]]:
    """(where, help) for a command, its parameters and its subcommands, as typer built them (its own click)."""
    yield command.name or "jbnet", command.help or ""
    for param in command.params:
        if param.name != "help":
            yield f"{command.name} {param.name}", getattr(param, "help", None) or ""
    if hasattr(command, "list_commands"):  # a group
        ctx = command.context_class(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from _helps(sub)


def test_every_help_typer_shows_is_a_catalogue_text() -> None:
    """Walk the built command tree: each command, group, option and argument explains itself from the catalogue."""
    with started_as([]) as app:
        helps = list(_helps(get_command(app)))
    dutch = {text for code, text in _catalog("nl").items() if code.startswith("cli.help.")}
    formats = re.compile(r"^Een van: .+$")  # the one text with a parameter (the export formats)
    assert len(helps) > 80
    for where, text in helps:
        assert text in dutch or formats.match(text), f"{where}: help not from the catalogue: {text!r}"
