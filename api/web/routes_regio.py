"""Regio (coordinator): stale contacts with one-click verify, reports, vacancies, bulk reassignment, workbook upload.

Every page and action needs write rights on the jeugdhulpregio in the URL: its coordinator or an
admin, the same rule as the API (``Principal.can_write_region``).
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature

from api.auth import Role
from api.i18n import renderer
from api.web.flash import redirect_with, render_with_flash
from api.web.picker import Pick, PickError, pick_person, pick_state
from api.web.rendering import Forbidden, PageError, WebRoute, page_locale, reason, render, service_of
from api.web.session import Session, WebSession, require_region, serializer
from graph.messages import Message, MessageError, msg
from graph.queries.access import maintainers_of
from graph.queries.cases import overdue_cases
from graph.queries.exports import export_contact_directory
from graph.queries.freshness import (
    jeugdhulpregios_of,
    report_queue,
    resolve_report,
    responsible_party,
    stale_contacts,
    verify_contact,
)
from graph.queries.index import QueryError
from graph.queries.turnover import assign_successor, bulk_reassign, mark_inactive, touched_by, vacancies
from graph.schema import Label
from loaders.workbook import ImportReport, RowError, read_workbook
from loaders.workbook_plan import WorkbookPlan, apply_plan, plan_workbook

__all__ = ["MAX_UPLOAD_BYTES", "router"]

router = APIRouter(route_class=WebRoute, include_in_schema=False)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_SHOWN = 100  # rows per list; the count says how many there are


def _region(request: Request, session: WebSession, jz: str) -> dict[str, Any]:
    require_region(session, jz)
    node = service_of(request).projection.node(jz)
    if node is None or node.get("label") != Label.JEUGDHULPREGIO.value:
        raise PageError(msg("web.no_jeugdhulpregio", region=jz), 404)
    return node


def _in_region(request: Request, session: WebSession, key: str, jz: str) -> None:
    """Refuse an entry outside this page's region, or one that also belongs to a region the user may not change.

    The API's rule (``require_write_for``): a change needs write rights on every jeugdhulpregio whose
    contactbeheer keeps the entry.
    """
    p = service_of(request).projection
    node = p.node(key)
    if node is None:
        raise PageError(msg("web.no_key", key=key), 404)
    regions = jeugdhulpregios_of(p, key, str(node.get("label")))
    name = node.get("name", key)
    if jz not in regions:
        raise Forbidden(msg("web.regio.not_kept_here", name=name, region=jz))
    outside = [r for r in regions if not session.principal.can_write_region(r)]
    if outside:
        raise Forbidden(msg("web.regio.also_elsewhere", name=name, regions=outside))


def _may_touch(request: Request, session: WebSession, keys: tuple[str, ...]) -> None:
    """Refuse a change when the user may not change EVERY entry it touches (``turnover.touched_by``):
    a coordinator of JZ28 cannot give a JZ21 professional a position in JZ28."""
    p = service_of(request).projection
    for key in keys:
        jzs, orgs = maintainers_of(p, key)
        if not session.principal.can_maintain(jzs, orgs):
            outside = [r for r in jzs if not session.principal.can_write_region(r)]
            name = (p.node(key) or {}).get("name", key)
            raise Forbidden(msg("web.regio.kept_elsewhere", name=name, regions=outside) if outside
                            else msg("web.regio.kept_elsewhere.no_region", name=name))


@router.get("/regio", response_class=HTMLResponse)
async def regio_index(request: Request, session: Session) -> Response:
    principal = session.principal
    if principal.role is Role.COORDINATOR and principal.scope:
        return RedirectResponse(f"/regio/{principal.scope}", status_code=303)
    if principal.role is not Role.ADMIN:
        raise Forbidden(msg("web.regio.coordinators_only", role=principal.role.value) if principal.role
                        else msg("web.regio.coordinators_only.guest"))
    p = service_of(request).projection
    regions = [(k, str((p.node(k) or {}).get("name", k))) for k in p.keys(Label.JEUGDHULPREGIO)]
    return render(request, "regio_index.html.j2", {"regions": regions})


@router.get("/regio/{jz}", response_class=HTMLResponse)
async def regio(request: Request, session: Session, jz: str) -> Response:
    return _regio_page(request, session, jz)


def _regio_page(request: Request, session: WebSession, jz: str, *, message: Message | None = None,
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


@router.get("/regio/{jz}/contactlijst.{fmt}")
async def contactlijst(request: Request, session: Session, jz: str, fmt: str) -> Response:
    """The region's contact list (per gemeente and organisation) as CSV or XLSX, for the coordinator who keeps it:
    the API's export (/exports/contacts/…) needs a bearer token, this one the page's session; audited alike."""
    _region(request, session, jz)
    svc = service_of(request)
    if fmt not in ("csv", "xlsx"):
        raise PageError(None, 404)  # the error page words a 404 itself
    try:
        out = export_contact_directory(svc.projection, svc.store, session.principal.actor, jz, fmt,
                                       say=renderer(page_locale(request)), rules=svc.settings.rules)
    except MessageError as exc:  # a domain refusal (QueryError, MeetingError): its reason on a Dutch page
        raise PageError(reason(exc)) from None
    return Response(out.content, media_type=out.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"',
                             "Cache-Control": "no-store"})


@router.post("/regio/{jz}/bevestig", response_class=HTMLResponse)
async def bevestig(request: Request, session: Session, jz: str, key: Annotated[str, Form()]) -> Response:
    _region(request, session, jz)
    _in_region(request, session, key, jz)
    try:
        verify_contact(service_of(request), key, actor=session.principal.actor)
    except QueryError as exc:
        raise PageError(reason(exc)) from None
    if request.headers.get("HX-Request"):
        return render(request, "_confirmed.html.j2", {"key": key})
    return _regio_page(request, session, jz, message=msg("web.regio.confirmed"))


@router.post("/regio/{jz}/melding/{report_id}", response_class=HTMLResponse)
async def afhandelen(request: Request, session: Session, jz: str, report_id: int,
                     afhandeling: Annotated[str, Form()] = "afgehandeld") -> Response:
    _region(request, session, jz)
    try:
        resolve_report(service_of(request), jz, report_id, afhandeling or "afgehandeld",
                       actor=session.principal.actor)
    except QueryError as exc:
        raise PageError(reason(exc)) from None
    return _regio_page(request, session, jz, message=msg("web.regio.report_resolved", report=report_id))


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@router.post("/regio/{jz}/overdragen", response_class=HTMLResponse)
async def overdragen(request: Request, session: Session, jz: str) -> Response:
    """Bulk reassignment: every position of one professional to another (both chosen with the picker)."""
    _region(request, session, jz)
    form = await _form(request)
    p = service_of(request).projection
    picks: dict[str, Pick] = {}
    failed: dict[str, PickError] = {}
    for veld in ("van", "naar"):
        try:
            picks[veld] = pick_person(p, form, veld)
        except PickError as err:
            failed[veld] = err
    if not failed and picks["van"].key == picks["naar"].key:
        failed["naar"] = PickError("naar", msg("web.regio.pick_two"), [], form.get("naar_zoek", ""))
    if failed:
        return _regio_page(request, session, jz, status_code=422, pickers={
            veld: pick_state(p, form, veld, "persoon", failed.get(veld)) for veld in ("van", "naar")})
    van, naar = picks["van"], picks["naar"]
    _in_region(request, session, van.key, jz)
    day = form.get("datum") or dt.date.today().isoformat()

    def failed_page(exc: QueryError) -> Response:
        """The form again with both choices and the date kept, the reason beside the date (nothing written)."""
        return _regio_page(request, session, jz, status_code=422, pickers={
            "van": pick_state(p, form, "van", "persoon", None), "naar": pick_state(p, form, "naar", "persoon", None),
            "datum": day, "datum_fout": msg("web.failed.transfer", problem=reason(exc))})

    try:
        _may_touch(request, session, touched_by(service_of(request).projection, "bulk_reassign",
                                                professional=van.key, to_professional=naar.key, on=day))
        result = bulk_reassign(service_of(request), van.key, naar.key, actor=session.principal.actor, on=day)
    except QueryError as exc:
        return failed_page(exc)
    return redirect_with(request, f"/regio/{jz}#overdragen",
                         msg("web.regio.transferred", count=len(result.filled), name=van.title, to=naar.title))


@router.post("/regio/{jz}/opvolger", response_class=HTMLResponse)
async def opvolger(request: Request, session: Session, jz: str) -> Response:
    """Fill a vacancy (or replace a holder): the position outlives the people in it."""
    _region(request, session, jz)
    form = await _form(request)
    functie = form.get("functie", "")
    _in_region(request, session, functie, jz)
    try:
        naar = pick_person(service_of(request).projection, form, "naar")
    except PickError as err:
        return _regio_page(request, session, jz, status_code=422, pickers={
            "opvolger": pick_state(service_of(request).projection, form, "naar", "persoon", err),
            "opvolger_functie": functie})
    _may_touch(request, session, touched_by(service_of(request).projection, "assign_successor",
                                            position=functie, professional=naar.key))
    try:
        assign_successor(service_of(request), functie, naar.key, actor=session.principal.actor,
                         on=form.get("datum") or dt.date.today().isoformat())
    except QueryError as exc:
        raise PageError(msg("web.failed.successor", problem=reason(exc))) from None
    p = service_of(request).projection
    return redirect_with(request, f"/regio/{jz}#vacatures",
                         msg("web.regio.filled", name=naar.title,
                             position=(p.node(functie) or {}).get("name", functie)))


@router.post("/regio/{jz}/vertrokken", response_class=HTMLResponse)
async def vertrokken(request: Request, session: Session, jz: str) -> Response:
    """A professional left: never deleted, their positions become vacant (history kept)."""
    _region(request, session, jz)
    form = await _form(request)
    try:
        wie = pick_person(service_of(request).projection, form, "wie")
    except PickError as err:
        return _regio_page(request, session, jz, status_code=422,
                           pickers={"wie": pick_state(service_of(request).projection, form, "wie", "persoon", err)})
    _in_region(request, session, wie.key, jz)
    day = form.get("datum") or dt.date.today().isoformat()
    try:
        result = mark_inactive(service_of(request), wie.key, actor=session.principal.actor, on=day)
    except QueryError as exc:  # the form again with the choice and the date kept, the reason beside the date
        return _regio_page(request, session, jz, status_code=422, pickers={
            "wie": pick_state(service_of(request).projection, form, "wie", "persoon", None), "vertrek_datum": day,
            "vertrek_fout": msg("web.failed.depart", problem=reason(exc))})
    return redirect_with(request, f"/regio/{jz}#vacatures",
                         msg("web.regio.marked_departed", name=wie.title, count=len(result.vacated)))


@router.post("/regio/{jz}/werkmap", response_class=HTMLResponse)
async def werkmap(request: Request, session: Session, jz: str,
                  bestand: Annotated[UploadFile, File()]) -> Response:
    """Workbook upload, step 1: every row checked, then a preview of exactly what would change; nothing written.

    A coordinator's workbook may only touch what their regions keep: rows outside are refused and named.
    """
    _region(request, session, jz)
    name = Path(bestand.filename or "werkmap.xlsx").name
    if not name.lower().endswith(".xlsx"):
        raise PageError(msg("web.upload.not_xlsx"))
    data = await bestand.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise PageError(msg("web.upload.too_large", mb=MAX_UPLOAD_BYTES // (1024 * 1024)), 413)
    folder = _uploads(request)
    upload_id = secrets.token_urlsafe(16)
    path = folder / f"{upload_id}.xlsx"
    path.write_bytes(data)
    plan = _plan(request, session, path, name)
    if not plan.ok:
        path.unlink(missing_ok=True)
        return _regio_page(request, session, jz, upload={"name": name, "plan": plan}, status_code=422)
    token = serializer(request, "werkmap").dumps({"f": upload_id, "jz": jz, "a": session.principal.actor,
                                                  "n": name, "fp": plan.fingerprint()})
    return _regio_page(request, session, jz, upload={"name": name, "plan": plan, "token": token})


@router.post("/regio/{jz}/werkmap/bevestig", response_class=HTMLResponse)
async def werkmap_bevestig(request: Request, session: Session, jz: str,
                           werkmap: Annotated[str, Form()] = "") -> Response:
    """Workbook upload, step 2: the previewed changes applied as one transaction (only the preview shown)."""
    _region(request, session, jz)
    try:
        ticket = serializer(request, "werkmap").loads(werkmap, max_age=_UPLOAD_SECONDS)
    except BadSignature:
        raise PageError(msg("web.preview.expired"), 400) from None
    if ticket.get("jz") != jz or ticket.get("a") != session.principal.actor:
        raise Forbidden(msg("web.preview.other"))
    path = _uploads(request) / f"{ticket['f']}.xlsx"
    if not path.is_file():
        raise PageError(msg("web.preview.applied"), 410)
    svc = service_of(request)
    name = str(ticket.get("n", "werkmap.xlsx"))
    plan = _plan(request, session, path, name)
    if not plan.ok or plan.fingerprint() != ticket.get("fp"):
        # The directory changed since the preview: show what would change now, confirm again.
        token = serializer(request, "werkmap").dumps({**ticket, "fp": plan.fingerprint()}) if plan.ok else None
        if not plan.ok:
            path.unlink(missing_ok=True)
        return _regio_page(request, session, jz, status_code=409, upload={
            "name": name, "plan": plan, "token": token, "changed_since": True})
    changes = apply_plan(svc.store, plan, actor=session.principal.actor)
    path.unlink(missing_ok=True)
    svc.refresh()
    counts = plan.counts()
    return redirect_with(request, f"/regio/{jz}#werkmap",
                         msg("web.regio.applied", file=name, new=counts["new"], changed=counts["changed"],
                             ended=counts["ended"], count=changes))


_UPLOAD_SECONDS = 3600  # a preview can be confirmed for an hour


def _uploads(request: Request) -> Path:
    """Where previewed workbooks wait for their confirm (next to the database); older ones are removed."""
    folder = service_of(request).settings.db_path.parent / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - _UPLOAD_SECONDS
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    return folder


def _plan(request: Request, session: WebSession, path: Path, name: str) -> WorkbookPlan:
    """The plan of the workbook saved at ``path`` (uploaded as ``name``); a file that is no workbook is one error."""
    svc = service_of(request)
    try:
        book = read_workbook(path)
    except (OSError, ValueError):  # the reader's own (English) words name a temporary file: say it for people
        return WorkbookPlan(ImportReport(errors=[RowError(name, 0, "", msg("import.unreadable", name=name))]))
    scope = None if session.principal.role is Role.ADMIN else session.principal
    return plan_workbook(book, svc.store, svc.projection, scope=scope)
