"""``jbnet audit export``: the audit trail for the privacy officer (FG/DPO), as CSV or JSON."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.i18n import cli_help, cli_locale, error_text, gettext
from graph.queries.audit import audit_export
from graph.queries.index import QueryError
from graph.settings import load_settings
from graph.store import open_store

__all__ = ["app"]

app = typer.Typer(help=cli_help("cli.help.audit"),
                  no_args_is_help=True)
err = Console(stderr=True)


@app.command("export", help=cli_help("cli.help.audit.export"))
def export(
    from_: Annotated[str | None, typer.Option("--from", help=cli_help("cli.help.audit.export.from"))] = None,
    to: Annotated[str | None, typer.Option("--to", help=cli_help("cli.help.audit.export.to"))] = None,
    fmt: Annotated[str, typer.Option("--format", help=cli_help("cli.help.audit.export.format"))] = "csv",
    only_audit: Annotated[bool, typer.Option("--only-audit", help=cli_help("cli.help.audit.export.only_audit"))]
    = False,
    out: Annotated[Path | None, typer.Option("--out", help=cli_help("cli.help.audit.export.out"))] = None,
) -> None:
    """Every change-log entry between two days with its actor (role, name, unique id); the export is audited."""
    settings = load_settings()
    try:
        store = open_store(settings)
    except Exception as exc:  # unreachable server, unreadable file
        err.print(f"[red]{gettext('cli.store_unreachable', cli_locale())}[/] {exc}")
        raise typer.Exit(2) from None
    try:
        result = audit_export(store, actor=f"cli:{getpass.getuser()}", start=from_, end=to, fmt=fmt,
                              only_audit=only_audit)
    except QueryError as exc:
        err.print(f"[red]{error_text(exc, cli_locale())}[/]")
        raise typer.Exit(2) from None
    finally:
        store.close()
    if out is None:
        sys.stdout.buffer.write(result.content)
        sys.stdout.flush()
    else:
        out.write_bytes(result.content)
    said = (gettext("cli.audit.exported_to", cli_locale()) if out else gettext("cli.audit.exported", cli_locale()))
    err.print(said % {"count": result.count, "out": out}, highlight=False)
