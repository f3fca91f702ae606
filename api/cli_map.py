"""``jbnet map …``: write offline HTML network maps, and print the governance check, from the command line.

Works on the local store (``JBNET_DB`` / ``NEO4J_URI``). Contact details go into tooltips only with
``--contacts``: a map file is easily forwarded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.i18n import cli_help, cli_locale, error_text, render, sayer
from api.i18n import cli_text as _
from graph.queries.errors import NotFound
from graph.queries.governance import governance_check
from graph.queries.network_map import MapData, diff_map, ego_map, network_map
from graph.service import GraphService
from graph.settings import load_settings
from viz.layout import positions
from viz.pyvis_map import render_map_html

__all__ = ["app"]

app = typer.Typer(help=cli_help("cli.help.map"), no_args_is_help=True)
console = Console()

Out = Annotated[Path, typer.Option("--out", "-o", help=cli_help("cli.help.map.out"), dir_okay=False)]
AsOf = Annotated[str | None, typer.Option("--as-of", help=cli_help("cli.help.map.as_of"))]
Code = Annotated[str, typer.Argument(help=cli_help("cli.help.map.code"))]
Contacts = Annotated[bool, typer.Option("--contacts", help=cli_help("cli.help.map.contacts"))]


@contextmanager
def _service() -> Iterator[GraphService]:
    """The local store's service, closed afterwards; bad input (NotFound, ValueError) exits with code 2."""
    svc = GraphService.open(load_settings())
    try:
        yield svc
    except (NotFound, ValueError) as exc:
        console.print(f"[red]{_('cli.error')}:[/red] {error_text(exc, cli_locale())}")
        raise typer.Exit(code=2) from None
    finally:
        svc.close()


def _write(build: Callable[[GraphService], MapData], out: Path, contacts: bool) -> None:
    with _service() as svc:
        md = build(svc)
        html = render_map_html(md, show_contacts=contacts, say=sayer(cli_locale()), locale=cli_locale())
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)  # never a half-written map
    console.print(_("cli.map.written", title=render(md.title, cli_locale()), nodes=len(md.nodes),
                    links=len(md.edges), out=out))


@app.command(help=cli_help("cli.help.map.governance"))
def governance(code: Code, out: Out, as_of: AsOf = None, contacts: Contacts = False,
               expand: Annotated[bool, typer.Option(help=cli_help("cli.help.map.governance.expand"))] = False) -> None:
    """Hierarchical governance map of a body (toekomsttuin, tafel, ...) or of a region's bodies."""
    _write(lambda s: network_map(s.projection, code, as_of=as_of, expand=expand, contacts=contacts,
                                 layout=positions), out, contacts)


@app.command(help=cli_help("cli.help.map.region"))
def region(code: Code, out: Out, as_of: AsOf = None, contacts: Contacts = False,
           kinds: Annotated[str | None, typer.Option(help=cli_help("cli.help.map.region.kinds"))] = None,
           expand: Annotated[bool, typer.Option(help=cli_help("cli.help.map.region.expand"))] = False) -> None:
    """Collaboration map of a region: gemeenten at their location, organisations beside them, bodies."""
    wanted = [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None
    _write(lambda s: network_map(s.projection, code, as_of=as_of, kinds=wanted, expand=expand, contacts=contacts,
                                 layout=positions), out, contacts)


@app.command(help=cli_help("cli.help.map.ego"))
def ego(key: Annotated[str, typer.Argument(help=cli_help("cli.help.map.ego.key"))], out: Out,
        depth: Annotated[int, typer.Option(help=cli_help("cli.help.map.ego.depth"))] = 1,
        as_of: AsOf = None, contacts: Contacts = False) -> None:
    """Ego network of a professional or organisation."""
    _write(lambda s: ego_map(s.projection, key, depth=depth, as_of=as_of, contacts=contacts, layout=positions),
           out, contacts)


@app.command(help=cli_help("cli.help.map.diff"))
def diff(code: Code, out: Out, from_: Annotated[str, typer.Option("--from", help=cli_help("cli.help.map.diff.from"))],
         to: Annotated[str, typer.Option("--to", help=cli_help("cli.help.map.diff.to"))],
         contacts: Contacts = False) -> None:
    """What changed in a region's or body's network between two dates (added green, ended red dashed)."""
    _write(lambda s: diff_map(s.projection, code, from_, to, contacts=contacts, layout=positions), out, contacts)


@app.command(help=cli_help("cli.help.map.check"))
def check(code: Code, as_of: AsOf = None) -> None:
    """Minimal staffing, uncovered gemeenten and the toekomsttuin phase per jeugdhulpregio."""
    with _service() as svc:
        result = governance_check(svc.projection, code, as_of=as_of)
    phases = Table(title=_("cli.check.phases", on=result.as_of))
    for code in ("cli.check.col.jeugdhulpregio", "cli.check.col.phase", "cli.check.col.toekomsttuinen"):
        phases.add_column(_(code))
    for r in result.phases:
        phases.add_row(f"{r.name} ({r.code})", r.phase or "—", ", ".join(f"{n} ({p or '?'})" for _, n, p in
                                                                      r.toekomsttuinen))
    console.print(phases)
    findings = Table(title=_("cli.check.findings", name=result.name))
    for code in ("cli.check.col.severity", "cli.check.col.rule", "cli.check.col.subject", "cli.check.col.finding",
                 "cli.check.col.source"):
        findings.add_column(_(code))
    for f in result.findings:
        findings.add_row(f.severity, f.rule, f.subject_name, render(f.message, cli_locale()), f.source)
    console.print(findings)
