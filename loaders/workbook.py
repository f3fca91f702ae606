"""Workbook import: a folder of CSV files or one XLSX workbook -> validated batches -> one transaction.

Three steps, each usable on its own:
``read_workbook`` (cells as strings, row numbers as the user sees them; ``loaders.workbook_reader``),
``validate_workbook`` (every row through its pydantic model, then cross-row checks against the
workbook itself and the store's known keys; ``loaders.workbook_checks``) and ``import_workbook``
(writes everything in ONE ``apply_many`` or nothing at all). Nodes and edges are deterministic, so
re-importing the same workbook logs no changes. The format: ``docs/import-format.md``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.messages import Message, MessageError, msg
from graph.privacy import PrivacyError
from graph.queries.herindeling import ended_gemeenten, keep_closed_after_herindeling
from graph.schema import Label
from graph.store.base import ChangeBatch, GraphStore
from loaders.rows import SHEETS, RowModel
from loaders.workbook_checks import KnownKeys, Progress, RowChecker, RowError
from loaders.workbook_reader import Sheet, Workbook, read_workbook, sheet_name

__all__ = [
    "ImportReport",
    "ImportResult",
    "KnownKeys",
    "Progress",
    "RowError",
    "Sheet",
    "Workbook",
    "check_rows",
    "import_workbook",
    "read_workbook",
    "sheet_name",
    "validate_workbook",
]

BATCH_SIZE = 5_000


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # rows read per sheet
    nodes: int = 0
    edges: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self, limit: int | None = 200) -> list[Message]:
        """The report as messages: a summary, then one per bad row (``limit`` at most) and how many more."""
        if self.ok:
            return [msg("import.report.ok", rows=sum(self.rows.values()), nodes=self.nodes, edges=self.edges)]
        shown = self.errors if limit is None else self.errors[:limit]
        lines = [msg("import.report.refused", count=len(self.errors)), *(e.message for e in shown)]
        if len(shown) < len(self.errors):
            lines.append(msg("import.report.more", count=len(self.errors) - len(shown)))
        return lines

    def format(self, limit: int | None = 200, say: Callable[[Any], str] = str) -> str:
        """The report as text, one line per message of ``lines``, the rows indented; ``say`` words each
        (``api.i18n.render`` in an interface; ``str`` shows a message as its code and parameters)."""
        head, *rest = self.lines(limit)
        return "\n".join([say(head), *(f"  {say(m)}" for m in rest)])


@dataclass
class ImportResult:
    report: ImportReport
    written: bool = False
    changes: int = 0  # change-log entries written (0 when re-importing the same workbook)

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def errors(self) -> list[RowError]:
        return self.report.errors


def validate_workbook(book: Workbook, known: KnownKeys, *, progress: Progress | None = None,
                      batch_size: int = BATCH_SIZE) -> tuple[list[ChangeBatch], ImportReport]:
    """Check every row; return the batches to write (empty when any row is bad) and the report."""
    checker, report = check_rows(book, known, progress=progress)
    if report.errors:
        return [], report
    return _batches(checker, batch_size), report


def _batches(checker: RowChecker, batch_size: int) -> list[ChangeBatch]:
    # Nodes first: an edge's endpoints must exist earlier in the same transaction.
    batches = [ChangeBatch(nodes=chunk) for chunk in _chunks(checker.nodes, batch_size)]
    batches += [ChangeBatch(edges=chunk) for chunk in _chunks(checker.edges, batch_size)]
    return batches


def check_rows(book: Workbook, known: KnownKeys, *, progress: Progress | None = None,
               privacy: bool = True) -> tuple[RowChecker, ImportReport]:
    """Every row checked: the checker (nodes and edges with the row each came from) and the report.

    All nodes and edges are kept (the upload preview and ``validate_workbook`` need them); an import
    streams them instead (``import_workbook``). ``privacy=False`` leaves out the privacy pass
    (``RowChecker.check_privacy``) when the workbook is otherwise good.
    """
    v, parsed, report = _start(book, known, progress)
    if parsed is not None:
        v.build(parsed)
        if privacy or v.errors:  # a refused workbook lists every problem, privacy ones too
            v.check_privacy()
    return v, _finish(v, report)


def _start(book: Workbook, known: KnownKeys, progress: Progress | None, *, consume: bool = False,
           ) -> tuple[RowChecker, dict[str, list[tuple[int, RowModel]]] | None, ImportReport]:
    """The checker after parsing and defining every row (``RowChecker.parse``, ``define``), the parsed rows
    to build (None when the workbook cannot be checked row by row) and the report's row counts."""
    report = ImportReport(rows={s.source: len(s.rows) for s in book.sheets.values()})
    v = RowChecker(book, known, progress)
    if not book.sheets:
        v.errors.append(RowError(str(book.path), 0, "", msg("import.no_sheets", sheets=tuple(SHEETS))))
        return v, None, report
    if not any(label is Label.GEMEENTE for label in known.labels.values()):
        v.errors.append(RowError(str(book.path), 0, "", msg("import.no_reference")))
        return v, None, report
    parsed = v.parse(consume=consume)
    v.define(parsed)
    return v, parsed, report


def _finish(v: RowChecker, report: ImportReport) -> ImportReport:
    _sort_errors(v, report)
    book = v.book
    report.warnings = [*book.warnings, *(msg("import.warning.not_imported", what=sheet_name(u)) for u in book.unknown)]
    report.nodes, report.edges = v.node_count, v.edge_count
    return report


def _sort_errors(v: RowChecker, report: ImportReport) -> None:
    report.errors = sorted(v.errors, key=lambda e: (list(SHEETS).index(_kind(e.sheet))
                                                    if _kind(e.sheet) in SHEETS else -1, e.row))


def _kind(source: str) -> str:
    return source.removeprefix("sheet ").removesuffix(".csv").lower()


def _unreadable(path: str | Path, error: OSError | MessageError) -> Message:
    """Why the workbook at ``path`` could not be read, as a catalogue code (never the OS's or openpyxl's words)."""
    if isinstance(error, MessageError):
        return error.message
    if isinstance(error, FileNotFoundError):
        return msg("import.not_found", path=str(path))
    return msg("import.cannot_open", path=str(path), reason=error.strerror or type(error).__name__)


class _Refused(Exception):
    """A row was found bad while the import streamed: roll the transaction back."""


def import_workbook(path: str | Path, store: GraphStore, *, actor: str,
                    progress: Progress | None = None) -> ImportResult:
    """Read, validate and write a workbook in ONE transaction; nothing is written if any row is bad.

    Streaming: each sheet's cells are freed as its rows are parsed, and the rows are built into nodes and
    relationships chunk by chunk, each chunk written (``RowChecker.stream``) and dropped, so memory stays
    near what the workbook's rows take. A row found bad on the way (a reference, a duplicate relationship)
    stops the writing, the other rows are still checked, and the transaction is rolled back.
    """
    with _gc_paused():
        try:
            book = read_workbook(path)
        except (OSError, MessageError) as exc:
            return ImportResult(ImportReport(errors=[RowError(str(path), 0, "", _unreadable(path, exc))]))
        if progress:
            progress(0, 1, msg("progress.read", path=str(path)))
        known = KnownKeys.from_store(store)
        checker, parsed, report = _start(book, known, progress, consume=True)
        del book  # its cells are gone (consumed); the checker keeps the sheets' names and headers
        if parsed is None or checker.errors:  # refused already: check the rest, write nothing
            return ImportResult(_checked_only(checker, parsed, report))
        total = sum(len(rows) for rows in parsed.values()) or 1
        ended = ended_gemeenten(store)

        def feed() -> Iterator[ChangeBatch]:
            # The privacy rules run once, in the store; the row-by-row pass only words a refusal.
            for batch in checker.stream(parsed, batch_size=BATCH_SIZE):
                # last year's workbook must not undo a herindeling
                keep_closed_after_herindeling(store, [batch], ended=ended)
                yield batch
                if progress:
                    progress(checker.built, total, msg("progress.writing"))
            if checker.errors:
                raise _Refused
            if progress:
                progress(total, total, msg("progress.writing"))

        try:
            changes = store.apply_many(feed(), actor)
        except _Refused:  # rolled back; the report lists every row unless a written chunk skipped the privacy pass
            if not checker.privacy_unchecked:
                return ImportResult(_finish(checker, report))
            return ImportResult(_recheck(path, known))
        except PrivacyError:  # rolled back: name the rows and columns
            again = _recheck(path, known)
            if again.ok:
                raise
            return ImportResult(again)
    return ImportResult(_finish(checker, report), written=True, changes=changes)


def _recheck(path: str | Path, known: KnownKeys) -> ImportReport:
    """The report of a refused import, every row checked again with the privacy rules (nothing written).

    Only when the written part of the stream was left to the store's privacy check: the rows are read
    again and streamed through the checks alone (memory stays flat here too).
    """
    return _checked_only(*_start(read_workbook(path), known, None, consume=True))


def _checked_only(checker: RowChecker, parsed: dict[str, list[tuple[int, RowModel]]] | None,
                  report: ImportReport) -> ImportReport:
    """The report once every parsed row is built and checked, privacy rules included, and nothing written."""
    if parsed is not None:
        for _ in checker.stream(parsed, batch_size=BATCH_SIZE, privacy=True):
            pass
    return _finish(checker, report)


@contextmanager
def _gc_paused() -> Iterator[None]:
    # An import allocates ~1 million long-lived objects and no cycles: the cyclic collector would
    # rescan them again and again (a third of the validation time at national scale).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
