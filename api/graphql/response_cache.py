"""Answers of the directory lookups, reused while the graph and the day stay the same.

A counterpart lookup is a pure function of (document, variables, who asks, graph version, day): the
resolvers on the allowlist read only the projection. Reusing the executed result skips graphql-core's
field-by-field execution, which is most of a lookup's cost. Anything else — mutations, fields that
read the change log or the store (history, report queues, exports), documents with root fragments —
always executes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult, FieldNode, OperationDefinitionNode, OperationType
from strawberry.extensions import SchemaExtension

__all__ = ["CACHEABLE_ROOT_FIELDS", "ResponseCache", "ResponseCacheExtension"]

# Root query fields whose resolvers read only the projection (and the day): safe to reuse per version.
# Everything reachable from them may depend on the asker's role and scope only, not on their identity
# (fields like "my meetings" or "my attendance" must stay off this list).
CACHEABLE_ROOT_FIELDS = frozenset({
    "__typename", "counterparts", "lokaalTeam", "escalationPath", "regionServices", "neighbouringTafels",
    "gemeente", "gemeenten", "jeugdhulpregio", "jeugdhulpregios", "veiligheidsregios", "provincies", "search",
})


class ResponseCache:
    """A bounded LRU of results, shared by the requests of one schema (data, not an extension instance)."""

    def __init__(self, maxsize: int = 4096) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[tuple[Any, ...], ExecutionResult] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> ExecutionResult | None:
        found = self._items.get(key)
        if found is None:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: tuple[Any, ...], result: ExecutionResult) -> None:
        self._items[key] = result
        self._items.move_to_end(key)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)


def _cacheable(operation: OperationDefinitionNode | None) -> bool:
    if operation is None or operation.operation is not OperationType.QUERY:
        return False
    selections = operation.selection_set.selections
    return all(isinstance(s, FieldNode) and s.name.value in CACHEABLE_ROOT_FIELDS for s in selections)


class ResponseCacheExtension(SchemaExtension):
    """Built per request by a factory around ONE shared ``ResponseCache``."""

    def __init__(self, cache: ResponseCache) -> None:
        super().__init__()
        self.cache = cache

    def _key(self) -> tuple[Any, ...] | None:
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
        return (ec.query, ec.operation_name, variables, who, getattr(ctx, "locale", "nl"), ctx.projection.version,
                dt.date.today().isoformat())

    def on_execute(self) -> Iterator[None]:
        key = self._key()
        if key is not None:
            cached = self.cache.get(key)
            if cached is not None:
                self.execution_context.result = cached  # strawberry skips execution when a result is set
        yield
        result = self.execution_context.result
        if key is not None and isinstance(result, ExecutionResult) and not result.errors and result.data is not None:
            self.cache.put(key, result)
