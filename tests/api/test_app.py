"""The app shell: the background poll makes another process's writes visible; JSON errors at HTTP level."""

from __future__ import annotations

import time
from pathlib import Path

from graph.schema import Label, Node
from graph.store.base import ChangeBatch
from graph.store.sqlite_store import SQLiteStore
from tests.api.conftest import Api

QUERY = '{ jeugdhulpregio(code: "JZ30") { updateRhythmMonths } }'


def test_writes_of_another_process_arrive_by_polling(api: Api) -> None:
    before = api.gql(QUERY)["data"]["jeugdhulpregio"]["updateRhythmMonths"]
    wanted = 17 if before != 17 else 18
    batch = ChangeBatch(nodes=[Node(label=Label.JEUGDHULPREGIO, key="JZ30", props={"update_rhythm_months": wanted})])
    if api.store_kind == "sqlite":
        # A second connection to the same file, as another process (jbnet import, a second worker) has.
        path = api.service.store.path  # type: ignore[attr-defined]
        other = SQLiteStore(path)
        other.apply(batch, "another process")
        other.close()
    else:
        api.service.store.apply(batch, "another process")  # straight to Neo4j, bypassing this service
    deadline = time.monotonic() + 20  # a bound on waiting, not a timing assertion
    seen = before
    while time.monotonic() < deadline:
        seen = api.gql(QUERY)["data"]["jeugdhulpregio"]["updateRhythmMonths"]
        if seen == wanted:
            break
        time.sleep(0.1)
    assert seen == wanted


def test_unknown_routes_and_bad_bodies_are_json_errors(api: Api) -> None:
    r = api.client.get("/no-such-page", headers={"Accept": "application/json"})
    assert r.status_code == 404
    assert r.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    r = api.client.post("/graphql", content=b"{not json", headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500
    assert "Traceback" not in r.text


def test_the_contact_index_is_built_before_the_first_request(tmp_path: Path) -> None:
    """The server builds today's contact index while it starts, so the first lookup does not pay for it."""
    from api.app import create_app
    from graph.queries import index
    from graph.service import GraphService
    from graph.settings import Settings
    from loaders.init import init_store
    from tests.support import serve

    store = SQLiteStore(tmp_path / "jbnet.sqlite")
    init_store(store, demo=True)
    service = GraphService(store, settings=Settings(db_path=tmp_path / "jbnet.sqlite", poll_seconds=5))
    assert not index._CACHE.get(service.projection)
    try:
        with serve(create_app(service.settings, service)):
            built = index._CACHE.get(service.projection) or {}
            assert [i.version for i in built.values()] == [service.projection.version]  # today's, current
    finally:
        store.close()


def test_answers_are_utf8_json_that_any_reader_reads(api: Api) -> None:
    """The answers' JSON is encoded by orjson (api/graphiql.py): UTF-8 as it is, not ``\\u`` escapes."""
    import json

    r = api.post('{ gemeente(code: "GM1900") { code name } }', api.tokens["professional"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert "Súdwest-Fryslân".encode() in r.content and b"\\u" not in r.content
    expected = {"data": {"gemeente": {"code": "GM1900", "name": "Súdwest-Fryslân"}}}
    assert json.loads(r.content.decode("utf-8")) == expected


def test_a_value_orjson_cannot_encode_falls_back_to_the_standard_encoder() -> None:
    import json

    from api.graphiql import LocalGraphQLRouter

    router = LocalGraphQLRouter.__new__(LocalGraphQLRouter)  # encode_json reads nothing of the router
    assert json.loads(router.encode_json({"n": 2**70, "s": "ë"})) == {"n": 2**70, "s": "ë"}
