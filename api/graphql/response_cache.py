"""Answers of the directory lookups, reused while the graph and the day stay the same.

A counterpart lookup is a pure function of (document, variables, who asks, graph, day): the resolvers on
the allowlist read only the projection. Reusing the executed result skips graphql-core's field-by-field
execution, which is most of a lookup's cost. Anything else — mutations, fields that read the change log
or the store (history, report queues, exports), documents with root fragments — always executes.

A write does not empty the cache: each answer remembers the graph version it was computed at and, for
lookups of one gemeente, that gemeente. On reuse the projection says which gemeenten the writes since
then may have changed (``Projection.changed_since``); an answer outside them is still right and is
kept, anything else (unknown scope, answers not tied to a gemeente) is dropped and executed again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    NullValueNode,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from graph.projection import Projection

__all__ = ["CACHEABLE_ROOT_FIELDS", "GEMEENTE_SCOPED_ROOT_FIELDS", "ResponseCache", "ResponseCacheExtension"]

# Root query fields whose resolvers read only the projection (and the day): safe to reuse per version.
# Everything reachable from them may depend on the asker's role and scope only, not on their identity
# (fields like "my meetings" or "my attendance" must stay off this list).
CACHEABLE_ROOT_FIELDS = frozenset({
    "__typename", "counterparts", "lokaalTeam", "escalationPath", "regionServices", "neighbouringTafels",
    "gemeente", "gemeenten", "jeugdhulpregio", "jeugdhulpregios", "veiligheidsregios", "provincies", "search",
})
# Root fields whose answer reads only what ``Projection.changed_since`` attributes to their ``gemeente``
# argument (its region chain, the positions covering it, their holders and organisations), provided no
# ``caseRef`` is given. Other cacheable fields are dropped after any write.
GEMEENTE_SCOPED_ROOT_FIELDS = frozenset({"counterparts"})

Entry = tuple[ExecutionResult, int, frozenset[str] | None]  # result, graph version, gemeenten it read


class ResponseCache:
    """A bounded LRU of results, shared by the requests of one schema (data, not an extension instance)."""

    def __init__(self, maxsize: int = 4096) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()
        self.hits = 0
        self.misses = 0
        self.kept = 0  # answers found still right after a write
        self.dropped = 0  # answers dropped because a write may have changed them

    def get(self, key: tuple[Any, ...], projection: Projection) -> ExecutionResult | None:
        found = self._items.get(key)
        if found is not None and found[1] != projection.version:
            result, version, gemeenten = found
            _, changed = projection.changed_since(version)
            if gemeenten is not None and changed is not None and not (gemeenten & changed):
                found = (result, projection.version, gemeenten)  # revalidated: later checks start here
                self._items[key] = found
                self.kept += 1
            else:
                del self._items[key]
                self.dropped += 1
                found = None
        if found is None:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return found[0]

    def put(self, key: tuple[Any, ...], result: ExecutionResult, version: int,
            gemeenten: frozenset[str] | None) -> None:
        self._items[key] = (result, version, gemeenten)
        self._items.move_to_end(key)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)


def _cacheable(operation: OperationDefinitionNode | None) -> bool:
    if operation is None or operation.operation is not OperationType.QUERY:
        return False
    selections = operation.selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value in CACHEABLE_ROOT_FIELDS for s in selections)


def _gemeenten_read(operation: OperationDefinitionNode, variables: dict[str, Any]) -> frozenset[str] | None:
    """The gemeenten the operation's answer depends on, or ``None`` when it is not tied to gemeenten."""
    out: set[str] = set()
    for field in operation.selection_set.selections:
        assert isinstance(field, FieldNode)  # ``_cacheable`` admitted only fields
        name = field.name.value
        if name == "__typename":
            continue
        if name not in GEMEENTE_SCOPED_ROOT_FIELDS:
            return None
        args = {a.name.value: a.value for a in field.arguments or ()}
        values: dict[str, Any] = {}
        for arg, node in args.items():
            if isinstance(node, VariableNode):
                values[arg] = variables.get(node.name.value)
            elif isinstance(node, StringValueNode):
                values[arg] = node.value
            elif isinstance(node, NullValueNode):
                values[arg] = None
            else:
                values[arg] = node
        if values.get("caseRef") is not None or not isinstance(values.get("gemeente"), str):
            return None
        out.add(values["gemeente"].strip().upper())  # the resolver's normalisation of a code
    return frozenset(out)


class ResponseCacheExtension(SchemaExtension):
    """Built per request by a factory around ONE shared ``ResponseCache``."""

    def __init__(self, cache: ResponseCache) -> None:
        super().__init__()
        self.cache = cache

    def _key(self) -> tuple[tuple[Any, ...], frozenset[str] | None] | None:
        ec = self.execution_context
        document = ec.graphql_document
        if document is None:
            return None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if ec.operation_name:
            operations = [o for o in operations if o.name is not None and o.name.value == ec.operation_name]
        if len(operations) != 1 or not _cacheable(operations[0]):
            return None
        ctx = ec.context
        principal = ctx.principal
        # What a token may see on these roots depends on its role (contact details need a token; some fields
        # a role) and, for coordinators, its scope — never on which person holds it: professionals share answers.
        who = (principal.role.value if principal.role else None, principal.scope, principal.scopes,
               principal.organisations)
        variables = json.dumps(ec.variables or {}, sort_keys=True, default=str)
        # Rendered messages are in the asked language (Accept-Language), so the language is part of the key.
        key = (ec.query, ec.operation_name, variables, who, getattr(ctx, "locale", "nl"), dt.date.today().isoformat())
        return key, _gemeenten_read(operations[0], ec.variables or {})

    def on_execute(self) -> Iterator[None]:
        found = self._key()
        projection: Projection = self.execution_context.context.projection
        version = projection.version  # read before executing: a write during execution makes it older
        if found is not None:
            cached = self.cache.get(found[0], projection)
            if cached is not None:
                self.execution_context.result = cached  # strawberry skips execution when a result is set
        yield
        result = self.execution_context.result
        if found is not None and isinstance(result, ExecutionResult) and not result.errors and result.data is not None:
            self.cache.put(found[0], result, version, found[1])
