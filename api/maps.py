"""Map pages: ``GET /maps/governance/{code}``, ``/maps/region/{code}``, ``/maps/ego/{key}``, ``/maps/diff/{code}``.

Self-contained offline HTML (see ``viz.pyvis_map``). ``?open=<key>`` (repeatable; a double-click on
the map adds it) shows the professionals of that organisation or body, ``?expand=true`` all of them.
Like the governance GraphQL fields the pages need the governance role (or admin), from an API token
(``Authorization: Bearer``) or a signed-in page session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from api.auth import Principal, Role, principal_from_header
from api.i18n import error_text, sayer
from api.middleware import script_hashes
from api.refusals import Refused
from api.web.rendering import page_locale
from graph.messages import msg
from graph.queries.errors import NotFound
from graph.queries.network_map import MapData, diff_map, ego_map, network_map
from graph.service import GraphService
from viz.layout import positions
from viz.pyvis_map import render_map_html

__all__ = ["router"]

router = APIRouter(prefix="/maps", tags=["maps"])


def _principal(request: Request) -> Principal:
    svc: GraphService = request.app.state.service
    principal = principal_from_header(svc.store, request.headers.get("authorization"))
    if not principal.is_authenticated:
        try:  # the pages' session cookie, when the web pages are mounted
            from api.web.session import current_session

            session = current_session(request)
        except Exception:  # no web layer (or no secret): only tokens count
            session = None
        if session is not None:
            principal = session.principal
    if not principal.is_authenticated:
        raise Refused(401, msg("access.sign_in"), headers={"WWW-Authenticate": "Bearer"})
    if not principal.has_role(Role.GOVERNANCE):
        raise Refused(403, msg("access.maps_governance"))
    return principal


def _page(request: Request, build: Callable[..., MapData], *args: object, **kwargs: object) -> HTMLResponse:
    principal = _principal(request)
    svc: GraphService = request.app.state.service
    try:
        with svc.projection.reading():  # this sync route runs in a worker thread
            md = build(svc.projection, *args, contacts=principal.is_authenticated, layout=positions, **kwargs)
    except NotFound as exc:
        raise HTTPException(404, error_text(exc, page_locale(request))) from None
    except ValueError as exc:
        raise HTTPException(400, error_text(exc, page_locale(request))) from None
    locale = page_locale(request)
    html = render_map_html(md, show_contacts=principal.is_authenticated, say=sayer(locale), locale=locale)
    # The map is one self-contained file (it also works offline): its own inline scripts are allowed by
    # hash, no other script can run.
    csp = f"default-src 'none'; script-src {script_hashes(html)}; "
    return HTMLResponse(html, headers={"Cache-Control": "private, no-store",
                                       "Content-Security-Policy": csp +
                                       "style-src 'unsafe-inline'; img-src data:; connect-src 'none'; "
                                       "frame-ancestors 'none'; base-uri 'none'"})


def _kinds(kinds: str | None) -> list[str] | None:
    return [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None


@router.get("/governance/{code}", response_class=HTMLResponse, summary="Governance map of a body or region")
def governance_map(request: Request, code: str, as_of: Annotated[dt.date | None, Query(alias="asOf")] = None,
                   expand: bool = False,
                   open_: Annotated[list[str] | None, Query(alias="open")] = None) -> HTMLResponse:
    opened: bool | list[str] = expand or (open_ or False)
    return _page(request, network_map, code, as_of=as_of, expand=opened)


@router.get("/region/{code}", response_class=HTMLResponse, summary="Collaboration map of a region")
def region_map(request: Request, code: str, as_of: Annotated[dt.date | None, Query(alias="asOf")] = None,
               kinds: str | None = None, expand: bool = False,
               open_: Annotated[list[str] | None, Query(alias="open")] = None) -> HTMLResponse:
    opened: bool | list[str] = expand or (open_ or False)
    return _page(request, network_map, code, as_of=as_of, kinds=_kinds(kinds), expand=opened)


@router.get("/ego/{key}", response_class=HTMLResponse, summary="Ego network of a professional or organisation")
def ego_page(request: Request, key: str, depth: int = 1,
             as_of: Annotated[dt.date | None, Query(alias="asOf")] = None) -> HTMLResponse:
    return _page(request, ego_map, key, depth=depth, as_of=as_of)


@router.get("/diff/{code}", response_class=HTMLResponse, summary="What changed between two dates")
def diff_page(request: Request, code: str, from_: Annotated[dt.date, Query(alias="from")],
              to: dt.date) -> HTMLResponse:
    return _page(request, diff_map, code, from_, to)
