"""Update requests on the region's rhythm: who is asked, reminded or escalated, and what they answered.

A person is *due* when one of the entries they hold (a position, in any region) is older than its
region's rhythm and they were not asked in the last ``update_request_interval_days``. One request per
person per round lists all their entries. Without an answer a reminder follows after
``update_reminder_days``, and after as long again the organisation's own contact person
(``organisatie_contactpersoon``) is asked instead.

Every send and every answer is a change-log entry that changes no node (``append_log``) under the
person's mail key (``mail:<professional key>``), like the report queue: one indexed
``store.history`` read per person, part of the audit trail, visible to every API process. A permanent
delivery failure marks the person ``email_unreachable`` (a logged node change) until their address
changes. Mail rendering and delivery live in ``api/mail``; this module only decides and records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.messages import msg
from graph.privacy import check_text, is_bsn
from graph.projection import Projection
from graph.queries.access import ORGANISATION_CONTACT_ROLE
from graph.queries.contacts import contact_for_position, rhythm_months
from graph.queries.freshness import jeugdhulpregios_of, report_incorrect_contact, verify_contact
from graph.queries.index import QueryError, contact_index, name_of, require, today_iso
from graph.queries.people import FieldProblem, PersonInput, _check, edit_professional
from graph.queries.turnover import mark_inactive
from graph.schema import Label, Node
from graph.service import GraphService
from graph.settings import DomainRules
from graph.store.base import ChangeBatch

__all__ = [
    "DeliveryRecord",
    "Entry",
    "PersonStatus",
    "RequestKind",
    "UpdateRequest",
    "answer_changed",
    "answer_confirmed",
    "answer_left",
    "check_change",
    "due_requests",
    "entries_of",
    "link_answered",
    "mail_key",
    "mail_log",
    "record_delivery",
    "record_mail",
    "region_status",
    "request_for",
    "self_actor",
]

RequestKind = Literal["request", "reminder", "escalation", "new_link"]
_DEFAULT_RULES = DomainRules()
_SENT = ("sent", "outbox")
_SELF_FIELDS = ("phone", "email", "function")
_MAX_REMARK = 1000


def mail_key(professional_key: str) -> str:
    return f"mail:{professional_key}"


def self_actor(professional_key: str) -> str:
    """The change-log actor of a person answering their own update request (verifiedBy shows it)."""
    return f"professional:{professional_key}"


@dataclass(frozen=True)
class Entry:
    position: str
    position_name: str
    organisation: str | None
    organisation_name: str | None
    jeugdhulpregios: tuple[str, ...]
    last_verified: str | None
    stale: bool


@dataclass(frozen=True)
class UpdateRequest:
    """One mail to send: to the person (request/reminder) or, on escalation, to their organisation's contact."""

    kind: RequestKind
    professional: str
    name: str
    function: str | None
    phone: str | None
    email: str | None
    entries: tuple[Entry, ...]
    region: str  # the jeugdhulpregio that sends (first of the entries', or the round's)
    region_name: str
    to_professional: str  # whom the mail goes to (the person, or the organisation's contact)
    to_email: str
    to_name: str
    asked_on: str | None = None  # the round's first request (reminder/escalation)


@dataclass(frozen=True)
class DeliveryRecord:
    seq: int
    ts: str
    op: str  # mail.sent / mail.failed / update.answer
    data: dict[str, Any] = field(default_factory=dict)


def mail_log(service: GraphService, professional_key: str) -> list[DeliveryRecord]:
    """Every send and answer about one person, oldest first."""
    return [DeliveryRecord(e.seq, e.ts, e.op, dict(e.after or {}))
            for e in service.store.history(mail_key(professional_key))]


def entries_of(p: Projection, professional_key: str, *, today: str | None = None,
               rules: DomainRules = _DEFAULT_RULES) -> list[Entry]:
    """The positions a person holds today, with organisation, regions and freshness (region's rhythm)."""
    day = today or today_iso()
    idx = contact_index(p, day)
    out: list[Entry] = []
    for pos in idx.held_by.get(professional_key, ()):
        jzs = tuple(jeugdhulpregios_of(p, pos, Label.POSITION.value))
        months = min((rhythm_months(p, jz, rules) for jz in jzs), default=rules.update_rhythm_months)
        mine = [c for c in contact_for_position(p, idx, pos, reason=msg("contact.reason.holder"), path=(),
                                                rhythm=months, today=day)
                if c.professional is not None and c.professional.key == professional_key]
        if not mine:
            continue
        c = mine[0]
        out.append(Entry(pos, c.position.name, c.organisation.key if c.organisation else None,
                         c.organisation.name if c.organisation else None, jzs, c.last_verified, c.stale))
    return out


@dataclass(frozen=True)
class _Round:
    asked_on: str | None  # date of the round's request
    reminded_on: str | None
    escalated_on: str | None
    answer: str | None  # confirmed / changed / left, given after the request
    answered_on: str | None
    last_failure: str | None  # status of the latest failed attempt (temporary / permanent)


def _round(log: list[DeliveryRecord]) -> _Round:
    asked = reminded = escalated = answer = answered = failure = None
    for r in log:
        day = str(r.data.get("on") or r.ts[:10])  # the round's day (a round may be run for another day)
        if r.op == "mail.sent" and r.data.get("purpose") == "update_request":
            kind = r.data.get("kind")
            if kind == "request":
                asked, reminded, escalated, answer, answered = day, None, None, None, None
            elif kind == "reminder":
                reminded = day
            elif kind == "escalation":
                escalated = day
            failure = None
        elif r.op == "mail.failed" and r.data.get("purpose") == "update_request":
            failure = str(r.data.get("status"))
        elif r.op == "update.answer":
            answer, answered = str(r.data.get("answer")), day
    return _Round(asked, reminded, escalated, answer, answered, failure)


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b[:10]) - dt.date.fromisoformat(a[:10])).days


def _organisation_contact(p: Projection, org: str | None, day: str, other_than: str) -> tuple[str, str, str] | None:
    """(key, e-mail, name) of the organisation's own contact person, if it has one with an address."""
    if org is None:
        return None
    idx = contact_index(p, day)
    for pos in idx.positions_at.get(org, ()):
        if (p.node(pos) or {}).get("role") != ORGANISATION_CONTACT_ROLE:
            continue
        for h in idx.holders.get(pos, ()):
            node = p.node(h.professional) or {}
            if h.professional != other_than and node.get("email") and not node.get("email_unreachable"):
                return h.professional, str(node["email"]), str(node.get("name", h.professional))
    return None


def _people_in(p: Projection, region: str | None, day: str) -> list[str]:
    idx = contact_index(p, day)
    people: dict[str, None] = {}
    for pos, holders in idx.holders.items():
        if region is not None and region not in jeugdhulpregios_of(p, pos, Label.POSITION.value):
            continue
        for h in holders:
            people[h.professional] = None
    return sorted(people)


def due_requests(service: GraphService, *, region: str | None = None, today: str | None = None,
                 rules: DomainRules | None = None, interval_days: int | None = None) -> list[UpdateRequest]:
    """The mails of today's round: new requests, reminders after the reminder term, escalations after two."""
    p = service.projection
    rules = rules or service.settings.rules
    if region is not None:
        require(p, region, Label.JEUGDHULPREGIO)
    day = (today or today_iso())[:10]
    interval = rules.update_request_interval_days if interval_days is None else interval_days
    if interval < 0:
        raise QueryError(msg("update.interval_negative", days=interval))
    out: list[UpdateRequest] = []
    for prof in _people_in(p, region, day):
        node = p.node(prof) or {}
        entries = entries_of(p, prof, today=day, rules=rules)
        if not entries or not any(e.stale for e in entries):
            continue
        rnd = _round(mail_log(service, prof))
        if rnd.asked_on is None or _days(rnd.asked_on, day) >= interval:
            kind: RequestKind = "request"
        elif rnd.answer is not None:
            continue  # answered this round (and still stale: e.g. a change waiting in the coordinator's queue)
        elif rnd.reminded_on is None and _days(rnd.asked_on, day) >= rules.update_reminder_days:
            kind = "reminder"
        elif (rnd.reminded_on is not None and rnd.escalated_on is None
              and _days(rnd.reminded_on, day) >= rules.update_reminder_days):
            kind = "escalation"
        else:
            continue
        base = _base(p, prof, entries, region, rnd.asked_on)
        unreachable = bool(node.get("email_unreachable")) or not node.get("email")
        if kind == "escalation" or (unreachable and kind == "request"):
            # Nobody answered (or the address bounces): the organisation's own contact is asked.
            orgs = [e.organisation for e in entries if e.organisation]
            contact = _organisation_contact(p, orgs[0] if orgs else None, day, prof)
            if contact is None:
                continue
            if unreachable and rnd.escalated_on and _days(rnd.escalated_on, day) < interval:
                continue
            out.append(UpdateRequest(kind="escalation", to_professional=contact[0], to_email=contact[1],
                                     to_name=contact[2], **base))
            continue
        out.append(UpdateRequest(kind=kind, to_professional=prof, to_email=str(node["email"]),
                                 to_name=str(node.get("name", prof)), **base))
    return out


def _base(p: Projection, prof: str, entries: list[Entry], region: str | None, asked_on: str | None) -> dict[str, Any]:
    node = p.node(prof) or {}
    jzs = [jz for e in entries for jz in e.jeugdhulpregios]
    sender = region or (jzs[0] if jzs else "")
    return dict(professional=prof, name=str(node.get("name", prof)), function=node.get("function"),
                phone=node.get("phone"), email=node.get("email"), entries=tuple(entries), region=sender,
                region_name=name_of(p, sender) if sender else "", asked_on=asked_on)


def request_for(service: GraphService, prof: str, *, kind: RequestKind = "new_link",
                today: str | None = None) -> UpdateRequest | None:
    """A request to one active person at their own address (a new link on demand); None without a usable one."""
    p = service.projection
    node = p.node(prof)
    if (node is None or node.get("label") != Label.PROFESSIONAL.value or node.get("active", True) is False
            or not node.get("email") or node.get("email_unreachable")):
        return None
    entries = entries_of(p, prof, today=today, rules=service.settings.rules)
    return UpdateRequest(kind=kind, to_professional=prof, to_email=str(node["email"]),
                         to_name=str(node.get("name", prof)), **_base(p, prof, entries, None, None))


def record_mail(service: GraphService, professional: str, *, purpose: str, kind: str, to: str, subject: str,
                status: str, detail: str = "", code: int | None = None, actor: str = "jbnet:mailer",
                **extra: Any) -> None:
    """Log any mail to a person (who, when, what, result); a permanent failure marks the address unreachable."""
    data = {"purpose": purpose, "kind": kind, "to": to, "subject": subject, "status": status,
            "detail": detail[:500], "code": code, **extra}
    service.store.append_log(actor, "mail.sent" if status in _SENT else "mail.failed", mail_key(professional),
                             "mail", None, data)
    if status == "permanent":
        mark_unreachable(service, professional, detail, actor=actor)


def record_delivery(service: GraphService, request: UpdateRequest, *, status: str, detail: str = "",
                    code: int | None = None, subject: str = "", round_id: str = "", actor: str = "jbnet:mailer",
                    purpose: str = "update_request", on: str | None = None) -> None:
    """Log one send (who, when, what, result); a permanent failure marks the address unreachable."""
    ok = status in _SENT
    data = {"purpose": purpose, "kind": request.kind, "to": request.to_email,
            "to_professional": request.to_professional,
            "subject": subject, "status": status, "detail": detail[:500], "code": code, "round": round_id,
            "entries": [e.position for e in request.entries], "region": request.region,
            "on": (on or today_iso())[:10]}
    service.store.append_log(actor, "mail.sent" if ok else "mail.failed", mail_key(request.professional), "mail",
                             None, data)
    if request.to_professional != request.professional:  # an escalation: also in the contact's own log
        service.store.append_log(actor, "mail.sent" if ok else "mail.failed", mail_key(request.to_professional),
                                 "mail", None, {**data, "about": request.professional})
    if status == "permanent":
        mark_unreachable(service, request.to_professional, detail, actor=actor)


def mark_unreachable(service: GraphService, professional_key: str, detail: str, *, actor: str,
                     today: str | None = None) -> None:
    node = service.projection.node(professional_key)
    if node is None or node.get("email_unreachable"):
        return
    props = {"email_unreachable": (today or today_iso())[:10], "email_unreachable_reason": detail[:200]}
    service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=professional_key, props=props)]), actor)


# --------------------------------------------------------------------------- answers (via the personal link)
def link_answered(service: GraphService, professional_key: str, token_id: str) -> str | None:
    """The answer already given with this link (it is single use for changes), or None."""
    for r in mail_log(service, professional_key):
        if r.op == "update.answer" and r.data.get("token") == token_id:
            return str(r.data.get("answer"))
    return None


def _answer(service: GraphService, prof: str, answer: str, token_id: str, by: str | None, **extra: Any) -> None:
    data = {"answer": answer, "token": token_id, **extra} | ({"by": by} if by else {})
    service.store.append_log(self_actor(by or prof), "update.answer", mail_key(prof), "mail", None, data)


def _active(service: GraphService, prof: str) -> dict[str, Any]:
    node = service.projection.node(prof)
    if node is None or node.get("label") != Label.PROFESSIONAL.value:
        raise QueryError(msg("update.professional_unknown", professional=prof))
    if node.get("active", True) is False:
        raise QueryError(msg("update.professional_inactive", professional=str(node.get("name", prof))))
    return node


def answer_confirmed(service: GraphService, prof: str, token_id: str, *, today: str | None = None,
                     by: str | None = None) -> None:
    """"Klopt": the person and every position they hold are verified today, by the person (or ``by``, the
    organisation's contact answering an escalation)."""
    _active(service, prof)
    actor = self_actor(by or prof)
    verify_contact(service, prof, actor=actor, today=today)
    for e in entries_of(service.projection, prof, today=today):
        verify_contact(service, e.position, actor=actor, today=today)
    _answer(service, prof, "confirmed", token_id, by)


def check_change(service: GraphService, prof: str, *, phone: str, email: str, function: str,
                 other: str = "") -> list[FieldProblem]:
    """The problems ``answer_changed`` would refuse, found without writing (so a typo does not spend a link)."""
    node = _active(service, prof)
    _, problems = _check(service.projection, PersonInput(name=str(node.get("name", "")), function=function,
                                                         email=email, phone=phone), key=prof)
    text = other.strip()
    if len(text) > _MAX_REMARK:
        problems.append(FieldProblem("other", "person.too_long", {"max": _MAX_REMARK}))
    elif text and is_bsn(text):
        problems.append(FieldProblem("other", "person.looks_like_bsn"))
    elif text:  # birth dates, addresses: refused (PrivacyError) before the link is spent
        check_text("other", text, where="report")
    return problems


def answer_changed(service: GraphService, prof: str, token_id: str, *, phone: str, email: str, function: str,
                   other: str = "", today: str | None = None, by: str | None = None) -> list[str]:
    """"Wijzigen": phone, e-mail and function change at once (``PersonInputError`` per field); anything else
    the person writes becomes a report in the coordinators' queues. Returns the fields that changed."""
    node = _active(service, prof)
    actor = self_actor(by or prof)
    new = {"phone": phone.strip(), "email": email.strip(), "function": function.strip()}
    changed = [f for f in _SELF_FIELDS if new[f] != str(node.get(f) or "")]
    data = PersonInput(name=str(node.get("name", "")), function=new["function"], email=new["email"],
                       phone=new["phone"])
    other_text = other.strip()
    if other_text:  # checked before anything is written, so a refused remark writes nothing
        _check_remark(other_text)
    edit_professional(service, prof, data, actor=actor, on=today)
    if "email" in changed and node.get("email_unreachable"):
        props = {k: v for k, v in (service.projection.node(prof) or {}).items()
                 if k not in ("label", "email_unreachable", "email_unreachable_reason")}
        service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=prof, props=props)], replace=True), actor)
    verify_contact(service, prof, actor=actor, today=today)
    for e in entries_of(service.projection, prof, today=today):
        verify_contact(service, e.position, actor=actor, today=today)
    if other_text:
        report_incorrect_contact(service, prof, other_text, actor=actor, reporter=by or prof)
    _answer(service, prof, "changed", token_id, by, fields=changed, reported=bool(other_text))
    return changed


def _check_remark(text: str) -> None:
    if len(text) > _MAX_REMARK:
        raise QueryError(msg("update.remark_too_long", max=_MAX_REMARK))
    if is_bsn(text):
        raise QueryError(msg("update.remark_bsn"))
    check_text("remark", text, where="report")  # the rest of the privacy check, before anything is written


def answer_left(service: GraphService, prof: str, token_id: str, *, on: str | None = None,
                remark: str = "", by: str | None = None) -> list[str]:
    """"Ik werk hier niet meer": the person leaves (positions become vacant) and the coordinators hear of it
    in their queue. Returns the positions that became vacant."""
    _active(service, prof)
    actor = self_actor(by or prof)
    day = (on or today_iso())[:10]
    text = remark.strip()
    if text:
        _check_remark(text)
    positions = [e.position for e in entries_of(service.projection, prof, today=day)]
    who = "self" if by is None else "contact"
    note = msg(f"report.left.{who}.remark", remark=text) if text else msg(f"report.left.{who}")
    reports = report_incorrect_contact(service, prof, note, actor=actor, reporter=by) if positions else []
    result = mark_inactive(service, prof, actor=actor, on=day)
    _answer(service, prof, "left", token_id, by, positions=positions, reports=[r.id for r in reports],
            closed=len(result.closed))
    return positions


# --------------------------------------------------------------------------- coordinator overview
StatusCode = Literal["due", "asked", "reminded", "escalated", "confirmed", "changed", "left", "unreachable",
                     "failed"]


@dataclass(frozen=True)
class PersonStatus:
    professional: str
    name: str
    status: StatusCode
    asked_on: str | None
    reminded_on: str | None
    escalated_on: str | None
    answered_on: str | None
    unreachable_since: str | None
    stale_entries: int


def region_status(service: GraphService, region: str, *, today: str | None = None) -> list[PersonStatus]:
    """Per person of the region: asked, confirmed, changed, no answer (asked/reminded/escalated), unreachable."""
    p = service.projection
    require(p, region, Label.JEUGDHULPREGIO)
    day = (today or today_iso())[:10]
    out: list[PersonStatus] = []
    rules = service.settings.rules
    for prof in _people_in(p, region, day):
        node = p.node(prof) or {}
        rnd = _round(mail_log(service, prof))
        entries = entries_of(p, prof, today=day, rules=rules)
        stale = sum(1 for e in entries if e.stale)
        status: StatusCode
        if node.get("email_unreachable"):
            status = "unreachable"
        elif rnd.answer:
            status = rnd.answer  # type: ignore[assignment]
        elif rnd.escalated_on:
            status = "escalated"
        elif rnd.reminded_on:
            status = "reminded"
        elif rnd.asked_on:
            status = "asked"
        elif rnd.last_failure:
            status = "failed"
        elif stale:
            status = "due"
        else:
            continue
        out.append(PersonStatus(prof, str(node.get("name", prof)), status, rnd.asked_on, rnd.reminded_on,
                                rnd.escalated_on, rnd.answered_on, node.get("email_unreachable"), stale))
    return out  # people who left hold nothing any more: they show as vacancies of the region
