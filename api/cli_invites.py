"""``jbnet invites …``: invite lists and attendee exports from the command line.

The CLI works on the local store (``JBNET_DB`` / ``NEO4J_URI``) with the rights of whoever can read
that database; exports are still written to the audit trail, with actor ``cli:<os user>``.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from api.i18n import cli_help, cli_locale, error_text, render, renderer
from api.i18n import cli_text as _
from graph.queries.errors import NotFound
from graph.queries.exports import EXPORT_FORMATS, export_meeting
from graph.queries.invites import InviteList, invite_list, preview_invite_list
from graph.queries.meetings import MeetingError, meeting_plan
from graph.service import GraphService
from graph.settings import load_settings

__all__ = ["app"]

app = typer.Typer(help=cli_help("cli.help.invites"), no_args_is_help=True)
console = Console()


def _fail(exc: Exception) -> typer.Exit:
    console.print(f"[red]{_('cli.error')}:[/red] {error_text(exc, cli_locale())}")
    return typer.Exit(code=2)


@contextmanager
def _service() -> Iterator[GraphService]:
    """The local store's service, closed afterwards; bad input (NotFound, MeetingError) exits with code 2."""
    svc = GraphService.open(load_settings())
    try:
        yield svc
    except (NotFound, MeetingError) as exc:
        raise _fail(exc) from None
    finally:
        svc.close()


def _show(il: InviteList) -> None:
    what = il.meeting or il.region
    title = _("cli.invites.frozen", what=what, date=il.date, frozen=il.frozen_on) if il.frozen else \
        _("cli.invites.title", what=what, date=il.date)
    table = Table(title=title)
    for code in ("cli.invites.col.name", "cli.invites.col.organisation", "cli.invites.col.represents",
                 "cli.invites.col.role", "cli.invites.col.email", "cli.invites.col.hours", "cli.invites.col.status"):
        table.add_column(_(code))
    for i in il.invitees:
        over = _("cli.invites.over_budget", hours=f"{il.rules.max_hours_per_year:g}", backup=i.proposed_backup)
        flag = f" [yellow]{over}[/yellow]" if i.over_budget else ""
        table.add_row(i.name, i.organisation_name or "", ", ".join(i.gemeenten), i.priority, i.email or "",
                      f"{i.hours:g}{flag}", i.status or "")
    console.print(table)
    for gap in il.gaps:
        console.print(f"[red]{_('cli.invites.gap')}[/red] {render(gap, cli_locale())}")
    for c in il.coverage:
        if c.status in ("backup", "fallback") and c.note:
            console.print(f"[yellow]{_('cli.invites.note')}[/yellow] {render(c.note, cli_locale())}")


@app.command("list", help=cli_help("cli.help.invites.list"))
def list_(meeting: str = typer.Option(..., "--meeting", help=cli_help("cli.help.invites.list.meeting"))) -> None:
    """Show a meeting's invite list with the composition check and the hours budget."""
    with _service() as svc:
        _show(invite_list(svc.projection, meeting, rules=svc.settings.rules))


@app.command(help=cli_help("cli.help.invites.preview"))
def preview(subregio: str = typer.Option(..., help=cli_help("cli.help.invites.preview.subregio")),
            date: str = typer.Option(..., help=cli_help("cli.help.invites.preview.date")),
            online: bool = typer.Option(False, help=cli_help("cli.help.invites.preview.online"))) -> None:
    """Show the invite list a samenwerkingsbijeenkomst of a subregio on a date would get."""
    with _service() as svc:
        _show(preview_invite_list(svc.projection, subregio, date, online=online, rules=svc.settings.rules))


@app.command(help=cli_help("cli.help.invites.plan"))
def plan(year: int = typer.Option(..., help=cli_help("cli.help.invites.plan.year")),
         jeugdhulpregio: str = typer.Option(..., help=cli_help("cli.help.invites.plan.jeugdhulpregio"))) -> None:
    """Per subregio the samenwerkingsbijeenkomsten of a year, and who falls short."""
    with _service() as svc:
        result = meeting_plan(svc.projection, year, jeugdhulpregio, svc.settings.rules)
    table = Table(title=_("cli.plan.met" if result.met else "cli.plan.not_met", region=jeugdhulpregio, year=year))
    for code in ("cli.plan.col.subregio", "cli.plan.col.meetings", "cli.plan.col.required", "cli.plan.col.short_by"):
        table.add_column(_(code))
    for r in result.rows:
        table.add_row(r.name, ", ".join(m.date for m in r.meetings), str(r.required), str(r.short_by))
    console.print(table)


@app.command(help=cli_help("cli.help.invites.export"))
def export(meeting: str = typer.Option(..., "--meeting", help=cli_help("cli.help.invites.export.meeting")),
           fmt: str = typer.Option("csv", "--format", help=cli_help("cli.help.invites.export.format",
                                                                     formats=", ".join(EXPORT_FORMATS))),
           out: Path = typer.Option(..., "--out", help=cli_help("cli.help.invites.export.out")),
           actor: str | None = typer.Option(None, help=cli_help("cli.help.invites.export.actor"))) -> None:
    """Export the attendee list (csv, xlsx, ics, vcf, txt); the export is recorded in the audit trail."""
    with _service() as svc:
        result = export_meeting(svc.projection, svc.store, actor or f"cli:{getpass.getuser()}", meeting, fmt,
                                say=renderer(cli_locale()), rules=svc.settings.rules)
    out.write_bytes(result.content)
    console.print(_("cli.invites.exported", out=out, count=result.count, format=fmt))
