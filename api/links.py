"""Signed, expiring, purpose-bound links for mails (update requests, sign-in, RSVP), single use on demand.

A link token is an itsdangerous ``URLSafeTimedSerializer`` dump of ``{"s": subject, "j": token id, ...}``
salted with its purpose, so a sign-in token is no update-request token and vice versa. ``read_link``
checks signature, purpose and age; ``use_link`` makes it single use by claiming ``link:<token id>`` in
the store (``GraphStore.claim``, one atomic write every API process sees). A signature-valid but expired
token still names its subject, so a page can offer to send a new link to the address on record.

The secret is ``JBNET_SECRET``; without it one random secret is kept in the store (``secret:links``),
shared by the CLI that sends and every server process that opens the links.

    token = make_link(secret, "update_request", "prof-0012")
    link = read_link(secret, token, "update_request")       # LinkError(code="link.expired" | "link.invalid")
    use_link(store, link)                                   # LinkError(code="link.used") the second time
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from graph.settings import Settings
from graph.store.base import GraphStore

__all__ = [
    "LINK_MAX_AGE",
    "Link",
    "LinkError",
    "link_secret",
    "make_link",
    "read_link",
    "use_link",
]

# How long a link of each purpose stays valid (seconds); unknown purposes are refused.
LINK_MAX_AGE: dict[str, int] = {
    "update_request": 30 * 24 * 3600,  # issue #10: 30 days
    "login": 15 * 60,  # issue #10: one-time sign-in link, 15 minutes
    "rsvp": 120 * 24 * 3600,  # an invitation is answered up to the meeting, months ahead
    "report_notice": 30 * 24 * 3600,
}

_FAR_FUTURE = "9999-12-31T00:00:00+00:00"


class LinkError(Exception):
    """A link that cannot be used. ``code``: link.invalid / link.expired / link.used / link.purpose.

    ``subject`` is set when the token's signature is valid (expired or used), so a page can offer a new link.
    """

    def __init__(self, code: str, message: str, subject: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.subject = subject


@dataclass(frozen=True)
class Link:
    purpose: str
    subject: str  # whom the link is for (a professional key, a meeting|professional pair, ...)
    token_id: str
    issued: dt.datetime
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def expires(self) -> dt.datetime:
        return self.issued + dt.timedelta(seconds=LINK_MAX_AGE[self.purpose])


def link_secret(settings: Settings, store: GraphStore) -> str:
    """``JBNET_SECRET``, or the one random secret kept in the store (created by whoever asks first)."""
    if settings.secret_key:
        return settings.secret_key
    now = dt.datetime.now(dt.UTC).isoformat()
    return store.claim("secret:links", secrets.token_urlsafe(32), _FAR_FUTURE, now)


def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    if purpose not in LINK_MAX_AGE:
        raise LinkError("link.purpose", f"unknown link purpose {purpose!r}")
    return URLSafeTimedSerializer(secret, salt=f"jbnet.link.{purpose}")


def make_link(secret: str, purpose: str, subject: str, **params: Any) -> str:
    """A URL-safe token for ``subject`` and ``purpose``; ``params`` travel signed (small, no personal data)."""
    body: dict[str, Any] = {"s": subject, "j": uuid.uuid4().hex}
    if params:
        body["p"] = params
    return str(_serializer(secret, purpose).dumps(body))


def read_link(secret: str, token: str, purpose: str, *, max_age: int | None = None) -> Link:
    """The link behind ``token`` if its signature, purpose and age hold; else ``LinkError``."""
    ser = _serializer(secret, purpose)
    age = LINK_MAX_AGE[purpose] if max_age is None else max_age
    try:
        body, issued = ser.loads(token, max_age=age, return_timestamp=True)
    except SignatureExpired:
        ok, payload = ser.loads_unsafe(token)  # the signature was good, only the age was not
        subject = payload.get("s") if ok and isinstance(payload, dict) else None
        raise LinkError("link.expired", "link expired", subject if isinstance(subject, str) else None) from None
    except (BadSignature, ValueError, TypeError):
        raise LinkError("link.invalid", "link is not valid (damaged or not made by jbnet)") from None
    if not isinstance(body, dict) or not isinstance(body.get("s"), str) or not isinstance(body.get("j"), str):
        raise LinkError("link.invalid", "link is not valid (unexpected content)")
    return Link(purpose, body["s"], body["j"], issued, dict(body.get("p") or {}))


def use_link(store: GraphStore, link: Link) -> None:
    """Spend a single-use link; a second use (by any process) raises ``LinkError('link.used')``."""
    now = dt.datetime.now(dt.UTC)
    holder = f"{link.subject}|{uuid.uuid4().hex}"  # unique per attempt: only the first attempt wins
    until = max(link.expires, now + dt.timedelta(minutes=1)).isoformat()
    if store.claim(f"link:{link.token_id}", holder, until, now.isoformat()) != holder:
        raise LinkError("link.used", "link was already used", link.subject)
