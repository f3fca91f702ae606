"""Shorter paths through graphql-core and strawberry for the plain fields of directory answers.

**Plain attribute leaves** (``PlainLeafExecutor``):

A strawberry field without a resolver, permission or extension ("basic field") resolves as
``getattr(source, python_name)``. graphql-core still builds a resolve info, a path entry and a field
node list for each one and walks ``complete_value`` before it coerces the scalar: most of a directory
answer's cost (a counterpart lookup is mostly such leaves). Here a basic leaf (a scalar or enum, maybe
non-null) is read and coerced directly. Anything unusual — a missing attribute, null for a non-null
field, a value the scalar refuses — goes through the stock path, which reports it exactly as before;
re-reading a plain attribute has no side effects. Fields with resolvers, objects and lists, and
introspection take the stock path as well.

**Plain resolvers** (``lighten_resolvers``): a resolver without arguments, permissions or extensions
(``reason``, ``organisation``, ...) still goes through strawberry's argument conversion and extension
chain, ~10 calls deep. It gets a direct call with the same ``self``/``info`` it would have got.

``tests/api/test_executor.py`` runs documents through both this and the stock execution and compares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple

import strawberry
from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    Undefined,
    is_leaf_type,
)
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["PlainLeafExecutor", "executor_for", "lighten_resolvers"]


class _Leaf(NamedTuple):
    python_name: str
    type: GraphQLLeafType
    non_null: bool


_MISSING = object()


def _plain_leaves(parent_type: GraphQLObjectType) -> dict[str, _Leaf]:
    """GraphQL field name -> how to read it, for the type's basic leaf fields."""
    found = {}
    for name, field in parent_type.fields.items():
        definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if not getattr(field.resolve, "_is_default", False) or not isinstance(definition, StrawberryField):
            continue
        if definition.default_resolver is not getattr:
            continue  # a configured default resolver: keep it
        non_null = isinstance(field.type, GraphQLNonNull)
        leaf = field.type.of_type if non_null else field.type
        if is_leaf_type(leaf):
            found[name] = _Leaf(definition.python_name, leaf, non_null)
    return found


class PlainLeafExecutor(StrawberryGraphQLCoreExecutionContext):
    """Made per schema by ``executor_for`` (``plans`` holds that schema's plain leaves per type name)."""

    plans: ClassVar[dict[str, dict[str, _Leaf]]] = {}

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        plan = self.plans.get(parent_type.name)
        if not plan or (self.middleware_manager and self.middleware_manager.middlewares):
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        order = list(grouped_field_set)
        for response_name, details in grouped_field_set.items():
            leaf = plan.get(details[0].node.name.value)
            if leaf is not None:
                value = getattr(source_value, leaf.python_name, _MISSING)
                if value is None and not leaf.non_null:
                    results[response_name] = None
                    continue
                if value is not _MISSING and value is not None and not isinstance(value, BaseException):
                    try:
                        coerced = leaf.type.coerce_output_value(value)
                    except Exception:  # reported by the stock path below, with its path and message
                        coerced = Undefined
                    if coerced is not Undefined and coerced is not None:
                        results[response_name] = coerced
                        continue
            rest[response_name] = details
        if not rest:
            return results
        others = super().execute_fields(parent_type, source_value, path, rest, position_context)
        if self.is_awaitable(others):

            async def merged() -> dict[str, Any]:
                done = await others  # type: ignore[misc]
                return _in_order(order, results, done)

            return merged()
        return _in_order(order, results, others)  # type: ignore[arg-type]


def executor_for(schema: strawberry.Schema) -> type[PlainLeafExecutor]:
    """A ``PlainLeafExecutor`` for ``schema`` with its plans made once (types by name, as the schema names them)."""
    plans = {
        name: plan
        for name, t in schema._schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and not name.startswith("__") and (plan := _plain_leaves(t))
    }
    return type("PlainLeafExecutor", (PlainLeafExecutor,), {"plans": plans})


def _in_order(order: list[str], first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Both halves as one dict in the document's field order (a field the stock path left out stays out)."""
    both = first | second
    return {name: both[name] for name in order if name in both}


def _lean(schema: strawberry.Schema, definition: StrawberryField) -> Callable[..., Any] | None:
    """A direct call of the field's resolver, or None when strawberry's own path does more than that."""
    resolver = definition.base_resolver
    if (
        resolver is None
        or definition.extensions
        or definition.arguments
        or resolver.is_async
        or resolver.root_parameter
        or resolver.parent_parameter
        or schema.exception_handlers
        or definition.is_subscription
        or not callable(resolver.wrapped_func)
    ):
        return None
    call = resolver.wrapped_func
    info_class = schema.config.info_class
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    with_self = resolver.self_parameter is not None

    def lean(source: Any, info: GraphQLResolveInfo) -> Any:
        args = (source,) if with_self else ()
        if info_name is None:
            return call(*args)
        return call(*args, **{info_name: info_class(_raw_info=info, _field=definition)})

    return lean


def lighten_resolvers(schema: strawberry.Schema) -> int:
    """Give every plain resolver of ``schema`` its direct call; returns how many fields got one."""
    count = 0
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        field: GraphQLField
        for field in graphql_type.fields.values():
            definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if isinstance(definition, StrawberryField) and (lean := _lean(schema, definition)) is not None:
                field.resolve = lean
                count += 1
    return count
