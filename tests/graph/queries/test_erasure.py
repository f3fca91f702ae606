"""The right to erasure: after ``erase_professional`` the person's name and e-mail occur nowhere in the
store — on SQLite not even in the bytes of the database file and its WAL — their positions are
vacancies, frozen invite lists keep a row without personal fields, the change log keeps every entry
(the fact of each change) and records the erasure; the same on Neo4j (nodes and properties removed)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.auth import authenticate
from graph.queries.erasure import ERASED, erase_professional
from graph.queries.errors import NotFound
from graph.queries.invites import invite_list
from graph.queries.personal_data import all_entries, personal_data
from graph.schema import RelType
from graph.service import GraphService
from graph.store.base import GraphStore
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.privacy_support import PERSON, SOLO_POSITION, leave_traces


@pytest.fixture(scope="module", params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def erased(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    if request.param == "sqlite":
        store: GraphStore = SQLiteStore(tmp_path_factory.mktemp("erase") / "jbnet.sqlite")
    else:
        store = request.getfixturevalue("_neo4j_session_store")
        store.delete_everything()  # type: ignore[attr-defined]
    init_store(store, demo=True)
    svc = GraphService(store)
    traces = leave_traces(svc)
    other_process = GraphService(store)  # another API process: its projection predates the erasure
    entries_before = {e.seq: e for e in all_entries(store)}
    result = erase_professional(svc, PERSON, reason=f"verzoek van {traces['name']} zelf", actor="admin:test")
    other_process.refresh()
    yield {"svc": svc, "store": store, "traces": traces, "result": result, "before": entries_before,
           "other": other_process, "kind": request.param}
    if request.param == "sqlite":
        store.close()


def _everything(store: GraphStore) -> str:
    """Every node, relationship, change-log entry and token as one text."""
    parts = [json.dumps([label, key, props], ensure_ascii=False) for label, key, props in store.node_records()]
    parts += [json.dumps(list(r), ensure_ascii=False) for r in store.edge_records()]
    parts += [json.dumps(e.as_dict(), ensure_ascii=False) for e in all_entries(store)]
    parts += [json.dumps([t.name, t.professional_key], ensure_ascii=False) for t in store.tokens()]
    return "\n".join(parts).lower()


def test_name_and_email_occur_nowhere(erased: dict) -> None:
    text = _everything(erased["store"])
    t = erased["traces"]
    for needle in (t["name"], t["email"], PERSON):
        assert needle.lower() not in text, needle


def test_sqlite_file_bytes_hold_no_trace(erased: dict) -> None:
    if erased["kind"] != "sqlite":
        pytest.skip("file bytes are a SQLite matter; Neo4j: nodes and properties checked above")
    t = erased["traces"]
    path = Path(erased["store"].path)
    files = [f for f in (path, path.with_name(path.name + "-wal")) if f.exists()]
    assert files
    for f in files:
        data = f.read_bytes()
        for needle in (t["name"], t["email"], PERSON):
            assert needle.encode() not in data, (f.name, needle)
            assert needle.lower().encode() not in data.lower(), (f.name, needle)


def test_person_gone_positions_vacant_other_processes_see_it(erased: dict) -> None:
    svc, other = erased["svc"], erased["other"]
    for s in (svc, other):
        assert s.projection.node(PERSON) is None
        assert not s.projection.in_edges(SOLO_POSITION, RelType.HOLDS, all_time=True)
        assert (s.projection.node(SOLO_POSITION) or {}).get("vacant_since")
    assert erased["store"].get_node(PERSON) is None
    with pytest.raises(NotFound):
        personal_data(svc, PERSON)
    assert authenticate(erased["store"], erased["traces"]["token"]) is None


def test_frozen_invite_list_keeps_a_row_without_personal_fields(erased: dict) -> None:
    svc, t, result = erased["svc"], erased["traces"], erased["result"]
    listed = invite_list(svc.projection, t["meeting"])
    row = next(i for i in listed.invitees if i.professional == result.pseudonym)
    assert row.name == ERASED and row.email == ERASED
    assert (svc.projection.node(t["meeting"]) or {}).get("organiser") == result.pseudonym


def test_change_log_keeps_every_change_and_records_the_erasure(erased: dict) -> None:
    store, before, result = erased["store"], erased["before"], erased["result"]
    after = {e.seq: e for e in all_entries(store)}
    assert set(after) == set(before) | {result.seq}
    assert all(after[s].op == before[s].op and after[s].ts == before[s].ts for s in before)
    assert result.entries_redacted > 5
    record = after[result.seq]
    assert record.op == "privacy.erase" and record.actor == "admin:test"
    assert record.after is not None and record.after["reason"] == f"verzoek van {ERASED} zelf"
    assert record.after["positions_vacated"] == 1 and record.after["tokens_removed"] == 1
    # Their own node's entries keep the kind of change, not the values.
    own = [e for e in after.values() if e.key == result.pseudonym]
    assert own and all(e.after is None or e.after.get("redacted") for e in own)
