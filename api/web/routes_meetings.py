"""Bijeenkomsten: year plan per subregio, create a meeting, invite list with coverage and hours, freeze,
RSVP and attendance, exports.

Permissions as in the GraphQL API (``api.graphql.meetings.may_manage``): coordinators of the
meeting's jeugdhulpregio and admins manage; a professional sees the meetings they are invited to
and answers their own invitation.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import Role
from api.graphql.meetings import may_manage
from api.i18n import renderer
from api.web.rendering import Forbidden, PageError, WebRoute, page_locale, reason, render, service_of
from api.web.session import Session, WebSession
from graph.messages import Message, msg
from graph.queries.errors import NotFound
from graph.queries.exports import EXPORT_FORMATS, export_meeting
from graph.queries.freshness import jeugdhulpregios_of, responsible_party
from graph.queries.index import QueryError
from graph.queries.invites import (
    RSVP_STATUSES,
    attendance_history,
    freeze_invite_list,
    invite_list,
    is_invited,
    record_attendance,
    rsvp,
)
from graph.queries.meetings import MeetingError, MeetingInfo, create_meeting, meeting_info, meeting_plan
from graph.queries.regions import subregios_of
from graph.schema import Label, RelType

__all__ = ["RSVP_NAMES", "router"]

router = APIRouter(route_class=WebRoute, include_in_schema=False)
# Catalogue codes (api/locale) of the answers and export formats; the templates word them in the page's language.
RSVP_NAMES = {"invited": "page.rsvp.invited", "accepted": "page.rsvp.accepted", "declined": "page.rsvp.declined",
              "tentative": "page.rsvp.tentative"}
EXPORT_NAMES = {"csv": "page.export.csv", "xlsx": "page.export.xlsx", "ics": "page.export.ics",
                "vcf": "page.export.vcf", "txt": "page.export.txt"}
_ERRORS = (MeetingError, QueryError, NotFound)


def _default_region(request: Request, session: WebSession, regio: str | None) -> str | None:
    p = service_of(request).projection
    if regio:
        return regio
    if session.principal.scope:
        return session.principal.scope
    if session.principal.professional_key:
        jzs = jeugdhulpregios_of(p, session.principal.professional_key, Label.PROFESSIONAL.value)
        return jzs[0] if jzs else None
    return None


@router.get("/bijeenkomsten", response_class=HTMLResponse)
async def bijeenkomsten(request: Request, session: Session, jaar: int | None = None,
                        regio: str | None = None) -> Response:
    svc = service_of(request)
    p = svc.projection
    year = jaar or dt.date.today().year
    jz = _default_region(request, session, regio)
    plan = None
    manage = jz is not None and may_manage(session.principal, jz)
    if jz and (manage or session.principal.role in (Role.GOVERNANCE, Role.PROFESSIONAL)):
        try:
            plan = meeting_plan(p, year, jz, svc.settings.rules)
        except _ERRORS as exc:
            raise PageError(reason(exc), 404) from None
    mine = attendance_history(p, session.principal.professional_key) if session.principal.professional_key else []
    regions = [(k, str((p.node(k) or {}).get("name", k))) for k in p.keys(Label.JEUGDHULPREGIO)]
    subregios = [(k, str((p.node(k) or {}).get("name", k))) for k in subregios_of(p, jz)] if manage and jz else []
    organisers = []
    if manage and jz:
        organisers = [(c.professional.key, c.professional.name) for c in responsible_party(p, jz).coordinators
                      if c.professional]
    return render(request, "bijeenkomsten.html.j2", {
        "year": year, "jz": jz, "jz_name": (p.node(jz) or {}).get("name", jz) if jz else None, "plan": plan,
        "manage": manage, "mine": mine, "regions": regions, "subregios": subregios, "rsvp_names": RSVP_NAMES,
        "organisers": organisers,
    })


@router.post("/bijeenkomsten", response_class=HTMLResponse)
async def nieuw(request: Request, session: Session, regio: Annotated[str, Form()], datum: Annotated[str, Form()],
                begin: Annotated[str, Form()] = "", einde: Annotated[str, Form()] = "",
                plaats: Annotated[str, Form()] = "", online: Annotated[str, Form()] = "",
                organisator: Annotated[str, Form()] = "") -> Response:
    svc = service_of(request)
    p = svc.projection
    node = p.node(regio)
    if node is None or node.get("label") not in (Label.SUBREGIO.value, Label.JEUGDHULPREGIO.value):
        raise PageError(msg("web.no_region", region=regio), 404)
    jz = regio if node.get("label") == Label.JEUGDHULPREGIO.value else next(
        (d for d, _ in p.out_edges(regio, RelType.IN_JEUGDHULPREGIO, all_time=True)), None)
    if not may_manage(session.principal, jz):
        raise Forbidden(msg("web.meeting.create_coordinator", jeugdhulpregio=jz, region=regio))
    try:
        key = create_meeting(svc, session.principal.actor, region=regio, date=datum, start=begin or None,
                             end=einde or None, place=plaats.strip() or None, online=bool(online),
                             organiser=organisator or session.principal.professional_key)
    except _ERRORS as exc:
        raise PageError(msg("web.failed.create_meeting", problem=reason(exc))) from None
    return RedirectResponse(f"/bijeenkomsten/{key}", status_code=303)


def _meeting(request: Request, session: WebSession, key: str) -> tuple[MeetingInfo, bool, bool]:
    """(meeting info, may manage, is invited); Forbidden when neither."""
    p = service_of(request).projection
    try:
        info = meeting_info(p, key)
    except _ERRORS:
        raise PageError(msg("web.no_meeting", key=key), 404) from None
    manage = may_manage(session.principal, info.jeugdhulpregio)
    invited = is_invited(p, key, session.principal.professional_key)
    if not (manage or invited):
        raise Forbidden(msg("web.meeting.visible_to", meeting=key, region=info.jeugdhulpregio) if info.jeugdhulpregio
                        else msg("web.meeting.visible_to.province", meeting=key))
    return info, manage, invited


def _meeting_page(request: Request, session: WebSession, key: str,
                  message: Message | list[Message] | None = None) -> Response:
    svc = service_of(request)
    info, manage, _ = _meeting(request, session, key)
    il = invite_list(svc.projection, key, rules=svc.settings.rules)
    invitees = il.invitees if manage else tuple(i for i in il.invitees
                                                 if i.professional == session.principal.professional_key)
    gemeenten = list(dict.fromkeys(c.gemeente for c in il.coverage))
    types = list(dict.fromkeys(c.org_type for c in il.coverage))
    matrix = {(c.gemeente, c.org_type): c for c in il.coverage}
    names = {c.gemeente: c.gemeente_name for c in il.coverage}
    return render(request, "bijeenkomst.html.j2", {
        "m": info, "il": il, "invitees": invitees, "manage": manage, "gemeenten": gemeenten, "types": types,
        "matrix": matrix, "gemeente_names": names, "rsvp_names": RSVP_NAMES, "rsvp_statuses": RSVP_STATUSES,
        "exports": [(f, EXPORT_NAMES.get(f, f)) for f in EXPORT_FORMATS], "message": message,
        "me": session.principal.professional_key,
        "names": {i.proposed_backup: str((svc.projection.node(i.proposed_backup) or {}).get("name", i.proposed_backup))
                  for i in invitees if i.proposed_backup},
    })


@router.get("/bijeenkomsten/{key}", response_class=HTMLResponse)
async def bijeenkomst(request: Request, session: Session, key: str) -> Response:
    return _meeting_page(request, session, key)


@router.post("/bijeenkomsten/{key}/bevriezen", response_class=HTMLResponse)
async def bevriezen(request: Request, session: Session, key: str,
                    vervangers: Annotated[str, Form()] = "") -> Response:
    _, manage, _ = _meeting(request, session, key)
    if not manage:
        raise Forbidden(msg("web.meeting.freeze_coordinator"))
    svc = service_of(request)
    try:
        freeze_invite_list(svc, session.principal.actor, key, use_backups=bool(vervangers), rules=svc.settings.rules)
    except _ERRORS as exc:
        raise PageError(msg("web.failed.freeze", problem=reason(exc))) from None
    return _meeting_page(request, session, key, msg("web.meeting.frozen"))


@router.post("/bijeenkomsten/{key}/antwoord", response_class=HTMLResponse)
async def antwoord(request: Request, session: Session, key: str, professional: Annotated[str, Form()],
                   status: Annotated[str, Form()]) -> Response:
    _, manage, _ = _meeting(request, session, key)
    if not (manage or professional == session.principal.professional_key):
        raise Forbidden(msg("web.meeting.answer_self"))
    try:
        invitee = rsvp(service_of(request), session.principal.actor, key, professional, status)
    except _ERRORS as exc:
        raise PageError(msg("web.failed.answer", problem=reason(exc))) from None
    if request.headers.get("HX-Request"):
        return render(request, "_rsvp.html.j2", {"i": invitee, "m": {"key": key}, "rsvp_names": RSVP_NAMES,
                                                 "rsvp_statuses": RSVP_STATUSES, "frozen": True})
    return _meeting_page(request, session, key, msg("web.meeting.answer_saved", answer=RSVP_NAMES.get(status, status)))


@router.post("/bijeenkomsten/{key}/aanwezig", response_class=HTMLResponse)
async def aanwezig(request: Request, session: Session, key: str, professional: Annotated[str, Form()],
                   aanwezig: Annotated[str, Form()] = "") -> Response:
    _, manage, _ = _meeting(request, session, key)
    if not manage:
        raise Forbidden(msg("web.meeting.attendance_coordinator"))
    try:
        record_attendance(service_of(request), session.principal.actor, key, professional, aanwezig == "ja")
    except _ERRORS as exc:
        raise PageError(msg("web.failed.attendance", problem=reason(exc))) from None
    return _meeting_page(request, session, key, msg("web.meeting.attendance_saved"))


@router.get("/bijeenkomsten/{key}/export.{fmt}")
async def export(request: Request, session: Session, key: str, fmt: str) -> Response:
    info, manage, _ = _meeting(request, session, key)
    if not manage:
        raise Forbidden(msg("web.meeting.export_coordinator", region=info.jeugdhulpregio) if info.jeugdhulpregio
                        else msg("web.meeting.export_coordinator.province"))
    svc = service_of(request)
    try:
        out = export_meeting(svc.projection, svc.store, session.principal.actor, key, fmt,
                             say=renderer(page_locale(request)), rules=svc.settings.rules)
    except _ERRORS as exc:
        raise PageError(msg("web.failed.export", problem=reason(exc)), 422) from None
    return Response(out.content, media_type=out.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"',
                             "Cache-Control": "no-store"})
