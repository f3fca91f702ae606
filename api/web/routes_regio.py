"""Regio (coordinator): stale contacts with one-click verify, reports, vacancies, bulk reassignment, workbook upload.

Every page and action needs write rights on the jeugdhulpregio in the URL: its coordinator or an
admin, the same rule as the API (``Principal.can_write_region``).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import Role
from api.web.format import error_in_dutch
from api.web.rendering import Forbidden, PageError, WebRoute, render, service_of
from api.web.session import Session, WebSession, require_region
from graph.queries.cases import overdue_cases
from graph.queries.freshness import (
    jeugdhulpregios_of,
    report_queue,
    resolve_report,
    responsible_party,
    stale_contacts,
    verify_contact,
)
from graph.queries.index import QueryError
from graph.queries.turnover import assign_successor, bulk_reassign, mark_inactive, vacancies
from graph.schema import Label
from graph.service import GraphService
from loaders.workbook import (
    ImportReport,
    ImportResult,
    KnownKeys,
    RowError,
    import_workbook,
    read_workbook,
    validate_workbook,
)

__all__ = ["MAX_UPLOAD_BYTES", "router"]

router = APIRouter(route_class=WebRoute, include_in_schema=False)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_SHOWN = 100  # rows per list; the count says how many there are


def _region(request: Request, session: WebSession, jz: str) -> dict:
    require_region(session, jz)
    node = service_of(request).projection.node(jz)
    if node is None or node.get("label") != Label.JEUGDHULPREGIO.value:
        raise PageError(f"Geen jeugdhulpregio {jz}.", 404)
    return node


def _in_region(request: Request, session: WebSession, key: str, jz: str) -> None:
    """Refuse an entry outside this page's region, or one that also belongs to a region the user may not change.

    The API's rule (``require_write_for``): a change needs write rights on every jeugdhulpregio whose
    contactbeheer keeps the entry.
    """
    p = service_of(request).projection
    node = p.node(key)
    if node is None:
        raise PageError(f"Geen gegeven met sleutel {key}.", 404)
    regions = jeugdhulpregios_of(p, key, str(node.get("label")))
    name = node.get("name", key)
    if jz not in regions:
        raise Forbidden(f"{name} hoort niet bij het contactbeheer van {jz}.")
    outside = [r for r in regions if not session.principal.can_write_region(r)]
    if outside:
        raise Forbidden(f"{name} hoort ook bij {', '.join(outside)}; alleen een beheerder kan dit wijzigen.")


@router.get("/regio", response_class=HTMLResponse)
async def regio_index(request: Request, session: Session) -> Response:
    principal = session.principal
    if principal.role is Role.COORDINATOR and principal.scope:
        return RedirectResponse(f"/regio/{principal.scope}", status_code=303)
    if principal.role is not Role.ADMIN:
        raise Forbidden("Regio is de pagina van de coördinatoren contactbeheer. "
                        f"U bent aangemeld als {principal.role.value if principal.role else 'gast'}.")
    p = service_of(request).projection
    regions = [(k, str((p.node(k) or {}).get("name", k))) for k in p.keys(Label.JEUGDHULPREGIO)]
    return render(request, "regio_index.html.j2", {"regions": regions})


@router.get("/regio/{jz}", response_class=HTMLResponse)
async def regio(request: Request, session: Session, jz: str) -> Response:
    return _regio_page(request, session, jz)


def _regio_page(request: Request, session: WebSession, jz: str, *, message: str | None = None,
                upload: object | None = None, status_code: int = 200) -> Response:
    node = _region(request, session, jz)
    svc = service_of(request)
    p, rules = svc.projection, svc.settings.rules
    stale = stale_contacts(p, jz, rules=rules)
    reports = report_queue(svc, jz)
    names = {r.subject: str((p.node(r.subject) or {}).get("name", r.subject)) for r in reports}
    return render(request, "regio.html.j2", {
        "jz": jz, "name": node.get("name", jz), "party": responsible_party(p, jz, rules=rules),
        "stale": stale[:_SHOWN], "stale_total": len(stale), "reports": reports, "names": names,
        "vacancies": vacancies(p, jz), "overdue": overdue_cases(p, jz, rules=rules)[:_SHOWN],
        "message": message, "upload": upload, "today": dt.date.today().isoformat(),
    }, status_code=status_code)


@router.post("/regio/{jz}/bevestig", response_class=HTMLResponse)
async def bevestig(request: Request, session: Session, jz: str, key: Annotated[str, Form()]) -> Response:
    _region(request, session, jz)
    _in_region(request, session, key, jz)
    try:
        verify_contact(service_of(request), key, actor=session.principal.actor)
    except QueryError as exc:
        raise PageError(error_in_dutch(exc)) from None
    if request.headers.get("HX-Request"):
        return render(request, "_confirmed.html.j2", {"key": key})
    return _regio_page(request, session, jz, message="Bevestigd als juist.")


@router.post("/regio/{jz}/melding/{report_id}", response_class=HTMLResponse)
async def afhandelen(request: Request, session: Session, jz: str, report_id: int,
                     afhandeling: Annotated[str, Form()] = "afgehandeld") -> Response:
    _region(request, session, jz)
    try:
        resolve_report(service_of(request), jz, report_id, afhandeling or "afgehandeld",
                       actor=session.principal.actor)
    except QueryError as exc:
        raise PageError(error_in_dutch(exc)) from None
    return _regio_page(request, session, jz, message=f"Melding {report_id} is afgehandeld.")


@router.post("/regio/{jz}/overdragen", response_class=HTMLResponse)
async def overdragen(request: Request, session: Session, jz: str, van: Annotated[str, Form()],
                     naar: Annotated[str, Form()], datum: Annotated[str, Form()] = "") -> Response:
    """Bulk reassignment: every position of one professional to another, in one transaction."""
    _region(request, session, jz)
    van, naar = van.strip(), naar.strip()
    _in_region(request, session, van, jz)
    try:
        result = bulk_reassign(service_of(request), van, naar, actor=session.principal.actor,
                               on=datum or dt.date.today().isoformat())
    except QueryError as exc:
        raise PageError(f"Overdragen lukte niet: {error_in_dutch(exc)}") from None
    p = service_of(request).projection
    names = [(p.node(k) or {}).get("name", k) for k in (van, naar)]
    return _regio_page(request, session, jz,
                       message=f"{len(result.filled)} functie(s) van {names[0]} overgedragen aan {names[1]}.")


@router.post("/regio/{jz}/opvolger", response_class=HTMLResponse)
async def opvolger(request: Request, session: Session, jz: str, functie: Annotated[str, Form()],
                   naar: Annotated[str, Form()], datum: Annotated[str, Form()] = "") -> Response:
    """Fill a vacancy (or replace a holder): the position outlives the people in it."""
    _region(request, session, jz)
    _in_region(request, session, functie, jz)
    try:
        assign_successor(service_of(request), functie, naar.strip(), actor=session.principal.actor,
                         on=datum or dt.date.today().isoformat())
    except QueryError as exc:
        raise PageError(f"Opvolger toewijzen lukte niet: {error_in_dutch(exc)}") from None
    p = service_of(request).projection
    return _regio_page(request, session, jz, message=f"{(p.node(naar.strip()) or {}).get('name', naar)} vervult nu "
                                                     f"{(p.node(functie) or {}).get('name', functie)}.")


@router.post("/regio/{jz}/vertrokken", response_class=HTMLResponse)
async def vertrokken(request: Request, session: Session, jz: str, wie: Annotated[str, Form()],
                     datum: Annotated[str, Form()] = "") -> Response:
    """A professional left: never deleted, their positions become vacant (history kept)."""
    _region(request, session, jz)
    wie = wie.strip()
    _in_region(request, session, wie, jz)
    try:
        result = mark_inactive(service_of(request), wie, actor=session.principal.actor,
                               on=datum or dt.date.today().isoformat())
    except QueryError as exc:
        raise PageError(f"Als vertrokken markeren lukte niet: {error_in_dutch(exc)}") from None
    name = (service_of(request).projection.node(wie) or {}).get("name", wie)
    return _regio_page(request, session, jz, message=f"{name} is als vertrokken gemarkeerd; "
                                                     f"{len(result.vacated)} functie(s) zijn nu vacant.")


@router.post("/regio/{jz}/werkmap", response_class=HTMLResponse)
async def werkmap(request: Request, session: Session, jz: str,
                  bestand: Annotated[UploadFile, File()]) -> Response:
    """Workbook upload: every row is checked and the bad ones are listed; nothing is written if any row is bad.

    A coordinator checks; an admin checks and imports. The API imports workbooks only through the
    admin's CLI, and a workbook can touch any region, so a page must not give a coordinator more.
    """
    _region(request, session, jz)
    name = Path(bestand.filename or "werkmap.xlsx").name
    if not name.lower().endswith(".xlsx"):
        raise PageError("Upload een Excel-werkmap (.xlsx) in het jbnet-formaat.")
    data = await bestand.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise PageError(f"De werkmap is groter dan {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.", 413)
    svc = service_of(request)
    importing = session.principal.role is Role.ADMIN
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        if importing:
            result = import_workbook(path, svc.store, actor=session.principal.actor)
            svc.refresh()
        else:
            result = _check_only(path, svc)
    return _regio_page(request, session, jz, upload={"name": name, "result": result, "importing": importing},
                       status_code=200 if result.ok else 422)


def _check_only(path: Path, svc: GraphService) -> ImportResult:
    try:
        book = read_workbook(path)
    except (OSError, ValueError) as exc:
        return ImportResult(ImportReport(errors=[RowError(path.name, 0, "", f"cannot read: {exc}")]))
    _, report = validate_workbook(book, KnownKeys.from_store(svc.store))
    return ImportResult(report)
