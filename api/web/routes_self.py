"""Mijn gegevens: a professional sees their own entry and positions and confirms or corrects them.

The self-service side of the freshness loop: "klopt" calls ``verify_contact``; a correction is a
``report_incorrect_contact`` into the queue of the region that keeps the entry.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from api import i18n
from api.web.format import person_problem_in_dutch
from api.web.rendering import Forbidden, PageError, WebRoute, page_locale, reason, render, service_of
from api.web.session import Session, WebSession
from graph.messages import Message, msg
from graph.queries.freshness import report_incorrect_contact, verify_contact
from graph.queries.index import QueryError
from graph.queries.people import PersonInputError, set_language
from graph.schema import RelType

__all__ = ["router"]

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def _own_key(session: WebSession) -> str:
    key = session.principal.professional_key
    if not key:
        raise Forbidden(msg("web.self.no_person.ask"))
    return key


def _own_keys(request: Request, me: str) -> set[str]:
    """Entries this professional may confirm: their own record and the positions they hold."""
    return {me} | {pos for pos, _ in service_of(request).projection.out_edges(me, RelType.HOLDS)}


def _page(request: Request, me: str, message: Message | None = None,
          errors: dict[str, str] | None = None, chosen: str | None = None, status_code: int = 200) -> Response:
    p = service_of(request).projection
    node = p.node(me) or {}
    positions = []
    for pos, edge in sorted(p.out_edges(me, RelType.HOLDS), key=lambda kv: kv[0]):
        pnode = p.node(pos) or {}
        orgs = [str((p.node(o) or {}).get("name", o)) for o, _ in p.out_edges(pos, RelType.AT)]
        covers = [str((p.node(r) or {}).get("name", r)) for r, _ in p.out_edges(pos, RelType.COVERS)]
        positions.append({"key": pos, "node": pnode, "priority": edge.get("priority"),
                          "organisation": orgs[0] if orgs else None, "covers": covers})
    languages = i18n.language_choices(page_locale(request))
    return render(request, "mijn_gegevens.html.j2", {
        "me": me, "node": node, "positions": positions, "message": message, "languages": languages,
        "values": {"language": chosen or str(node.get("language") or i18n.DEFAULT_LOCALE)}, "errors": errors or {}},
        status_code=status_code)


@router.get("/mijn-gegevens", response_class=HTMLResponse)
async def mijn_gegevens(request: Request, session: Session) -> Response:
    return _page(request, _own_key(session))


@router.post("/mijn-gegevens/klopt", response_class=HTMLResponse)
async def confirm(request: Request, session: Session, key: Annotated[str, Form()]) -> Response:
    me = _own_key(session)
    if key not in _own_keys(request, me):
        raise Forbidden(msg("web.self.confirm_own"))
    try:
        verify_contact(service_of(request), key, actor=session.principal.actor)
    except QueryError as exc:
        raise PageError(reason(exc)) from None
    if request.headers.get("HX-Request"):
        return render(request, "_confirmed.html.j2", {"key": key})
    return _page(request, me, msg("web.self.confirmed"))


@router.post("/mijn-gegevens/correctie", response_class=HTMLResponse)
async def correct(request: Request, session: Session, key: Annotated[str, Form()],
                  opmerking: Annotated[str, Form()] = "") -> Response:
    me = _own_key(session)
    if key not in _own_keys(request, me):
        raise Forbidden(msg("web.self.correct_own"))
    try:
        reports = report_incorrect_contact(service_of(request), key, opmerking, actor=session.principal.actor,
                                           reporter=me)
    except QueryError as exc:
        raise PageError(msg("web.failed.correction", problem=reason(exc))) from None
    return _page(request, me, msg("web.self.correction_queued", regions=[r.jeugdhulpregio for r in reports]))


@router.post("/mijn-gegevens/taal", response_class=HTMLResponse)
async def language(request: Request, session: Session, language: Annotated[str, Form()] = "") -> Response:
    """The language of one's own mails: a professional chooses it without asking a coordinator."""
    me = _own_key(session)
    try:
        changed = set_language(service_of(request), me, language, actor=session.principal.actor)
    except PersonInputError as exc:
        problems = {p.field: person_problem_in_dutch(p.code, p.params, page_locale(request)) for p in exc.problems}
        return _page(request, me, errors=problems, chosen=language, status_code=422)
    except QueryError as exc:
        raise PageError(reason(exc)) from None
    return _page(request, me, msg("web.self.language_saved" if changed else "web.self.language_same",
                                  language=f"language.{language}"))
