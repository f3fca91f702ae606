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
    principal = Principal(role=Role.PROFESSIONAL, name="t")
    cache = _get_validate_cache(DEFAULT_MAXSIZE)

    async def run() -> None:
        for _ in range(3):
            ctx = Context(service=service, principal=principal, settings=settings)
            result = await schema.execute("{ __typename }", context_value=ctx)
            assert result.errors is None

    before = cache.cache_info()
    asyncio.run(run())
    after = cache.cache_info()
    assert after.misses - before.misses <= 1
    assert after.hits - before.hits >= 2
    service.close()
