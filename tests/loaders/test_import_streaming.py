"""The import streams: rows are built and written chunk by chunk in one transaction (``RowChecker.stream``).

A row found bad after many chunks were written still leaves the store untouched (the transaction is rolled
back) and the report still lists every problem of the workbook, privacy refusals by row and column too,
whether the store checks each batch as it streams (SQLite) or takes them all first (as Neo4j's does).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import loaders.workbook as workbook
from graph.store.base import ChangeBatch
from graph.store.sqlite_store import SQLiteStore
from loaders.generate import generate_workbook
from loaders.workbook import import_workbook
from tests.loaders import test_workbook as base

reference_db = base.reference_db  # the session's store with the national reference data


class CountingStore(SQLiteStore):
    """SQLite, counting the batches ``apply_many`` took from the import before it stopped."""

    taken = 0

    def apply_many(self, batches: Iterable[ChangeBatch], actor: str) -> int:
        def counted() -> Iterator[ChangeBatch]:
            for batch in batches:
                self.taken += 1
                yield batch
        return super().apply_many(counted(), actor)


class AllFirstStore(CountingStore):
    """Takes every batch before checking and writing any (as ``Neo4jStore.apply_many`` does)."""

    def apply_many(self, batches: Iterable[ChangeBatch], actor: str) -> int:
        everything = []
        for batch in batches:
            self.taken += 1
            everything.append(batch)
        return SQLiteStore.apply_many(self, everything, actor)


@pytest.fixture
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small") / "wb"
    generate_workbook(out, scale="small", seed=7)
    return out


def _store(reference_db: Path, tmp_path: Path, kind: type[CountingStore] = CountingStore) -> CountingStore:
    shutil.copy(reference_db, tmp_path / "jbnet.sqlite")
    return kind(tmp_path / "jbnet.sqlite")


def _append(path: Path, line: str) -> int:
    """Add ``line`` to a CSV file; returns its row number as the report gives it (header = 1)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def _set(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (row as the report numbers it) of a generated CSV file (no quoted commas in it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[header.index(column)] = value
    lines[row - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_bad_row_in_the_last_sheet_after_many_written_chunks_writes_nothing(
        reference_db: Path, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "BATCH_SIZE", 200)  # dozens of chunks before casussen, the last sheet
    row = _append(small / "casussen.csv", "JB-ZZZZ-ZZZZ,GM0202,315,open,2026-01-05,onderzoek,"
                                          "prof-syn-999999:jeugdbeschermer")
    store = _store(reference_db, tmp_path)
    seq, counts = store.last_seq(), store.counts()
    try:
        result = import_workbook(small, store, actor="t")
        assert store.taken > 20  # the good rows before it were streamed into the transaction
        assert not result.ok and not result.written and result.changes == 0
        assert store.last_seq() == seq and store.counts() == counts  # rolled back
        assert store.get_node("JB-ZZZZ-ZZZZ") is None and store.get_node("prof-syn-000001") is None
        assert [(e.sheet, e.row, e.column, e.reason.code) for e in result.errors] == [
            ("casussen.csv", row, "professionals", "import.row.unknown_key")]
    finally:
        store.close()


@pytest.mark.parametrize("kind", [CountingStore, AllFirstStore])
def test_a_refused_stream_still_names_every_problem_privacy_ones_too(
        reference_db: Path, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        kind: type[CountingStore]) -> None:
    # A child identifier in an early chunk and an unknown key in the last sheet. SQLite refuses the
    # early chunk as it streams by (PrivacyError); a store that takes all batches first never sees it
    # before the bad reference stops the stream. Either way the report names both rows.
    monkeypatch.setattr(workbook, "BATCH_SIZE", 200)
    _set(small / "professionals.csv", 3, "functie", "bsn 1112.22.333")
    row = _append(small / "casussen.csv", "JB-ZZZZ-ZZZZ,GM0202,315,open,2026-01-05,onderzoek,"
                                          "prof-syn-999999:jeugdbeschermer")
    store = _store(reference_db, tmp_path, kind)
    seq = store.last_seq()
    try:
        result = import_workbook(small, store, actor="t")
        assert store.taken > 0 and not result.written and store.last_seq() == seq
        assert [(e.sheet, e.row, e.column) for e in result.errors] == [
            ("professionals.csv", 3, "functie"), ("casussen.csv", row, "professionals")]
        assert result.errors[0].reason.code.startswith("privacy.reason.")
    finally:
        store.close()


def test_a_reference_to_a_later_sheet_waits_for_its_row(reference_db: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Organisations serve subregios defined four sheets further on; escalations point to later positions.
    monkeypatch.setattr(workbook, "BATCH_SIZE", 1)  # a chunk per row
    store = _store(reference_db, tmp_path)
    try:
        result = import_workbook(base.EXAMPLES / "voorbeeld-werkmap", store, actor="t")
        assert result.ok and result.written, result.report.format()
        nodes, edges = base._expected_counts()
        assert result.report.nodes == sum(nodes.values()) and result.report.edges >= sum(edges.values())
        assert store.taken > result.report.nodes  # one batch per row at least
    finally:
        store.close()


def test_parsed_rows_share_their_given_fields_yet_stay_ordinary_models() -> None:
    # The rows of a sheet that fill the same columns share one set of given fields (memory); pydantic's
    # own uses of it still see each row's fields, and a copy with changes leaves the other rows alone.
    from loaders.workbook import KnownKeys, RowChecker, read_workbook

    book = read_workbook(base.EXAMPLES / "voorbeeld-werkmap")
    parsed = RowChecker(book, KnownKeys(), None).parse()
    rows = [row for _, row in parsed["bezetting"]]
    same = [r for r in rows if r.model_fields_set == rows[0].model_fields_set]
    assert len(same) > 1 and all(r.__pydantic_fields_set__ is same[0].__pydantic_fields_set__ for r in same)
    assert "positie" in rows[0].model_fields_set and "geldig_tot" not in rows[0].model_fields_set  # empty cell
    changed = same[0].model_copy(update={"rang": 9})
    assert changed.rang == 9 and "rang" in changed.model_fields_set
    assert same[1].model_fields_set == same[0].model_fields_set and same[1] != changed
    assert same[0].model_dump(exclude_unset=True).keys() == same[0].model_fields_set


@pytest.mark.parametrize("name", ["voorbeeld-werkmap", "voorbeeld-werkmap.xlsx"])
def test_equal_cells_of_a_sheet_are_read_as_one_string(name: str) -> None:
    from loaders.workbook import read_workbook

    rows = [cells for _, cells in read_workbook(base.EXAMPLES / name).sheets["bezetting"].rows]
    by_text: dict[str, str] = {}
    for cells in rows:
        for text in cells.values():
            if text:
                assert by_text.setdefault(text, text) is text, text  # the same text, the same object
    assert len(by_text) < sum(1 for cells in rows for text in cells.values() if text)  # texts do repeat
