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

from api.i18n import cli_locale, render
from graph.queries import herindeling as qh

__all__ = ["app", "print_plan", "problem_text"]

app = typer.Typer(help="The CBS division of gemeenten and regions (yearly herindeling).", no_args_is_help=True)
console = Console()
err = Console(stderr=True)

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
        out.print(f"The division equals the current one on {plan.on}: nothing to change.")
        return
    out.print(f"[bold]Herindeling per {plan.on}[/]: {plan.current} → {plan.after} gemeenten")
    if plan.endings:
        out.print(_table(f"ends on {plan.on} ({len(plan.endings)})",
                         ("gemeente", "name", "opgegaan in", "successor by"),
                         [(e.gemeente, e.name, f"{e.successor} {e.successor_name}", e.by) for e in plan.endings]))
    if plan.starts:
        out.print(_table(f"starts on {plan.on} ({len(plan.starts)})", ("row", "gemeente", "name", "regions",
                                                                       "voorgangers"),
                         [(s.row, s.gemeente, s.name, " ".join(c for _, c in s.regions), ", ".join(s.voorgangers))
                          for s in plan.starts]))
    if plan.moves:
        out.print(_table(f"moves on {plan.on} ({len(plan.moves)})", ("row", "gemeente", "name", "membership", "from",
                                                                     "to"),
                         [(m.row, m.gemeente, m.name, m.relationship, m.old, m.new) for m in plan.moves]))
    if plan.renames:
        out.print(_table(f"renamed ({len(plan.renames)})", ("row", "gemeente", "old name", "new name"),
                         [(r.row, r.gemeente, r.old_name, r.new_name) for r in plan.renames]))
    if plan.new_regions:
        out.print(_table(f"new regions ({len(plan.new_regions)})", ("row", "code", "kind", "name"),
                         [(r.row, r.code, r.label, r.name) for r in plan.new_regions]))
    if plan.carries:
        if every_carry:
            rows = [(c.old, c.new, c.relationship, f"{c.other_label} {c.other}", c.other_name,
                     "already there" if c.merged else "carried over") for c in plan.carries]
            out.print(_table(f"carries over from {plan.on} ({len(plan.carries)})",
                             ("from", "to", "relationship", "of", "name", ""), rows))
        else:
            groups: dict[tuple[str, str, str, str], list[qh.CarryOver]] = defaultdict(list)
            for c in plan.carries:
                groups[(c.old, c.new, c.relationship, c.other_label)].append(c)
            rows = []
            for (old, new, rel, label), items in groups.items():
                names = ", ".join(c.other_name for c in items[:3]) + (" …" if len(items) > 3 else "")
                merged = sum(c.merged for c in items)
                rows.append((old, new, rel, label, len(items) - merged, merged, names))
            table = _table(f"carries over from {plan.on} ({len(plan.carries)}; --all lists each)",
                           ("from", "to", "relationship", "of", "carried", "already there", "e.g."), rows)
            table.columns[-1].overflow = "ellipsis"
            table.columns[-1].no_wrap = True
            out.print(table)
    if plan.region_counts:
        out.print(_table("gemeenten per region", ("region", "before", "after"),
                         [(code, b, a) for code, (b, a) in plan.region_counts.items()]))
    for w in plan.warnings:
        out.print(f"[yellow]note:[/] {problem_text(w)}")
    out.print(f"{len(plan.batch):,} changes in one transaction")


@app.command("apply")
def apply(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="CBS-style division: the columns of data/gemeenten_regios.csv "
                                              "(+ optional 'voorgangers', ';'-separated codes).")],
    on: Annotated[str, typer.Option("--on", help="The day the division takes effect (YYYY-MM-DD), e.g. 2027-01-01.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan; change nothing.")] = False,
    every_carry: Annotated[bool, typer.Option("--all", help="List every relationship that carries over.")] = False,
) -> None:
    """Apply a new CBS division on a day: old gemeenten end, new ones start, coverage carries over."""
    from api.cli import _open

    try:
        day = dt.date.fromisoformat(on).isoformat()
    except ValueError:
        err.print(f"[red]--on {on!r} is not a date (YYYY-MM-DD); nothing was written[/]")
        raise typer.Exit(2) from None
    with _open() as store:
        try:
            header, rows = qh.read_division(file)
            plan = qh.plan_division(store, header, rows, day)
        except qh.DivisionError as exc:
            table = Table(title=f"{len(exc.problems)} problem(s) in {file}; nothing was written",
                          title_style="bold red", title_justify="left")
            for column in ("row", "code", "problem"):
                table.add_column(column, overflow="fold")
            for p in exc.problems:
                table.add_row("" if p.row is None else str(p.row), p.code, problem_text(p))
            err.print(table)
            raise typer.Exit(1) from None
        qh.name_carried(store, plan)
        print_plan(plan, every_carry=every_carry)
        if dry_run:
            console.print("[yellow]dry run: nothing was written[/]")
            return
        written = qh.apply_division(store, plan, actor=f"jbnet regions apply {file.name} --on {day}")
    console.print(f"[green]applied[/]: {written:,} change-log entries written" if written else
                  "nothing written (already applied)")
