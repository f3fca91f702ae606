"""Privacy pages: "Alles wat jbnet over mij weet" for the signed-in professional, and the admin's
page to export (and erase) the data of one professional. Thin: ``graph.queries.personal_data``."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.auth import Role
from api.privacy_text import summary_sections
from api.web.rendering import Forbidden, PageError, WebRoute, page_locale, render, service_of
from api.web.session import Session, WebSession, require_roles
from graph.messages import msg
from graph.queries.erasure import erase_professional
from graph.queries.errors import NotFound
from graph.queries.personal_data import personal_data

__all__ = ["router"]

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def _own_key(session: WebSession) -> str:
    key = session.principal.professional_key
    if not key:
        raise Forbidden(msg("web.self.no_person"))
    return key


def _data(request: Request, session: WebSession, key: str, what: str) -> dict[str, object]:
    svc = service_of(request)
    try:
        data = personal_data(svc, key)
    except NotFound:
        raise PageError(msg("web.no_professional", key=key), 404) from None
    svc.store.append_log(session.principal.actor, "privacy.export", key, "Professional", None, {"via": what})
    return data


def _json(data: dict[str, object], key: str) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=2), media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="jbnet-gegevens-{key}.json"'})


@router.get("/mijn-gegevens/alles", response_class=HTMLResponse)
async def mine(request: Request, session: Session) -> Response:
    key = _own_key(session)
    data = _data(request, session, key, "page")
    sections = summary_sections(data, page_locale(request))
    return render(request, "privacy.html.j2", {"data": data, "sections": sections, "own": True,
                                               "json_url": "/mijn-gegevens/alles.json"})


@router.get("/mijn-gegevens/alles.json")
async def mine_json(request: Request, session: Session) -> Response:
    key = _own_key(session)
    return _json(_data(request, session, key, "json"), key)


@router.get("/beheer/privacy", response_class=HTMLResponse)
async def admin(request: Request, session: Session, key: str = "") -> Response:
    require_roles(session, Role.ADMIN, what="access.area.privacy")
    if not key:
        return render(request, "privacy.html.j2", {"data": None, "own": False})
    data = _data(request, session, key.strip(), "admin page")
    sections = summary_sections(data, page_locale(request))
    return render(request, "privacy.html.j2", {"data": data, "sections": sections, "own": False,
                                               "json_url": f"/beheer/privacy/{key.strip()}.json"})


@router.get("/beheer/privacy/{key}.json")
async def admin_json(request: Request, session: Session, key: str) -> Response:
    require_roles(session, Role.ADMIN, what="access.area.privacy_view")
    return _json(_data(request, session, key, "admin json"), key)


@router.post("/beheer/privacy/{key}/verwijderen", response_class=HTMLResponse)
async def admin_erase(request: Request, session: Session, key: str, reden: Annotated[str, Form()] = "",
                      bevestig: Annotated[str, Form()] = "") -> Response:
    require_roles(session, Role.ADMIN, what="access.area.privacy_erase")
    if bevestig != "ja":
        raise PageError(msg("web.erase.confirm"))
    if not reden.strip():
        raise PageError(msg("web.erase.reason"))
    try:
        result = erase_professional(service_of(request), key, reason=reden, actor=session.principal.actor)
    except NotFound:
        raise PageError(msg("web.no_professional", key=key), 404) from None
    return render(request, "privacy.html.j2", {"data": None, "own": False, "erased": result})
