"""The API side of the audit trail: who a refused request came from, and a bound on how often the
same refusal is written (a client retrying in a loop must not fill the change log).

``graph.queries.audit`` holds what is recorded; this module knows HTTP (headers, cookies, addresses).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time

from starlette.requests import HTTPConnection

from api.auth import Principal, hash_token, principal_for_hash, token_id
from graph.messages import Message
from graph.queries.audit import record_refused
from graph.store.base import GraphStore

__all__ = ["REPEAT_SECONDS", "actor_of", "client_address", "refused", "refused_async"]

log = logging.getLogger("jbnet.audit")

REPEAT_SECONDS = 60.0  # the same (who, what, status) is written at most once a minute, with a count
_seen: dict[tuple[int, str, str, int], tuple[float, int]] = {}
_lock = threading.Lock()


def client_address(conn: HTTPConnection) -> str:
    return conn.client.host if conn.client else "unknown"


def actor_of(conn: HTTPConnection, store: GraphStore, principal: Principal | None = None) -> tuple[str, str]:
    """(actor, unique actor id) of a request: its principal, else what it presented (a token's id, never
    the token), else its address."""
    if principal is not None and principal.is_authenticated:
        return principal.actor, principal.actor_id
    header = conn.headers.get("authorization", "")
    scheme, _, raw = header.strip().partition(" ")
    if scheme.lower() == "bearer" and raw.strip():
        digest = hash_token(raw.strip())
        known = principal_for_hash(store, digest)
        if known is not None:
            return known.actor, known.actor_id
        return "anonymous", f"token:{token_id(digest)}"
    session = getattr(conn.state, "web_session", None)
    if session is not None:
        return session.principal.actor, session.principal.actor_id
    return "anonymous", f"address:{client_address(conn)}"


async def refused_async(conn: HTTPConnection, store: GraphStore, *, status: int, operation: str,
                        reason: Message | str, principal: Principal | None = None) -> None:
    """``refused`` off the event loop; a failing store never turns the refusal into a 500 (it is logged)."""
    try:
        await asyncio.to_thread(refused, conn, store, status=status, operation=operation, reason=reason,
                                principal=principal)
    except Exception:  # e.g. the database is unreachable: the log keeps what the trail could not
        log.exception("could not write the audit entry of a refused request: %s %s (%s) from %s",
                      status, operation, reason, client_address(conn))


def refused(conn: HTTPConnection, store: GraphStore, *, status: int, operation: str, reason: Message | str,
            principal: Principal | None = None) -> None:
    """Record a 401/403 in the audit trail (folded: once per minute per who/what/status, with a count)."""
    actor, actor_id = actor_of(conn, store, principal)
    key = (id(store), actor_id, operation, status)
    now = time.monotonic()
    with _lock:
        last, folded = _seen.get(key, (0.0, 0))
        if now - last < REPEAT_SECONDS:
            _seen[key] = (last, folded + 1)
            return
        if len(_seen) > 10_000:  # bounded: forget the oldest half
            for k in sorted(_seen, key=lambda k: _seen[k][0])[:5_000]:
                del _seen[k]
        _seen[key] = (now, 0)
    record_refused(store, actor=actor, actor_id=actor_id, status=status, operation=operation, reason=reason,
                   address=client_address(conn), count=folded + 1)
