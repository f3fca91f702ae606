"""The freshness loop of contactbeheer (bouwsteen 2): who keeps a region's contacts true, what is stale.

Reports of incorrect contacts are change-log entries that change no node (``append_log``), written
under a queue key per jeugdhulpregio (``queue:JZ21``): the queue is then one indexed
``store.history(queue key)`` read, it is part of the audit trail, and every API process sees it
without a new table. Resolving a report appends a ``report.resolved`` entry to the same queue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph.messages import Message, message_data, message_from_data, msg
from graph.privacy import check_text
from graph.projection import Projection
from graph.queries.contacts import (
    Contact,
    OrganisationRef,
    contact_for_position,
    organisation_ref,
    rhythm_months,
)
from graph.queries.index import QueryError, contact_index, require, today_iso
from graph.schema import Label, Node, RelType
from graph.service import GraphService
from graph.settings import DomainRules
from graph.store.base import ChangeBatch

__all__ = [
    "ENTRY_KINDS",
    "REPORT_STATUSES",
    "Report",
    "ResponsibleParty",
    "StaleContact",
    "jeugdhulpregios_of",
    "queue_key",
    "report_incorrect_contact",
    "report_queue",
    "resolve_report",
    "responsible_party",
    "stale_contacts",
    "verify_contact",
]

_DEFAULT_RULES = DomainRules()
# What a contact entry can be (what can be confirmed or reported): its node label.
ENTRY_KINDS = (Label.PROFESSIONAL.value, Label.POSITION.value, Label.ORGANISATION.value)
_VERIFIABLE = ENTRY_KINDS
# Where a report of an incorrect contact stands.
REPORT_STATUSES = ("open", "resolved")
_MAX_REMARK = 1000


@dataclass(frozen=True)
class ResponsibleParty:
    jeugdhulpregio: str
    jeugdhulpregio_name: str
    organisation: OrganisationRef | None
    inferred: bool
    note: str  # the note on record with the responsibility ("" when none)
    coordinators: tuple[Contact, ...]
    update_rhythm_months: int
    rhythm_from_region: bool  # False: the configured default (the seeds state no rhythm, 000:474-478)
    finding: Message | None = None  # contactbeheer.no_party when nobody is on record


def responsible_party(p: Projection, jeugdhulpregio_code: str, *, on: str | None = None,
                      rules: DomainRules = _DEFAULT_RULES) -> ResponsibleParty:
    """RESPONSIBLE_FOR_CONTACTBEHEER of the region: Veilig Thuis (Noord/Oost) or the centrale gemeente."""
    jz = require(p, jeugdhulpregio_code, Label.JEUGDHULPREGIO)
    idx = contact_index(p, on)
    months = rhythm_months(p, jeugdhulpregio_code, rules)
    parties = p.in_edges(jeugdhulpregio_code, RelType.RESPONSIBLE_FOR_CONTACTBEHEER, on=idx.day)
    if not parties:
        return ResponsibleParty(jeugdhulpregio_code, str(jz.get("name", jeugdhulpregio_code)), None, False, "", (),
                                months, bool(jz.get("update_rhythm_months")), msg("contactbeheer.no_party"))
    org_key, attrs = parties[0]
    coordinators: list[Contact] = []
    for pos in idx.positions_at.get(org_key, ()):
        if (p.node(pos) or {}).get("role") == "contactbeheer_coordinator":
            why = msg("contact.reason.coordinator")
            coordinators += contact_for_position(p, idx, pos, reason=why, path=(), rhythm=months, today=idx.day)
    return ResponsibleParty(jeugdhulpregio_code, str(jz.get("name", jeugdhulpregio_code)),
                            organisation_ref(p, org_key),
                            bool(attrs.get("inferred")), str(attrs.get("note", "")), tuple(coordinators), months,
                            bool(jz.get("update_rhythm_months")))


@dataclass(frozen=True)
class StaleContact:
    contact: Contact
    rhythm_months: int
    reason: Message  # stale.never_confirmed / stale.older_than


def _region_scope(p: Projection, jeugdhulpregio_code: str, on: str | None) -> set[str]:
    idx = contact_index(p, on)
    scope: set[str] = set()
    for gm in idx.gemeenten_of.get(jeugdhulpregio_code, ()):
        for _, keys in idx.chain.get(gm, ()):
            scope.update(keys)
    return scope


def stale_contacts(p: Projection, jeugdhulpregio_code: str, *, today: str | None = None,
                   rules: DomainRules = _DEFAULT_RULES) -> list[StaleContact]:
    """Contacts serving the region's gemeenten whose last confirmation is older than the region's rhythm."""
    require(p, jeugdhulpregio_code, Label.JEUGDHULPREGIO)
    now = today or today_iso()
    idx = contact_index(p, now)
    months = rhythm_months(p, jeugdhulpregio_code, rules)
    scope = _region_scope(p, jeugdhulpregio_code, now)
    out = []
    for pos, regions in idx.covers.items():
        if not scope.intersection(regions):
            continue
        for c in contact_for_position(p, idx, pos, reason=msg("contact.reason.serves_region"), path=(),
                                      rhythm=months, today=now):
            if c.stale:
                why = (msg("stale.older_than", last_verified=c.last_verified[:10], months=months)
                       if c.last_verified else msg("stale.never_confirmed"))
                out.append(StaleContact(c, months, why))
    out.sort(key=lambda s: (s.contact.last_verified or "", s.contact.position.key))
    return out


def _verifiable(p: Projection, key: str) -> dict[str, Any]:
    """The node of a professional, position or organisation (what can be confirmed or reported); else QueryError."""
    node = p.node(key)
    if node is None or node.get("label") not in _VERIFIABLE:
        raise QueryError(msg("freshness.unknown_key", key=key))
    return node


def verify_contact(service: GraphService, key: str, *, actor: str, today: str | dt.date | None = None) -> int:
    """Confirm an entry is correct: sets ``last_verified`` and ``verified_by`` (logged). Returns entries written."""
    p = service.projection
    node = _verifiable(p, key)
    day = str(today or today_iso())[:10]
    try:
        dt.date.fromisoformat(day)
    except ValueError:
        raise QueryError(msg("query.invalid_date", value=str(today))) from None
    batch = ChangeBatch(nodes=[Node(label=node["label"], key=key, props={"last_verified": day, "verified_by": actor})])
    return len(service.write(batch, actor))


# --------------------------------------------------------------------------- reports
def queue_key(jeugdhulpregio_code: str) -> str:
    return f"queue:{jeugdhulpregio_code}"


@dataclass(frozen=True)
class Report:
    id: int  # the change-log seq of the report
    jeugdhulpregio: str
    subject: str
    subject_kind: str
    remark: Message | str  # the reporter's text, or a catalogue message (a left-answer: report.left.*)
    reported_by: str
    reported_at: str
    status: str  # open / resolved
    resolved_by: str | None = None
    resolution: str | None = None
    reporter: str | None = None  # the reporting professional's key, when known (to tell them the outcome)


def jeugdhulpregios_of(p: Projection, key: str, kind: str) -> list[str]:
    """The jeugdhulpregio's whose contactbeheer keeps ``key`` (via what it covers or serves)."""
    idx = contact_index(p)
    if kind == Label.PROFESSIONAL.value:
        regions = [r for pos in idx.held_by.get(key, ()) for r in idx.covers.get(pos, ())]
        if not regions:  # not holding anything (anymore): the regions of its organisations
            regions = [r for org, _ in p.out_edges(key, RelType.WORKS_AT, all_time=True)
                       for r, _ in p.out_edges(org, RelType.SERVES)]
    elif kind == Label.POSITION.value:
        regions = list(idx.covers.get(key, ()))
    else:
        regions = [r for r, _ in p.out_edges(key, RelType.SERVES)]
    jzs: list[str] = []
    for r in regions:
        for gm in idx.gemeenten_of.get(r, ()):
            jz = idx.jeugdhulpregio_of.get(gm)
            if jz and jz not in jzs:
                jzs.append(jz)
    return sorted(jzs)


def remark_of(stored: Any) -> Message | str:
    """A report's remark as the change log holds it: a message's data (``{"code", "params"}``) or, in entries
    written before remarks could be codes (and for a reporter's own words), the text itself."""
    if isinstance(stored, dict) and "code" in stored and "params" in stored:
        return message_from_data(stored)
    return "" if stored is None else str(stored)


def report_incorrect_contact(service: GraphService, key: str, remark: str | Message, *, actor: str,
                             reporter: str | None = None) -> list[Report]:
    """Anyone signed in reports an entry as wrong; the report lands in each responsible region's queue.

    ``reporter`` (a professional key) is kept so they hear back when it is resolved; listeners get
    ``report.created`` (the api layer mails the region's coordinators)."""
    p = service.projection
    node = _verifiable(p, key)
    # A catalogue message (who reports what) is stored as its code and params; the reporter's words in it too.
    said = [str(v) for _, v in remark.params if isinstance(v, str)] if isinstance(remark, Message) else [remark]
    text: Message | str = remark if isinstance(remark, Message) else remark.strip()
    if not isinstance(text, Message) and not text:
        raise QueryError(msg("report.remark_empty"))
    if any(len(s.strip()) > _MAX_REMARK for s in said):
        raise QueryError(msg("report.remark_too_long", max=_MAX_REMARK))
    for s in said:
        check_text("remark", s.strip(), where="report")  # before the queue lookup: refused the same way everywhere
    kind = str(node["label"])
    jzs = jeugdhulpregios_of(p, key, kind)
    if not jzs:
        raise QueryError(msg("report.no_region", key=key))
    out = []
    extra = {"reporter": reporter} if reporter else {}
    for jz in jzs:
        entry = service.store.append_log(actor, "report.incorrect", queue_key(jz), "report", None,
                                         {"subject": key, "subject_kind": kind, "jeugdhulpregio": jz,
                                          "remark": message_data(text) if isinstance(text, Message) else text,
                                          **extra})
        out.append(Report(entry.seq, jz, key, kind, text, actor, entry.ts, "open", reporter=reporter))
    service.emit("report.created", {"reports": out})
    return out


def _reports(service: GraphService, jeugdhulpregio_code: str) -> dict[int, Report]:
    reports: dict[int, Report] = {}
    for e in service.store.history(queue_key(jeugdhulpregio_code)):
        after: dict[str, Any] = e.after or {}
        if e.op == "report.incorrect":
            reports[e.seq] = Report(e.seq, jeugdhulpregio_code, str(after.get("subject")),
                                    str(after.get("subject_kind")), remark_of(after.get("remark")), e.actor, e.ts,
                                    "open", reporter=after.get("reporter"))
        elif e.op == "report.resolved" and int(after.get("report", -1)) in reports:
            r = reports[int(after["report"])]
            reports[r.id] = Report(r.id, r.jeugdhulpregio, r.subject, r.subject_kind, r.remark, r.reported_by,
                                   r.reported_at, "resolved", e.actor, str(after.get("resolution", "")),
                                   r.reporter)
    return reports


def report_queue(service: GraphService, jeugdhulpregio_code: str, *, include_resolved: bool = False) -> list[Report]:
    """The region's reports, oldest first (open ones only unless ``include_resolved``)."""
    require(service.projection, jeugdhulpregio_code, Label.JEUGDHULPREGIO)
    return [r for r in _reports(service, jeugdhulpregio_code).values() if include_resolved or r.status == "open"]


def resolve_report(service: GraphService, jeugdhulpregio_code: str, report_id: int, resolution: str, *,
                   actor: str) -> Report:
    """Close a report of the region's queue with a short resolution ("updated", "was correct")."""
    reports = _reports(service, jeugdhulpregio_code)
    report = reports.get(report_id)
    if report is None:
        raise QueryError(msg("report.unknown", report=report_id, region=jeugdhulpregio_code))
    if report.status != "open":
        raise QueryError(msg("report.already_resolved", report=report_id, by=str(report.resolved_by)))
    service.store.append_log(actor, "report.resolved", queue_key(jeugdhulpregio_code), "report", None,
                             {"report": report_id, "resolution": resolution.strip()[:_MAX_REMARK]})
    resolved = _reports(service, jeugdhulpregio_code)[report_id]
    service.emit("report.resolved", {"report": resolved})
    return resolved
