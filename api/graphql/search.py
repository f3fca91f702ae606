"""GraphQL of the one search box: professionals, organisations, gemeenten, positions."""

from __future__ import annotations

import strawberry
from strawberry.relay import PageInfo
from strawberry.types import Info

from api.graphql.contacts import domain_errors
from api.graphql.context import Context
from api.graphql.permissions import principal_of
from api.graphql.relay import Connection, Edge
from graph.queries import search as q

__all__ = ["SearchHitType", "SearchQuery"]

GInfo = Info[Context, None]
_PUBLIC_KINDS = ("organisation", "gemeente")  # people and their positions need a token


@strawberry.type(name="SearchHit")
class SearchHitType:
    kind: str = strawberry.field(description="professional / organisation / gemeente / position")
    key: str
    title: str
    subtitle: str
    score: float
    matched: list[str] = strawberry.field(description="the indexed words the query words matched")


@strawberry.type
class SearchQuery:
    @strawberry.field(description="Case-, accent- and typo-tolerant search with abbreviations (VT, LT, GI, RvdK, "
                                  "JBT, RET), ranked and paginated. Without a token only organisations and "
                                  "gemeenten are searched.")
    def search(self, info: GInfo, text: str, kinds: list[str] | None = None, first: int = 20,
               after: str | None = None) -> Connection[SearchHitType]:
        wanted = [k.lower() for k in kinds] if kinds else list(q.KINDS)
        if not principal_of(info).is_authenticated:
            wanted = [k for k in wanted if k in _PUBLIC_KINDS] or list(_PUBLIC_KINDS)
        max_first = min(info.context.settings.max_page_size, 100)
        with domain_errors():
            if first > max_first:
                raise q.QueryError(f"first must be between 1 and {max_first} (got {first}); page with 'after'")
            page = q.search(info.context.projection, text, wanted, first=first, after=after)
        edges = [Edge(cursor=q.search_cursor(page.offset + i),
                      node=SearchHitType(kind=h.kind, key=h.key, title=h.title, subtitle=h.subtitle, score=h.score,
                                         matched=list(h.matched)))
                 for i, h in enumerate(page.hits)]
        return Connection(edges=edges, total_count=page.total_count,
                          page_info=PageInfo(has_next_page=page.has_next_page,
                                             has_previous_page=page.has_previous_page,
                                             start_cursor=page.start_cursor, end_cursor=page.end_cursor))
