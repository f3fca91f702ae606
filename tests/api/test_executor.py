"""The short execution paths (api/graphql/executor.py) answer exactly as strawberry's and graphql-core's
stock execution: the same data, the same errors at the same paths, for documents across the schema on the
demo data, generated ones included; and an answer after a write is never a stale wrapper."""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import json
from pathlib import Path
from typing import Any

import pytest
import strawberry
from graphql import GraphQLError
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import strategies as gql

from api.auth import Principal, Role
from api.graphql.context import Context
from api.graphql.executor import executor_for
from api.graphql.lean import lighten_resolvers
from api.graphql.schema import build_schema
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.api.test_graphql_fuzz import SCALARS  # the custom scalars' strategies, kept with the fuzz

ADMIN = Principal(role=Role.ADMIN, name="admin")
PRO = Principal(role=Role.PROFESSIONAL, name="pro")
ANON = Principal(role=None, name="")

DOCUMENTS = [
    # the bench's lookup, aliases and a fragment over the same fields
    "query L($g: String!) { counterparts(gemeente: $g, organisationType: VEILIG_THUIS) { coveredAt usedFallback "
    "contacts { priority reason stale lastVerified vacantSince professional { name function email phone } "
    "position { name role } } } }",
    "query L($g: String!) { a: counterparts(gemeente: $g, organisationType: LOKAAL_TEAM) { __typename n: note "
    "contacts { ...C rank r2: rank } organisations { coveredAt onCase organisation { key name } contacts { ...C } } "
    "organisationLevel { phone organisationLevel servesAt path { code name } } answeredAt gemeente { code name } } } "
    "fragment C on Contact { priority reason explanation { code message } path { code name } "
    "professional { key name emailUnreachable } position { key } organisation { key } provenance { source marker } }",
    # directives with variables decide which leaves are collected
    "query L($g: String!, $yes: Boolean = true, $no: Boolean = false) { counterparts(gemeente: $g, "
    "organisationType: GI) { note @include(if: $yes) coveredAt @skip(if: $yes) contacts { rank @include(if: $no) "
    "reason @skip(if: $no) } } }",
    "query L($g: String!) { lokaalTeam(gemeente: $g) { caseRef note medewerker { reason rank } "
    "regionaleContactpersoon { priority professional { name } } gemeente { code } } }",
    "query L($g: String!) { regionServices(gemeente: $g) { aanmeldroute aanmeldrouteText jbtMaxWaitDays "
    "backoffice { what foundVia contacts { reason } } ret { key name kind } gemeente { name } } }",
    "{ gemeenten { code name } jeugdhulpregios { code name } }",
    "{ __typename __schema { queryType { name } } }",
    # errors: unknown gemeente (NOT_FOUND), wrong argument type, unknown field
    'query L($g: String!) { counterparts(gemeente: "GM9999", organisationType: RVDK) { note } x: counterparts('
    "gemeente: $g, organisationType: RVDK) { note } }",
    "{ counterparts(gemeente: 12, organisationType: RVDK) { note } }",
    '{ counterparts(gemeente: "GM0228", organisationType: RVDK) { nope } }',
]
GEMEENTEN = ["GM0228", "GM0202"]  # Ede (JZ21), Arnhem (JZ28)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> tuple[GraphService, Settings]:
    db = tmp_path_factory.mktemp("executor") / "db.sqlite"
    store = SQLiteStore(db)
    init_store(store, demo=True)
    settings = Settings(db_path=db, response_cache_size=0)
    return GraphService(store, settings=settings), settings


@pytest.fixture(scope="module")
def schemas(env: tuple[GraphService, Settings]) -> tuple[strawberry.Schema, strawberry.Schema]:
    return build_schema(env[1]), build_schema(env[1], short_paths=False)


def answer(
    schema: strawberry.Schema,
    env: tuple[GraphService, Settings],
    document: str,
    variables: dict[str, Any],
    principal: Principal,
) -> str:
    service, settings = env
    ctx = Context(service=service, principal=principal, settings=settings)
    result = asyncio.run(schema.execute(document, variable_values=variables, context_value=ctx))
    errors = sorted(
        (e.message, str(e.path), json.dumps(e.extensions, sort_keys=True, default=str)) for e in result.errors or []
    )
    return json.dumps({"data": result.data, "errors": errors}, sort_keys=False, default=str)


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("principal", [ADMIN, PRO, ANON], ids=["admin", "professional", "anonymous"])
def test_same_answer_as_stock_execution(
    schemas: tuple[strawberry.Schema, strawberry.Schema],
    env: tuple[GraphService, Settings],
    document: str,
    principal: Principal,
) -> None:
    short, stock = schemas
    for g in GEMEENTEN:
        fast = answer(short, env, document, {"g": g}, principal)
        assert fast == answer(stock, env, document, {"g": g}, principal)
        assert fast == answer(short, env, document, {"g": g}, principal)  # and again, from the caches


def test_short_paths_are_taken(
    schemas: tuple[strawberry.Schema, strawberry.Schema], env: tuple[GraphService, Settings]
) -> None:
    short, stock = schemas
    plans = short.execution_context_class.plans  # type: ignore[attr-defined]
    assert {"priority", "stale", "lastVerified", "professional", "position"} <= set(plans["Contact"])
    assert type(plans["Counterparts"]["contacts"]).__name__ == "_ObjectList"
    assert "reason" not in plans["Contact"]  # a resolver: not a plain field
    assert not hasattr(stock.execution_context_class, "plans")
    types = short._schema.type_map
    assert types["Contact"].fields["reason"].resolve.__name__ == "lean"  # type: ignore[union-attr]
    # leaf arguments and a permission: a direct call; an input object argument: strawberry's own path
    assert types["Query"].fields["counterparts"].resolve.__name__ == "lean"  # type: ignore[union-attr]
    assert types["Mutation"].fields["addProfessional"].resolve.__name__ != "lean"  # type: ignore[union-attr]
    collected = short.execution_context_class.collected  # type: ignore[attr-defined]
    collected.clear()
    answer(short, env, DOCUMENTS[0], {"g": GEMEENTEN[0]}, PRO)
    assert {"Counterparts", "Contact", "Person", "PositionRef"} <= {name for name, _ in collected}
    leaves = {name: entry[2] for (name, _), entry in collected.items()}
    # objects of plain leaves only are read as a dict at once; one with a resolver or objects in it is not
    assert [name for name, _ in leaves["Person"]] == ["name", "function", "email", "phone"]
    assert [name for name, _ in leaves["PositionRef"]] == ["name", "role"]
    assert leaves["Contact"] is None and leaves["Counterparts"] is None


def test_directives_with_variables_are_collected_per_request(
    schemas: tuple[strawberry.Schema, strawberry.Schema], env: tuple[GraphService, Settings]
) -> None:
    """Sub-fields under ``@include(if: $x)`` are not taken from the cache of collected sub-fields."""
    short, stock = schemas
    doc = (
        "query L($g: String!, $x: Boolean!) { counterparts(gemeente: $g, organisationType: VEILIG_THUIS) { "
        "contacts { rank @include(if: $x) professional @skip(if: $x) { name } position { name @include(if: $x) } } } }"
    )
    seen = set()
    for x in (True, False, True):
        fast = answer(short, env, doc, {"g": GEMEENTEN[0], "x": x}, PRO)
        assert fast == answer(stock, env, doc, {"g": GEMEENTEN[0], "x": x}, PRO)
        seen.add(fast)
    assert len(seen) == 2


@strawberry.enum
class _Kind(enum.Enum):
    A = "a"
    B = "b"


@strawberry.type
class _Odd:
    name: str
    count: int
    maybe: str | None
    bad_count: int
    missing: str
    kind: _Kind
    bad_kind: _Kind
    list_kind: _Kind | None


@strawberry.interface
class _Named:
    label: str


@strawberry.type
class _Tagged(_Named):
    label: str


@strawberry.type
class _Holder:
    """Plain object and list fields holding odd values."""

    one: _Odd
    maybe_one: _Odd | None
    many: list[_Odd]
    maybe_items: list[_Odd | None]
    maybe_list: list[_Odd] | None
    tagged: _Tagged
    tags: list[_Tagged]

    @strawberry.field
    async def later(self) -> str:
        return "later"


def _odd() -> _Odd:
    odd = _Odd(name="x", count=1, maybe=None, bad_count=0, missing="m", kind=_Kind.A, bad_kind=_Kind.A,
               list_kind=None)
    odd.name = None  # type: ignore[assignment]  (a non-null leaf that is null)
    odd.bad_count = "many"  # type: ignore[assignment]  (a value the scalar refuses)
    odd.bad_kind = "c"  # type: ignore[assignment]  (a value the enum refuses)
    odd.list_kind = ["a"]  # type: ignore[assignment]  (unhashable: cannot be kept as a known output)
    del odd.missing  # an attribute that is not there
    return odd


def _good() -> _Odd:
    return _Odd(name="y", count=2, maybe="m", bad_count=3, missing="here", kind=_Kind.B, bad_kind=_Kind.A,
                list_kind=_Kind.A)


def _holder() -> _Holder:
    return _Holder(
        one=_good(),
        maybe_one=_good(),
        many=[_good(), _good()],
        maybe_items=[_good()],
        maybe_list=[_good()],
        tagged=_Tagged(label="t"),
        tags=[_Tagged(label="u")],
    )


@strawberry.type
class _Query:
    @strawberry.field
    def odd(self) -> _Odd:
        return _odd()

    @strawberry.field
    def odds(self) -> list[_Odd | None]:
        return [_odd(), None]

    @strawberry.field
    def holder(self) -> _Holder:
        return _holder()

    @strawberry.field
    def broken(self) -> _Holder:
        h = _holder()
        h.one = None  # type: ignore[assignment]  (a non-null object that is null)
        h.maybe_one = _odd()  # an object whose non-null leaf is null: nulls the nullable parent
        h.many = [_good(), None]  # type: ignore[list-item]  (a null item in a list of non-null items)
        h.maybe_items = [_good(), None, _odd()]
        h.maybe_list = (x for x in [_good()])  # type: ignore[assignment]  (an iterable, not a list)
        h.tagged = _good()  # type: ignore[assignment]  (an object of another type)
        h.tags = [_Tagged(label="v"), _odd()]  # type: ignore[list-item]
        return h


@pytest.mark.parametrize(
    "document",
    [
        "{ odd { count maybe name } }",
        "{ odd { count badCount } }",
        "{ odd { kind badKind } }",
        "{ odd { kind listKind } }",
        "{ odds { kind } holder { one { kind badKind listKind } many { kind } } }",
        "{ broken { maybeOne { kind badKind } maybeItems { kind listKind } } }",
        "{ odd { missing count } }",
        "{ odds { count maybe } }",
        "{ odds { name } }",
        "{ a: odd { count } b: odd { count maybe } }",
        "{ holder { one { count } maybeOne { maybe } many { name: missing count } maybeItems { count } "
        "maybeList { count } tagged { label } tags { label __typename } later } }",
        "{ broken { maybeOne { count name } } }",
        "{ broken { one { count } } }",
        "{ broken { many { count } } }",
        "{ broken { maybeItems { count } } }",
        "{ broken { maybeItems { count name } } }",
        "{ broken { maybeList { count } later } }",
        "{ broken { tagged { label } } }",
        "{ broken { tags { label } } }",
        "{ broken { later maybeItems { maybe } } h: holder { later many { count } } }",
        "{ holder { maybeOne { ... on Odd { count } ...F } } } fragment F on Odd { maybe }",
    ],
)
def test_odd_values_take_the_stock_path(document: str) -> None:
    stock = strawberry.Schema(query=_Query, types=[_Tagged])
    short = strawberry.Schema(query=_Query, types=[_Tagged])
    short.execution_context_class = executor_for(short)
    lighten_resolvers(short)
    assert executor_for(short).plans["Holder"]  # type: ignore[attr-defined]

    def run(schema: strawberry.Schema) -> tuple[Any, list[tuple[str, Any]]]:
        result = asyncio.run(schema.execute(document))
        return result.data, sorted((e.message, e.path) for e in result.errors or [] if isinstance(e, GraphQLError))

    expected = run(stock)
    assert run(short) == expected
    assert run(short) == expected  # and again, with the collected sub-fields cached


def test_answer_after_a_write_is_fresh(tmp_path: Path) -> None:
    """The counterparts wrapper is reused per domain answer; a confirmed contact makes a new answer."""
    db = tmp_path / "db.sqlite"
    store = SQLiteStore(db)
    init_store(store, demo=True)
    settings = Settings(db_path=db, response_cache_size=0)
    service = GraphService(store, settings=settings)
    schema = build_schema(settings)
    coordinator = Principal(role=Role.ADMIN, name="coord")
    doc = (
        '{ counterparts(gemeente: "GM0228", organisationType: LOKAAL_TEAM) { contacts { lastVerified '
        "position { key } } } }"
    )

    def contacts() -> list[dict[str, Any]]:
        ctx = Context(service=service, principal=PRO, settings=settings)
        result = asyncio.run(schema.execute(doc, context_value=ctx))
        assert result.errors is None, result.errors
        return list(result.data["counterparts"]["contacts"])  # type: ignore[index]

    before = contacts()
    position = before[0]["position"]["key"]
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert before[0]["lastVerified"] != day
    ctx = Context(service=service, principal=coordinator, settings=settings)
    mutation = f'mutation {{ verifyContact(key: "{position}", today: "{day}") {{ seq }} }}'
    result = asyncio.run(schema.execute(mutation, context_value=ctx))
    assert result.errors is None, result.errors
    after = {c["position"]["key"]: c["lastVerified"] for c in contacts()}
    assert after[position] == day
    store.close()


GENERATED = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)


@GENERATED
@given(data=gql.queries(str(build_schema(Settings(db_path=Path("unused")))), custom_scalars=SCALARS))
def test_generated_queries_answer_as_stock(
    schemas: tuple[strawberry.Schema, strawberry.Schema], env: tuple[GraphService, Settings], data: str
) -> None:
    short, stock = schemas
    assert answer(short, env, data, {}, ADMIN) == answer(stock, env, data, {}, ADMIN)


def test_reasons_are_rendered_per_language(
    schemas: tuple[strawberry.Schema, strawberry.Schema], env: tuple[GraphService, Settings]
) -> None:
    """Rendered reasons are kept per (message, language): Dutch and English answers stay apart, in any order."""
    short, stock = schemas
    service, settings = env
    doc = '{ counterparts(gemeente: "GM0228", organisationType: LOKAAL_TEAM) { contacts { reason } } }'

    def reasons(schema: strawberry.Schema, locale: str) -> list[str]:
        ctx = Context(service=service, principal=PRO, settings=settings, locale=locale)
        result = asyncio.run(schema.execute(doc, context_value=ctx))
        assert result.errors is None, result.errors
        return [c["reason"] for c in result.data["counterparts"]["contacts"]]  # type: ignore[index]

    answers = {(locale, n): reasons(short, locale) for n in range(2) for locale in ("nl", "en", "nl")}
    assert answers[("nl", 0)] == reasons(stock, "nl") == answers[("nl", 1)]
    assert answers[("en", 0)] == reasons(stock, "en") == answers[("en", 1)]
    assert answers[("nl", 0)] != answers[("en", 0)]
