"""A round of update requests: the domain says who is due (graph.queries.update_requests), this sends.

Each mail carries a personal signed link (api/links, 30 days). Every attempt is recorded in the store
with its result; a temporary failure (SMTP down, 4xx) is recorded as failed and the person stays due,
so the next round (the next scheduler tick or CLI run) tries again; nothing counts as sent that was not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import get_args

from api.links import link_secret, make_link
from api.mail import Mailer, compose, link, mailer_for, recipient_locale
from api.mail.transport import Status as DeliveryStatus
from graph.privacy import opaque_id
from graph.queries.update_requests import UpdateRequest, due_requests, record_delivery, request_for
from graph.service import GraphService

__all__ = ["MAIL_OUTCOMES", "RoundReport", "SentMail", "send_update_request_to", "send_update_requests", "update_link"]

# What became of one mail of a round: the transport's answer, or only listed (a dry run sends nothing).
MAIL_OUTCOMES = (*get_args(DeliveryStatus), "dry-run")


@dataclass(frozen=True)
class SentMail:
    kind: str
    professional: str
    to: str
    status: str  # one of MAIL_OUTCOMES
    detail: str = ""


@dataclass
class RoundReport:
    round_id: str
    dry_run: bool
    outbox: bool
    mails: list[SentMail] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """No temporary failure: nothing of this round is left to retry."""
        return not any(m.status == "temporary" for m in self.mails)

    def count(self, *statuses: str) -> int:
        return sum(1 for m in self.mails if m.status in statuses)


def update_link(service: GraphService, professional: str, *, by: str | None = None) -> str:
    """The personal page of ``professional``'s update request (``by``: the organisation's contact answering)."""
    secret = link_secret(service.settings, service.store)
    token = make_link(secret, "update_request", professional, **({"by": by} if by else {}))
    return link(service.settings, f"/bijwerken/{token}")


def _params(service: GraphService, req: UpdateRequest) -> dict[str, object]:
    by = req.to_professional if req.kind == "escalation" else None
    return {
        "person_name": req.to_name, "about_name": req.name, "region_name": req.region_name,
        "purpose": "update_request", "reminder": req.kind == "reminder", "escalation": req.kind == "escalation",
        "asked_on": req.asked_on, "link": update_link(service, req.professional, by=by),
        "entries": [{"function": e.position_name, "organisation": e.organisation_name, "position": e.position_name,
                     "region": ", ".join(e.jeugdhulpregios), "phone": req.phone, "email": req.email}
                    for e in req.entries],
    }


def send_update_requests(service: GraphService, *, region: str | None = None, dry_run: bool = False,
                         mailer: Mailer | None = None, today: str | None = None,
                         interval_days: int | None = None) -> RoundReport:
    """Send today's due requests, reminders and escalations (``dry_run``: only say what would go)."""
    mailer = mailer or mailer_for(service.settings)
    day = today or dt.date.today().isoformat()
    report = RoundReport(f"{day}-{opaque_id()}", dry_run, mailer.uses_outbox)
    service.refresh()  # other processes' answers count before we decide
    for req in due_requests(service, region=region, today=day, interval_days=interval_days):
        if dry_run:
            report.mails.append(SentMail(req.kind, req.professional, req.to_email, "dry-run"))
            continue
        template = "update_escalation" if req.kind == "escalation" else "update_request"
        msg = compose(template, _params(service, req), to=req.to_email, to_name=req.to_name,
                      sender=service.settings.mail_from, headers={"X-Jbnet-Round": report.round_id},
                      locale=recipient_locale(service.projection.node(req.to_professional)))
        result = mailer.send(msg)
        record_delivery(service, req, status=result.status, detail=result.detail, code=result.code,
                        subject=str(msg["Subject"]), round_id=report.round_id, on=day)
        report.mails.append(SentMail(req.kind, req.professional, req.to_email, result.status, result.detail))
    return report


def send_update_request_to(service: GraphService, professional: str, *, mailer: Mailer | None = None) -> str | None:
    """A fresh link for one person (their old one expired or was used), to the address on record.

    Returns the delivery status, or None when the person has no usable address."""
    req = request_for(service, professional, kind="new_link")
    if req is None:
        return None
    mailer = mailer or mailer_for(service.settings)
    msg = compose("update_request", _params(service, req), to=req.to_email, to_name=req.to_name,
                  sender=service.settings.mail_from,
                  locale=recipient_locale(service.projection.node(req.to_professional)))
    result = mailer.send(msg)
    record_delivery(service, req, status=result.status, detail=result.detail, code=result.code,
                    subject=str(msg["Subject"]))
    return result.status
