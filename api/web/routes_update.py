"""Bijwerken: the page behind the personal link of an update request (no password, no session).

``/bijwerken/<token>`` shows the person's entries with "Klopt", "Wijzigen" and "Ik werk hier niet meer".
The signed token (api/links, purpose ``update_request``, 30 days) is the authority; it is single use for
changes (``use_link``). An expired or used link says so and offers a new one, sent to the address on
record (never to an address typed on the page). Domain work is in graph.queries.update_requests.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from api import i18n
from api.links import Link, LinkError, link_secret, read_link, use_link
from api.web.format import PROPERTY_NAMES, person_problem_in_dutch
from api.web.rendering import PageError, WebRoute, page_locale, reason, render, service_of
from api.web.session import Session, WebSession, require_region
from graph.messages import Message, msg, msg_by_code
from graph.queries.index import QueryError
from graph.queries.people import FieldProblem, PersonInputError
from graph.queries.update_requests import (
    answer_changed,
    answer_confirmed,
    answer_left,
    check_change,
    entries_of,
    link_answered,
    mail_log,
)
from graph.schema import Label

__all__ = ["router"]

router = APIRouter(route_class=WebRoute, include_in_schema=False)

_FIELD_NAMES = {"phone": "page.update.field.phone", "email": "page.update.field.email",  # catalogue codes
                "function": "page.update.field.function", "name": "page.update.field.name",
                "other": "page.update.field.other"}
_NEW_LINK_MINUTES = 10  # a new link is sent at most this often per person (the page is public)


def _secret(request: Request) -> str:
    svc = service_of(request)
    return link_secret(svc.settings, svc.store)


def _problems(request: Request, problems: Iterable[FieldProblem]) -> list[Message]:
    """Each input problem as "Field: what is wrong", in the page's language."""
    locale = page_locale(request)
    return [msg("web.update.field_problem", field=_FIELD_NAMES.get(p.field, p.field),
                problem=person_problem_in_dutch(p.code, p.params, locale)) for p in problems]


def _link_problem(request: Request, exc: LinkError, token: str) -> Response:
    can_renew = exc.code in ("link.expired", "link.used") and exc.subject is not None
    text = msg_by_code("web.update", exc.code, fallback="link.invalid")
    return render(request, "bijwerken_link.html.j2", {"message": text, "token": token, "can_renew": can_renew},
                  status_code=410 if exc.code in ("link.expired", "link.used") else 400)


def _open(request: Request, token: str) -> Link:
    link = read_link(_secret(request), token, "update_request")
    node = service_of(request).projection.node(link.subject)
    if node is None or node.get("label") != Label.PROFESSIONAL.value:
        raise LinkError("link.invalid", "link names nobody in the directory")
    return link


def _page(request: Request, token: str, link: Link, *, message: Message | None = None,
          problems: list[Message] | None = None,
          values: dict[str, str] | None = None, status_code: int = 200) -> Response:
    svc = service_of(request)
    node = svc.projection.node(link.subject) or {}
    by = link.params.get("by")
    by_name = str((svc.projection.node(str(by)) or {}).get("name", by)) if by else None
    return render(request, "bijwerken.html.j2", {
        "token": token, "node": node, "entries": entries_of(svc.projection, link.subject), "by_name": by_name,
        "message": message, "problems": problems or [], "values": values or {},
    }, status_code=status_code)


@router.get("/bijwerken/{token}", response_class=HTMLResponse)
async def bijwerken(request: Request, token: str) -> Response:
    try:
        link = _open(request, token)
    except LinkError as exc:
        return _link_problem(request, exc, token)
    svc = service_of(request)
    answered = link_answered(svc, link.subject, link.token_id)
    if answered is not None:
        return _link_problem(request, LinkError("link.used", answered, link.subject), token)
    if (svc.projection.node(link.subject) or {}).get("active", True) is False:
        raise PageError(msg("web.update.left"), 410)
    return _page(request, token, link)


def _spend(request: Request, token: str) -> Link | Response:
    try:
        link = _open(request, token)
        use_link(service_of(request).store, link)
    except LinkError as exc:
        return _link_problem(request, exc, token)
    return link


def _done(request: Request, text: Message | list[Message]) -> Response:
    return render(request, "bijwerken_klaar.html.j2", {"message": text})


@router.post("/bijwerken/{token}/klopt", response_class=HTMLResponse)
async def klopt(request: Request, token: str) -> Response:
    link = _spend(request, token)
    if isinstance(link, Response):
        return link
    try:
        answer_confirmed(service_of(request), link.subject, link.token_id, by=link.params.get("by"))
    except QueryError as exc:
        raise PageError(reason(exc)) from None
    return _done(request, msg("web.update.confirmed"))


@router.post("/bijwerken/{token}/wijzigen", response_class=HTMLResponse)
async def wijzigen(request: Request, token: str, telefoon: Annotated[str, Form()] = "",
                   email: Annotated[str, Form()] = "", functie: Annotated[str, Form()] = "",
                   overig: Annotated[str, Form()] = "") -> Response:
    try:
        link = _open(request, token)
    except LinkError as exc:
        return _link_problem(request, exc, token)
    svc = service_of(request)
    values = {"phone": telefoon, "email": email, "function": functie, "other": overig}
    if link_answered(svc, link.subject, link.token_id) is not None:
        return _link_problem(request, LinkError("link.used", "used", link.subject), token)
    try:  # check the input before spending the link: a typo must not use up the person's only link
        problems = check_change(svc, link.subject, phone=telefoon, email=email, function=functie, other=overig)
    except QueryError as exc:
        raise PageError(reason(exc)) from None
    if problems:
        return _page(request, token, link, problems=_problems(request, problems), values=values, status_code=422)
    spent = _spend(request, token)
    if isinstance(spent, Response):
        return spent
    try:
        changed = answer_changed(svc, link.subject, link.token_id, phone=telefoon, email=email, function=functie,
                                 other=overig, by=link.params.get("by"))
    except PersonInputError as exc:  # raced with another change; nothing was written
        return _page(request, token, link, problems=_problems(request, exc.problems), values=values, status_code=422)
    except QueryError as exc:
        raise PageError(msg("web.failed.save", problem=reason(exc))) from None
    locale = page_locale(request)
    text = [msg("web.update.changed", fields=[i18n.gettext(PROPERTY_NAMES[f], locale) for f in changed]) if changed
            else msg("web.update.nothing_changed")]
    if overig.strip():
        text.append(msg("web.update.other_queued"))
    return _done(request, text)


@router.post("/bijwerken/{token}/vertrokken", response_class=HTMLResponse)
async def vertrokken(request: Request, token: str, opmerking: Annotated[str, Form()] = "") -> Response:
    link = _spend(request, token)
    if isinstance(link, Response):
        return link
    try:
        answer_left(service_of(request), link.subject, link.token_id, remark=opmerking, by=link.params.get("by"))
    except QueryError as exc:
        raise PageError(reason(exc)) from None
    return _done(request, msg("web.update.left_thanks"))


@router.post("/bijwerken/{token}/nieuwe-link", response_class=HTMLResponse)
async def nieuwe_link(request: Request, token: str) -> Response:
    """Send a fresh link to the address on record (for an expired or used link whose signature is ours)."""
    from api.mail.rounds import send_update_request_to

    svc = service_of(request)
    try:
        subject = _open(request, token).subject
    except LinkError as exc:
        if exc.code not in ("link.expired", "link.used") or exc.subject is None:
            return _link_problem(request, exc, token)
        subject = exc.subject
    recent = [r for r in mail_log(svc, subject) if r.op == "mail.sent" and r.data.get("kind") == "new_link"]
    now = dt.datetime.now(dt.UTC)
    if recent and now - dt.datetime.fromisoformat(recent[-1].ts) < dt.timedelta(minutes=_NEW_LINK_MINUTES):
        return _done(request, msg("web.update.new_link_recent"))
    status = send_update_request_to(svc, subject)
    if status is None:
        raise PageError(msg("web.update.no_email"), 409)
    return _done(request, msg("web.update.new_link_sent"))


# --------------------------------------------------------------------------- meeting invitations
_RSVP_CHOICES = {"accepted": "page.invite.choice.accepted", "tentative": "page.invite.choice.tentative",  # codes
                 "declined": "page.invite.choice.declined"}


def _invitation(request: Request, token: str) -> tuple[str, str] | Response:
    try:
        link = read_link(_secret(request), token, "rsvp")
    except LinkError as exc:
        text = msg("web.invite.link.expired" if exc.code == "link.expired" else "web.invite.link.invalid")
        return render(request, "bijwerken_link.html.j2", {"message": text, "token": token, "can_renew": False},
                      status_code=410 if exc.code == "link.expired" else 400)
    meeting, _, prof = link.subject.partition("|")
    return meeting, prof


def _invitation_page(request: Request, token: str, meeting: str, prof: str, message: Message | None = None) -> Response:
    from graph.queries.invites import invite_list
    from graph.queries.meetings import meeting_info

    p = service_of(request).projection
    try:
        info = meeting_info(p, meeting)
        me = invite_list(p, meeting).get(prof)
    except (QueryError, LookupError, ValueError):
        raise PageError(msg("web.update.meeting_gone"), 404) from None
    if me is None:
        raise PageError(msg("web.update.not_invited"), 410)
    return render(request, "uitnodiging.html.j2", {"m": info, "me": me, "token": token, "choices": _RSVP_CHOICES,
                                                    "message": message})


@router.get("/uitnodiging/{token}", response_class=HTMLResponse)
async def uitnodiging(request: Request, token: str) -> Response:
    found = _invitation(request, token)
    if isinstance(found, Response):
        return found
    return _invitation_page(request, token, *found)


@router.post("/uitnodiging/{token}", response_class=HTMLResponse)
async def uitnodiging_antwoord(request: Request, token: str, antwoord: Annotated[str, Form()] = "") -> Response:
    """An answer through the personal link; it may change later (the link is not single use)."""
    from graph.queries.invites import rsvp
    from graph.queries.meetings import MeetingError
    from graph.queries.update_requests import self_actor

    found = _invitation(request, token)
    if isinstance(found, Response):
        return found
    meeting, prof = found
    if antwoord not in _RSVP_CHOICES:
        raise PageError(msg("web.update.pick_answer"), 422)
    try:
        rsvp(service_of(request), self_actor(prof), meeting, prof, antwoord)
    except (MeetingError, QueryError) as exc:
        raise PageError(msg("web.failed.your_answer", problem=reason(exc))) from None
    return _invitation_page(request, token, meeting, prof,
                            msg("web.invite.answer_saved", answer=_RSVP_CHOICES[antwoord]))


@router.post("/bijeenkomsten/{key}/uitnodigingen", response_class=HTMLResponse)
async def uitnodigingen_versturen(request: Request, session: Session, key: str) -> Response:
    """Send (or, after a change, send again) the invitations with ICS of a frozen list: its coordinators."""
    from api.mail.invitations import send_invitations
    from api.web.routes_meetings import _meeting, _meeting_page
    from graph.queries.meetings import MeetingError

    _, manage, _ = _meeting(request, session, key)
    if not manage:
        raise PageError(msg("web.update.send_coordinator"), 403)
    svc = service_of(request)
    from graph.queries.invites import invite_list

    if not invite_list(svc.projection, key).frozen:
        raise PageError(msg("web.update.freeze_first"), 409)
    try:
        report = send_invitations(svc, key, actor=session.principal.actor)
    except (MeetingError, QueryError) as exc:
        raise PageError(msg("web.failed.send", problem=reason(exc))) from None
    text = [msg("web.meeting.invitations_resent" if report.sequence else "web.meeting.invitations_sent",
                count=len(report.sent), version=report.sequence + 1)]
    if report.failed:
        text.append(msg("web.meeting.invitations_failed", count=len(report.failed)))
    if report.without_email:
        text.append(msg("web.meeting.invitees_without_email", count=len(report.without_email)))
    if svc.settings.smtp_url is None:
        text.append(msg("web.mail.in_outbox", folder=str(svc.settings.outbox)))
    return _meeting_page(request, session, key, text)


# --------------------------------------------------------------------------- coordinator overview
STATUS_NAMES = {  # catalogue codes of a person's request status
    "due": "page.requests.status.due", "asked": "page.requests.status.asked",
    "reminded": "page.requests.status.reminded", "escalated": "page.requests.status.escalated",
    "confirmed": "page.requests.status.confirmed", "changed": "page.requests.status.changed",
    "left": "page.requests.status.left", "unreachable": "page.requests.status.unreachable",
    "failed": "page.requests.status.failed",
}
_NO_ANSWER = ("asked", "reminded", "escalated")


def _status_page(request: Request, session: WebSession, jz: str, message: Message | list[Message] | None = None,
                 preview: list[Any] | None = None) -> Response:
    from graph.queries.index import name_of
    from graph.queries.update_requests import region_status

    svc = service_of(request)
    try:
        people = region_status(svc, jz)
    except QueryError as exc:
        raise PageError(reason(exc), 404) from None
    counts = {code: sum(1 for s in people if s.status == code) for code in STATUS_NAMES}
    summary = {"asked": sum(counts[c] for c in _NO_ANSWER) + counts["confirmed"] + counts["changed"],
               "confirmed": counts["confirmed"], "changed": counts["changed"],
               "no_answer": sum(counts[c] for c in _NO_ANSWER), "unreachable": counts["unreachable"]}
    rules = svc.settings.rules
    return render(request, "verzoeken.html.j2", {
        "jz": jz, "jz_name": name_of(svc.projection, jz), "people": people, "counts": counts, "summary": summary,
        "names": STATUS_NAMES, "message": message, "preview": preview, "rules": rules,
    })


@router.get("/regio/{jz}/verzoeken", response_class=HTMLResponse)
async def verzoeken(request: Request, session: Session, jz: str) -> Response:
    require_region(session, jz)
    return _status_page(request, session, jz)


@router.post("/regio/{jz}/verzoeken", response_class=HTMLResponse)
async def verzoeken_versturen(request: Request, session: Session, jz: str,
                              proef: Annotated[str, Form()] = "") -> Response:
    """Send the region's due requests now (``proef``: only show who would get one), as the daily job does."""
    from api.mail.rounds import send_update_requests

    require_region(session, jz)
    svc = service_of(request)
    try:
        report = await asyncio.to_thread(send_update_requests, svc, region=jz, dry_run=bool(proef))
    except QueryError as exc:
        raise PageError(reason(exc)) from None
    if proef:
        return _status_page(request, session, jz, msg("web.requests.preview", count=len(report.mails)),
                            preview=report.mails)
    text = [msg("web.requests.sent", count=report.count("sent", "outbox"))]
    if report.count("temporary"):
        text.append(msg("web.requests.temporary", count=report.count("temporary")))
    if report.count("permanent"):
        text.append(msg("web.requests.permanent", count=report.count("permanent")))
    if report.outbox:
        text.append(msg("web.requests.outbox", folder=str(svc.settings.outbox)))
    return _status_page(request, session, jz, text)
