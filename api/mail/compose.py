"""Composing mails from Jinja templates: plain text plus HTML (multipart/alternative), attachments.

Each mail ``name`` has ``templates/<name>.txt.j2`` (plain text; sets ``subject`` with ``{% set %}``) and
``templates/<name>.html.j2`` (HTML, autoescaped). Both include the footer that says why the person gets
the mail (AVG: the purpose), from the ``purpose`` code. Every text is a catalogue code (``_("mail.dear")``,
``mail.*`` in ``api/locale``), so a mail renders in the recipient's ``locale`` (Dutch unless asked otherwise);
``|t`` (a domain ``Message``) and ``|date`` follow the same language (``api/i18n.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.i18n import DEFAULT_LOCALE, install_jinja, supported

__all__ = ["Attachment", "RenderedMail", "compose", "mail_env", "recipient_locale", "render"]

TEMPLATE_DIR = Path(__file__).parent / "templates"

mail_env = Environment(
    loader=FileSystemLoader(str(TEMPLATE_DIR)),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
    undefined=StrictUndefined,
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
# The language layer's catalogues (api/i18n.py): ``_()``, ``{% trans %}``, ``|t`` for domain messages and
# ``|date`` in the mail's ``locale`` parameter (Dutch when not given).
install_jinja(mail_env)


def recipient_locale(node: Mapping[str, Any] | None, default: str | None = None) -> str:
    """The language of mails to a professional (their node): its ``language`` property ("nl", "en") when set,
    else ``default`` (the language the requester used, when a page asked for the mail), else Dutch."""
    asked = (node or {}).get("language")
    return supported(str(asked) if asked else default)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str
    params: dict[str, str] | None = None  # e.g. {"method": "REQUEST"} for text/calendar


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def render(name: str, params: dict[str, Any], locale: str = DEFAULT_LOCALE) -> RenderedMail:
    """Render mail ``name`` with ``params`` (the domain's codes and values plus links) in ``locale``."""
    params = {**params, "locale": supported(locale)}
    text_tpl = mail_env.get_template(f"{name}.txt.j2")
    module = text_tpl.make_module(params)
    subject = " ".join(str(getattr(module, "subject", "")).split())
    if not subject:
        raise ValueError(f"mail template {name}.txt.j2 sets no subject")
    html = mail_env.get_template(f"{name}.html.j2").render(params, subject=subject)
    return RenderedMail(subject, str(module), html)


def compose(name: str, params: dict[str, Any], *, to: str, to_name: str | None, sender: str,
            attachments: list[Attachment] | tuple[Attachment, ...] = (), reply_to: str | None = None,
            headers: dict[str, str] | None = None, locale: str = DEFAULT_LOCALE) -> EmailMessage:
    """A complete message in the recipient's ``locale``: headers, text/plain + text/html alternatives, then any
    attachments."""
    from datetime import UTC, datetime

    rendered = render(name, params, locale)
    msg = EmailMessage()
    msg["Subject"] = rendered.subject
    msg["From"] = sender
    msg["To"] = formataddr((to_name, to)) if to_name else to
    msg["Date"] = format_datetime(datetime.now(UTC))
    domain = sender.rsplit("@", 1)[-1].strip("> ") or "jbnet.localhost"
    msg["Message-ID"] = make_msgid(domain=domain)
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to us
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(rendered.text, subtype="plain", charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    if attachments:
        # multipart/mixed around the alternative, attachments after it (the form calendar clients expect)
        msg.make_mixed()
        for a in attachments:
            msg.add_attachment(a.content, maintype=a.maintype, subtype=a.subtype, filename=a.filename,
                               params=a.params or {})
    msg["Content-Language"] = supported(locale)  # after the parts: set_content/make_mixed move Content-* headers
    return msg
