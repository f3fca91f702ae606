"""A real SMTP server on loopback (aiosmtpd) for the tests, and helpers to read what it received.

    def test_x(smtp_server: MailServer) -> None:
        settings = Settings(smtp_url=smtp_server.url, ...)
        ...
        msg = smtp_server.wait_for(1)[0]
        assert "Klopt" in text_of(msg); links_in(msg); ics_of(msg)

``smtp_server.reject[address] = "550 5.1.1 ..."`` refuses a recipient (a permanent failure),
``smtp_server.tempfail[address] = "451 4.3.0 ..."`` a temporary one; ``smtp_server.stop()`` takes the
server down (connections refused) and ``start()`` brings it back on the same port.
"""

from __future__ import annotations

import email
import email.policy
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.support import free_port

__all__ = ["Delivered", "MailServer", "html_of", "ics_of", "links_in", "smtp_server", "text_of"]


@dataclass
class Delivered:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    def __getitem__(self, header: str) -> Any:
        return self.message[header]


class _Handler:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        reply = self.server.reject.get(address.lower()) or self.server.tempfail.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.server.lock:
            self.server.messages.append(Delivered(envelope.mail_from, list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class MailServer:
    """aiosmtpd in a thread on 127.0.0.1; ``messages`` holds every accepted message, parsed."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[Delivered] = []
        self.reject: dict[str, str] = {}
        self.tempfail: dict[str, str] = {}
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        """``JBNET_SMTP_URL`` for this server (one attempt, short timeout: tests should not wait)."""
        return f"smtp://127.0.0.1:{self.port}?attempts=1&timeout=5"

    def start(self) -> None:
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()

    def to(self, address: str) -> list[Delivered]:
        return [m for m in self.messages if address.lower() in (r.lower() for r in m.rcpt_tos)]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Delivered]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} mails, got {len(self.messages)}")
            time.sleep(0.02)
        return list(self.messages)


@pytest.fixture
def smtp_server() -> Iterator[MailServer]:
    server = MailServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _msg(m: Delivered | EmailMessage) -> EmailMessage:
    return m.message if isinstance(m, Delivered) else m


def text_of(m: Delivered | EmailMessage) -> str:
    part = _msg(m).get_body(preferencelist=("plain",))
    assert part is not None, "no text/plain part"
    return part.get_content()


def html_of(m: Delivered | EmailMessage) -> str:
    part = _msg(m).get_body(preferencelist=("html",))
    assert part is not None, "no text/html part"
    return part.get_content()


def links_in(m: Delivered | EmailMessage) -> list[str]:
    """The http(s) links of the plain-text part, in order."""
    return re.findall(r"https?://[^\s<>\"']+", text_of(m))


def ics_of(m: Delivered | EmailMessage) -> Any:
    """The attached text/calendar part parsed with icalendar (the Calendar), or AssertionError."""
    import icalendar

    for part in _msg(m).walk():
        if part.get_content_type() == "text/calendar":
            return icalendar.Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no text/calendar part")
