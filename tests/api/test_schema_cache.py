"""Parse and validation results are reused across requests (a limiter must not defeat the cache)."""

from __future__ import annotations

import asyncio

from strawberry.extensions.parser_cache import DEFAULT_MAXSIZE
from strawberry.extensions.validation_cache import _get_validate_cache

from api.auth import Principal, Role
from api.graphql.context import Context
from api.graphql.schema import build_schema
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore


def test_second_request_hits_the_validation_cache(tmp_path) -> None:
    settings = Settings(db_path=tmp_path / "db.sqlite")
    service = GraphService(SQLiteStore(settings.db_path), settings=settings)
    schema = build_schema(settings)
    stock = build_schema(settings, short_paths=False)  # strawberry's ValidationCache, for comparison
    principal = Principal(role=Role.PROFESSIONAL, name="t")
    cache = _get_validate_cache(DEFAULT_MAXSIZE)

    async def run(on) -> list[str]:
        messages = []
        for document in ["{ __typename }"] * 3 + ["{ nope }"] * 2:
            ctx = Context(service=service, principal=principal, settings=settings)
            result = await on.execute(document, context_value=ctx)
            messages += [e.message for e in result.errors or []]
        return messages

    before = cache.cache_info()
    answers = asyncio.run(run(stock))
    after = cache.cache_info()
    assert after.misses - before.misses <= 2
    assert after.hits - before.hits >= 3
    results = schema.validation_results
    assert asyncio.run(run(schema)) == answers  # the invalid document is refused every time, alike
    assert len(answers) == 2
    assert (results.misses, results.hits) == (2, 3)
    service.close()
