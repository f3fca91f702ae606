"""The store contract shared by SQLiteStore and Neo4jStore.

A write is a ``ChangeBatch`` applied in ONE transaction that also appends to the change log. Only
real changes are logged: applying the same batch twice changes nothing and adds no entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from graph.messages import Message, msg
from graph.schema import Edge, Label, Node, RelType

__all__ = [
    "ApiToken",
    "ChangeBatch",
    "ChangeEntry",
    "EdgeClose",
    "EdgeRecord",
    "ErasurePlan",
    "GraphStore",
    "NodeRecord",
    "StoreError",
    "StoreUnavailable",
    "UnknownNodeError",
]

NodeRecord = tuple[str, str, dict[str, Any]]
EdgeRecord = tuple[str, str, str, str, str | None, str | None, dict[str, Any]]

Op = Literal["node.create", "node.update", "edge.create", "edge.update", "edge.close"]


class StoreError(Exception):
    """A write was refused; nothing of its batch was written. ``message``: why, as a ``store.*`` code (str() is
    the code and its parameters, for logs)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class StoreUnavailable(StoreError):
    """The database cannot be reached (an outage, not a refusal): try again later.

    A write that fails this way was not committed by this process; reads from the in-memory
    projection keep working. ``since`` dates the outage as this process saw it.
    """

    def __init__(self, reason: str = "", since: dt.datetime | None = None) -> None:
        # The reason (driver error, address) is for the log, not for users: str() stays generic.
        super().__init__(msg("store.unavailable"))
        self.reason = reason
        self.since = since


class UnknownNodeError(StoreError):
    def __init__(self, key: str) -> None:
        super().__init__(msg("store.unknown_node", key=key))
        self.key = key


@dataclass(frozen=True)
class EdgeClose:
    """Close an open relationship on ``valid_to`` (an ISO date). Closing is not deleting."""

    key: str
    valid_to: str


@dataclass
class ChangeBatch:
    """Nodes and edges to upsert and edges to close, written together or not at all.

    Node upserts replace a node's properties when ``replace`` is true, otherwise merge them.
    Edge upserts are keyed by ``Edge.key`` and set props/valid_from/valid_to as given.
    """

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    closes: list[EdgeClose] = field(default_factory=list)
    replace: bool = False

    def __len__(self) -> int:
        return len(self.nodes) + len(self.edges) + len(self.closes)


@dataclass(frozen=True)
class ChangeEntry:
    """One line of the change log: the audit trail and the sync channel between processes."""

    seq: int
    ts: str  # UTC, ISO 8601
    actor: str
    op: Op | str
    key: str  # node key or edge key
    kind: str  # node label or relationship type
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "ts": self.ts, "actor": self.actor, "op": self.op, "key": self.key,
            "kind": self.kind, "before": self.before, "after": self.after,
        }


@dataclass
class ErasurePlan:
    """An erasure (AVG art. 17), applied in ONE transaction by ``GraphStore.erase``.

    The only write that deletes and rewrites history: the person's node and relationships go, other
    nodes that named them get scrubbed properties, change-log entries that named them are rewritten in
    place (same seq, the fact of the change kept), their tokens go; ``record`` is appended as the log
    entry of the erasure itself (no personal data). Projections rebuild on seeing its op.
    """

    delete_nodes: list[str] = field(default_factory=list)
    delete_edges: list[str] = field(default_factory=list)
    replace_nodes: list[Node] = field(default_factory=list)
    rewrite_log: list[ChangeEntry] = field(default_factory=list)
    delete_tokens: list[str] = field(default_factory=list)
    scrub_text: list[str] = field(default_factory=list)  # claims naming any of these go too
    record: tuple[str, str, str, dict[str, Any]] = ("privacy.erase", "erasure", "Professional", {})


@dataclass(frozen=True)
class ApiToken:
    token_hash: str
    name: str
    role: str
    scope: str | None
    professional_key: str | None
    created: str
    revoked: bool = False


@runtime_checkable
class GraphStore(Protocol):
    """What every store offers. Reads return plain models; writes are atomic batches."""

    def apply(self, batch: ChangeBatch, actor: str) -> list[ChangeEntry]:
        """Write the batch in one transaction with its change-log entries; return the entries."""
        ...

    def apply_many(self, batches: Iterable[ChangeBatch], actor: str) -> int:
        """Write many batches in ONE transaction (a whole import); return the number of entries."""
        ...

    def get_node(self, key: str) -> Node | None: ...

    def nodes(self, label: Label | None = None) -> Iterator[Node]: ...

    def edges(self, type: RelType | None = None) -> Iterator[Edge]: ...

    def get_edge(self, key: str) -> Edge | None: ...

    def node_records(self) -> Iterator[NodeRecord]:
        """Every node as a plain ``(label, key, props)`` tuple, in any order: the fast path for a full load."""
        ...

    def edge_records(self) -> Iterator[EdgeRecord]:
        """Every relationship as ``(key, type, src, dst, valid_from, valid_to, props)``, in any order."""
        ...

    def changes_since(self, seq: int, limit: int = 10_000) -> list[ChangeEntry]: ...

    def history(self, key: str) -> list[ChangeEntry]:
        """Change-log entries about one node or edge key, oldest first."""
        ...

    def history_of(self, keys: Iterable[str], last: int | None = None) -> list[ChangeEntry]:
        """Change-log entries about any of the keys, oldest first; with ``last``, only the last that many.

        One read whatever the number of keys (a node's history names each of its relationships).
        """
        ...

    def append_log(self, actor: str, op: str, key: str, kind: str,
                   before: dict[str, Any] | None, after: dict[str, Any] | None) -> ChangeEntry:
        """Append an audit entry that changes no node (a bulk export, a read of contact data)."""
        ...

    def last_seq(self) -> int: ...

    def counts(self) -> dict[str, int]:
        """Node count per label and edge count per type, keyed by label/type name."""
        ...

    def is_empty(self) -> bool: ...

    def put_token(self, token: ApiToken) -> None: ...

    def get_token(self, token_hash: str) -> ApiToken | None: ...

    def tokens(self) -> list[ApiToken]: ...

    def erase(self, plan: ErasurePlan, actor: str) -> ChangeEntry:
        """Apply an erasure in one transaction, then make the freed bytes unreadable in the store's files."""
        ...

    def claim(self, name: str, holder: str, until: str, now: str) -> str:
        """Atomically take ``name`` for ``holder`` until ``until`` (ISO UTC) unless someone else holds it.

        The claim is taken when it is free, expired (``until < now``) or already ``holder``'s. Returns the
        holder after the call: ``== holder`` means taken. One primitive for leases (a daily job that several
        API processes must not run twice), single-use link ids and the process-wide link secret.
        """
        ...

    def release(self, name: str, holder: str) -> None:
        """Give up ``name`` if ``holder`` still holds it (a finished lease)."""
        ...

    def claims(self) -> list[tuple[str, str, str]]:
        """Every claim as ``(name, holder, until)``, by name (for the export: used link ids stay used)."""
        ...

    @property
    def available(self) -> bool:
        """False after the database could not be reached, until ``probe`` finds it again."""
        ...

    def probe(self) -> bool:
        """Try the database once (short timeout); True when it answers. Called by the change-log poller."""
        ...

    def close(self) -> None: ...
