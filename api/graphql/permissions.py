"""Who may see and change what: field permissions and the region-write check.

A refusal is a catalogue message (``access.*`` in graph/messages.py): the error carries ``extensions.code``
(UNAUTHENTICATED / FORBIDDEN), ``messageCode`` and ``params``, and its text in the request's language."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission
from strawberry.types import Info

from api.auth import Principal, Role
from api.graphql.errors import message_extensions
from api.i18n import render
from graph.messages import Message, msg

__all__ = ["HasRole", "IsAuthenticated", "forbidden", "principal_of", "require_region_write", "sign_in_first"]


def principal_of(info: Info) -> Principal:
    principal: Principal = info.context.principal
    return principal


def refusal(info: Info, message: Message, code: str) -> GraphQLError:
    """A GraphQL error refusing access: ``message`` in the request's language, its code and parameters."""
    locale = str(getattr(info.context, "locale", "nl"))
    return GraphQLError(render(message, locale), extensions={"code": code, **message_extensions(message, locale)})


def forbidden(info: Info, message: Message) -> GraphQLError:
    return refusal(info, message, "FORBIDDEN")


def sign_in_first(info: Info, code: str = "access.sign_in") -> GraphQLError:
    """UNAUTHENTICATED, asking to sign in (``access.sign_in``, ``.contacts``, ``.write``)."""
    return refusal(info, msg(code), "UNAUTHENTICATED")


class IsAuthenticated(BasePermission):
    """Contact details (phone, e-mail, people) are never shown without a token."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        # Raised here rather than through self.message: the text depends on the request's language.
        if not principal_of(info).is_authenticated:
            raise sign_in_first(info, "access.sign_in.contacts")
        return True


def HasRole(*roles: Role) -> type[BasePermission]:
    """A permission class allowing ``roles`` (admins always); anonymous callers are told to sign in."""
    allowed = tuple(r.value for r in roles) or ("admin",)

    class _HasRole(BasePermission):
        def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            # Raised here, not via self.message: the instance is shared by concurrent requests of any language.
            principal = principal_of(info)
            if not principal.is_authenticated:
                raise sign_in_first(info)
            if not principal.has_role(*roles):
                raise forbidden(info, msg("access.needs_role", roles=allowed))
            return True

    _HasRole.__name__ = _HasRole.__qualname__ = "HasRole" + "".join(r.value.title() for r in roles)
    return _HasRole


def require_region_write(info: Info, jz_code: str) -> Principal:
    """The principal, if it may change data of jeugdhulpregio ``jz_code``; else a plain FORBIDDEN error."""
    principal = principal_of(info)
    if not principal.is_authenticated:
        raise sign_in_first(info, "access.sign_in.write")
    if principal.can_write_region(jz_code):
        return principal
    if principal.role is Role.COORDINATOR:
        raise forbidden(info, msg("access.coordinator_elsewhere", scope=principal.scope, region=jz_code))
    role = principal.role.value if principal.role else ""
    raise forbidden(info, msg("access.role_cannot_write", role=role, region=jz_code))
