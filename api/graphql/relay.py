"""Relay connections with ``totalCount`` over an ordered list of keys, and the ``node(id:)`` field.

Cursors are opaque base64 of the item's key (not its offset), so a page boundary stays put when
items are added elsewhere. ``first`` above ``settings.max_page_size`` is refused with a clear
error rather than silently clamped: a client asking for 500 should learn it gets at most 100. The
refusals are catalogue messages (``page.first_out_of_range``, ``query.invalid_cursor``,
``page.cursor_gone``): BAD_USER_INPUT with ``messageCode`` and ``params``, worded in the request's language.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry
from strawberry import relay
from strawberry.relay import PageInfo
from strawberry.relay.utils import from_base64, to_base64
from strawberry.types import Info

from graph.messages import MessageError, msg

__all__ = ["CURSOR_PREFIX", "Connection", "Edge", "NodeQuery", "decode_cursor", "encode_cursor", "paginate"]

T = TypeVar("T")
CURSOR_PREFIX = "k"


def encode_cursor(key: str) -> str:
    return to_base64(CURSOR_PREFIX, key)


def decode_cursor(cursor: str) -> str:
    try:
        prefix, key = from_base64(cursor)
    except Exception:  # binascii / unicode / missing ":" — all mean "not one of our cursors"
        prefix, key = "", ""
    if prefix != CURSOR_PREFIX or not key:
        raise MessageError(msg("query.invalid_cursor", cursor=cursor))
    return key


@strawberry.type(description="An item of a page and its cursor (Relay edge).")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of results with the total count (Relay connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def paginate(keys: Sequence[str], *, first: int | None, after: str | None, max_page_size: int,
             to_node: Callable[[str], T], sorted_keys: bool = True) -> Connection[T]:
    """One page of ``keys`` (in order) as a Connection; ``to_node`` builds the GraphQL object of a key.

    With ``sorted_keys`` an ``after`` cursor whose key has since disappeared still continues at the
    right place (bisect); otherwise such a cursor is refused.
    """
    if first is None:
        first = max_page_size
    if first < 0 or first > max_page_size:
        raise MessageError(msg("page.first_out_of_range", max=max_page_size, value=first))
    start = 0
    if after is not None:
        key = decode_cursor(after)
        if sorted_keys:
            start = bisect.bisect_right(keys, key)
        else:
            try:
                start = list(keys).index(key) + 1
            except ValueError:
                raise MessageError(msg("page.cursor_gone", cursor=after)) from None
    page = keys[start:start + first]
    edges = [Edge(cursor=encode_cursor(k), node=to_node(k)) for k in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=start + len(page) < len(keys),
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=len(keys),
    )


@strawberry.type
class NodeQuery:
    # A plain resolver rather than ``relay.node()``: that field extension mutates its field when a
    # schema is built, so a second ``build_schema`` in one process (tests, bench) would fail.
    @strawberry.field(description="Any object by its global id (Relay).")
    def node(self, info: Info, id: strawberry.ID) -> relay.Node:
        return relay.GlobalID.from_id(id).resolve_node_sync(info, required=True)
