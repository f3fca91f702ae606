"""Regio (coordinator): stale contacts with one-click verify, reports, vacancies, bulk reassignment, workbook upload.

Every page and action needs write rights on the jeugdhulpregio in the URL: its coordinator or an
admin, the same rule as the API (``Principal.can_write_region``).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import Role
from api.web.flash import redirect_with, render_with_flash
from api.web.format import error_in_dutch
from api.web.picker import Pick, PickError, chosen, resolve
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
                upload: object | None = None, status_code: int = 200,
                pickers: dict[str, Any] | None = None) -> Response:
    node = _region(request, session, jz)
    svc = service_of(request)
    p, rules = svc.projection, svc.settings.rules
    stale = stale_contacts(p, jz, rules=rules)
    reports = report_queue(svc, jz)
    names = {r.subject: str((p.node(r.subject) or {}).get("name", r.subject)) for r in reports}
    return render_with_flash(request, "regio.html.j2", {
        "jz": jz, "name": node.get("name", jz), "party": responsible_party(p, jz, rules=rules),
        "stale": stale[:_SHOWN], "stale_total": len(stale), "reports": reports, "names": names,
        "vacancies": vacancies(p, jz), "overdue": overdue_cases(p, jz, rules=rules)[:_SHOWN],
        "message": message, "upload": upload, "today": dt.date.today().isoformat(), "pickers": pickers or {},
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


def _picked(request: Request, form: dict[str, str], veld: str) -> Pick:
    return resolve(service_of(request).projection, form, veld, "persoon", what="persoon")


def _picker_state(request: Request, form: dict[str, str], veld: str, err: PickError | None) -> dict[str, Any]:
    p = service_of(request).projection
    text = form.get(f"{veld}_zoek", "")
    if err is not None:
        return {"text": err.text or text, "error": err.message, "candidates": err.candidates, "checked": None}
    pick = chosen(p, form.get(veld, ""), "persoon") if form.get(veld) else None
    return {"text": text, "error": None, "candidates": [pick] if pick else [], "checked": pick.key if pick else None}


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@router.post("/regio/{jz}/overdragen", response_class=HTMLResponse)
async def overdragen(request: Request, session: Session, jz: str) -> Response:
    """Bulk reassignment: every position of one professional to another (both chosen with the picker)."""
    _region(request, session, jz)
    form = await _form(request)
    picks: dict[str, Pick] = {}
    failed: dict[str, PickError] = {}
    for veld in ("van", "naar"):
        try:
            picks[veld] = _picked(request, form, veld)
        except PickError as err:
            failed[veld] = err
    if not failed and picks["van"].key == picks["naar"].key:
        failed["naar"] = PickError("naar", "Kies twee verschillende personen.", [], form.get("naar_zoek", ""))
    if failed:
        return _regio_page(request, session, jz, status_code=422, pickers={
            veld: _picker_state(request, form, veld, failed.get(veld)) for veld in ("van", "naar")})
    van, naar = picks["van"], picks["naar"]
    _in_region(request, session, van.key, jz)
    try:
        result = bulk_reassign(service_of(request), van.key, naar.key, actor=session.principal.actor,
                               on=form.get("datum") or dt.date.today().isoformat())
    except QueryError as exc:
        raise PageError(f"Overdragen lukte niet: {error_in_dutch(exc)}") from None
    return redirect_with(request, f"/regio/{jz}#overdragen",
                         f"{len(result.filled)} functie(s) van {van.title} overgedragen aan {naar.title}.")


@router.post("/regio/{jz}/opvolger", response_class=HTMLResponse)
async def opvolger(request: Request, session: Session, jz: str) -> Response:
    """Fill a vacancy (or replace a holder): the position outlives the people in it."""
    _region(request, session, jz)
    form = await _form(request)
    functie = form.get("functie", "")
    _in_region(request, session, functie, jz)
    try:
        naar = _picked(request, form, "naar")
    except PickError as err:
        return _regio_page(request, session, jz, status_code=422, pickers={
            "opvolger": _picker_state(request, form, "naar", err), "opvolger_functie": functie})
    try:
        assign_successor(service_of(request), functie, naar.key, actor=session.principal.actor,
                         on=form.get("datum") or dt.date.today().isoformat())
    except QueryError as exc:
        raise PageError(f"Opvolger toewijzen lukte niet: {error_in_dutch(exc)}") from None
    p = service_of(request).projection
    return redirect_with(request, f"/regio/{jz}#vacatures",
                         f"{naar.title} vervult nu {(p.node(functie) or {}).get('name', functie)}.")


@router.post("/regio/{jz}/vertrokken", response_class=HTMLResponse)
async def vertrokken(request: Request, session: Session, jz: str) -> Response:
    """A professional left: never deleted, their positions become vacant (history kept)."""
    _region(request, session, jz)
    form = await _form(request)
    try:
        wie = _picked(request, form, "wie")
    except PickError as err:
        return _regio_page(request, session, jz, status_code=422,
                           pickers={"wie": _picker_state(request, form, "wie", err)})
    _in_region(request, session, wie.key, jz)
    try:
        result = mark_inactive(service_of(request), wie.key, actor=session.principal.actor,
                               on=form.get("datum") or dt.date.today().isoformat())
    except QueryError as exc:
        raise PageError(f"Als vertrokken markeren lukte niet: {error_in_dutch(exc)}") from None
    return redirect_with(request, f"/regio/{jz}#vacatures", f"{wie.title} is als vertrokken gemarkeerd; "
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
