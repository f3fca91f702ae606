"""Pages of the directory: start, Zoeken, Gemeente ("Wie bel ik in Ede?"), vCard, Casus.

Thin: each route calls graph/queries functions and hands their answers to a template.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api import i18n
from api.web.format import error_in_dutch, org_type_name, reason_in
from api.web.rendering import PageError, WebRoute, page_locale, reason, render, service_of
from api.web.session import Session, safe_next
from api.web.vcard import vcard
from graph.cells import neutralise
from graph.messages import msg
from graph.queries import herindeling as qh
from graph.queries.cases import case_deadlines
from graph.queries.contacts import counterparts, escalation_path, lokaal_team_contacts
from graph.queries.errors import NotFound
from graph.queries.freshness import report_incorrect_contact
from graph.queries.index import QueryError
from graph.queries.network import neighbouring_tafels, region_services
from graph.queries.search import normalise, search, search_cursor
from graph.schema import REGION_LABELS, Label, OrgType

__all__ = ["CORE_TYPES", "OPTIONAL_TYPES", "SORT_NAMES", "router"]

router = APIRouter(route_class=WebRoute, include_in_schema=False)

# Always shown: the four core partners of bouwsteen 2; the others when someone covers the gemeente.
CORE_TYPES = (OrgType.LOKAAL_TEAM, OrgType.GI, OrgType.VEILIG_THUIS, OrgType.RVDK)
OPTIONAL_TYPES = (OrgType.GEMEENTE, OrgType.JEUGDHULPREGIO, OrgType.ZORGAANBIEDER, OrgType.POLITIE,
                  OrgType.ZORG_EN_VEILIGHEIDSHUIS)
# Catalogue codes of the search hits' kinds (api/locale), worded in the page's language.
_KIND_NAMES = {"professional": "page.kind.professional", "organisation": "page.kind.organisation",
               "gemeente": "page.kind.gemeente", "position": "page.kind.position", "body": "page.kind.body"}
_CASE_REF = re.compile(r"^JB-[0-9A-Z]{4}-[0-9A-Z]{4}$")


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, session: Session) -> Response:
    return render(request, "home.html.j2", {})


_PAGE_SIZE = 20


# The regions offered by the region filter, broadest first (any gemeente code works in the address too).
_FILTER_LEVELS = tuple(reversed([level for level in REGION_LABELS if level is not Label.GEMEENTE]))
# The sort orders of graph.queries.search.SORTS as catalogue codes (a test keeps the two in step).
SORT_NAMES = {"relevance": "page.search.sort.relevance", "name": "page.search.sort.name",
              "freshness": "page.search.sort.freshness", "org_type": "page.search.sort.org_type"}
# (projection, version, choices): the select changes only when the graph does, not per request.
_region_cache: list[Any] = [None, -1, []]


def _region_choices(p: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """(level, [(code, name)]) per region level, names A-Z, for the region select."""
    if _region_cache[0] is p and _region_cache[1] == p.version:
        return list(_region_cache[2])
    choices = [(level.value, sorted(((k, str((p.node(k) or {}).get("name", k))) for k in p.keys(level)),
                                    key=lambda kv: (normalise(kv[1]), kv[0])))
               for level in _FILTER_LEVELS]
    _region_cache[:] = [p, p.version, choices]
    return list(choices)


@dataclass(frozen=True)
class _SearchFilters:
    """What Zoeken and its CSV download were asked for, read once from the address (blanks mean 'any')."""

    q: str = ""
    soort: str = ""
    orgtype: str = ""
    regio: str = ""
    sortering: str = ""

    @classmethod
    def read(cls, q: str, soort: str, orgtype: str, regio: str, sortering: str) -> _SearchFilters:
        return cls(q.strip(), soort.strip(), orgtype.strip(), regio.strip(), sortering.strip())

    def query(self) -> str:
        """The filters as an address query, for paging and the CSV link."""
        return urlencode({k: v for k, v in asdict(self).items() if v})

    def run(self, p: Any, first: int, offset: int = 0) -> Any:
        return search(p, self.q, kinds=[self.soort] if self.soort else None, first=first,
                      after=search_cursor(offset - 1) if offset > 0 else None,
                      org_types=[self.orgtype] if self.orgtype else None, region=self.regio or None,
                      sort=self.sortering or "relevance")


def _search_page(request: Request, f: _SearchFilters, vanaf: int, *, full_page: bool) -> dict[str, Any]:
    p = service_of(request).projection
    base = asdict(f) | {"kind_names": _KIND_NAMES, "result": None, "error": None, "reach": {},
                        "org_types": [t.value for t in OrgType], "sorts": SORT_NAMES, "filters": f.query(),
                        "regions": _region_choices(p) if full_page else []}
    if not f.q:
        return base
    try:
        result = f.run(p, _PAGE_SIZE, vanaf)
    except QueryError as exc:
        return base | {"error": error_in_dutch(exc)}
    # Phone and e-mail of each hit straight from its node: twenty look-ups, no extra query.
    reach = {h.key: ((p.node(h.key) or {}).get("phone"), (p.node(h.key) or {}).get("email")) for h in result.hits}
    return base | {"result": result, "reach": reach, "vanaf": result.offset, "page_size": _PAGE_SIZE,
                   "ambiguous": request.query_params.get("keuze") == "1"}


@router.get("/zoeken", response_class=HTMLResponse)
async def zoeken(request: Request, session: Session, q: str = "", soort: str = "", vanaf: int = 0,
                 orgtype: str = "", regio: str = "", sortering: str = "") -> Response:
    partial = bool(request.headers.get("HX-Request")) and request.headers.get("HX-Target") == "resultaten"
    ctx = _search_page(request, _SearchFilters.read(q, soort, orgtype, regio, sortering), max(0, vanaf),
                       full_page=not partial)
    return render(request, "_search_results.html.j2" if partial else "zoeken.html.j2", ctx)


@router.get("/zoeken.csv")
async def zoeken_csv(request: Request, session: Session, q: str = "", soort: str = "",
                     orgtype: str = "", regio: str = "", sortering: str = "") -> Response:
    """The result list (up to 100) as CSV for a spreadsheet; cells that would run as a formula are neutralised."""
    p = service_of(request).projection
    try:
        result = _SearchFilters.read(q, soort, orgtype, regio, sortering).run(p, 100)
    except QueryError as exc:
        raise PageError(reason(exc)) from None
    locale = page_locale(request)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["soort", "naam", "toelichting", "telefoon", "e-mail", "sleutel"])
    for h in result.hits:
        node = p.node(h.key) or {}
        writer.writerow([neutralise(v) for v in (i18n.gettext(_KIND_NAMES.get(h.kind, h.kind), locale), h.title,
                                                  org_type_name(h.subtitle) if h.kind == "organisation" else h.subtitle,
                                                  node.get("phone") or "", node.get("email") or "", h.key)])
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="zoekresultaten.csv"'})


def hit_url(kind: str, key: str) -> str:
    """Where a search hit leads: gemeenten to their page, everything else to the entry page."""
    return f"/gemeente/{key}" if kind == "gemeente" else f"/item/{key}"


@router.get("/gemeente", response_class=HTMLResponse)
async def gemeente_index(request: Request, session: Session, q: str = "") -> Response:
    """Pick a gemeente by name or code (typo-tolerant, through the same search as Zoeken)."""
    q = q.strip()
    if q:
        p = service_of(request).projection
        if p.label_of(q.upper()) == Label.GEMEENTE.value:
            return RedirectResponse(f"/gemeente/{q.upper()}", status_code=303)
        try:
            hits = search(p, q, kinds=["gemeente"], first=10).hits
        except QueryError as exc:
            raise PageError(reason(exc)) from None
        # "Bergen" is Bergen (NH.) and Bergen (L.): offer the choice instead of silently opening one.
        norm = normalise(q)
        namesakes = [h for h in hits if normalise(h.title) == norm or normalise(h.title).startswith(norm + " ")]
        if len(namesakes) > 1 and not any(normalise(h.title) == norm for h in namesakes):
            return RedirectResponse(f"/zoeken?q={quote(q)}&soort=gemeente&keuze=1", status_code=303)
        if hits:
            return RedirectResponse(f"/gemeente/{hits[0].key}", status_code=303)
        raise PageError(msg("web.no_gemeente_found", query=q), 404)
    return render(request, "gemeente_index.html.j2", {})


@router.get("/gemeente/{code}", response_class=HTMLResponse)
async def gemeente(request: Request, session: Session, code: str, tegenpartij: str = "lokaal_team",
                   eigen: str = "gi", soort: str = "", alle: str = "") -> Response:
    """"Wie bel ik?": one compact card per organisation type first, the details (escalation, region) folded."""
    svc = service_of(request)
    p, rules = svc.projection, svc.settings.rules
    code = code.strip().upper()
    try:
        qh.ensure_current(p, code)
    except qh.GemeenteOpgegaan as gone:  # an old code after its herindeling: where to look now
        return render(request, "gemeente_opgegaan.html.j2", {"answer": gone.answer,
                                                             "text": i18n.render(gone.message, page_locale(request))})
    except qh.GemeenteNogNiet as exc:
        raise PageError(exc.message, 404) from None
    try:
        answers = _glance_answers(p, code, rules)
        lt = lokaal_team_contacts(p, code, rules=rules)
        escalation = escalation_path(p, code, tegenpartij, own_org_type=eigen, rules=rules)
    except QueryError as exc:
        raise PageError(reason(exc), 404 if isinstance(exc, NotFound) else 400) from None
    services = region_services(p, code, rules=rules)
    neighbours = neighbouring_tafels(p, services.jeugdhulpregio) if services.jeugdhulpregio else []
    return render(request, "gemeente.html.j2", {
        "code": code, "name": answers[0].gemeente_name, "answers": answers, "lt": lt, "escalation": escalation,
        "reason": reason_in(page_locale(request)), "services": services,
        "tegenpartij": tegenpartij, "eigen": eigen, "org_types": [t.value for t in OrgType], "rules": rules,
        "neighbours": neighbours,
        # The type filter (?soort=gi) keeps one card; an unknown type shows them all rather than nothing.
        "soort": soort, "shown": [a for a in answers if a.organisation_type == soort] or answers,
        "first_of": _first_contact, "glance_parts": glance_parts, "fold_key": fold_key, "inline_folds": alle == "1",
        "escalation_open": "eigen" in request.query_params or "tegenpartij" in request.query_params,
    })


@router.get("/gemeente/{code}/contacten", response_class=HTMLResponse)
async def gemeente_contacten(request: Request, session: Session, code: str, soort: str, deel: str) -> Response:
    """The folded "Alle contacten" of one organisation in a type's card (``deel``: the organisation's key, see
    ``fold_key``; "r" for the regionale contactpersoon), loaded by htmx when the fold opens: the page itself
    stays small."""
    svc = service_of(request)
    code = code.strip().upper()
    try:
        groups, fallback = glance_parts(counterparts(svc.projection, code, soort, rules=svc.settings.rules))
    except QueryError as exc:
        raise PageError(reason(exc), 404 if isinstance(exc, NotFound) else 400) from None
    chosen = next((g for g in groups if fold_key(g) == deel), None)
    if deel == "r":
        contacts: list[Any] = fallback
    elif chosen is not None:
        contacts = list(chosen.contacts)
    else:
        raise PageError(None, 404)  # the error page words a 404 itself
    return render(request, "_glance_lines.html.j2", {"contacts": contacts, "reason": reason_in(page_locale(request))})


def _glance_answers(p: Any, code: str, rules: Any) -> list[Any]:
    """The counterparts answers a "Wie bel ik?" page shows for a gemeente: the core types, then the covered others."""
    answers = [counterparts(p, code, t, rules=rules) for t in CORE_TYPES]
    return answers + [a for t in OPTIONAL_TYPES
                      if (a := counterparts(p, code, t, rules=rules)).covered_at or a.organisation_level]


def glance_parts(answer: Any) -> tuple[list[Any], list[Any]]:
    """A "Wie bel ik?" card's parts: the organisations that have contacts (in the answer's order), and the
    fallback contacts (regionale contactpersoon); a fold names its part by ``fold_key``."""
    groups = [o for o in answer.organisations if o.contacts]
    return groups, [c for c in answer.contacts if c.priority == "fallback"]


def fold_key(group: Any) -> str:
    """A card part's stable id for its fold (``deel``): the organisation's key, or for positions without an
    organisation on record (each its own group) the first position's key. Not the part's place in the card:
    a new organisation or a renamed one reorders the card between rendering a page and opening a fold."""
    return str(group.organisation.key if group.organisation else group.contacts[0].position.key)


def _first_contact(answer: Any) -> Any:
    """The contact to call first for a type: the first organisation's first contact, else the fallback."""
    reachable = [c for c in answer.contacts if c.professional is not None]
    return reachable[0] if reachable else (answer.contacts[0] if answer.contacts else None)


@router.get("/contact/{key}.vcf")
async def contact_vcard(request: Request, session: Session, key: str) -> Response:
    p = service_of(request).projection
    node = p.node(key)
    if node is None or node.get("label") != Label.PROFESSIONAL.value:
        raise PageError(msg("web.no_person", key=key), 404)
    orgs = [str((p.node(o) or {}).get("name", o)) for o, _ in p.out_edges(key, "WORKS_AT")]
    text = vcard(str(node.get("name", key)), organisation=orgs[0] if orgs else None, title=node.get("function"),
                 email=node.get("email"), phone=node.get("phone"),
                 note=i18n.gettext("page.vcard.note", page_locale(request)))
    return Response(text, media_type="text/vcard; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{key}.vcf"'})


@router.get("/casus", response_class=HTMLResponse)
async def casus_index(request: Request, session: Session, ref: str = "") -> Response:
    ref = ref.strip().upper()
    if ref:
        if not _CASE_REF.match(ref):
            raise PageError(msg("web.case_reference_form"))
        return RedirectResponse(f"/casus/{ref}", status_code=303)
    return render(request, "casus_index.html.j2", {})


@router.get("/casus/{ref}", response_class=HTMLResponse)
async def casus(request: Request, session: Session, ref: str) -> Response:
    svc = service_of(request)
    try:
        answer = case_deadlines(svc.projection, ref.upper(), rules=svc.settings.rules)
        answers = _glance_answers(svc.projection, answer.gemeente, svc.settings.rules)
    except QueryError as exc:
        raise PageError(reason(exc), 404 if isinstance(exc, NotFound) else 400) from None
    # The case's gemeente's "Wie bel ik?" cards first (the same as its gemeente page), the terms below.
    upcoming = [d for d in answer.deadlines if not d.done]
    return render(request, "casus.html.j2", {"case": answer, "answers": answers, "name": answer.gemeente_name,
                                             "reason": reason_in(page_locale(request)), "first_of": _first_contact,
                                             "glance_parts": glance_parts, "fold_key": fold_key,
                                             "next_deadline": upcoming[0] if upcoming else None})


@router.get("/item/{key}", response_class=HTMLResponse)
async def item(request: Request, session: Session, key: str) -> Response:
    """A person, organisation or position found by Zoeken, with its direct relations."""
    p = service_of(request).projection
    node = p.node(key)
    if node is None or node.get("label") not in (Label.PROFESSIONAL.value, Label.ORGANISATION.value,
                                                 Label.POSITION.value, Label.BODY.value):
        raise PageError(msg("web.no_node", key=key), 404)

    def named(keys: list[str]) -> list[tuple[str, str]]:
        return sorted(((k, str((p.node(k) or {}).get("name", k))) for k in keys), key=lambda kv: kv[1])

    related = {  # catalogue codes of the relations' headings
        "page.item.rel.works_at": named([o for o, _ in p.out_edges(key, "WORKS_AT")]),
        "page.item.rel.positions": named([o for o, _ in p.out_edges(key, "HOLDS")]
                                         + [s for s, _ in p.in_edges(key, "AT")]),
        "page.item.rel.organisation": named([o for o, _ in p.out_edges(key, "AT")]),
        "page.item.rel.held_by": named([s for s, _ in p.in_edges(key, "HOLDS")]),
        "page.item.rel.members": named([s for s, _ in p.in_edges(key, "MEMBER_OF")]),
        "page.item.rel.for": named([r for r, _ in p.out_edges(key, "COVERS")]
                                   + [r for r, _ in p.out_edges(key, "SERVES")]),
    }
    return render(request, "item.html.j2", {"key": key, "node": node, "related": related})


@router.post("/melding", response_class=HTMLResponse)
async def melding(request: Request, session: Session, key: Annotated[str, Form()],
                  opmerking: Annotated[str, Form()] = "", terug: Annotated[str, Form()] = "/") -> Response:
    """"Meld onjuist contact": the report goes to the queue of the region that keeps the entry."""
    try:
        reports = report_incorrect_contact(service_of(request), key, opmerking, actor=session.principal.actor,
                                           reporter=session.principal.professional_key)
    except QueryError as exc:
        raise PageError(msg("web.failed.report", problem=reason(exc))) from None
    return render(request, "melding.html.j2", {"reports": reports, "terug": safe_next(terug)})
