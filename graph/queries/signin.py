"""Signing in without a token: who a sign-in e-mail may go to, rate limits, and the record of each sign-in.

``ask_login_link`` decides for one typed address: limited (too many requests from this address or this
IP in the last quarter hour), unknown (no single active professional with it) or known. The page shows
the same answer for known and unknown addresses (no account enumeration); only a known address gets a
mail. Limits are claims in the store (``GraphStore.claim``): every API process counts the same, and
addresses and IPs are kept only as keyed hashes. ``match_identity`` is the OpenID Connect side: a
verified e-mail from the organisation's own domain names exactly one professional, or nobody.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass

from graph.projection import Projection
from graph.queries.access import professional_by_email
from graph.store.base import GraphStore

__all__ = [
    "ADDRESS_LIMIT",
    "IP_LIMIT",
    "WINDOW",
    "LoginAsk",
    "ask_login_link",
    "match_identity",
    "record_sign_in",
]

WINDOW = dt.timedelta(minutes=15)
ADDRESS_LIMIT = 3  # sign-in mails per address per window
IP_LIMIT = 10  # sign-in requests per client IP per window
_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class LoginAsk:
    code: str  # login.send / login.unknown / login.rate_limited / login.email_invalid
    professional: str | None = None


def _slot(store: GraphStore, kind: str, digest: str, limit: int, now: dt.datetime) -> bool:
    """Take one of ``limit`` slots of this window; False when all are taken (over the limit)."""
    holder, until = uuid.uuid4().hex, (now + WINDOW).isoformat()
    return any(store.claim(f"signin:{kind}:{digest}:{i}", holder, until, now.isoformat()) == holder
               for i in range(limit))


def _digest(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()[:32]


def ask_login_link(p: Projection, store: GraphStore, email: str, client_ip: str, *, secret: str,
                   now: dt.datetime | None = None) -> LoginAsk:
    """May a sign-in link go to ``email``? Counts against the IP's and the address's limits either way."""
    address = email.strip().lower()
    if not _EMAIL.match(address) or len(address) > 200:
        return LoginAsk("login.email_invalid")
    moment = now or dt.datetime.now(dt.UTC)
    if not _slot(store, "ip", _digest(secret, client_ip or "?"), IP_LIMIT, moment):
        return LoginAsk("login.rate_limited")
    if not _slot(store, "address", _digest(secret, address), ADDRESS_LIMIT, moment):
        return LoginAsk("login.rate_limited")
    key = professional_by_email(p, address)
    return LoginAsk("login.send", key) if key else LoginAsk("login.unknown")


def match_identity(p: Projection, email: str | None, email_verified: object, domains: tuple[str, ...]) -> str | None:
    """The professional an OpenID Connect identity is: a verified address in one of the organisation's domains."""
    if not email or email_verified is not True:
        return None
    address = email.strip().lower()
    if domains and address.rsplit("@", 1)[-1] not in {d.lower().lstrip("@") for d in domains}:
        return None
    return professional_by_email(p, address)


def record_sign_in(store: GraphStore, professional: str, method: str, *, actor: str) -> None:
    """Each sign-in in the audit trail: who, how (e-mail link or an organisation's identity provider), when."""
    store.append_log(actor, "audit.sign_in", professional, "Professional", None, {"method": method})
