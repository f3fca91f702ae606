"""``jbnet``: the command line (typer + rich). Thin: every command calls loaders/graph/api functions.

The store is the one the configuration names (``JBNET_DB`` SQLite file, or ``NEO4J_URI`` +
``NEO4J_USER``/``NEO4J_PASSWORD``), see ``graph.settings.load_settings``.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.auth import Role, TokenError, authenticate, create_token, revoke_token
from api.cli_audit import app as audit_app
from api.cli_freshness import app as freshness_app
from api.cli_invites import app as invites_app
from api.cli_map import app as map_app
from api.cli_privacy import app as privacy_app
from api.cli_regions import app as regions_app
from api.i18n import cli_locale, render
from graph.privacy import PrivacyError
from graph.settings import Settings, load_settings
from graph.store.base import GraphStore

__all__ = ["app", "demo_token_path", "main"]

app = typer.Typer(name="jbnet", help="Contact directory and collaboration network for jeugdbescherming.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False)
token_app = typer.Typer(help="API tokens (stored hashed; the secret is shown once).", no_args_is_help=True)
export_app = typer.Typer(help="Export the graph for other tools.", no_args_is_help=True)
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
        err.print(f"[red]cannot open the store ({_store_name(settings)}):[/] {exc}")
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
def _progress(description: str) -> Iterator[Callable[[int, int, str], None]]:
    """A rich progress bar; yields a ``(done, total, what)`` callback."""
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=False) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=max(total, done, 1), description=f"{description}: {what}")

        yield update


def _counts_table(counts: dict[str, int], title: str) -> Table:
    from graph.schema import Label

    labels = {label.value for label in Label}
    table = Table(title=title)
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for name in sorted(counts, key=lambda n: (n not in labels, n)):
        if name in labels or name.isupper():
            table.add_row("node" if name in labels else "relationship", name, f"{counts[name]:,}")
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
@app.command()
def init(
    demo: Annotated[bool, typer.Option("--demo", help="Also load the Gelderland demo network (fictional people).")]
    = False,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Do nothing when the store already has data.")]
    = False,
) -> None:
    """Load the national reference regions (and the demo network) into the store. Safe to repeat."""
    from loaders.init import init_store

    settings = _settings()
    with _open(settings) as store:
        if if_empty and not store.is_empty():
            console.print(f"[dim]{_store_name(settings)} already has data; not loading it again.[/]")
        else:
            with _progress("loading") as update:
                counts = init_store(store, demo=demo, actor="jbnet init",
                                    progress=lambda what, done, total: update(done, total, what))
            changes = counts.pop("changes", 0)
            console.print(_counts_table(counts, _store_name(settings)))
            console.print(f"{changes:,} change-log entries written" + (" (already up to date)" if not changes else ""))
        if demo:
            path, created = _ensure_demo_token(store, settings)
            state = "created" if created else "kept"
            console.print(f"Demo admin token {state} in [bold]{path}[/] (readable by you only).")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
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
    console.print(f"[bold green]jbnet[/] on {_store_name(settings)}")
    console.print(f"Web pages (sign in with a token): [link={base}/]{base}/[/link]")
    console.print(f"GraphQL + GraphiQL: [link={url}]{url}[/link]")
    token_file = demo_token_path(settings)
    if token_file.is_file():
        # Where the secret is, never the secret: server output ends up in logs and screen shares.
        console.print(f"Sign in as the demo admin with the token in [bold]{token_file}[/] (readable by you only): "
                      "send 'Authorization: Bearer <token>'")
        console.print('  in GraphiQL, Headers tab: {"Authorization": "Bearer <token>"}; '
                      f"shell: TOKEN=$(cat {token_file})")
    else:
        console.print("Sign in: create a token with [bold]jbnet token create --role professional[/] and send "
                      "'Authorization: Bearer <token>'. Without a token contact details stay hidden.")
    if settings.smtp_url:
        console.print(f"Mail goes out over SMTP ({settings.smtp_url.split('@')[-1].split('?')[0]})")
    else:
        console.print(f"Mail is written as .eml files to {settings.outbox}/ (set JBNET_SMTP_URL to send it)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(exists=True, help="A folder of CSV files or one .xlsx workbook.")],
) -> None:
    """Import a workbook: every row is checked first; if any row is bad nothing is written."""
    from loaders.workbook import import_workbook

    with _open() as store, _progress("importing") as update:
        result = import_workbook(path, store, actor=f"jbnet import {path.name}", progress=update)
    report = result.report
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    if not result.ok:
        table = Table(title=f"{len(report.errors)} problem(s) in {path}; nothing was written", title_style="bold red")
        for column in ("sheet", "row", "column", "reason"):
            table.add_column(column, overflow="fold")
        for e in report.errors[:500]:
            table.add_row(e.sheet, str(e.row), e.column, render(e.reason, cli_locale()))
        console.print(table)
        if len(report.errors) > 500:
            console.print(f"… and {len(report.errors) - 500} more")
        raise typer.Exit(1)
    table = Table(title=f"imported {path}")
    table.add_column("sheet")
    table.add_column("rows", justify="right")
    for sheet, n in sorted(report.rows.items()):
        table.add_row(sheet, f"{n:,}")
    console.print(table)
    console.print(f"{report.nodes:,} nodes, {report.edges:,} relationships; "
                  f"{result.changes:,} change-log entries written"
                  + (" (nothing changed: already imported)" if result.changes == 0 else ""))


class ScaleChoice(StrEnum):
    NATIONAL = "national"
    SMALL = "small"


@app.command()
def generate(
    out: Annotated[Path, typer.Option(help="Output: a folder (CSV files) or a .xlsx file.")],
    scale: Annotated[ScaleChoice, typer.Option(help="national: every gemeente, 100 000 professionals.")]
    = ScaleChoice.SMALL,
    seed: Annotated[int, typer.Option(help="Same seed, same workbook.")] = 1,
) -> None:
    """Write a synthetic, valid workbook (fictional people, pseudonymous cases)."""
    from loaders.generate import generate_workbook

    with _progress(f"generating ({scale.value}, seed {seed})") as update:
        rows = generate_workbook(out, scale=scale.value, seed=seed, progress=update)
    table = Table(title=f"written to {out}")
    table.add_column("sheet")
    table.add_column("rows", justify="right")
    for sheet, n in rows.items():
        table.add_row(sheet, f"{n:,}")
    console.print(table)


@token_app.command("create")
def token_create(
    role: Annotated[Role, typer.Option(help="professional, coordinator, governance or admin.")],
    scope: Annotated[str | None, typer.Option(help="Coordinators: the jeugdhulpregio they may change (JZxx).")]
    = None,
    name: Annotated[str | None, typer.Option(help="Who or what uses the token.")] = None,
    professional: Annotated[str | None, typer.Option(help="The professional key the token belongs to.")] = None,
) -> None:
    """Create an API token and print its secret (shown once; only a hash is stored)."""
    with _open() as store:
        try:
            raw = create_token(store, role=role, scope=scope.upper() if scope else None,
                               name=name or f"{role.value} token", professional_key=professional,
                               actor=_cli_actor())
        except TokenError as exc:
            err.print(f"[red]{exc}[/]")
            raise typer.Exit(2) from None
    scope_text = f" for {scope.upper()}" if scope else ""
    err.print(f"[green]{role.value} token{scope_text} created.[/] Store it now; it is not shown again. "
              "Send it as 'Authorization: Bearer <token>'.")
    print(raw)  # plain stdout, so `TOKEN=$(jbnet token create ...)` works


@token_app.command("list")
def token_list() -> None:
    """The tokens (id = start of the stored hash; the secrets themselves are not stored)."""
    with _open() as store:
        tokens = store.tokens()
    table = Table(title=f"{len(tokens)} token(s)")
    for column in ("id", "name", "role", "scope", "professional", "created", "revoked"):
        table.add_column(column)
    for t in tokens:
        table.add_row(t.token_hash[:12], t.name, t.role, t.scope or "", t.professional_key or "", t.created,
                      "yes" if t.revoked else "")
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="The id shown by 'jbnet token list' (at least 8 characters).")],
) -> None:
    """Revoke a token: requests with it get HTTP 401 from then on."""
    with _open() as store:
        matches = [t for t in store.tokens() if len(token_id) >= 8 and t.token_hash.startswith(token_id)]
        if len(matches) != 1:
            err.print(f"[red]{'no' if not matches else 'more than one'} token with id {token_id!r}[/] "
                      "(see 'jbnet token list')")
            raise typer.Exit(2)
        revoke_token(store, matches[0], actor=_cli_actor())
    console.print(f"revoked {matches[0].name} ({matches[0].role})")


@app.command()
def stats() -> None:
    """Node counts per label, relationship counts per type, and the change-log position."""
    settings = _settings()
    with _open(settings) as store:
        counts = store.counts()
        seq = store.last_seq()
    console.print(_counts_table(counts, _store_name(settings)))
    console.print(f"change log: seq {seq:,}")


@export_app.command("neo4j")
def export_neo4j_cmd(
    out: Annotated[Path, typer.Option(help="Folder for the CSV files and constraints.cypher.")],
) -> None:
    """CSV files for `neo4j-admin database import full`, the constraints, and the command to run."""
    from graph.export_neo4j import export_neo4j
    from graph.store.cypher import constraint_statements

    with _open() as store:
        with _progress("exporting") as update:
            result = export_neo4j(store, out, progress=update, constraint_statements=constraint_statements())
        # A bulk export of the directory is audited like any read of contact data.
        store.append_log("jbnet export neo4j", "audit.export", str(out), "export",
                         None, {"format": "neo4j-admin", "counts": result.counts})
    console.print(_counts_table(result.counts, f"exported to {out}"))
    console.print("Load into a stopped Neo4j 5 server (run from its home directory):")
    console.print(result.import_command(), soft_wrap=True, highlight=False, markup=False)
    console.print(f"then, with the server running: cypher-shell -f {result.constraints}", highlight=False)
