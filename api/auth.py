"""API tokens and the principal a request acts as.

A token is shown once (``jbnet token create``) and stored only as its SHA-256 hash: tokens are
256 random bits, so a plain hash is enough (no password stretching needed) and a stolen database
yields no usable token.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from graph.messages import Message, MessageError, msg
from graph.projection import Projection
from graph.queries.access import access_of
from graph.queries.audit import record_token_created, record_token_revoked
from graph.schema import Label
from graph.store.base import ApiToken, GraphStore, StoreUnavailable

__all__ = [
    "TOKEN_PREFIX",
    "AuthError",
    "Principal",
    "Role",
    "TokenError",
    "authenticate",
    "create_token",
    "hash_token",
    "principal_for_hash",
    "principal_for_professional",
    "principal_from_header",
    "revoke_token",
    "token_id",
]

TOKEN_PREFIX = "jbnet_"


class Role(StrEnum):
    PROFESSIONAL = "professional"  # reads the directory
    COORDINATOR = "coordinator"  # writes within its jeugdhulpregio (scope)
    GOVERNANCE = "governance"  # reads maps and analytics
    ADMIN = "admin"


class TokenError(MessageError):
    """A token cannot be created as asked (unknown role, missing or unknown scope): a ``token.*`` code."""


@dataclass(frozen=True)
class Principal:
    """Who a request acts as. ``role`` None = anonymous (no token): sees no contact details."""

    role: Role | None
    name: str
    scope: str | None = None  # the (first) jeugdhulpregio (JZ code) of a coordinator
    professional_key: str | None = None
    scopes: tuple[str, ...] = ()  # every jeugdhulpregio a coordinator maintains (a person's positions may give several)
    organisations: tuple[str, ...] = ()  # organisations whose own contact person this is (staff in every region)
    actor_id: str = ""  # unique: "token:<id>" (as `jbnet token list` shows it) or "person:<professional key>"

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(role=None, name="anonymous")

    @property
    def is_authenticated(self) -> bool:
        return self.role is not None

    @property
    def actor(self) -> str:
        """The change-log actor of this principal's writes: role, name and the unique id (names repeat)."""
        base = f"{self.role.value if self.role else 'anonymous'}:{self.name}"
        return f"{base} [{self.actor_id}]" if self.actor_id else base

    def has_role(self, *roles: Role) -> bool:
        return self.role is not None and (self.role in roles or self.role is Role.ADMIN)

    @property
    def regions(self) -> tuple[str, ...]:
        """The jeugdhulpregio's this principal maintains as coordinator."""
        if self.role is not Role.COORDINATOR:
            return ()
        return self.scopes or ((self.scope,) if self.scope else ())

    def can_write_region(self, jz_code: str | None) -> bool:
        """Admins write anywhere; a coordinator only in its own jeugdhulpregio('s)."""
        if self.role is Role.ADMIN:
            return True
        return jz_code is not None and jz_code in self.regions

    def can_maintain(self, jeugdhulpregios: Sequence[str], organisations: Sequence[str] = ()) -> bool:
        """May change an entry kept by these regions' contactbeheer and belonging to these organisations.

        Admins may; a coordinator of EVERY listed region may; an organisation's own contact person may
        change its people wherever the organisation works.
        """
        if self.role is Role.ADMIN:
            return True
        if self.organisations and set(organisations) & set(self.organisations):
            return True
        return bool(jeugdhulpregios) and all(self.can_write_region(jz) for jz in jeugdhulpregios)

    def can_add_staff(self, jeugdhulpregios: Sequence[str], organisations: Sequence[str]) -> bool:
        """May add a new person at an organisation serving these regions: a new person holds no position
        yet, so a coordinator of ONE of the regions may, as may the organisation's own contact person."""
        if self.role is Role.ADMIN:
            return True
        if self.organisations and set(organisations) & set(self.organisations):
            return True
        return any(self.can_write_region(jz) for jz in jeugdhulpregios)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_id(token_hash: str) -> str:
    """The public id of a token: the start of its hash (``jbnet token list``, the audit trail)."""
    return token_hash[:12]


def create_token(store: GraphStore, *, role: Role | str, scope: str | None = None, name: str,
                 professional_key: str | None = None, actor: str = "system") -> str:
    """Store a new token's hash and return the secret (the only time it exists in clear).

    The creation is in the audit trail under ``actor`` (who made it), with the token's id, never the secret."""
    try:
        role = Role(role)
    except ValueError:
        raise TokenError(msg("token.unknown_role", role=str(role), known=[r.value for r in Role])) from None
    if not name.strip():
        raise TokenError(msg("token.needs_name"))
    if role is Role.COORDINATOR:
        if not scope:
            raise TokenError(msg("token.needs_scope"))
        node = store.get_node(scope)
        if node is None or node.label is not Label.JEUGDHULPREGIO:
            raise TokenError(msg("token.unknown_scope", scope=scope))
    elif scope:
        raise TokenError(msg("token.scope_not_for_role", role=role.value))
    if professional_key is not None:
        node = store.get_node(professional_key)
        if node is None or node.label is not Label.PROFESSIONAL:
            raise TokenError(msg("token.unknown_professional", key=professional_key))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    digest = hash_token(raw)
    store.put_token(ApiToken(
        token_hash=digest, name=name.strip(), role=role.value, scope=scope,
        professional_key=professional_key, created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    ))
    record_token_created(store, actor=actor, token_id=token_id(digest), name=name.strip(), role=role.value,
                         scope=scope, professional=professional_key)
    return raw


def revoke_token(store: GraphStore, token: ApiToken, *, actor: str) -> None:
    """Revoke ``token`` (requests with it get 401 from then on); recorded in the audit trail."""
    store.put_token(dataclasses.replace(token, revoked=True))
    record_token_revoked(store, actor=actor, token_id=token_id(token.token_hash), name=token.name, role=token.role)


def authenticate(store: GraphStore, raw: str) -> Principal | None:
    """The principal of a raw token, or None when it is unknown or revoked."""
    return principal_for_hash(store, hash_token(raw.strip()))


class _KnownTokens:
    """The last state of every token this process checked, for when the database cannot be reached.

    While the database answers, every request checks its token there (a revocation anywhere counts at
    once). In an outage the store fails fast and the last known state is used instead, so nobody is
    signed out and nothing waits; a token this process never saw cannot be checked then
    (``StoreUnavailable``, HTTP 503).
    """

    def __init__(self) -> None:
        self._tokens: dict[tuple[int, str], ApiToken] = {}
        self._lock = threading.Lock()

    def get(self, store: GraphStore, token_hash: str) -> ApiToken | None:
        key = (id(store), token_hash)
        try:
            token = store.get_token(token_hash)
        except StoreUnavailable:
            known = self._tokens.get(key)
            if known is None:
                raise
            return known
        with self._lock:
            if token is None:
                self._tokens.pop(key, None)
            else:
                self._tokens[key] = token
        return token


_known_tokens = _KnownTokens()


def principal_for_hash(store: GraphStore, token_hash: str) -> Principal | None:
    """The principal of a stored token hash (e.g. from a session cookie), or None when unknown or revoked."""
    token = _known_tokens.get(store, token_hash)
    if token is None or token.revoked:
        return None
    try:
        role = Role(token.role)
    except ValueError:
        return None
    return Principal(role=role, name=token.name, scope=token.scope, professional_key=token.professional_key,
                     actor_id=f"token:{token_id(token_hash)}")


def principal_for_professional(p: Projection, professional_key: str) -> Principal | None:
    """The principal of a person signed in by e-mail link or OpenID Connect: rights from positions and grants.

    Looked up on every request, so a person who leaves (or loses a position) loses its rights at once.
    None when the professional is unknown or no longer active.
    """
    access = access_of(p, professional_key)
    if access is None:
        return None
    role = Role(access.role)
    return Principal(role=role, name=access.name, scope=access.scopes[0] if access.scopes else None,
                     professional_key=professional_key, scopes=access.scopes, organisations=access.organisations,
                     actor_id=f"person:{professional_key}")


class AuthError(Exception):
    """The Authorization header is malformed, or names an unknown/revoked token (HTTP 401); ``message`` says
    which (``access.bad_header`` / ``access.bad_token``)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


def principal_from_header(store: GraphStore, header: str | None) -> Principal:
    """Anonymous without a header; the token's principal with a valid one; ``AuthError`` otherwise."""
    if header is None or not header.strip():
        return Principal.anonymous()
    scheme, _, raw = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise AuthError(msg("access.bad_header"))
    principal = authenticate(store, raw)
    if principal is None:
        raise AuthError(msg("access.bad_token"))
    return principal
