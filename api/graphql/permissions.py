"""Who may see and change what: field permissions and the region-write check."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission
from strawberry.types import Info

from api.auth import Principal, Role

__all__ = ["HasRole", "IsAuthenticated", "principal_of", "require_region_write"]


SIGN_IN = "sign in first: send an API token as 'Authorization: Bearer <token>'"


def principal_of(info: Info) -> Principal:
    return info.context.principal


class IsAuthenticated(BasePermission):
    """Contact details (phone, e-mail, people) are never shown without a token."""

    message = "sign in to see contact details: send an API token as 'Authorization: Bearer <token>'"
    error_extensions = {"code": "UNAUTHENTICATED"}  # noqa: RUF012 (strawberry reads it as a class attribute)

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return principal_of(info).is_authenticated


def HasRole(*roles: Role) -> type[BasePermission]:
    """A permission class allowing ``roles`` (admins always); anonymous callers are told to sign in."""
    allowed = ", ".join(r.value for r in roles) or "admin"

    class _HasRole(BasePermission):
        # Class-level message: strawberry shares one permission instance between requests.
        message = f"this needs a token with one of the roles: {allowed}"
        error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012

        def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            principal = principal_of(info)
            if not principal.is_authenticated:
                # Raised here, not via self.message: the instance is shared by concurrent requests.
                raise GraphQLError(SIGN_IN, extensions={"code": "UNAUTHENTICATED"})
            return principal.has_role(*roles)

    _HasRole.__name__ = _HasRole.__qualname__ = "HasRole" + "".join(r.value.title() for r in roles)
    return _HasRole


def require_region_write(info: Info, jz_code: str) -> Principal:
    """The principal, if it may change data of jeugdhulpregio ``jz_code``; else a plain FORBIDDEN error."""
    principal = principal_of(info)
    if not principal.is_authenticated:
        raise GraphQLError("sign in to change data: send an API token as 'Authorization: Bearer <token>'",
                           extensions={"code": "UNAUTHENTICATED"})
    if principal.can_write_region(jz_code):
        return principal
    if principal.role is Role.COORDINATOR:
        message = f"coordinator of {principal.scope} cannot change {jz_code}"
    else:
        message = f"a {principal.role.value} token cannot change {jz_code}; a coordinator of {jz_code} or an admin can"
    raise GraphQLError(message, extensions={"code": "FORBIDDEN"})
