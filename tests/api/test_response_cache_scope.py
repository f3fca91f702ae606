"""After a write the response cache keeps the answers the write cannot have changed — and only those.

Arnhem (GM0202) is in JZ28, Ede (GM0228) in JZ21 (demo data). A write to a JZ28 lokaal-team position
must leave Ede's cached answer in place and give Arnhem a fresh one; a region-membership change, or a
write in another process seen through the poller, must never leave a stale answer behind.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from api.auth import Principal, Role
from api.graphql.context import Context
from api.graphql.schema import build_schema
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.settings import Settings
from graph.store.base import ChangeBatch
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store

ROOT = Path(__file__).resolve().parents[2]
LOOKUP = ("query L($g: String!, $t: OrganisationKind!) { counterparts(gemeente: $g, organisationType: $t) { "
          "contacts { lastVerified position { key } } } }")
PRO = Principal(role=Role.PROFESSIONAL, name="pro")
ARNHEM, EDE = "GM0202", "GM0228"  # JZ28, JZ21

Env = tuple[Any, GraphService, Settings, Path]


@pytest.fixture
def env(tmp_path: Path) -> Env:
    db = tmp_path / "db.sqlite"
    store = SQLiteStore(db)
    init_store(store, demo=True)
    settings = Settings(db_path=db)
    return build_schema(settings), GraphService(store, settings=settings), settings, db


def lookup(env: Env, gemeente: str, org_type: str = "LOKAAL_TEAM") -> list[dict[str, Any]]:
    schema, service, settings, _ = env
    ctx = Context(service=service, principal=PRO, settings=settings)
    result = asyncio.run(schema.execute(LOOKUP, variable_values={"g": gemeente, "t": org_type}, context_value=ctx))
    assert result.errors is None, result.errors
    return list(result.data["counterparts"]["contacts"])


def verify(env: Env, position: str, day: str) -> None:
    env[1].write(ChangeBatch(nodes=[Node(label=Label.POSITION, key=position, props={"last_verified": day})]),
                 "test")


def positions(contacts: list[dict[str, Any]]) -> set[str]:
    return {c["position"]["key"] for c in contacts if c["position"]}


def test_a_write_in_jz28_keeps_the_cached_jz21_answer_and_refreshes_jz28(env: Env) -> None:
    cache = env[0].response_cache
    arnhem, ede = lookup(env, ARNHEM), lookup(env, EDE)
    target = sorted(positions(arnhem))[0]
    assert target not in positions(ede)  # precondition: the written position is not in Ede's answer
    _, gemeenten = env[1].projection.changed_since(env[1].projection.version)
    assert gemeenten == frozenset()

    version = env[1].projection.version
    verify(env, target, "2031-02-03")
    keys, gemeenten = env[1].projection.changed_since(version)
    assert keys == frozenset({target}) and gemeenten is not None and ARNHEM in gemeenten and EDE not in gemeenten
    assert "JZ28" in env[1].projection.jeugdhulpregios_of(gemeenten)
    assert "JZ21" not in env[1].projection.jeugdhulpregios_of(gemeenten)

    hits, kept, dropped = cache.hits, cache.kept, cache.dropped
    assert lookup(env, EDE) == ede
    assert (cache.hits, cache.kept) == (hits + 1, kept + 1)  # Ede from the cache, revalidated
    fresh = {c["position"]["key"]: c["lastVerified"] for c in lookup(env, ARNHEM) if c["position"]}
    assert fresh[target] == "2031-02-03"
    assert cache.dropped == dropped + 1


def test_a_region_membership_change_drops_every_cached_answer(env: Env) -> None:
    cache = env[0].response_cache
    ede = lookup(env, EDE, "JEUGDHULPREGIO")
    lookup(env, ARNHEM, "JEUGDHULPREGIO")
    version = env[1].projection.version
    # Ede joins JZ28 as well: which counterparts cover it changes, and no per-gemeente scope can say so.
    env[1].write(ChangeBatch(edges=[Edge(type=RelType.IN_JEUGDHULPREGIO, src=EDE, dst="JZ28",
                                         src_label=Label.GEMEENTE, dst_label=Label.JEUGDHULPREGIO,
                                         valid_from="2000-01-01")]), "test")
    assert env[1].projection.changed_since(version)[1] is None
    hits, dropped = cache.hits, cache.dropped
    after = lookup(env, EDE, "JEUGDHULPREGIO")
    lookup(env, ARNHEM, "JEUGDHULPREGIO")
    assert cache.hits == hits and cache.dropped == dropped + 2
    assert positions(after) > positions(ede)  # JZ28's regionale contactpersonen now reach Ede


def test_answers_not_tied_to_one_gemeente_are_dropped_after_any_write(env: Env) -> None:
    schema, service, settings, _ = env
    query = "{ jeugdhulpregios { totalCount } }"
    ctx = Context(service=service, principal=PRO, settings=settings)
    assert asyncio.run(schema.execute(query, context_value=ctx)).errors is None
    verify(env, sorted(positions(lookup(env, ARNHEM)))[0], "2031-02-04")
    misses = schema.response_cache.misses
    asyncio.run(schema.execute(query, context_value=Context(service=service, principal=PRO, settings=settings)))
    assert schema.response_cache.misses == misses + 1


WRITER = """
import json, sys
from graph.schema import Label, Node
from graph.store.base import ChangeBatch
from graph.store.sqlite_store import SQLiteStore
path, position, day = sys.argv[1:]
store = SQLiteStore(path)
store.apply(ChangeBatch(nodes=[Node(label=Label.POSITION, key=position, props={"last_verified": day})]), "other")
store.close()
"""


@pytest.mark.parametrize("gemeente", [ARNHEM, EDE])
def test_a_write_by_another_process_is_never_served_stale_after_the_poll(env: Env, gemeente: str) -> None:
    """The other process writes a JZ28 position; after the poll Arnhem is fresh and Ede still right."""
    arnhem, ede = lookup(env, ARNHEM), lookup(env, EDE)
    target = sorted(positions(arnhem))[0]
    proc = subprocess.run([sys.executable, "-c", WRITER, str(env[3]), target, "2031-03-04"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert env[1].refresh() == 1  # the poller's step
    after = lookup(env, gemeente)
    if gemeente == ARNHEM:
        assert {c["position"]["key"]: c["lastVerified"] for c in after if c["position"]}[target] == "2031-03-04"
    else:
        assert after == ede
    # The same answers as a process that never cached anything.
    other = GraphService(SQLiteStore(env[3]), settings=env[2])
    cold = build_schema(env[2])
    result = asyncio.run(cold.execute(LOOKUP, variable_values={"g": gemeente, "t": "LOKAAL_TEAM"},
                                      context_value=Context(service=other, principal=PRO, settings=env[2])))
    assert result.data is not None
    assert json.dumps(result.data["counterparts"]["contacts"], sort_keys=True) == json.dumps(after, sort_keys=True)
