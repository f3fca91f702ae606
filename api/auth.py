"""API tokens and the principal a request acts as.

A token is shown once (``jbnet token create``) and stored only as its SHA-256 hash: tokens are
256 random bits, so a plain hash is enough (no password stretching needed) and a stolen database
yields no usable token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

from graph.schema import Label
from graph.store.base import ApiToken, GraphStore

__all__ = [
    "TOKEN_PREFIX", "AuthError", "Principal", "Role", "TokenError", "authenticate", "create_token", "hash_token",
    "principal_for_hash", "principal_from_header",
]

TOKEN_PREFIX = "jbnet_"


class Role(StrEnum):
    PROFESSIONAL = "professional"  # reads the directory
    COORDINATOR = "coordinator"  # writes within its jeugdhulpregio (scope)
    GOVERNANCE = "governance"  # reads maps and analytics
    ADMIN = "admin"


class TokenError(ValueError):
    """A token cannot be created as asked (unknown role, missing or unknown scope)."""


@dataclass(frozen=True)
class Principal:
    """Who a request acts as. ``role`` None = anonymous (no token): sees no contact details."""

    role: Role | None
    name: str
    scope: str | None = None  # the jeugdhulpregio (JZ code) of a coordinator
    professional_key: str | None = None

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(role=None, name="anonymous")

    @property
    def is_authenticated(self) -> bool:
        return self.role is not None

    @property
    def actor(self) -> str:
        """The change-log actor of this principal's writes."""
        return f"{self.role.value if self.role else 'anonymous'}:{self.name}"

    def has_role(self, *roles: Role) -> bool:
        return self.role is not None and (self.role in roles or self.role is Role.ADMIN)

    def can_write_region(self, jz_code: str | None) -> bool:
        """Admins write anywhere; a coordinator only in its own jeugdhulpregio."""
        if self.role is Role.ADMIN:
            return True
        return self.role is Role.COORDINATOR and jz_code is not None and jz_code == self.scope


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(store: GraphStore, *, role: Role | str, scope: str | None = None, name: str,
                 professional_key: str | None = None) -> str:
    """Store a new token's hash and return the secret (the only time it exists in clear)."""
    try:
        role = Role(role)
    except ValueError:
        raise TokenError(f"unknown role {role!r}; choose one of {', '.join(r.value for r in Role)}") from None
    if not name.strip():
        raise TokenError("a token needs a name (who or what uses it)")
    if role is Role.COORDINATOR:
        if not scope:
            raise TokenError("a coordinator token needs --scope: the jeugdhulpregio it may change (e.g. JZ28)")
        node = store.get_node(scope)
        if node is None or node.label is not Label.JEUGDHULPREGIO:
            raise TokenError(f"scope {scope!r} is not a known jeugdhulpregio code (JZxx)")
    elif scope:
        raise TokenError(f"--scope only applies to coordinators, not to {role.value}")
    if professional_key is not None:
        node = store.get_node(professional_key)
        if node is None or node.label is not Label.PROFESSIONAL:
            raise TokenError(f"no professional {professional_key!r}")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    store.put_token(ApiToken(
        token_hash=hash_token(raw), name=name.strip(), role=role.value, scope=scope,
        professional_key=professional_key, created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    ))
    return raw


def authenticate(store: GraphStore, raw: str) -> Principal | None:
    """The principal of a raw token, or None when it is unknown or revoked."""
    return principal_for_hash(store, hash_token(raw.strip()))


def principal_for_hash(store: GraphStore, token_hash: str) -> Principal | None:
    """The principal of a stored token hash (e.g. from a session cookie), or None when unknown or revoked."""
    token = store.get_token(token_hash)
    if token is None or token.revoked:
        return None
    try:
        role = Role(token.role)
    except ValueError:
        return None
    return Principal(role=role, name=token.name, scope=token.scope, professional_key=token.professional_key)


class AuthError(Exception):
    """The Authorization header is malformed, or names an unknown/revoked token (HTTP 401)."""


def principal_from_header(store: GraphStore, header: str | None) -> Principal:
    """Anonymous without a header; the token's principal with a valid one; ``AuthError`` otherwise."""
    if header is None or not header.strip():
        return Principal.anonymous()
    scheme, _, raw = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise AuthError("the Authorization header must be 'Bearer <token>'")
    principal = authenticate(store, raw)
    if principal is None:
        raise AuthError("invalid or revoked API token: create a new one with 'jbnet token create --role ROLE'")
    return principal
