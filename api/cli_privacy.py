"""``jbnet privacy …``: the data subject's rights from the command line (export, erase, retention purge)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.i18n import cli_locale, error_text
from api.privacy_text import summary_nl
from graph.privacy import PrivacyError
from graph.queries.errors import NotFound
from graph.queries.index import QueryError
from graph.queries.personal_data import personal_data
from graph.service import GraphService
from graph.settings import load_settings

__all__ = ["app"]

app = typer.Typer(help="Personal data: export, erase, retention purge (AVG).", no_args_is_help=True)
console = Console()
err = Console(stderr=True)
CLI_ACTOR = "cli:jbnet privacy"


def _service() -> GraphService:
    settings = load_settings()
    try:
        return GraphService.open(settings)
    except Exception as exc:  # unreachable server, unreadable file
        err.print(f"[red]cannot open the store:[/] {exc}")
        raise typer.Exit(2) from None


@app.command()
def export(
    key: Annotated[str, typer.Argument(help="The professional's key (prof-…).")],
    text: Annotated[bool, typer.Option("--text", help="The readable Dutch summary instead of JSON.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
) -> None:
    """Everything held about one professional (AVG art. 15), as JSON or a Dutch summary."""
    svc = _service()
    try:
        data = personal_data(svc, key)
        svc.store.append_log(CLI_ACTOR, "privacy.export", key, "Professional", None,
                             {"format": "text" if text else "json"})
    except (NotFound, QueryError) as exc:
        err.print(f"[red]{error_text(exc, cli_locale())}[/]")
        raise typer.Exit(1) from None
    finally:
        svc.close()
    body = summary_nl(data) if text else json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        typer.echo(body, nl=False)
    else:
        out.write_text(body, encoding="utf-8")
        err.print(f"written to {out}")


@app.command()
def erase(
    key: Annotated[str, typer.Argument(help="The professional's key (prof-…).")],
    reason: Annotated[str, typer.Option("--reason", help="Why (recorded with the erasure; no personal data).")] = "",
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a professional's personal data from the store and the change log (AVG art. 17)."""
    from graph.queries.erasure import erase_professional

    svc = _service()
    try:
        node = svc.projection.node(key)
        if node is None or node.get("label") != "Professional":
            err.print(f"[red]no professional {key}[/]")
            raise typer.Exit(1)
        if not yes and not typer.confirm(f"Erase {node.get('name', key)} ({key}) for good?"):
            raise typer.Exit(1)
        result = erase_professional(svc, key, reason=reason, actor=CLI_ACTOR)
    except PrivacyError as exc:
        err.print(f"[red]{error_text(exc, cli_locale())}[/] ({exc.code})")
        raise typer.Exit(1) from None
    finally:
        svc.close()
    console.print(f"erased as {result.pseudonym} (erasure {result.erasure}, log entry {result.seq}): "
                  f"{result.relationships_removed} relationships removed, {len(result.positions_vacated)} positions "
                  f"now vacant, {len(result.nodes_scrubbed)} other nodes and {result.entries_redacted} change-log "
                  f"entries redacted, {result.tokens_removed} tokens removed")


@app.command()
def purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what is due; log the run.")] = False,
    today: Annotated[str | None, typer.Option("--today", help="Act as if it is this day (YYYY-MM-DD).")] = None,
) -> None:
    """Retention: purge closed cases past their term, notify about and erase long-inactive people."""
    from rich.table import Table

    from api.mail.retention import install_erasure_notice_mail
    from graph.queries.retention import purge_due

    svc = _service()
    install_erasure_notice_mail(svc)  # notices go out by mail (SMTP, or .eml files in the outbox)
    try:
        report = purge_due(svc, today=today, rules=svc.settings.rules, dry_run=dry_run,
                           actor="cli:jbnet privacy purge")
    finally:
        svc.close()
    words = {"purge_case": "case purged", "notice": "coordinator notified", "erase": "person erased"}
    table = Table(title=f"retention {report.today}{' (dry run: nothing changed)' if dry_run else ''}")
    for column in ("action", "key", "since", "due", "jeugdhulpregio"):
        table.add_column(column)
    for item in report.items:
        action = words[item.action].replace("purged", "to purge").replace("notified", "to notify").replace(
            "erased", "to erase") if dry_run else words[item.action]
        table.add_row(action, item.key, item.since, item.due, ", ".join(item.jeugdhulpregios))
    console.print(table)
    console.print(f"{report.count('purge_case')} cases, {report.count('notice')} notices, "
                  f"{report.count('erase')} erasures; run logged as entry {report.run_seq}")
