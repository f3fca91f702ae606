"""``jbnet privacy …``: the data subject's rights from the command line (export, erase, retention purge)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.i18n import cli_help, cli_locale, error_text
from api.i18n import cli_text as _
from api.privacy_text import summary_text
from graph.privacy import PrivacyError
from graph.queries.errors import NotFound
from graph.queries.index import QueryError
from graph.queries.personal_data import personal_data
from graph.service import GraphService
from graph.settings import load_settings

__all__ = ["app"]

app = typer.Typer(help=cli_help("cli.help.privacy"), no_args_is_help=True)
console = Console()
err = Console(stderr=True)
CLI_ACTOR = "cli:jbnet privacy"


def _service() -> GraphService:
    settings = load_settings()
    try:
        return GraphService.open(settings)
    except Exception as exc:  # unreachable server, unreadable file
        err.print(f"[red]{_('cli.privacy.cannot_open')}[/] {exc}")
        raise typer.Exit(2) from None


@app.command(help=cli_help("cli.help.privacy.export"))
def export(
    key: Annotated[str, typer.Argument(help=cli_help("cli.help.privacy.key"))],
    text: Annotated[bool, typer.Option("--text", help=cli_help("cli.help.privacy.export.text"))] = False,
    out: Annotated[Path | None, typer.Option("--out", help=cli_help("cli.help.privacy.export.out"))] = None,
) -> None:
    """Everything held about one professional (AVG art. 15), as JSON or a readable summary (CLI language)."""
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
    body = summary_text(data, cli_locale()) if text else json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        typer.echo(body, nl=False)
    else:
        out.write_text(body, encoding="utf-8")
        err.print(_("cli.privacy.written", out=out))


@app.command(help=cli_help("cli.help.privacy.erase"))
def erase(
    key: Annotated[str, typer.Argument(help=cli_help("cli.help.privacy.key"))],
    reason: Annotated[str, typer.Option("--reason", help=cli_help("cli.help.privacy.erase.reason"))] = "",
    yes: Annotated[bool, typer.Option("--yes", help=cli_help("cli.help.privacy.erase.yes"))] = False,
) -> None:
    """Erase a professional's personal data from the store and the change log (AVG art. 17)."""
    from graph.queries.erasure import erase_professional

    svc = _service()
    try:
        node = svc.projection.node(key)
        if node is None or node.get("label") != "Professional":
            err.print(f"[red]{_('cli.privacy.no_professional', key=key)}[/]")
            raise typer.Exit(1)
        if not yes and not typer.confirm(_("cli.privacy.confirm", name=node.get("name", key), key=key)):
            raise typer.Exit(1)
        result = erase_professional(svc, key, reason=reason, actor=CLI_ACTOR)
    except PrivacyError as exc:
        err.print(f"[red]{error_text(exc, cli_locale())}[/] ({exc.code})")
        raise typer.Exit(1) from None
    finally:
        svc.close()
    console.print(_("cli.privacy.erased", pseudonym=result.pseudonym, erasure=result.erasure, seq=result.seq,
                    relationships=result.relationships_removed, positions=len(result.positions_vacated),
                    nodes=len(result.nodes_scrubbed), entries=result.entries_redacted, tokens=result.tokens_removed))


@app.command(help=cli_help("cli.help.privacy.purge"))
def purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help=cli_help("cli.help.privacy.purge.dry_run"))] = False,
    today: Annotated[str | None, typer.Option("--today", help=cli_help("cli.help.privacy.purge.today"))] = None,
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
    done = {"purge_case": _("cli.purge.purged"), "notice": _("cli.purge.notified"), "erase": _("cli.purge.erased")}
    due = {"purge_case": _("cli.purge.to_purge"), "notice": _("cli.purge.to_notify"), "erase": _("cli.purge.to_erase")}
    table = Table(title=_("cli.purge.dry_run" if dry_run else "cli.purge.title", today=report.today))
    for code in ("cli.purge.col.action", "cli.purge.col.key", "cli.purge.col.since", "cli.purge.col.due",
                 "cli.purge.col.jeugdhulpregio"):
        table.add_column(_(code))
    for item in report.items:
        table.add_row((due if dry_run else done)[item.action], item.key, item.since, item.due,
                      ", ".join(item.jeugdhulpregios))
    console.print(table)
    console.print(_("cli.purge.summary", cases=report.count("purge_case"), notices=report.count("notice"),
                    erasures=report.count("erase"), seq=report.run_seq))
