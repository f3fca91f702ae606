"""Configuration from the environment (graph/settings.py) and the store it chooses (graph/store/open_store)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from graph.settings import Settings, load_settings
from graph.store import open_store
from graph.store.sqlite_store import SQLiteStore


def test_defaults_without_environment() -> None:
    s = load_settings({})
    assert s == Settings() and not s.uses_neo4j and not s.scheduler
    assert s.outbox == Path("var/outbox")  # beside the SQLite file unless JBNET_OUTBOX says otherwise


def test_environment_overrides_are_typed(tmp_path: Path) -> None:
    s = load_settings({"JBNET_DB": str(tmp_path / "x.sqlite"), "NEO4J_URI": "bolt://db:7687", "NEO4J_USER": "u",
                       "JBNET_POLL_SECONDS": "0.5", "JBNET_MAX_PAGE_SIZE": "50", "JBNET_OUTBOX": str(tmp_path / "o"),
                       "JBNET_SCHEDULER": " Yes ", "JBNET_RATE_LIMIT_API": ""})
    assert s.db_path == tmp_path / "x.sqlite" and s.uses_neo4j and s.neo4j_user == "u"
    assert s.poll_seconds == 0.5 and s.max_page_size == 50 and s.outbox == tmp_path / "o"
    assert s.scheduler is True
    assert s.rate_limit_api == ""  # set but empty: the limit is off
    assert s.rate_limit_sign_in == Settings().rate_limit_sign_in  # unset: the default
    assert load_settings({"JBNET_SCHEDULER": "0"}).scheduler is False
    assert load_settings({"JBNET_POLL_SECONDS": ""}).poll_seconds == Settings().poll_seconds  # empty = unset


def test_a_bad_number_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="max_page_size"):
        load_settings({"JBNET_MAX_PAGE_SIZE": "many"})


def test_open_store_is_the_sqlite_file_without_neo4j(tmp_path: Path) -> None:
    store = open_store(load_settings({"JBNET_DB": str(tmp_path / "s.sqlite")}))
    try:
        assert isinstance(store, SQLiteStore) and (tmp_path / "s.sqlite").exists()
    finally:
        store.close()
