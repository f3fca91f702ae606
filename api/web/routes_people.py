"""Mensen: coordinators and organisations' own contact persons keep their people, with the person picker.

Add a professional, correct their details, mark them as left, hand over one position or all of
them. Who may: a coordinator for the people its jeugdhulpregio's contactbeheer keeps, an
organisation's own contact person for its staff in every region it serves, an admin anywhere (the
same rules as the GraphQL mutations). Every successful POST redirects to a page with a Dutch
confirmation; a failed form comes back with the input kept and the error by the field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api import i18n
from api.auth import Principal, Role
from api.web.flash import redirect_with, render_with_flash
from api.web.format import person_problem_in_dutch
from api.web.picker import KINDS, PickError, candidates, pick_person, pick_state, resolve
from api.web.rendering import Forbidden, PageError, WebRoute, page_locale, reason, render, service_of
from api.web.session import Session, WebSession
from graph.messages import Message, msg
from graph.projection import Projection
from graph.queries import people as q
from graph.queries.access import maintainers_of, organisations_of
from graph.queries.freshness import jeugdhulpregios_of
from graph.queries.index import QueryError, contact_index
from graph.queries.turnover import assign_successor, bulk_reassign, mark_inactive, touched_by
from graph.schema import Label, RelType

__all__ = ["may_keep_people", "router"]

router = APIRouter(route_class=WebRoute, include_in_schema=False)
_FIELDS = ("name", "function", "email", "phone")
_OPEN = "persoon-of-functie"  # the picker on /mensen finds people and positions
_IDENT = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


def may_keep_people(principal: Principal) -> bool:
    """Coordinators, admins and organisations' own contact persons keep people."""
    return principal.role in (Role.COORDINATOR, Role.ADMIN) or bool(principal.organisations)


def _keeper(session: WebSession) -> Principal:
    principal = session.principal
    if not may_keep_people(principal):
        raise Forbidden(msg("web.people.keepers_only", role=principal.role.value) if principal.role
                        else msg("web.people.keepers_only.guest"))
    return principal


def _name(p: Projection, key: str) -> str:
    return str((p.node(key) or {}).get("name", key))


def _scope_parts(p: Projection, principal: Principal) -> list[str]:
    return [f"{_name(p, jz)} ({jz})" for jz in principal.regions] + [_name(p, org) for org in principal.organisations]


def _scope_words(p: Projection, principal: Principal) -> Message:
    """What this principal keeps, for the pages' intro lines (the page words the list, or "none")."""
    parts = _scope_parts(p, principal)
    return msg("web.people.scope", scope=parts) if parts else msg("web.people.scope.none")


def _require_keeps(request: Request, principal: Principal, key: str) -> dict[str, Any]:
    """The professional ``key`` when this principal may change them; a Dutch refusal naming the scope otherwise."""
    p = service_of(request).projection
    node = p.node(key)
    if node is None or node.get("label") != Label.PROFESSIONAL.value:
        raise PageError(msg("web.people.unknown"), 404)
    jzs, orgs = maintainers_of(p, key)
    if not principal.can_maintain(jzs, orgs):
        where, scope, name = [f"{_name(p, jz)} ({jz})" for jz in jzs], _scope_parts(p, principal), node.get("name", key)
        raise Forbidden(msg("web.people.not_yours", name=name, where=where, scope=scope) if scope
                        else msg("web.people.not_yours.no_scope", name=name, where=where))
    return node


def _outside(p: Projection, principal: Principal, keys: tuple[str, ...], skip: str = "") -> Message | None:
    """Why this principal may not make a turnover change touching ``keys`` (``turnover.touched_by``), or None."""
    for key in keys:
        if key == skip:
            continue
        jzs, orgs = maintainers_of(p, key)
        if not principal.can_maintain(jzs, orgs):
            where = [f"{_name(p, jz)} ({jz})" for jz in jzs]
            return (msg("web.people.outside", name=_name(p, key), regions=where) if where
                    else msg("web.people.outside.no_region", name=_name(p, key)))
    return None


def _day(value: str, errors: dict[str, Message | str], veld: str = "datum") -> str:
    value = (value or "").strip()
    if not value:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        errors[veld] = msg("web.bad_day", value=value)
        return value


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


# ------------------------------------------------------------------------------------------ picker
@router.get("/kiezer/{soort}", response_class=HTMLResponse)
async def kiezer(request: Request, session: Session, soort: str, veld: str = "persoon", id: str = "") -> Response:
    """The hits of a picker as radio buttons (htmx swaps them under the search box)."""
    if soort not in KINDS or not _IDENT.match(veld) or (id and not _IDENT.match(id)):
        raise PageError(msg("web.people.unknown_picker"), 404)
    text = request.query_params.get(f"{veld}_zoek", "")
    found = candidates(service_of(request).projection, text, soort)
    return render(request, "_picker_results.html.j2", {"veld": veld, "ident": id or veld, "text": text,
                                                       "candidates": found, "checked": None})


# ------------------------------------------------------------------------------------------ pages
@router.get("/mensen", response_class=HTMLResponse)
async def mensen(request: Request, session: Session) -> Response:
    principal = _keeper(session)
    p = service_of(request).projection
    return render_with_flash(request, "mensen.html.j2", {"scope": _scope_words(p, principal),
                                                         "persoon": pick_state(p, {}, "persoon", _OPEN, None)})


@router.get("/mensen/open", response_class=HTMLResponse)
async def mensen_open(request: Request, session: Session) -> Response:
    """The picker's choice on /mensen: go to that person's page."""
    principal = _keeper(session)
    p = service_of(request).projection
    form = dict(request.query_params)
    try:
        pick = resolve(p, form, "persoon", _OPEN, what="page.pick.what.person_or_position")
    except PickError as err:
        return render(request, "mensen.html.j2", {"scope": _scope_words(p, principal),
                                                  "persoon": pick_state(p, form, "persoon", _OPEN, err)},
                      status_code=422)
    if (p.node(pick.key) or {}).get("label") == Label.POSITION.value:
        # a position: its holder's page, or the vacancies of a region that keeps it
        holders = [h for h, _ in p.in_edges(pick.key, RelType.HOLDS)]
        if holders:
            return RedirectResponse(f"/mensen/{holders[0]}#functies", status_code=303)
        regions = [jz for jz in jeugdhulpregios_of(p, pick.key, Label.POSITION.value) if principal.can_write_region(jz)]
        if not regions:
            raise Forbidden(msg("web.people.vacant_outside", position=pick.title))
        return RedirectResponse(f"/regio/{regions[0]}#vacatures", status_code=303)
    return RedirectResponse(f"/mensen/{pick.key}", status_code=303)


def _new_page(request: Request, principal: Principal, form: dict[str, str], errors: dict[str, Message | str],
              org_err: PickError | None, status_code: int = 200) -> Response:
    p = service_of(request).projection
    return render(request, "persoon_nieuw.html.j2", {
        "values": form, "errors": errors, "organisatie": pick_state(p, form, "organisatie", "organisatie", org_err),
        "scope": _scope_words(p, principal)}, status_code=status_code)


@router.get("/mensen/nieuw", response_class=HTMLResponse)
async def nieuw(request: Request, session: Session) -> Response:
    return _new_page(request, _keeper(session), {}, {}, None)


@router.post("/mensen/nieuw", response_class=HTMLResponse)
async def nieuw_opslaan(request: Request, session: Session) -> Response:
    principal = _keeper(session)
    svc = service_of(request)
    p = svc.projection
    form = await _form(request)
    errors: dict[str, Message | str] = {}
    org_err: PickError | None = None
    org = None
    try:
        org = resolve(p, form, "organisatie", "organisatie", what="page.pick.what.organisation")
    except PickError as err:
        org_err = err
    if org is not None:
        jzs = jeugdhulpregios_of(p, org.key, Label.ORGANISATION.value)
        if not principal.can_add_staff(jzs, organisations_of(p, org.key)):
            scope = _scope_parts(p, principal)
            org_err = PickError("organisatie", msg("web.people.no_staff_here", organisation=org.title, scope=scope)
                                if scope else msg("web.people.no_staff_here.no_scope", organisation=org.title), [],
                                form.get("organisatie_zoek", ""))
    data = q.PersonInput(name=form.get("name", ""), function=form.get("function", ""),
                         email=form.get("email", ""), phone=form.get("phone", ""),
                         organisation=org.key if org and not org_err else "")
    try:
        if org_err is None:
            key = q.add_professional(svc, data, actor=principal.actor)
        else:
            q.check_person(p, data, key=None)  # name every other field's problem too, nothing written
            key = ""
    except q.PersonInputError as exc:
        errors |= {pr.field: person_problem_in_dutch(pr.code, pr.params, page_locale(request)) for pr in exc.problems
                   if not (pr.field == "organisation" and org_err)}
        key = ""
    if org_err is not None or errors:
        if "organisation" in errors and org_err is None:
            org_err = PickError("organisatie", errors.pop("organisation"), [], form.get("organisatie_zoek", ""))
        return _new_page(request, principal, form, errors, org_err, 422)
    assert org is not None
    return redirect_with(request, f"/mensen/{key}", msg("web.people.added", name=_name(svc.projection, key),
                                                          organisation=org.title))


def _person_page(request: Request, key: str, *, form: dict[str, str] | None = None,
                 errors: dict[str, Message | str] | None = None, pickers: dict[str, Any] | None = None,
                 status_code: int = 200) -> Response:
    p = service_of(request).projection
    node = p.node(key) or {}
    idx = contact_index(p)
    positions = []
    for pos, edge in sorted(p.out_edges(key, RelType.HOLDS), key=lambda kv: kv[0]):
        org = idx.position_org.get(pos)
        positions.append({"key": pos, "name": _name(p, pos), "organisation": _name(p, org) if org else "",
                          "priority": edge.get("priority", "primary"), "rank": edge.get("rank", 1)})
    orgs = [_name(p, o) for o, _ in p.out_edges(key, RelType.WORKS_AT)]
    values = form if form is not None else {f: str(node.get(f, "") or "") for f in _FIELDS} | {
        "language": str(node.get("language") or i18n.DEFAULT_LOCALE)}
    languages = i18n.language_choices(page_locale(request))
    empty: dict[str, Any] = {"text": "", "error": None, "candidates": [], "checked": None}
    pickers = pickers or {}
    return render_with_flash(request, "persoon.html.j2", {
        "key": key, "node": node, "values": values, "errors": errors or {}, "positions": positions,
        "languages": languages,
        "organisations": orgs, "today": dt.date.today().isoformat(),
        "naar": pickers.get("naar", empty), "functie_naar": pickers.get("functie_naar", empty),
        "functie_fout": pickers.get("functie_fout"),
    }, status_code=status_code)


@router.get("/mensen/{key}", response_class=HTMLResponse)
async def persoon(request: Request, session: Session, key: str) -> Response:
    node = _require_keeps(request, _keeper(session), key)
    if node.get("active", True) is False:
        raise PageError(msg("web.people.departed", name=node.get("name", key), since=node.get("inactive_since", "?")),
                        410)
    return _person_page(request, key)


@router.post("/mensen/{key}", response_class=HTMLResponse)
async def persoon_opslaan(request: Request, session: Session, key: str) -> Response:
    principal = _keeper(session)
    _require_keeps(request, principal, key)
    form = await _form(request)
    data = q.PersonInput(**{f: form.get(f, "") for f in _FIELDS}, language=form.get("language") or None)
    try:
        changed = q.edit_professional(service_of(request), key, data, actor=principal.actor)
    except q.PersonInputError as exc:
        errors: dict[str, Message | str] = {
            pr.field: person_problem_in_dutch(pr.code, pr.params, page_locale(request)) for pr in exc.problems}
        return _person_page(request, key, form=form, errors=errors, status_code=422)
    except QueryError as exc:
        raise PageError(reason(exc)) from None
    name = _name(service_of(request).projection, key)
    return redirect_with(request, f"/mensen/{key}", msg("web.people.saved" if changed else "web.people.unchanged",
                                                          name=name))


@router.post("/mensen/{key}/vertrokken", response_class=HTMLResponse)
async def persoon_vertrokken(request: Request, session: Session, key: str) -> Response:
    principal = _keeper(session)
    _require_keeps(request, principal, key)
    form = await _form(request)
    errors: dict[str, Message | str] = {}
    day = _day(form.get("datum", ""), errors, "vertrek_datum")
    if errors:
        return _person_page(request, key, errors=errors, status_code=422)
    svc = service_of(request)
    name = _name(svc.projection, key)
    if why := _outside(svc.projection, principal, touched_by(svc.projection, "mark_inactive", professional=key,
                                                               on=day)):
        raise Forbidden(msg("web.people.cannot_depart", name=name, why=why))
    try:
        result = mark_inactive(svc, key, actor=principal.actor, on=day)
    except QueryError as exc:
        raise PageError(msg("web.failed.depart", problem=reason(exc))) from None
    return redirect_with(request, "/mensen", msg("web.people.marked_departed", name=name, since=day,
                                                 count=len(result.vacated)))


@router.post("/mensen/{key}/overdragen", response_class=HTMLResponse)
async def persoon_overdragen(request: Request, session: Session, key: str) -> Response:
    """Every position of this person to the successor chosen with the picker, in one transaction."""
    principal = _keeper(session)
    _require_keeps(request, principal, key)
    form = await _form(request)
    svc = service_of(request)
    errors: dict[str, Message | str] = {}
    day = _day(form.get("datum", ""), errors)
    try:
        to = pick_person(svc.projection, form, "naar")
    except PickError as err:
        return _person_page(request, key, errors=errors, status_code=422,
                            pickers={"naar": pick_state(svc.projection, form, "naar", "persoon", err)})
    if to.key == key:
        bad = PickError("naar", msg("web.people.pick_other"), [], form.get("naar_zoek", ""))
        return _person_page(request, key, pickers={"naar": pick_state(svc.projection, form, "naar", "persoon", bad)},
                            status_code=422)
    if errors:
        return _person_page(request, key, errors=errors, status_code=422)
    touched = touched_by(svc.projection, "bulk_reassign", professional=key, to_professional=to.key, on=day)
    if why := _outside(svc.projection, principal, (to.key,)):
        bad = PickError("naar", msg("web.people.cannot_give", name=to.title, why=why), [], form.get("naar_zoek", ""))
        return _person_page(request, key, pickers={"naar": pick_state(svc.projection, form, "naar", "persoon", bad)},
                            status_code=422)
    if why := _outside(svc.projection, principal, touched, skip=to.key):
        raise Forbidden(msg("web.people.cannot_transfer", why=why))
    try:
        result = bulk_reassign(svc, key, to.key, actor=principal.actor, on=day)
    except QueryError as exc:
        bad = PickError("naar", msg("web.failed.transfer", problem=reason(exc)), [], form.get("naar_zoek", ""))
        return _person_page(request, key, pickers={"naar": pick_state(svc.projection, form, "naar", "persoon", bad)},
                            status_code=422)
    return redirect_with(request, f"/mensen/{key}", msg("web.people.transferred", count=len(result.filled),
                                                          name=_name(svc.projection, key), since=day, to=to.title))


@router.post("/mensen/{key}/functie", response_class=HTMLResponse)
async def functie_overdragen(request: Request, session: Session, key: str) -> Response:
    """One position of this person to the successor chosen with the picker, same priority and rank."""
    principal = _keeper(session)
    _require_keeps(request, principal, key)
    form = await _form(request)
    svc = service_of(request)
    p = svc.projection
    position = form.get("functie", "")
    held = dict(p.out_edges(key, RelType.HOLDS))
    if position not in held:
        raise PageError(msg("web.people.not_holding", name=_name(p, key)))
    jzs, orgs = maintainers_of(p, position)
    if not principal.can_maintain(jzs, orgs):
        raise Forbidden(msg("web.people.position_outside", position=_name(p, position), regions=jzs) if jzs
                        else msg("web.people.position_outside.no_region", position=_name(p, position)))
    try:
        to = pick_person(svc.projection, form, "functie_naar")
    except PickError as err:
        return _person_page(request, key, pickers={"functie_naar": pick_state(p, form, "functie_naar", "persoon", err),
                                                   "functie_fout": position}, status_code=422)
    if why := _outside(p, principal, (to.key,)):
        bad = PickError("functie_naar", msg("web.people.cannot_give_position", name=to.title, why=why), [],
                        form.get("functie_naar_zoek", ""))
        return _person_page(request, key, pickers={"functie_naar": pick_state(p, form, "functie_naar", "persoon", bad),
                                                   "functie_fout": position}, status_code=422)
    edge = held[position]
    try:
        assign_successor(svc, position, to.key, actor=principal.actor, on=dt.date.today().isoformat(),
                         priority=str(edge.get("priority", "primary")), rank=int(edge.get("rank", 1) or 1))
    except QueryError as exc:
        bad = PickError("functie_naar", msg("web.failed.transfer", problem=reason(exc)), [],
                        form.get("functie_naar_zoek", ""))
        return _person_page(request, key, pickers={"functie_naar": pick_state(p, form, "functie_naar", "persoon", bad),
                                                   "functie_fout": position}, status_code=422)
    return redirect_with(request, f"/mensen/{key}", msg("web.people.took_over", name=to.title,
                                                          position=_name(svc.projection, position),
                                                          previous=_name(svc.projection, key)))
