"""``jbnet regions apply FILE --on DATE [--dry-run]``: a new CBS division as dated changes.

Thin: the plan and its checks are ``graph.queries.herindeling``; this module reads the file, prints
the plan as rich tables and writes it in one transaction (or not at all with ``--dry-run``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from api.i18n import cli_help, cli_locale, gettext, render
from graph.queries import herindeling as qh

__all__ = ["app", "print_plan", "problem_text"]

app = typer.Typer(help=cli_help("cli.help.regions"), no_args_is_help=True)
console = Console()
err = Console(stderr=True)

# The plan's column headings as catalogue codes.
_COLUMNS = {
    "row": "cli.regions.col.row", "gemeente": "cli.regions.col.gemeente", "name": "cli.regions.col.name",
    "merged_into": "cli.regions.col.merged_into", "successor_by": "cli.regions.col.successor_by",
    "regions": "cli.regions.col.regions", "predecessors": "cli.regions.col.predecessors",
    "membership": "cli.regions.col.membership", "from": "cli.regions.col.from", "to": "cli.regions.col.to",
    "old_name": "cli.regions.col.old_name", "new_name": "cli.regions.col.new_name", "code": "cli.regions.col.code",
    "kind": "cli.regions.col.kind", "relationship": "cli.regions.col.relationship", "of": "cli.regions.col.of",
    "carried": "cli.regions.col.carried", "already_there": "cli.regions.col.already_there",
    "eg": "cli.regions.col.eg", "region": "cli.regions.col.region", "before": "cli.regions.col.before",
    "after": "cli.regions.col.after", "problem": "cli.regions.col.problem",
}


def _(code: str, **params: Any) -> str:
    """A CLI text from the catalogue in the CLI's language (JBNET_LANG, Dutch by default), filled with ``params``."""
    text = gettext(code, cli_locale())
    return text % params if params else text


def _cols(*names: str) -> tuple[str, ...]:
    """Column headings (``_COLUMNS``) in the CLI's language."""
    return tuple(gettext(_COLUMNS[n], cli_locale()) for n in names)


def problem_text(problem: qh.Problem) -> str:
    """A refusal or note in the CLI's language (JBNET_LANG, Dutch by default)."""
    return render(problem.message, cli_locale())


def _table(title: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(v) for v in row))
    return table


def print_plan(plan: qh.Plan, *, every_carry: bool = False, out: Console | None = None) -> None:
    """The plan as tables: what ends, starts, moves, carries over; and the region counts that change."""
    out = out or console
    if plan.empty:
        out.print(_("cli.regions.unchanged", on=plan.on))
        return
    count = _("cli.regions.count", current=plan.current, after=plan.after)
    out.print(f"[bold]{_('cli.regions.heading', on=plan.on)}[/]: {count}")
    if plan.endings:
        out.print(_table(_("cli.regions.ends", on=plan.on, count=len(plan.endings)),
                         _cols("gemeente", "name", "merged_into", "successor_by"),
                         [(e.gemeente, e.name, f"{e.successor} {e.successor_name}", e.by) for e in plan.endings]))
    if plan.starts:
        out.print(_table(_("cli.regions.starts", on=plan.on, count=len(plan.starts)),
                         _cols("row", "gemeente", "name", "regions", "predecessors"),
                         [(s.row, s.gemeente, s.name, " ".join(c for _, c in s.regions), ", ".join(s.voorgangers))
                          for s in plan.starts]))
    if plan.moves:
        out.print(_table(_("cli.regions.moves", on=plan.on, count=len(plan.moves)),
                         _cols("row", "gemeente", "name", "membership", "from", "to"),
                         [(m.row, m.gemeente, m.name, m.relationship, m.old, m.new) for m in plan.moves]))
    if plan.renames:
        out.print(_table(_("cli.regions.renamed", count=len(plan.renames)),
                         _cols("row", "gemeente", "old_name", "new_name"),
                         [(r.row, r.gemeente, r.old_name, r.new_name) for r in plan.renames]))
    if plan.new_regions:
        out.print(_table(_("cli.regions.new_regions", count=len(plan.new_regions)),
                         _cols("row", "code", "kind", "name"),
                         [(r.row, r.code, r.label, r.name) for r in plan.new_regions]))
    if plan.carries:
        if every_carry:
            rows: list[tuple[Any, ...]] = [(c.old, c.new, c.relationship, f"{c.other_label} {c.other}", c.other_name,
                     _("cli.regions.col.already_there") if c.merged else _("cli.regions.carried_over"))
                    for c in plan.carries]
            out.print(_table(_("cli.regions.carries", on=plan.on, count=len(plan.carries)),
                             (*_cols("from", "to", "relationship", "of", "name"), ""), rows))
        else:
            groups: dict[tuple[str, str, str, str], list[qh.CarryOver]] = defaultdict(list)
            for c in plan.carries:
                groups[(c.old, c.new, c.relationship, c.other_label)].append(c)
            rows = []
            for (old, new, rel, label), items in groups.items():
                names = ", ".join(c.other_name for c in items[:3]) + (" …" if len(items) > 3 else "")
                merged = sum(c.merged for c in items)
                rows.append((old, new, rel, label, len(items) - merged, merged, names))
            table = _table(_("cli.regions.carries_grouped", on=plan.on, count=len(plan.carries)),
                           _cols("from", "to", "relationship", "of", "carried", "already_there", "eg"), rows)
            table.columns[-1].overflow = "ellipsis"
            table.columns[-1].no_wrap = True
            out.print(table)
    if plan.region_counts:
        out.print(_table(_("cli.regions.per_region"), _cols("region", "before", "after"),
                         [(code, b, a) for code, (b, a) in plan.region_counts.items()]))
    for w in plan.warnings:
        out.print(f"[yellow]{_('cli.regions.note')}[/] {problem_text(w)}")
    out.print(_("cli.regions.changes", count=f"{len(plan.batch):,}"))


@app.command("apply", help=cli_help("cli.help.regions.apply"))
def apply(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help=cli_help("cli.help.regions.apply.file"))],
    on: Annotated[str, typer.Option("--on", help=cli_help("cli.help.regions.apply.on"))],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=cli_help("cli.help.regions.apply.dry_run"))] = False,
    every_carry: Annotated[bool, typer.Option("--all", help=cli_help("cli.help.regions.apply.all"))] = False,
) -> None:
    """Apply a new CBS division on a day: old gemeenten end, new ones start, coverage carries over."""
    from api.cli import _open

    try:
        day = dt.date.fromisoformat(on).isoformat()
    except ValueError:
        err.print(f"[red]{_('cli.regions.not_a_date', value=repr(on))}[/]")
        raise typer.Exit(2) from None
    with _open() as store:
        try:
            header, rows = qh.read_division(file)
            plan = qh.plan_division(store, header, rows, day)
        except qh.DivisionError as exc:
            table = Table(title=_("cli.regions.problems", count=len(exc.problems), file=file),
                          title_style="bold red", title_justify="left")
            for column in _cols("row", "code", "problem"):
                table.add_column(column, overflow="fold")
            for p in exc.problems:
                table.add_row("" if p.row is None else str(p.row), p.code, problem_text(p))
            err.print(table)
            raise typer.Exit(1) from None
        qh.name_carried(store, plan)
        print_plan(plan, every_carry=every_carry)
        if dry_run:
            console.print(f"[yellow]{_('cli.regions.dry_run')}[/]")
            return
        written = qh.apply_division(store, plan, actor=f"jbnet regions apply {file.name} --on {day}")
    done = _("cli.regions.written", count=f"{written:,}")
    console.print(f"[green]{_('cli.regions.applied')}[/]: {done}" if written else _("cli.regions.already_applied"))
