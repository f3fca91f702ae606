"""Mail about reports of incorrect contacts: the region's coordinators hear of a new report, the reporter
hears back when it is resolved. A listener on the ``GraphService`` (``report.created`` /
``report.resolved``) queues the mail on one background thread, so a request never waits for SMTP;
every attempt is recorded in the person's mail log (graph.queries.update_requests.record_mail), and a
temporary failure (server down, 4xx) is tried again after each of ``retry_delays`` while the process runs.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from api.mail import Mailer, compose, link, mailer_for, recipient_locale
from graph.queries.freshness import Report, responsible_party
from graph.queries.index import name_of
from graph.queries.update_requests import record_mail
from graph.service import GraphService

__all__ = ["ReportMailer", "install_report_mail"]

log = logging.getLogger("jbnet.mail")


class ReportMailer:
    """The ``report.*`` listener of one service; ``pending`` holds the queued sends (tests wait on them)."""

    def __init__(self, service: GraphService, mailer: Mailer | None = None,
                 retry_delays: tuple[float, ...] = (60.0, 300.0, 1800.0)) -> None:
        self.service = service
        self.mailer = mailer or mailer_for(service.settings)
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jbnet-report-mail")
        self.pending: list[Future[None]] = []
        self.retry_delays = retry_delays
        self._timers: list[threading.Timer] = []
        self._closed = False

    def __call__(self, event: str, payload: dict[str, Any]) -> None:
        if event == "report.created":
            for report in payload.get("reports", ()):
                self.pending.append(self.pool.submit(self._created, report))
        elif event == "report.resolved":
            self.pending.append(self.pool.submit(self._resolved, payload["report"]))

    def close(self) -> None:
        self._closed = True
        for timer in self._timers:
            timer.cancel()
        self.pool.shutdown(wait=True)

    def _retry_later(self, attempt: int, to_key: str, template: str, params: dict[str, Any], kind: str) -> None:
        if attempt >= len(self.retry_delays) or self._closed:
            return

        def again() -> None:
            if not self._closed:
                self.pending.append(self.pool.submit(self._send, to_key, template, params, kind, attempt + 1))

        timer = threading.Timer(self.retry_delays[attempt], again)
        timer.daemon = True
        self._timers.append(timer)
        timer.start()

    def _send(self, to_key: str, template: str, params: dict[str, Any], kind: str, attempt: int = 0) -> None:
        node = self.service.projection.node(to_key) or {}
        email = node.get("email")
        if not email or node.get("email_unreachable") or node.get("active", True) is False:
            return
        msg = compose(template, {"purpose": "report_notice", **params}, to=str(email),
                      to_name=str(node.get("name") or "") or None, sender=self.service.settings.mail_from,
                      locale=recipient_locale(node))
        result = self.mailer.send(msg)
        record_mail(self.service, to_key, purpose="report_notice", kind=kind, to=str(email),
                    subject=str(msg["Subject"]), status=result.status, detail=result.detail, code=result.code,
                    report=params.get("report_id"), attempt=attempt + 1)
        if result.status == "temporary":
            self._retry_later(attempt, to_key, template, params, kind)

    def _common(self, report: Report) -> dict[str, Any]:
        p = self.service.projection
        return {"report_id": report.id, "subject_name": name_of(p, report.subject), "remark": report.remark,
                "region_name": name_of(p, report.jeugdhulpregio), "jeugdhulpregio": report.jeugdhulpregio}

    def _created(self, report: Report) -> None:
        try:
            party = responsible_party(self.service.projection, report.jeugdhulpregio)
            params = self._common(report) | {"link": link(self.service.settings, f"/regio/{report.jeugdhulpregio}")}
            for c in party.coordinators:
                if c.professional is not None and c.professional.key != report.reporter:
                    self._send(c.professional.key, "report_new", params | {"person_name": c.professional.name},
                               "report_new")
        except Exception:  # a background send must not die silently: the log says what failed
            log.exception("mail about report %s failed", report.id)

    def _resolved(self, report: Report) -> None:
        try:
            if report.reporter:
                person = self.service.projection.node(report.reporter) or {}
                self._send(report.reporter, "report_resolved",
                           self._common(report) | {"person_name": person.get("name", ""),
                                                   "resolution": report.resolution or ""}, "report_resolved")
        except Exception:
            log.exception("mail about resolved report %s failed", report.id)


def install_report_mail(service: GraphService, mailer: Mailer | None = None) -> ReportMailer:
    """Mail the coordinators and reporters of this service's reports from now on."""
    listener = ReportMailer(service, mailer)
    service.listeners.append(listener)
    return listener
