"""The erasure notice (graph/queries/retention.py): before a long-inactive professional is erased, the
coordinators of their region get a mail, so someone who still works in the chain can be set active again.
A listener on ``retention.erasure_notice``; it sends at once, on the thread of the purge (the daily job
or ``jbnet privacy purge``), and records each attempt in the coordinator's mail log."""

from __future__ import annotations

import logging
from typing import Any

from api.i18n import DEFAULT_LOCALE
from api.mail import Mailer, compose, link, mailer_for, recipient_locale
from graph.queries.freshness import responsible_party
from graph.queries.index import name_of
from graph.queries.update_requests import record_mail
from graph.service import GraphService

__all__ = ["ErasureNoticeMailer", "install_erasure_notice_mail"]

log = logging.getLogger("jbnet.mail")


class ErasureNoticeMailer:
    def __init__(self, service: GraphService, mailer: Mailer | None = None, locale: str = DEFAULT_LOCALE) -> None:
        self.service = service
        self.locale = locale  # the notices' language; the templates word the dates in it (Babel)
        self.mailer = mailer or mailer_for(service.settings)
        self.sent: list[str] = []  # coordinator keys mailed (tests read it)

    def __call__(self, event: str, payload: dict[str, Any]) -> None:
        if event != "retention.erasure_notice":
            return
        try:
            self._notice(payload)
        except Exception:  # a failing mail must not stop the purge run; the notice itself is logged
            log.exception("erasure notice about %s failed", payload.get("professional"))

    def _notice(self, payload: dict[str, Any]) -> None:
        p = self.service.projection
        person = str(payload["professional"])
        node = p.node(person) or {}
        for jz in payload.get("jeugdhulpregios", ()):
            for c in responsible_party(p, jz).coordinators:
                if c.professional is None or c.professional.key == person:
                    continue
                to = p.node(c.professional.key) or {}
                email = to.get("email")
                if not email or to.get("email_unreachable"):
                    continue
                params = {"purpose": "erasure_notice", "person_name": c.professional.name,
                          "subject_name": name_of(p, person),
                          "inactive_since": str(node.get("inactive_since", ""))[:10] or None,
                          "erase_on": str(payload["erase_on"]),
                          "region_name": name_of(p, jz), "link": link(self.service.settings, "/mensen")}
                msg = compose("erasure_notice", params, to=str(email), to_name=c.professional.name,
                              sender=self.service.settings.mail_from, locale=recipient_locale(to, self.locale))
                result = self.mailer.send(msg)
                record_mail(self.service, c.professional.key, purpose="erasure_notice", kind="erasure_notice",
                            to=str(email), subject=str(msg["Subject"]), status=result.status, detail=result.detail,
                            code=result.code, about=person)
                self.sent.append(c.professional.key)


def install_erasure_notice_mail(service: GraphService, mailer: Mailer | None = None,
                                locale: str = DEFAULT_LOCALE) -> ErasureNoticeMailer:
    """Mail the region's coordinators (in ``locale``) when retention gives notice of an erasure."""
    listener = ErasureNoticeMailer(service, mailer, locale)
    service.listeners.append(listener)
    return listener
