"""Lookup answers are reused per (document, variables, principal, graph version, day) — and never beyond."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from api.auth import Principal, Role
from api.graphql.context import Context
from api.graphql.schema import build_schema
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store

LOOKUP = ("query L($g: String!) { counterparts(gemeente: $g, organisationType: VEILIG_THUIS) { "
          "contacts { priority lastVerified professional { key name phone } position { key } } } }")
ADMIN = Principal(role=Role.ADMIN, name="admin")
PRO = Principal(role=Role.PROFESSIONAL, name="pro")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, GraphService, Settings]:
    db = Path(tmp_path_factory.mktemp("cache")) / "db.sqlite"
    store = SQLiteStore(db)
    init_store(store, demo=True)
    settings = Settings(db_path=db)
    service = GraphService(store, settings=settings)
    return build_schema(settings), service, settings


def run(env: tuple[Any, GraphService, Settings], query: str, who: Principal, **variables: Any) -> Any:
    schema, service, settings = env
    ctx = Context(service=service, principal=who, settings=settings)
    return asyncio.run(schema.execute(query, variable_values=variables or None, context_value=ctx))


def test_same_lookup_by_same_principal_is_answered_from_the_cache(env: Any) -> None:
    cache = env[0].response_cache
    first = run(env, LOOKUP, PRO, g="GM0228")
    hits = cache.hits
    second = run(env, LOOKUP, PRO, g="GM0228")
    assert first.errors is None and second.errors is None
    assert second.data == first.data
    assert cache.hits == hits + 1


def test_roles_do_not_share_answers_but_people_with_one_role_do(env: Any) -> None:
    cache = env[0].response_cache
    run(env, LOOKUP, PRO, g="GM0202")
    misses, hits = cache.misses, cache.hits
    run(env, LOOKUP, ADMIN, g="GM0202")
    assert cache.misses == misses + 1
    run(env, LOOKUP, Principal(role=Role.PROFESSIONAL, name="another professional", professional_key="prof-x"),
        g="GM0202")
    assert cache.hits == hits + 1


def test_an_anonymous_search_does_not_get_a_signed_in_answer(env: Any) -> None:
    query = 'query S($t: String!) { search(text: $t) { totalCount } }'
    signed_in = run(env, query, PRO, t="Voorlopig").data["search"]["totalCount"]
    anonymous = run(env, query, Principal.anonymous(), t="Voorlopig").data["search"]["totalCount"]
    assert signed_in > 0
    assert anonymous == 0  # without a token, search finds no people


def test_a_write_makes_the_next_lookup_see_it(env: Any) -> None:
    before = run(env, LOOKUP, PRO, g="GM0228").data["counterparts"]["contacts"][0]
    position = before["position"]["key"]
    verified = run(env, 'mutation V($k: String!) { verifyContact(key: $k, today: "2031-01-02") { seq } }',
                   ADMIN, k=position)
    assert verified.errors is None
    after = run(env, LOOKUP, PRO, g="GM0228").data["counterparts"]["contacts"][0]
    assert after["lastVerified"] == "2031-01-02" != before["lastVerified"]


def test_mutations_history_and_errors_are_never_cached(env: Any) -> None:
    cache = env[0].response_cache
    size = len(cache._items)
    history = "query H($k: String!) { history(nodeId: $k) { seq } }"
    assert run(env, history, ADMIN, k="GM0228").errors is None
    assert run(env, history, ADMIN, k="GM0228").errors is None
    unknown = run(env, LOOKUP, PRO, g="GM9999")
    assert unknown.errors and "GM9999" in unknown.errors[0].message
    assert run(env, LOOKUP, PRO, g="GM9999").errors
    assert len(cache._items) == size
