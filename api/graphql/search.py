"""GraphQL of the one search box: the real objects it finds (``SearchResult``), best first, with score and matches.

Professionals and positions are Relay nodes here (``node(id:)`` resolves them with a token).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.relay import PageInfo
from strawberry.types import Info

from api.graphql.contacts import BodyType, domain_errors
from api.graphql.context import Context
from api.graphql.permissions import IsAuthenticated, principal_of, sign_in_first
from api.graphql.regions import GemeenteType, OrganisationType, prop, resolve_nodes_of
from api.graphql.values import PositionRole, position_role, words_enum
from graph.messages import msg
from graph.queries import network as qn
from graph.queries import search as q
from graph.queries.index import QueryError
from graph.schema import Label, RelType

__all__ = ["PositionType", "ProfessionalType", "SearchKind", "SearchQuery", "SearchResult"]

GInfo = Info[Context, None]
_PUBLIC_KINDS = ("organisation", "gemeente", "body")  # people and their positions need a token


def _resolve(cls: type, label: Label, info: GInfo, node_ids: Iterable[str], required: bool,
             needs_token: bool) -> list[Any]:
    if needs_token and not principal_of(info).is_authenticated:
        raise sign_in_first(info, "access.sign_in.contacts")
    return resolve_nodes_of(cls, label, info, node_ids, required)


async def _names(info: GInfo, key: str, name: str = "name") -> str:
    return str(await prop(info, key, name) or key)


@strawberry.type(name="Professional", description="A professional (needs a token): a person working in positions.")
class ProfessionalType(relay.Node):
    key: relay.NodeID[str]

    @classmethod
    def resolve_nodes(cls, *, info: GInfo, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return _resolve(cls, Label.PROFESSIONAL, info, node_ids, required, needs_token=True)

    @strawberry.field(name="key", description="Stable key, e.g. prof-…")
    def key_field(self) -> str:
        return self.key

    @strawberry.field
    async def name(self, info: GInfo) -> str:
        return await _names(info, self.key)

    @strawberry.field
    async def function(self, info: GInfo) -> str | None:
        return await prop(info, self.key, "function")

    @strawberry.field(permission_classes=[IsAuthenticated], description="Contact detail: needs a token.")
    async def email(self, info: GInfo) -> str | None:
        return await prop(info, self.key, "email")

    @strawberry.field(permission_classes=[IsAuthenticated], description="Contact detail: needs a token.")
    async def phone(self, info: GInfo) -> str | None:
        return await prop(info, self.key, "phone")

    @strawberry.field(description="False once the professional has left (history, not a contact).")
    async def active(self, info: GInfo) -> bool:
        return await prop(info, self.key, "active") is not False

    @strawberry.field(description="The organisations the professional works at today.")
    def organisations(self, info: GInfo) -> list[OrganisationType]:
        p = info.context.projection
        return [OrganisationType(key=o) for o, _ in sorted(p.out_edges(self.key, RelType.WORKS_AT))]


@strawberry.type(name="Position", description="A position at an organisation (needs a token); outlives its holders.")
class PositionType(relay.Node):
    key: relay.NodeID[str]

    @classmethod
    def resolve_nodes(cls, *, info: GInfo, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return _resolve(cls, Label.POSITION, info, node_ids, required, needs_token=True)

    @strawberry.field(name="key", description="Stable key, e.g. pos-…")
    def key_field(self) -> str:
        return self.key

    @strawberry.field
    async def name(self, info: GInfo) -> str:
        return await _names(info, self.key)

    @strawberry.field(description="What the position is; null when it records no role jbnet knows.")
    async def role(self, info: GInfo) -> PositionRole | None:
        return position_role(await prop(info, self.key, "role"))

    @strawberry.field(description="The organisation the position is at.")
    def organisation(self, info: GInfo) -> OrganisationType | None:
        found = sorted(o for o, _ in info.context.projection.out_edges(self.key, RelType.AT))
        return OrganisationType(key=found[0]) if found else None

    @strawberry.field(description="Who holds the position today (empty when vacant).")
    def holders(self, info: GInfo) -> list[ProfessionalType]:
        p = info.context.projection
        return [ProfessionalType(key=k) for k, _ in sorted(p.in_edges(self.key, RelType.HOLDS))]


SearchResult = Annotated[ProfessionalType | OrganisationType | PositionType | GemeenteType | BodyType,
                         strawberry.union("SearchResult", description="What the search box finds.")]


@strawberry.type(name="SearchEdge", description="A search result, its cursor and how well it matched.")
class SearchEdgeType:
    cursor: str
    node: SearchResult
    score: float
    matched: list[str] = strawberry.field(description="the indexed words the query words matched")


@strawberry.type(name="SearchConnection", description="A page of search results, best first.")
class SearchConnectionType:
    edges: list[SearchEdgeType]
    page_info: PageInfo
    total_count: int


_KIND_TYPES: dict[str, Any] = {"professional": ProfessionalType, "organisation": OrganisationType,
                               "position": PositionType, "gemeente": GemeenteType}


def _node_of(info: GInfo, kind: str, key: str) -> Any:
    if kind == "body":
        return BodyType.of(qn.body_info(info.context.projection, key))
    return _KIND_TYPES[kind](key=key)


SearchKind: Any = words_enum("SearchKind", q.KINDS, "What to search among.")
SearchSort: Any = words_enum("SearchSort", q.SORTS, "How search results are ordered.")


@strawberry.type
class SearchQuery:
    @strawberry.field(description="Case-, accent- and typo-tolerant search with abbreviations (VT, LT, GI, RvdK, "
                                  "JBT, RET), ranked and paginated. Without a token only organisations and "
                                  "gemeenten are searched.")
    def search(self, info: GInfo, text: str, kinds: list[SearchKind] | None = None, first: int = 20,
               after: str | None = None,
               region: Annotated[str | None, strawberry.argument(
                   description="only entries that lie in, serve or cover part of this provincie, "
                               "veiligheidsregio, jeugdhulpregio, subregio or gemeente (its code)")] = None,
               sort: SearchSort = SearchSort.RELEVANCE) -> SearchConnectionType:
        wanted = [k.value for k in kinds] if kinds else list(q.KINDS)
        if not principal_of(info).is_authenticated:
            wanted = [k for k in wanted if k in _PUBLIC_KINDS] or list(_PUBLIC_KINDS)
        max_first = min(info.context.settings.max_page_size, 100)
        with domain_errors():
            if first > max_first:
                raise QueryError(msg("query.first_out_of_range", max=max_first, value=first))
            page = q.search(info.context.projection, text, wanted, first=first, after=after, region=region,
                            sort=sort.value)
        edges = [SearchEdgeType(cursor=q.search_cursor(page.offset + i), node=_node_of(info, h.kind, h.key),
                                score=h.score, matched=list(h.matched))
                 for i, h in enumerate(page.hits)]
        return SearchConnectionType(edges=edges, total_count=page.total_count,
                          page_info=PageInfo(has_next_page=page.has_next_page,
                                             has_previous_page=page.has_previous_page,
                                             start_cursor=page.start_cursor, end_cursor=page.end_cursor))
