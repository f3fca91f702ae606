"""``jbnet freshness …``: update requests by e-mail on the region's rhythm, from the command line.

The same round the server runs once a day (api/jobs.py); run it by hand with ``--dry-run`` first.
Without ``JBNET_SMTP_URL`` the mails are written as .eml files into ``JBNET_OUTBOX`` (var/outbox/).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.i18n import cli_locale, error_text
from api.mail import MailConfigError, mailer_for
from api.mail.rounds import send_update_requests
from graph.queries.index import QueryError
from graph.service import GraphService
from graph.settings import load_settings

__all__ = ["app"]

app = typer.Typer(help="Keeping contacts true: update requests by e-mail.", no_args_is_help=True)
console = Console()

_KIND = {"request": "request", "reminder": "reminder", "escalation": "escalation (organisation's contact)",
         "new_link": "new link"}


@app.command("send-requests")
def send_requests(
    region: Annotated[str | None, typer.Option("--region", help="Only this jeugdhulpregio (JZxx).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show who would get a mail; send nothing.")] = False,
    not_asked_days: Annotated[int | None, typer.Option(
        "--not-asked-days", help="Ask again only who was not asked in this many days (default: the rules').")] = None,
) -> None:
    """Send the update requests that are due: contacts older than their region's rhythm, not asked lately."""
    settings = load_settings()
    try:
        mailer = mailer_for(settings)
    except MailConfigError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    svc = GraphService.open(settings)
    try:
        report = send_update_requests(svc, region=region, dry_run=dry_run, mailer=mailer,
                                      interval_days=not_asked_days)
    except QueryError as exc:
        console.print(f"[red]fout:[/red] {error_text(exc, cli_locale())}")
        raise typer.Exit(2) from None
    finally:
        svc.close()
    table = Table(title=f"Update requests, round {report.round_id}" + (" (dry run)" if dry_run else ""))
    for col in ("kind", "professional", "to", "result"):
        table.add_column(col)
    for m in report.mails:
        table.add_row(_KIND.get(m.kind, m.kind), m.professional, m.to, m.status + (f": {m.detail}" if m.detail and
                                                                                      m.status != "outbox" else ""))
    console.print(table)
    where = f"written to {settings.outbox}/ (no JBNET_SMTP_URL set)" if report.outbox else "sent over SMTP"
    console.print(f"{len(report.mails)} mail(s); {report.count('sent', 'outbox')} {where}; "
                  f"{report.count('temporary')} to retry; {report.count('permanent')} address(es) unreachable")
    if not report.complete:
        raise typer.Exit(1)
