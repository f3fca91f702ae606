"""``jbnet freshness …``: update requests by e-mail on the region's rhythm, from the command line.

The same round the server runs once a day (api/jobs.py); run it by hand with ``--dry-run`` first.
Without ``JBNET_SMTP_URL`` the mails are written as .eml files into ``JBNET_OUTBOX`` (var/outbox/).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.i18n import cli_help, cli_locale, error_text, gettext
from api.mail import MailConfigError, mailer_for
from api.mail.rounds import send_update_requests
from graph.queries.index import QueryError
from graph.service import GraphService
from graph.settings import load_settings

__all__ = ["app"]

app = typer.Typer(help=cli_help("cli.help.freshness"), no_args_is_help=True)
console = Console()



def _(code: str) -> str:
    """A catalogue text in the CLI's language (``JBNET_LANG``; Dutch by default)."""
    return gettext(code, cli_locale())


_KIND = {"request": "cli.freshness.kind.request", "reminder": "cli.freshness.kind.reminder",
         "escalation": "cli.freshness.kind.escalation", "new_link": "cli.freshness.kind.new_link"}


@app.command("send-requests", help=cli_help("cli.help.freshness.send_requests"))
def send_requests(
    region: Annotated[str | None, typer.Option(
        "--region", help=cli_help("cli.help.freshness.send_requests.region"))] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help=cli_help("cli.help.freshness.send_requests.dry_run"))] = False,
    not_asked_days: Annotated[int | None, typer.Option(
        "--not-asked-days", help=cli_help("cli.help.freshness.send_requests.not_asked_days"))] = None,
) -> None:
    """Send the update requests that are due: contacts older than their region's rhythm, not asked lately."""
    settings = load_settings()
    try:
        mailer = mailer_for(settings)
    except MailConfigError as exc:
        console.print(f"[red]{_('cli.error')}:[/red] {exc}")
        raise typer.Exit(2) from None
    svc = GraphService.open(settings)
    try:
        report = send_update_requests(svc, region=region, dry_run=dry_run, mailer=mailer,
                                      interval_days=not_asked_days)
    except QueryError as exc:
        console.print(f"[red]{_('cli.error')}:[/red] {error_text(exc, cli_locale())}")
        raise typer.Exit(2) from None
    finally:
        svc.close()
    table = Table(title=f"{_('cli.freshness.title')} {report.round_id}" + (
        f" {_('cli.freshness.dry_run')}" if dry_run else ""))
    for col in (_("cli.freshness.col.kind"), _("cli.freshness.col.professional"), _("cli.freshness.col.to"),
                _("cli.freshness.col.result")):
        table.add_column(col)
    for m in report.mails:
        kind = _(_KIND[m.kind]) if m.kind in _KIND else m.kind
        table.add_row(kind, m.professional, m.to, m.status + (f": {m.detail}" if m.detail and
                                                                                      m.status != "outbox" else ""))
    console.print(table)
    where = _("cli.freshness.outbox") % {"outbox": settings.outbox} if report.outbox else _("cli.freshness.smtp")
    console.print(_("cli.freshness.summary") % {
        "mails": len(report.mails), "sent": report.count("sent", "outbox"), "where": where,
        "retry": report.count("temporary"), "unreachable": report.count("permanent")})
    if not report.complete:
        raise typer.Exit(1)
