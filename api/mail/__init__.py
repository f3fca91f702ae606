"""Outgoing mail: composed from Jinja templates (text + HTML in the recipient's language), sent over SMTP
or into the outbox folder.

``Mailer`` (transport.py) delivers; ``compose`` (compose.py) builds the message; ``mailer_for`` makes the
process's mailer from the settings (``JBNET_SMTP_URL``, ``JBNET_OUTBOX``). The domain (graph/queries)
decides *who* gets *what* and returns codes; this package only renders and delivers.
"""

from __future__ import annotations

from api.mail.compose import Attachment, RenderedMail, compose, recipient_locale, render
from api.mail.transport import Delivery, MailConfigError, Mailer, SmtpTarget, parse_smtp_url
from graph.settings import Settings

__all__ = [
    "Attachment", "Delivery", "MailConfigError", "Mailer", "RenderedMail", "SmtpTarget", "compose",
    "link", "mailer_for", "parse_smtp_url", "recipient_locale", "render",
]


def mailer_for(settings: Settings) -> Mailer:
    return Mailer(settings.smtp_url, settings.outbox)


def link(settings: Settings, path: str) -> str:
    """An absolute link for a mail: ``JBNET_BASE_URL`` + ``path``."""
    return settings.base_url.rstrip("/") + "/" + path.lstrip("/")
