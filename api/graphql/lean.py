"""Direct calls of plain resolvers, skipping strawberry's argument conversion and extension chain.

A resolver field goes through strawberry's ``_resolver`` → ``extension_resolver`` → ``get_arguments`` /
``convert_arguments`` → a ``reduce`` of ``partial``s over its field extensions → ``get_result``: about
ten calls and a few dicts before the resolver runs. For a resolver whose arguments are all leaves
(scalars and enums, maybe optional: strawberry hands them on unchanged, only renamed) and whose only
extension is a plain permission check, ``lighten_resolvers`` installs a direct call that does the same:
the permission is checked once per object (per field of it), then the resolver gets the same
``self``/``info``/keyword arguments. A permission that does not grant plainly (refuses, answers with
something that is not a boolean, is async) hands the call to strawberry's own path, which reports it
exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLField, GraphQLObjectType, GraphQLResolveInfo
from strawberry.permission import PermissionExtension
from strawberry.relay import GlobalID
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import StrawberryArgument, _is_leaf_type
from strawberry.types.base import StrawberryMaybe, StrawberryOptional
from strawberry.types.enum import has_enum_definition
from strawberry.types.field import StrawberryField

__all__ = ["lighten_resolvers"]


def _leaf_argument(schema: strawberry.Schema, argument: StrawberryArgument) -> bool:
    """Whether strawberry passes the argument's value on unchanged (a scalar or enum, maybe optional)."""
    t = argument.type
    if isinstance(t, StrawberryMaybe):
        return False
    if isinstance(t, StrawberryOptional):
        t = t.of_type
    return has_enum_definition(t) or _is_leaf_type(t, schema.schema_converter.scalar_registry, skip_classes=(GlobalID,))


def _permissions(definition: StrawberryField) -> list[Any] | None:
    """The field's permission objects if its only extension is a plain (sync, not silent) permission check."""
    if not definition.extensions:
        return []
    if len(definition.extensions) != 1:
        return None
    extension = definition.extensions[0]
    if type(extension) is not PermissionExtension or extension.fail_silently:
        return None
    return list(extension.permissions)


def _lean(
    schema: strawberry.Schema, definition: StrawberryField, stock: Callable[..., Any]
) -> Callable[..., Any] | None:
    """A direct call of the field's resolver, or None when strawberry's own path does more than that."""
    resolver = definition.base_resolver
    permissions = _permissions(definition)
    if (
        resolver is None
        or permissions is None
        or resolver.is_async
        or resolver.root_parameter
        or resolver.parent_parameter
        or schema.exception_handlers
        or definition.is_subscription
        or not callable(resolver.wrapped_func)
        or not all(_leaf_argument(schema, a) for a in definition.arguments)
    ):
        return None
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    if permissions and info_name not in (None, "info"):
        return None  # strawberry would hand such an info to the permission as an argument
    names = {schema.config.name_converter.from_argument(a): a.python_name for a in definition.arguments}
    call = resolver.wrapped_func
    info_class = schema.config.info_class
    with_self = resolver.self_parameter is not None

    def lean(source: Any, info: GraphQLResolveInfo[Any], **arguments: Any) -> Any:
        kwargs = {}
        for name, value in arguments.items():
            python_name = names.get(name)
            if python_name is None:
                return stock(source, info, **arguments)
            kwargs[python_name] = value
        if permissions or info_name is not None:
            strawberry_info = info_class(_raw_info=info, _field=definition)
            for permission in permissions:
                if permission.has_permission(source, strawberry_info, **kwargs) is not True:
                    return stock(source, info, **arguments)  # refused or odd: as strawberry reports it
            if info_name is not None:
                kwargs[info_name] = strawberry_info
        return call(source, **kwargs) if with_self else call(**kwargs)

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
            if (
                isinstance(definition, StrawberryField)
                and field.resolve is not None
                and (lean := _lean(schema, definition, field.resolve)) is not None
            ):
                field.resolve = lean
                count += 1
    return count
