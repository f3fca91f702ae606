"""The ``taal`` column of the professionals sheet, through a whole workbook import (XLSX and CSV) (#15)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.i18n import render
from graph.store.sqlite_store import SQLiteStore
from loaders.example import EXAMPLE_ROWS
from loaders.reference import reference_batches
from loaders.workbook import import_workbook
from loaders.workbook_writer import write_workbook


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "jbnet.sqlite")
    s.apply_many(reference_batches(), "test reference")
    yield s
    s.close()


def _with_languages(*languages: str) -> dict[str, list[dict[str, object]]]:
    rows = copy.deepcopy(EXAMPLE_ROWS)
    for row, language in zip(rows["professionals"], languages, strict=False):
        row["taal"] = language
    return rows


@pytest.mark.parametrize("name", ["werkmap.xlsx", "werkmap"])
def test_the_taal_column_sets_the_language_of_a_professionals_mails(store: SQLiteStore, tmp_path: Path,
                                                                     name: str) -> None:
    rows = _with_languages(" EN ", "nl", "")
    first, second, third = (str(r["sleutel"]) for r in rows["professionals"][:3])
    result = import_workbook(write_workbook(tmp_path / name, rows), store, actor="test import")
    assert result.ok, result.report.format()
    languages = {k: (store.get_node(k) or pytest.fail(k)).props.get("language") for k in (first, second, third)}
    assert languages == {first: "en", second: "nl", third: None}  # empty: nothing stored, mails in Dutch


def test_a_language_jbnet_does_not_speak_is_refused_in_its_cell_and_nothing_is_written(
        store: SQLiteStore, tmp_path: Path) -> None:
    seq = store.last_seq()
    result = import_workbook(write_workbook(tmp_path / "werkmap.xlsx", _with_languages("en", "Duits")), store,
                             actor="test import")
    assert not result.ok and not result.written and store.last_seq() == seq
    [problem] = result.errors  # not also bezetting's reference to the row's key (#15)
    assert (problem.sheet, problem.row, problem.column) == ("sheet professionals", 3, "taal")
    assert render(problem.reason, "nl") == "'Duits' is niet toegestaan; kies uit 'nl' of 'en'"
