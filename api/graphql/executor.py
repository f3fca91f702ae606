"""A shorter path through graphql-core for the plain fields of directory answers.

A strawberry field without a resolver, permission or extension ("basic field") resolves as
``getattr(source, python_name)``. For each one graphql-core still builds a resolve info, walks
``complete_value`` (non-null, list, leaf, abstract, object) and, per object, collects its sub-fields
anew for every request: most of a directory answer's cost (a counterpart lookup is mostly such fields).

``ShortPathExecutor`` reads basic fields directly:

- a **leaf** (scalar or enum, maybe non-null) is read and coerced;
- an **object** (maybe non-null) is read and its sub-fields executed;
- a **list of objects** (list and items maybe non-null) is read and each item's sub-fields executed,

with the same paths, and errors handled as graphql-core handles them (``handle_field_error``, so a null
in a non-null child still nulls the nearest nullable parent). Anything unusual — a missing attribute,
null for a non-null field, a value the scalar refuses, a value that is not of the object type, a
field with directives, an awaitable — goes through the stock ``execute_field``, field by field in the
document's order, which reports it exactly as before; re-reading a plain attribute has no side effects.
Fields with resolvers (see ``api/graphql/lean.py``), abstract types and introspection take the stock
path as well.

An object whose selected fields are all such leaves (a person's name, function, e-mail and phone) is
built as a dict right away, without collecting and executing its sub-fields one by one; when any of its
leaves needs more than a read (a null in a non-null field, a value to coerce that the scalar refuses) the
object takes the way above instead.

**Collected sub-fields** are cached per (object type, field nodes) across requests: the parsed document
is shared by requests with the same text (strawberry's ParserCache), so its nodes identify it. Only
selections without directives are cached (``@skip(if: $x)`` depends on the request's variables).

``tests/api/test_executor.py`` runs documents through both this and the stock execution and compares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, NamedTuple

import strawberry
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLID,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLString,
    InlineFragmentNode,
    SelectionSetNode,
    Undefined,
    is_leaf_type,
)
from graphql.execution.collect_fields import CollectedFields, FieldDetails
from graphql.pyutils import AwaitableOrValue, Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

__all__ = ["ShortPathExecutor", "executor_for"]


class _Leaf(NamedTuple):
    python_name: str
    type: GraphQLLeafType
    non_null: bool
    same: Any  # a Python type, or None: values of exactly this Python type are their own output (a str for String)
    known: dict[tuple[Any, Any], Any] | None  # an enum's outputs by (Python type, value), as coerced before


class _Object(NamedTuple):
    python_name: str
    type: GraphQLObjectType
    return_type: GraphQLOutputType  # as declared (maybe non-null): for handle_field_error
    non_null: bool
    is_type_of: Callable[[Any, Any], Any] | None


class _ObjectList(NamedTuple):
    python_name: str
    type: GraphQLObjectType  # of the items
    return_type: GraphQLOutputType
    item_type: GraphQLOutputType  # the items' declared type (maybe non-null)
    non_null: bool
    item_non_null: bool
    is_type_of: Callable[[Any, Any], Any] | None


_Plan = _Leaf | _Object | _ObjectList
_Leaves = tuple[tuple[str, _Leaf], ...]
_MISSING = object()
# results that are never awaitable: no need to ask (graphql-core's lists of awaitables are awaitables themselves)
_SETTLED = frozenset({dict, list, str, int, float, bool, type(None)})
# graphql-core's serialisers return these unchanged (``serialize_string``: a str as it is, ...)
_UNCHANGED: dict[GraphQLScalarType, type] = {GraphQLString: str, GraphQLBoolean: bool, GraphQLID: str}


def _unwrap(t: GraphQLOutputType) -> tuple[GraphQLOutputType, bool]:
    return (t.of_type, True) if isinstance(t, GraphQLNonNull) else (t, False)


def _type_check(t: GraphQLObjectType) -> Callable[[Any, Any], Any] | bool | None:
    """None: any value will do; a function of (value, info): strawberry's own check, which ignores ``info``
    (a type with interfaces); False: a check of the type's own, left to the stock path."""
    if t.is_type_of is None:
        return None
    definition = (t.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryObjectDefinition) or definition.is_type_of:
        return False
    return t.is_type_of


def _plans(parent_type: GraphQLObjectType) -> dict[str, _Plan]:
    """GraphQL field name -> how to read it, for the type's basic leaf, object and object-list fields."""
    found: dict[str, _Plan] = {}
    for name, field in parent_type.fields.items():
        definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if not getattr(field.resolve, "_is_default", False) or not isinstance(definition, StrawberryField):
            continue
        if definition.default_resolver is not getattr:
            continue  # a configured default resolver: keep it
        inner, non_null = _unwrap(field.type)
        if is_leaf_type(inner):
            same = _UNCHANGED.get(inner) if isinstance(inner, GraphQLScalarType) else None
            # an enum's output depends on its value only: kept per (Python type, value) once coerced
            known: dict[tuple[Any, Any], Any] | None = {} if isinstance(inner, GraphQLEnumType) else None
            found[name] = _Leaf(definition.python_name, inner, non_null, same, known)
        elif isinstance(inner, GraphQLObjectType) and (check := _type_check(inner)) is not False:
            found[name] = _Object(definition.python_name, inner, field.type, non_null, check)  # type: ignore[arg-type]
        elif isinstance(inner, GraphQLList):
            item, item_non_null = _unwrap(inner.of_type)
            if isinstance(item, GraphQLObjectType) and (check := _type_check(item)) is not False:
                found[name] = _ObjectList(
                    definition.python_name,
                    item,
                    field.type,
                    inner.of_type,
                    non_null,
                    item_non_null,
                    check,  # type: ignore[arg-type]
                )
    return found


def _without_directives(selection_set: SelectionSetNode | None, fragments: dict[str, Any], depth: int = 0) -> bool:
    """Whether collecting this selection set (fragments spread into it included) depends on nothing but the
    document: no directives, no fragment arguments."""
    if selection_set is None:
        return True
    if depth > 32:
        return False
    for selection in selection_set.selections:
        if selection.directives:
            return False
        if isinstance(selection, InlineFragmentNode):
            if not _without_directives(selection.selection_set, fragments, depth + 1):
                return False
        elif isinstance(selection, FragmentSpreadNode):
            details = fragments.get(selection.name.value)
            if getattr(selection, "arguments", None) or details is None:
                return False
            if not _without_directives(details.definition.selection_set, fragments, depth + 1):
                return False
    return True


class ShortPathExecutor(StrawberryGraphQLCoreExecutionContext):
    """Made per schema by ``executor_for``: ``plans`` holds that schema's basic fields per type name,
    ``collected`` the sub-fields collected for (type, field nodes), shared by its requests."""

    plans: ClassVar[dict[str, dict[str, _Plan]]] = {}
    # (type, field nodes) -> the nodes (kept, so that their ids are not reused meanwhile), their collected
    # sub-fields, and those as (response name, leaf) pairs when every one is a plain leaf (else None)
    collected: ClassVar[dict[tuple[str, object], tuple[Sequence[FieldNode], CollectedFields, _Leaves | None]]] = {}
    collected_max: ClassVar[int] = 4096

    @staticmethod
    def _key(return_type: GraphQLObjectType, field_details_list: Any) -> tuple[str, object] | None:
        """The cache key of these field nodes' sub-fields, or None when collecting them depends on more than the
        document (deferred, fragment variables)."""
        for d in field_details_list:
            if d.defer_usage is not None or d.fragment_variable_values is not None:
                return None
        if len(field_details_list) == 1:
            return (return_type.name, id(field_details_list[0].node))
        return (return_type.name, tuple(id(d.node) for d in field_details_list))

    def collect_subfields(self, return_type: GraphQLObjectType, field_details_list: Any) -> CollectedFields:
        key = self._key(return_type, field_details_list)
        if key is None:
            return super().collect_subfields(return_type, field_details_list)
        found = self.collected.get(key)
        if found is not None:
            return found[1]
        collected = super().collect_subfields(return_type, field_details_list)
        nodes = [d.node for d in field_details_list]
        if (
            not collected.new_defer_usages
            and not collected.forbidden_directive_instances
            and all(_without_directives(n.selection_set, self.fragments) for n in nodes)
        ):
            if len(self.collected) >= self.collected_max:
                self.collected.clear()
            self.collected[key] = (nodes, collected, self._leaves_of(return_type, collected))
        return collected

    def _leaves_of(self, object_type: GraphQLObjectType, collected: CollectedFields) -> _Leaves | None:
        plan = self.plans.get(object_type.name) or {}
        leaves = []
        for response_name, details in collected.grouped_field_set.items():
            field = plan.get(details[0].node.name.value)
            if not isinstance(field, _Leaf) or any(d.node.directives for d in details):
                return None
            leaves.append((response_name, field))
        return tuple(leaves)

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
        awaitable_fields: list[str] = []
        is_awaitable = self.is_awaitable
        try:
            for response_name, details in grouped_field_set.items():
                field = plan.get(details[0].node.name.value)
                if field is None:
                    result = _MISSING
                elif isinstance(field, _Leaf):
                    value = getattr(source_value, field.python_name, _MISSING)
                    if type(value) is field.same:
                        results[response_name] = value  # the common case, kept short: a str for a String
                        continue
                    result = _leaf(field, value)
                else:
                    result = self._short(
                        field,
                        source_value,
                        path,
                        response_name,
                        parent_type,
                        details,
                        position_context,
                    )
                if result is _MISSING:  # the stock path, as graphql-core's own loop takes it
                    result = self.execute_field(
                        parent_type,
                        source_value,
                        details,
                        Path(path, response_name, parent_type.name),
                        position_context,
                    )
                    if result is Undefined:
                        continue
                results[response_name] = result
                if type(result) not in _SETTLED and is_awaitable(result):
                    awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            done = await gather_with_cancel(*(results[name] for name in awaitable_fields))
            results.update(zip(awaitable_fields, done, strict=True))
            return results

        return get_results()

    def _short(
        self,
        field: _Object | _ObjectList,
        source: Any,
        path: Path | None,
        response_name: str,
        parent_type: GraphQLObjectType,
        details: list[FieldDetails],
        position_context: Any,
    ) -> Any:
        """An object or list field's completed value read directly, or ``_MISSING`` for the stock path."""
        value: Any = getattr(source, field.python_name, _MISSING)
        if value is None:
            return _MISSING if field.non_null else None
        if details[0].node.directives if len(details) == 1 else any(d.node.directives for d in details):
            return _MISSING  # @stream and the like
        check = field.is_type_of
        if isinstance(field, _Object):
            # a value of the object's own class is no exception and no awaitable: the type check says it all
            if check is not None:
                if check(value, None) is not True:
                    return _MISSING
            elif value is _MISSING or isinstance(value, BaseException) or self.is_awaitable(value):
                return _MISSING
            field_path = Path(path, response_name, parent_type.name)
            return self._object(field.type, field.return_type, details, field_path, value, position_context)
        if type(value) not in (list, tuple):
            return _MISSING
        for item in value:
            if item is None or (check(item, None) is not True if check is not None else self.is_awaitable(item)):
                return _MISSING
        field_path = Path(path, response_name, parent_type.name)
        try:
            items = [
                self._object(field.type, field.item_type, details, Path(field_path, i, None), item, position_context)
                for i, item in enumerate(value)
            ]
        except Exception as raw_error:  # a non-null item's error, passed on to this field
            self.handle_field_error(raw_error, field.return_type, details, field_path)
            return None
        for item in items:
            if type(item) is not dict and self.is_awaitable(item):
                break
        else:
            return items

        async def awaited() -> list[Any]:
            try:
                return list(await gather_with_cancel(*(_value(self, item) for item in items)))
            except Exception as raw_error:
                self.handle_field_error(raw_error, field.return_type, details, field_path)
                return None  # type: ignore[return-value]

        return awaited()

    def _object(
        self,
        object_type: GraphQLObjectType,
        return_type: GraphQLOutputType,
        details: list[FieldDetails],
        path: Path,
        value: Any,
        position_context: Any,
    ) -> Any:
        """An object's sub-fields executed; its errors handled as ``execute_field`` handles them."""
        if position_context is None and (key := self._key(object_type, details)) is not None:
            found = self.collected.get(key)
            if found is not None and found[2] is not None and (read := _read_leaves(found[2], value)) is not None:
                return read
        try:
            completed = self.collect_and_execute_subfields(object_type, details, path, value, position_context)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None
        if type(completed) is dict or not self.is_awaitable(completed):
            return completed

        async def awaited() -> Any:
            try:
                return await completed
            except Exception as raw_error:
                self.handle_field_error(raw_error, return_type, details, path)
                return None

        return awaited()


def _read_leaves(leaves: _Leaves, value: Any) -> dict[str, Any] | None:
    """An object of plain leaves as its result, or None when one of them needs the stock path."""
    result: dict[str, Any] = {}
    for response_name, field in leaves:
        read = getattr(value, field.python_name, _MISSING)
        if type(read) is not field.same:
            read = _leaf(field, read)
            if read is _MISSING:
                return None
        result[response_name] = read
    return result


def _leaf(field: _Leaf, value: Any) -> Any:
    """A leaf's coerced value, or ``_MISSING`` for the stock path (which reports what is wrong)."""
    if value is None:
        return _MISSING if field.non_null else None
    if value is _MISSING or isinstance(value, BaseException):
        return _MISSING
    known = field.known
    if known is not None:
        try:
            key = (type(value), value)
            found = known.get(key, _MISSING)
        except TypeError:  # unhashable: coerced (or refused) below
            known = None
        else:
            if found is not _MISSING:
                return found
    try:
        coerced = field.type.coerce_output_value(value)
    except Exception:  # reported by the stock path, with its path and message
        return _MISSING
    if coerced is Undefined or coerced is None:
        return _MISSING
    if known is not None and len(known) < 1024:
        known[key] = coerced
    return coerced


async def _value(executor: ShortPathExecutor, item: Any) -> Any:
    return await item if executor.is_awaitable(item) else item


def executor_for(schema: strawberry.Schema) -> type[ShortPathExecutor]:
    """A ``ShortPathExecutor`` for ``schema`` with its plans made once (types by name, as the schema names
    them) and its own cache of collected sub-fields."""
    plans = {
        name: plan
        for name, t in schema._schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and not name.startswith("__") and (plan := _plans(t))
    }
    return type("ShortPathExecutor", (ShortPathExecutor,), {"plans": plans, "collected": {}})
