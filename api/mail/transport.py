"""Delivering a composed message: over SMTP (``JBNET_SMTP_URL``) or, without SMTP, as an .eml file in the outbox.

``JBNET_SMTP_URL`` forms (user and password optional, percent-encoded):

- ``smtp://host:port``            plain SMTP (port 25 by default); add ``?starttls=1`` to upgrade
- ``smtp+starttls://user:pw@host:587``  SMTP with STARTTLS (required; port 587 by default)
- ``smtps://user:pw@host:465``     SMTP over TLS from the first byte (port 465 by default)

Query parameters: ``timeout`` (seconds, default 30), ``attempts`` (tries on a temporary failure,
default 3) and ``starttls``. A reply code 5xx is a permanent failure (the address is rejected), a
4xx or a connection problem is temporary: the sender tries again later and nothing counts as sent.
"""

from __future__ import annotations

import re
import smtplib
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["Delivery", "MailConfigError", "Mailer", "SmtpTarget", "parse_smtp_url"]

Status = Literal["sent", "outbox", "temporary", "permanent"]


class MailConfigError(ValueError):
    """``JBNET_SMTP_URL`` cannot be understood."""


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    security: Literal["plain", "starttls", "tls"]
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0
    attempts: int = 3


@dataclass(frozen=True)
class Delivery:
    """What became of one message. ``ok`` for sent (SMTP accepted it) and outbox (written as a file)."""

    status: Status
    detail: str = ""
    code: int | None = None
    path: str | None = None  # the .eml file, when written to the outbox

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "outbox")


_DEFAULT_PORTS = {"plain": 25, "starttls": 587, "tls": 465}
_SCHEMES = {"smtp": "plain", "smtp+starttls": "starttls", "smtps": "tls"}
_TRUE = {"1", "true", "yes", "on"}


def parse_smtp_url(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    security = _SCHEMES.get(parts.scheme.lower())
    if security is None:
        raise MailConfigError(f"JBNET_SMTP_URL: unknown scheme {parts.scheme!r} (use smtp, smtp+starttls or smtps)")
    if not parts.hostname:
        raise MailConfigError("JBNET_SMTP_URL: no host")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if security == "plain" and query.get("starttls", "").lower() in _TRUE:
        security = "starttls"
    try:
        port = parts.port or _DEFAULT_PORTS[security]
        timeout = float(query.get("timeout", 30))
        attempts = max(1, int(query.get("attempts", 3)))
    except ValueError as exc:
        raise MailConfigError(f"JBNET_SMTP_URL: {exc}") from exc
    return SmtpTarget(parts.hostname, port, security,  # type: ignore[arg-type]
                      unquote(parts.username) if parts.username else None,
                      unquote(parts.password) if parts.password else None, timeout, attempts)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.@_-]+", "_", text)[:60]


class Mailer:
    """Sends ``EmailMessage`` objects; one instance per process. ``smtp_url=None`` means the outbox folder."""

    def __init__(self, smtp_url: str | None, outbox_dir: Path, *, retry_pause: float = 1.0) -> None:
        self.target = parse_smtp_url(smtp_url) if smtp_url else None
        self.outbox_dir = Path(outbox_dir)
        self.retry_pause = retry_pause

    @property
    def uses_outbox(self) -> bool:
        return self.target is None

    def send(self, msg: EmailMessage) -> Delivery:
        if self.target is None:
            return self._to_outbox(msg)
        result = Delivery("temporary", "not tried")
        for attempt in range(self.target.attempts):
            if attempt:
                time.sleep(self.retry_pause * attempt)
            result = self._smtp(self.target, msg)
            if result.status != "temporary":
                break
        return result

    def _to_outbox(self, msg: EmailMessage) -> Delivery:
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.outbox_dir / f"{stamp}-{_slug(str(msg['To']))}.eml"
        path.write_bytes(msg.as_bytes())
        return Delivery("outbox", f"written to {path}", path=str(path))

    @staticmethod
    def _smtp(t: SmtpTarget, msg: EmailMessage) -> Delivery:
        try:
            if t.security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(t.host, t.port, timeout=t.timeout,
                                                        context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(t.host, t.port, timeout=t.timeout)
            with client:
                if t.security == "starttls":
                    client.starttls(context=ssl.create_default_context())
                if t.user:
                    client.login(t.user, t.password or "")
                refused = client.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return Delivery("permanent" if code >= 500 else "temporary", _reply(text), code)
        except smtplib.SMTPResponseException as exc:
            return Delivery("permanent" if exc.smtp_code >= 500 else "temporary", _reply(exc.smtp_error),
                            exc.smtp_code)
        except (OSError, smtplib.SMTPException) as exc:  # refused connection, timeout, dropped line
            return Delivery("temporary", f"{type(exc).__name__}: {exc}")
        if refused:  # several recipients, some refused: we send one person per message, so rare
            code, text = next(iter(refused.values()))
            return Delivery("permanent" if code >= 500 else "temporary", _reply(text), code)
        return Delivery("sent", "accepted")


def _reply(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
