"""Netwerk (governance): governance tree and checks, weak spots, date-diff, and links to the /maps pages.

Same rule as the maps and governance API: the governance role (or admin).
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.auth import Role
from api.web.rendering import PageError, WebRoute, reason, render, service_of
from api.web.session import Session, require_roles
from graph.messages import msg
from graph.queries.analytics import brokers, single_points_of_failure
from graph.queries.errors import NotFound
from graph.queries.governance import governance, governance_check
from graph.queries.history_diff import network_diff
from graph.queries.index import QueryError
from graph.schema import Label

__all__ = ["DEFAULT_SCOPE", "router"]

router = APIRouter(route_class=WebRoute, include_in_schema=False)
DEFAULT_SCOPE = "PV25"  # Gelderland: where the demo network lives
SEVERITY_NAMES = {"error": "page.network.severity.error", "warning": "page.network.severity.warning",  # codes
                  "info": "page.network.severity.info"}


def _iso(value: str | None, what: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise PageError(msg("web.not_a_date", what=what, value=value)) from None


@router.get("/netwerk", response_class=HTMLResponse)
async def netwerk(request: Request, session: Session, code: str = DEFAULT_SCOPE, peildatum: str | None = None,
                  van: str | None = None, tot: str | None = None) -> Response:
    require_roles(session, Role.GOVERNANCE, what="access.area.network")
    p = service_of(request).projection
    code = code.strip() or DEFAULT_SCOPE
    as_of = _iso(peildatum, "page.network.as_of")  # the form's labels, worded in the page's language
    start, end = _iso(van, "page.region.from"), _iso(tot, "page.network.to")
    if start and end and start > end:
        raise PageError(msg("web.from_after_to", start=start, end=end))
    try:
        tree = governance(p, code, as_of=as_of)
        check = governance_check(p, code, as_of=as_of)
        weak = single_points_of_failure(p, code=code, as_of=as_of)
        bridges = brokers(p, code=code, as_of=as_of, top=5)
        diff = network_diff(p, code, start, end) if start and end else None
    except NotFound as exc:
        raise PageError(reason(exc), 404) from None
    except (QueryError, ValueError) as exc:
        raise PageError(reason(exc)) from None
    scopes = [(k, str((p.node(k) or {}).get("name", k)), label.value)
              for label in (Label.PROVINCIE, Label.VEILIGHEIDSREGIO, Label.JEUGDHULPREGIO) for k in p.keys(label)]
    return render(request, "netwerk.html.j2", {
        "code": code, "tree": tree, "check": check, "weak": weak[:20], "bridges": bridges, "diff": diff,
        "peildatum": as_of or "", "van": start or "", "tot": end or "", "scopes": scopes,
        "severity_names": SEVERITY_NAMES, "is_body": p.label_of(code) == Label.BODY.value,
        "today": dt.date.today().isoformat(),
    })
