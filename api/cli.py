"""``jbnet``: the command line (typer + rich). Thin: every command calls loaders/graph/api functions.

The store is the one the configuration names (``JBNET_DB`` SQLite file, or ``NEO4J_URI`` +
``NEO4J_USER``/``NEO4J_PASSWORD``), see ``graph.settings.load_settings``.

Every word it says comes from the catalogue (``api/locale``), Dutch unless ``--lang en`` or ``JBNET_LANG=en``:
output through ``_("cli.…")``, and the help of every group, command and option through
``cli_help("cli.help.…")`` (here and in ``api/cli_*.py``). A command's docstring is developer documentation;
pass ``help=`` so typer does not show it. The help is made when the modules are imported, so its language is
read from the command line itself (``i18n.cli_help_locale``).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from api import i18n
from api.auth import Role, TokenError, authenticate, create_token, revoke_token
from api.cli_audit import app as audit_app
from api.cli_freshness import app as freshness_app
from api.cli_invites import app as invites_app
from api.cli_map import app as map_app
from api.cli_privacy import app as privacy_app
from api.cli_regions import app as regions_app
from api.i18n import cli_help, cli_locale, cli_text, render
from graph.messages import Message
from graph.privacy import PrivacyError
from graph.settings import Settings, load_settings
from graph.store.base import GraphStore

__all__ = ["app", "demo_token_path", "main"]

app = typer.Typer(name="jbnet", help=cli_help("cli.help.jbnet"),
                  no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)
token_app = typer.Typer(help=cli_help("cli.help.token"), no_args_is_help=True)
export_app = typer.Typer(help=cli_help("cli.help.export"), no_args_is_help=True)
app.add_typer(token_app, name="token")
app.add_typer(export_app, name="export")
app.add_typer(invites_app, name="invites")  # api/cli_invites.py
app.add_typer(map_app, name="map")  # api/cli_map.py
app.add_typer(privacy_app, name="privacy")  # api/cli_privacy.py: export, erase, purge
app.add_typer(regions_app, name="regions")  # api/cli_regions.py
app.add_typer(freshness_app, name="freshness")  # api/cli_freshness.py
app.add_typer(audit_app, name="audit")  # api/cli_audit.py: the DPO's export

console = Console()
err = Console(stderr=True)

DEMO_ADMIN_NAME = "demo admin"


def main() -> None:
    app()


@app.callback()
def _language(
    lang: Annotated[str | None, typer.Option("--lang", help=cli_help("cli.help.lang"))] = None,
) -> None:
    i18n.set_cli_locale(lang)


def _(code: str, **params: Any) -> str:
    """A CLI text from the catalogue in the CLI's language (--lang / JBNET_LANG, Dutch by default); ``count``
    picks a plural form (``i18n.cli_text``)."""
    return cli_text(code, **params)


# ------------------------------------------------------------------ helpers
def _settings() -> Settings:
    return load_settings()


def demo_token_path(settings: Settings) -> Path:
    """Where ``init --demo`` keeps the demo admin token: beside the SQLite file (var/ by default)."""
    return (Path("var") if settings.uses_neo4j else settings.db_path.parent) / "demo-admin.token"


def _store_name(settings: Settings) -> str:
    return f"Neo4j {settings.neo4j_uri}" if settings.uses_neo4j else f"SQLite {settings.db_path}"


@contextmanager
def _open(settings: Settings | None = None) -> Iterator[GraphStore]:
    from graph.store import open_store

    settings = settings or _settings()
    if not settings.uses_neo4j:
        settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        store = open_store(settings)
    except Exception as exc:  # unreachable server, unreadable file: say which store and why
        err.print(f"[red]{_('cli.store.cannot_open', store=_store_name(settings))}[/] {exc}")
        raise typer.Exit(2) from None
    try:
        yield store
    except PrivacyError as exc:  # the store refused a child identifier before writing anything
        from api.i18n import cli_locale, error_text

        err.print(f"[red]{error_text(exc, cli_locale())}[/] ({exc.code})", markup=True, highlight=False)
        raise typer.Exit(1) from None
    finally:
        store.close()


@contextmanager
def _progress(description: str, *, quiet: bool = False) -> Iterator[Callable[[int, int, Message], None]]:
    """A rich progress bar on a terminal; yields a ``(done, total, what)`` callback.

    Quiet (a callback that does nothing) with ``quiet`` or when stdout is no terminal: a pipe, a log
    file or cron would otherwise get the bar's last frame mixed into the output that follows.
    """
    if quiet or not console.is_terminal:
        yield lambda done, total, what: None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=False) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int, what: Message) -> None:
            step = i18n.render(what, i18n.cli_locale())
            bar.update(task, completed=done, total=max(total, done, 1), description=f"{description}: {step}")

        yield update


def _counts_table(counts: dict[str, int], title: str) -> Table:
    from graph.schema import Label

    labels = {label.value for label in Label}
    table = Table(title=title)
    table.add_column(_("cli.counts.col.kind"))
    table.add_column(_("cli.counts.col.name"))
    table.add_column(_("cli.counts.col.count"), justify="right")
    node, relationship = _("cli.counts.node"), _("cli.counts.relationship")
    for name in sorted(counts, key=lambda n: (n not in labels, n)):
        if name in labels or name.isupper():
            table.add_row(node if name in labels else relationship, name, f"{counts[name]:,}")
    return table


def _cli_actor() -> str:
    """The audit actor of a CLI command: the operating-system user who ran it."""
    return f"cli:{getpass.getuser()}"


def _ensure_demo_token(store: GraphStore, settings: Settings) -> tuple[Path, bool]:
    """Create the demo admin token unless a working one is already on disk. Returns (path, created)."""
    path = demo_token_path(settings)
    if path.is_file() and authenticate(store, path.read_text(encoding="utf-8").strip()) is not None:
        return path, False
    raw = create_token(store, role=Role.ADMIN, name=DEMO_ADMIN_NAME, actor="jbnet init --demo")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # owner-only from the first byte
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(raw + "\n")
    path.chmod(0o600)
    return path, True


# ------------------------------------------------------------------ commands
@app.command(help=cli_help("cli.help.init"))
def init(
    demo: Annotated[bool, typer.Option("--demo", help=cli_help("cli.help.init.demo"))]
    = False,
    if_empty: Annotated[bool, typer.Option("--if-empty", help=cli_help("cli.help.init.if_empty"))]
    = False,
) -> None:
    """Load the national reference regions (and the demo network) into the store. Safe to repeat."""
    from loaders.init import init_store

    settings = _settings()
    with _open(settings) as store:
        if if_empty and not store.is_empty():
            console.print(f"[dim]{_('cli.init.has_data', store=_store_name(settings))}[/]")
        else:
            with _progress(_("cli.init.loading")) as update:
                counts = init_store(store, demo=demo, actor="jbnet init",
                                    progress=lambda what, done, total: update(done, total, what))
            changes = counts.pop("changes", 0)
            console.print(_counts_table(counts, _store_name(settings)))
            console.print(_("cli.init.changes", count=f"{changes:,}") if changes else _("cli.init.up_to_date"))
        if demo:
            path, created = _ensure_demo_token(store, settings)
            console.print(_("cli.init.token_created" if created else "cli.init.token_kept", path=f"[bold]{path}[/]"))


@app.command(help=cli_help("cli.help.serve"))
def serve(
    host: Annotated[str, typer.Option(help=cli_help("cli.help.serve.host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=cli_help("cli.help.serve.port"))] = 8000,
) -> None:
    """Serve the GraphQL API (GraphiQL in the browser at /graphql)."""
    import uvicorn

    from api.app import create_app

    settings = _settings()
    if "JBNET_SCHEDULER" not in os.environ:  # the server runs the daily jobs unless told not to
        settings = settings.model_copy(update={"scheduler": True})
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    base = f"http://{shown_host}:{port}"
    url = f"{base}/graphql"
    console.print(_("cli.serve.on", store=_store_name(settings)).replace("jbnet", "[bold green]jbnet[/]", 1))
    console.print(_("cli.serve.pages", url=f"[link={base}/]{base}/[/link]"))
    console.print(_("cli.serve.graphql", url=f"[link={url}]{url}[/link]"))
    token_file = demo_token_path(settings)
    if token_file.is_file():
        # Where the secret is, never the secret: server output ends up in logs and screen shares.
        console.print(_("cli.serve.demo_token", path=f"[bold]{token_file}[/]"))
        header = '{"Authorization": "Bearer <token>"}'
        console.print(_("cli.serve.demo_token_how", path=token_file, header=header), markup=False)
    else:
        console.print(_("cli.serve.sign_in", command="[bold]jbnet token create --role professional[/]"))
    if settings.smtp_url:
        console.print(_("cli.serve.smtp", server=settings.smtp_url.split("@")[-1].split("?")[0]))
    else:
        console.print(_("cli.serve.outbox", folder=settings.outbox))
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command("import", help=cli_help("cli.help.import"))
def import_(
    path: Annotated[Path, typer.Argument(exists=True, help=cli_help("cli.help.import.path"))],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=cli_help("cli.help.import.quiet"))] = False,
) -> None:
    """Import a workbook: every row is checked first; if any row is bad nothing is written."""
    from loaders.workbook import import_workbook, sheet_name

    with _open() as store, _progress(_("cli.import.importing"), quiet=quiet) as update:
        result = import_workbook(path, store, actor=f"jbnet import {path.name}", progress=update)
    report = result.report
    for warning in report.warnings:
        console.print(f"[yellow]{_('cli.warning')}[/] {render(warning, cli_locale())}")
    if not result.ok:
        table = Table(title=_("cli.import.refused", count=len(report.errors), path=path), title_style="bold red")
        for code in ("cli.import.col.sheet", "cli.import.col.row", "cli.import.col.column", "cli.import.col.reason"):
            table.add_column(_(code), overflow="fold")
        for e in report.errors[:500]:
            table.add_row(render(sheet_name(e.sheet), cli_locale()), str(e.row), e.column,
                          render(e.reason, cli_locale()))
        console.print(table)
        if len(report.errors) > 500:
            console.print(_("cli.import.more", count=len(report.errors) - 500))
        raise typer.Exit(1)
    table = Table(title=_("cli.import.done", path=path))
    table.add_column(_("cli.import.col.sheet"))
    table.add_column(_("cli.import.col.rows"), justify="right")
    for sheet, n in sorted(report.rows.items()):
        table.add_row(render(sheet_name(sheet), cli_locale()), f"{n:,}")
    console.print(table)
    console.print(_("cli.import.summary" if result.changes else "cli.import.unchanged", nodes=f"{report.nodes:,}",
                    edges=f"{report.edges:,}", changes=f"{result.changes:,}"))


class ScaleChoice(StrEnum):
    NATIONAL = "national"
    SMALL = "small"


@app.command(help=cli_help("cli.help.generate"))
def generate(
    out: Annotated[Path, typer.Option(help=cli_help("cli.help.generate.out"))],
    scale: Annotated[ScaleChoice, typer.Option(help=cli_help("cli.help.generate.scale"))]
    = ScaleChoice.SMALL,
    seed: Annotated[int, typer.Option(help=cli_help("cli.help.generate.seed"))] = 1,
) -> None:
    """Write a synthetic, valid workbook (fictional people, pseudonymous cases)."""
    from loaders.generate import generate_workbook

    with _progress(_("cli.generate.progress", scale=scale.value, seed=seed)) as update:
        rows = generate_workbook(out, scale=scale.value, seed=seed, progress=update)
    table = Table(title=_("cli.generate.written", out=out))
    table.add_column(_("cli.import.col.sheet"))
    table.add_column(_("cli.import.col.rows"), justify="right")
    for sheet, n in rows.items():
        table.add_row(sheet, f"{n:,}")
    console.print(table)


@token_app.command("create", help=cli_help("cli.help.token.create"))
def token_create(
    role: Annotated[Role, typer.Option(help=cli_help("cli.help.token.create.role"))],
    scope: Annotated[str | None, typer.Option(help=cli_help("cli.help.token.create.scope"))]
    = None,
    name: Annotated[str | None, typer.Option(help=cli_help("cli.help.token.create.name"))] = None,
    professional: Annotated[str | None, typer.Option(help=cli_help("cli.help.token.create.professional"))] = None,
) -> None:
    """Create an API token and print its secret (shown once; only a hash is stored)."""
    with _open() as store:
        try:
            raw = create_token(store, role=role, scope=scope.upper() if scope else None,
                               name=name or f"{role.value} token", professional_key=professional,
                               actor=_cli_actor())
        except TokenError as exc:
            err.print(f"[red]{render(exc.message, cli_locale())}[/]")
            raise typer.Exit(2) from None
    made = _("cli.token.created_for", role=role.value, scope=scope.upper()) if scope else \
        _("cli.token.created", role=role.value)
    err.print(f"[green]{made}[/] {_('cli.token.store_it')}")
    print(raw)  # plain stdout, so `TOKEN=$(jbnet token create ...)` works


@token_app.command("list", help=cli_help("cli.help.token.list"))
def token_list() -> None:
    """The tokens (id = start of the stored hash; the secrets themselves are not stored)."""
    with _open() as store:
        tokens = store.tokens()
    table = Table(title=_("cli.token.count", count=len(tokens)))
    for code in ("cli.token.col.id", "cli.token.col.name", "cli.token.col.role", "cli.token.col.scope",
                 "cli.token.col.professional", "cli.token.col.created", "cli.token.col.revoked"):
        table.add_column(_(code))
    revoked = _("cli.yes")
    for t in tokens:
        table.add_row(t.token_hash[:12], t.name, t.role, t.scope or "", t.professional_key or "", t.created,
                      revoked if t.revoked else "")
    console.print(table)


@token_app.command("revoke", help=cli_help("cli.help.token.revoke"))
def token_revoke(
    token_id: Annotated[str, typer.Argument(help=cli_help("cli.help.token.revoke.token_id"))],
) -> None:
    """Revoke a token: requests with it get HTTP 401 from then on."""
    with _open() as store:
        matches = [t for t in store.tokens() if len(token_id) >= 8 and t.token_hash.startswith(token_id)]
        if len(matches) != 1:
            code = "cli.token.none_with_id" if not matches else "cli.token.several_with_id"
            err.print(f"[red]{_(code, id=repr(token_id))}[/] {_('cli.token.see_list')}")
            raise typer.Exit(2)
        revoke_token(store, matches[0], actor=_cli_actor())
    console.print(_("cli.token.revoked", name=matches[0].name, role=matches[0].role))


@app.command(help=cli_help("cli.help.stats"))
def stats() -> None:
    """Node counts per label, relationship counts per type, and the change-log position."""
    settings = _settings()
    with _open(settings) as store:
        counts = store.counts()
        seq = store.last_seq()
    console.print(_counts_table(counts, _store_name(settings)))
    console.print(_("cli.stats.seq", seq=f"{seq:,}"))


@export_app.command("neo4j", help=cli_help("cli.help.export.neo4j"))
def export_neo4j_cmd(
    out: Annotated[Path, typer.Option(help=cli_help("cli.help.export.neo4j.out"))],
) -> None:
    """CSV files for `neo4j-admin database import full`, the constraints, and the command to run."""
    from graph.export_neo4j import export_neo4j
    from graph.store.cypher import constraint_statements

    with _open() as store:
        with _progress(_("cli.export.exporting")) as update:
            result = export_neo4j(store, out, progress=update, constraint_statements=constraint_statements())
        # A bulk export of the directory is audited like any read of contact data.
        store.append_log("jbnet export neo4j", "audit.export", str(out), "export",
                         None, {"format": "neo4j-admin", "counts": result.counts})
    console.print(_counts_table(result.counts, _("cli.export.done", out=out)))
    console.print(_("cli.export.load"))
    console.print(result.import_command(), soft_wrap=True, highlight=False, markup=False)
    console.print(_("cli.export.constraints", command=f"cypher-shell -f {result.constraints}"), highlight=False)
