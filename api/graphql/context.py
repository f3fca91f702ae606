"""The per-request GraphQL context: the service, who is asking, and this request's DataLoaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from api.auth import Principal
from api.i18n import DEFAULT_LOCALE
from graph.projection import Projection
from graph.service import GraphService
from graph.settings import Settings

__all__ = ["Context"]

K = TypeVar("K")
V = TypeVar("V")


class Context(BaseContext):
    """Created fresh for every request, so DataLoader caches never outlive (or leak between) requests."""

    def __init__(self, service: GraphService, principal: Principal, settings: Settings,
                 locale: str = DEFAULT_LOCALE) -> None:
        super().__init__()
        self.service = service
        self.principal = principal
        self.settings = settings
        self.locale = locale  # of rendered messages: from Accept-Language, Dutch by default
        self.loaders: dict[str, DataLoader[Any, Any]] = {}

    @property
    def projection(self) -> Projection:
        return self.service.projection

    def loader(self, name: str, batch: Callable[[Sequence[K]], Awaitable[Sequence[V]]]) -> DataLoader[K, V]:
        """This request's DataLoader ``name``, created on first use from ``batch`` (keys -> values)."""
        found = self.loaders.get(name)
        if found is None:
            found = self.loaders[name] = DataLoader(load_fn=batch)
        return found

    async def node(self, key: str) -> dict[str, Any] | None:
        """Node attributes from the projection, batched and cached for this request."""
        p = self.projection

        async def load(keys: Sequence[str]) -> list[dict[str, Any] | None]:
            return [p.node(k) for k in keys]

        return await self.loader("node", load).load(key)
