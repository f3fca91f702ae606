"""Input values the schema cannot read — a ``Date``, a ``DateTime``, an enum value — named by the catalogue.

graphql-core words such a refusal itself ("Value cannot represent a Date", "does not exist in 'X'
enum") with no code. Here the ``Date`` and ``DateTime`` scalars (``SCALAR_OVERRIDES``) and every enum
(``catalogue_enum_errors``) raise an ``InputValueError`` that carries a catalogue ``Message``
(``input.not_a_date {value}``, ``input.not_a_datetime {value}``, ``input.not_in_enum {value, type,
allowed}``), so the error gets ``extensions.code`` BAD_USER_INPUT with ``messageCode`` and ``params``.
graphql-core keeps it as is for a literal in the document and as the ``original_error`` of its own
error for a variable; ``request_error`` turns either into the message in the request's language
(a variable's prefixed with its name: ``input.variable``). A value inside an input object or list is named
by its field path as well (``input.field``, ``input.variable_field``; ``extensions.params.field`` =
``input.date``): graphql-core reports that path only in its own wording, so it is found again from the
document (a literal) or from graphql-core's fixed variable message (a variable).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from graphql import GraphQLEnumType, GraphQLError, GraphQLSchema, Undefined, parse, print_ast
from graphql.language import (
    ArgumentNode,
    EnumValueNode,
    ListValueNode,
    Node,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableDefinitionNode,
)
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition, TimeDefinition
from strawberry.types.scalar import ScalarDefinition

from api.graphql.messages import MessageType
from api.i18n import render
from graph.messages import Message, msg

__all__ = ["SCALAR_OVERRIDES", "InputValueError", "catalogue_enum_errors", "request_error"]


class InputValueError(GraphQLError):
    """A value the schema refuses, as a catalogue message (rendered in Dutch until the request's language
    is known)."""

    def __init__(self, message: Message, nodes: Any = None) -> None:
        super().__init__(render(message), nodes, extensions={
            "code": "BAD_USER_INPUT", "messageCode": message.code, "params": MessageType.of(message).params})
        self.catalogue_message = message


def _shown(value: object) -> str:
    return value if isinstance(value, str) else repr(value)


def _scalar(definition: ScalarDefinition, parse: Callable[[str], Any], code: str) -> ScalarDefinition:
    """``definition`` with parsers that refuse through the catalogue; a literal's refusal points at it."""

    def parse_value(value: object, node: Any = None) -> Any:
        if isinstance(value, str):
            try:
                return parse(value)
            except (ValueError, OverflowError):
                pass
        raise InputValueError(msg(code, value=_shown(value)), node)

    def parse_literal(node: ValueNode, _variables: Any = None) -> Any:
        if isinstance(node, StringValueNode):
            return parse_value(node.value, node)
        raise InputValueError(msg(code, value=print_ast(node)), node)

    return dataclasses.replace(definition, parse_value=parse_value, parse_literal=parse_literal)


SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {
    dt.date: _scalar(DateDefinition, dt.date.fromisoformat, "input.not_a_date"),
    dt.datetime: _scalar(DateTimeDefinition, dt.datetime.fromisoformat, "input.not_a_datetime"),
    dt.time: _scalar(TimeDefinition, dt.time.fromisoformat, "input.not_a_time"),
}


def _enum_refusal(enum: GraphQLEnumType, value: str, nodes: Any = None) -> InputValueError:
    return InputValueError(msg("input.not_in_enum", value=value, type=enum.name, allowed=tuple(enum.values)), nodes)


def _catalogued(enum: GraphQLEnumType) -> None:
    coerce_value, coerce_literal = enum.coerce_input_value, enum.coerce_input_literal
    # an enum literal's value depends on its name only: kept once known (a directory lookup's
    # ``organisationType: VEILIG_THUIS`` costs strawberry's whole conversion per request otherwise)
    literals: dict[str, Any] = {}

    def coerce_input_value(input_value: Any, hide_suggestions: bool = False) -> Any:
        try:
            return coerce_value(input_value, hide_suggestions)
        except GraphQLError:
            raise _enum_refusal(enum, _shown(input_value)) from None

    def coerce_input_literal(value_node: Any, hide_suggestions: bool = False) -> Any:
        named = type(value_node) is EnumValueNode
        if named and (known := literals.get(value_node.value, Undefined)) is not Undefined:
            return known
        try:
            value = coerce_literal(value_node, hide_suggestions)
        except GraphQLError:
            raise _enum_refusal(enum, print_ast(value_node), value_node) from None
        if named and value is not Undefined and len(literals) <= len(enum.values):
            literals[value_node.value] = value
        return value

    # parse_value / parse_literal (the legacy names) call these through the instance too
    enum.coerce_input_value = coerce_input_value  # type: ignore[method-assign]
    enum.coerce_input_literal = coerce_input_literal  # type: ignore[method-assign]


def catalogue_enum_errors(schema: GraphQLSchema) -> None:
    """Every enum of ``schema`` (its own, not introspection's) refuses an unknown value with the catalogue."""
    for named in schema.type_map.values():
        if isinstance(named, GraphQLEnumType) and not named.name.startswith("__"):
            _catalogued(named)


def _path_text(path: list[str | int]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _values_in(value: ValueNode, path: list[str | int]) -> Iterator[tuple[ValueNode, list[str | int]]]:
    yield value, path
    if isinstance(value, ObjectValueNode):
        for field in value.fields:
            yield from _values_in(field.value, [*path, field.name.value])
    elif isinstance(value, ListValueNode):
        for i, item in enumerate(value.values):
            yield from _values_in(item, [*path, i])


def _arguments(node: Node) -> Iterator[ArgumentNode]:
    for key in node.keys:
        child = getattr(node, key, None)
        for c in child if isinstance(child, tuple | list) else (child,):
            if isinstance(c, ArgumentNode):
                yield c
            elif isinstance(c, Node) and not isinstance(c, ValueNode):
                yield from _arguments(c)


def _literal_field(error: GraphQLError) -> str | None:
    """``input.date`` for a refused literal inside an input object or list (None for a whole argument)."""
    node = error.nodes[0] if error.nodes else None
    if node is None or node.loc is None:
        return None
    for argument in _arguments(parse(node.loc.source)):
        for value, path in _values_in(argument.value, [argument.name.value]):
            if value.loc is not None and (value.loc.start, value.loc.end) == (node.loc.start, node.loc.end):
                return _path_text(path) if len(path) > 1 else None
    return None


def _variable_field(error: GraphQLError, variable: str, found: InputValueError) -> str | None:
    """``date`` for a refused value inside a variable's object or list, from graphql-core's message
    ``Variable '$m' has invalid value at .date: <ours>`` (graphql.execution.values); None for the whole value."""
    head, tail = f"Variable '${variable}' has invalid value at ", f": {found.message}"
    text = error.message
    if not (text.startswith(head) and text.endswith(tail)):
        return None
    return text[len(head):len(text) - len(tail)].lstrip(".") or None


def request_error(error: GraphQLError, locale: str) -> tuple[str, dict[str, Any]] | None:
    """The message in ``locale`` and the extensions of an input refusal (None for any other error)."""
    found = error if isinstance(error, InputValueError) else error.original_error
    if not isinstance(found, InputValueError):
        return None
    message = found.catalogue_message
    variable = next((n.variable.name.value for n in error.nodes or () if isinstance(n, VariableDefinitionNode)),
                    None)
    field = _variable_field(error, variable, found) if variable is not None else _literal_field(error)
    if variable is not None and field is not None:
        message = msg("input.variable_field", variable=variable, field=field, problem=message)
    elif variable is not None:
        message = msg("input.variable", variable=variable, problem=message)
    elif field is not None:
        message = msg("input.field", field=field, problem=message)
    extensions = dict(found.extensions or {}) | ({"variable": variable} if variable else {})
    if field is not None:
        extensions["params"] = {**extensions.get("params", {}), "field": field}
    return render(message, locale), extensions
