"""Beheer › Audit: the privacy officer's (FG/DPO) view of the audit trail, for admins. Thin: the entries
and the export come from ``graph.queries.audit``."""

from __future__ import annotations

import asyncio
from itertools import islice
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api import i18n
from api.auth import Role
from api.web.rendering import PageError, WebRoute, page_locale, reason, render, service_of
from api.web.session import Session, require_roles
from graph.messages import MESSAGES, message_from_data, msg
from graph.queries.audit import audit_entries, audit_export, audit_row, day_range
from graph.queries.index import QueryError

__all__ = ["router"]

router = APIRouter(route_class=WebRoute, include_in_schema=False)
_SHOWN = 200  # newest entries on the page; the download has them all


@router.get("/beheer/audit", response_class=HTMLResponse)
async def audit_page(request: Request, session: Session, van: str = "", tot: str = "", alles: str = "") -> Response:
    require_roles(session, Role.ADMIN, what="access.area.audit")
    store = service_of(request).store
    try:
        lo, hi = day_range(van or None, tot or None)
    except QueryError as exc:
        raise PageError(msg("web.failed.period", problem=reason(exc))) from None

    locale = page_locale(request)

    def newest() -> list[dict[str, object]]:
        found = list(audit_entries(store, start=lo, end=hi, only_audit=not alles))
        return [_worded(audit_row(e), locale) for e in islice(reversed(found), _SHOWN)] + [{"total": len(found)}]

    rows = await asyncio.to_thread(newest)
    total = rows.pop()["total"]
    query = "&".join(f"{k}={v}" for k, v in (("van", van), ("tot", tot), ("alles", alles)) if v)
    return render(request, "audit.html.j2", {"rows": rows, "total": total, "shown": len(rows), "van": van,
                                             "tot": tot, "alles": bool(alles), "query": query})


def _worded(row: dict[str, Any], locale: str) -> dict[str, Any]:
    """A refusal's reason is stored as a message's code and params: shown in the page's words."""
    after = row.get("after")
    reason = after.get("reason") if isinstance(after, dict) else None
    if isinstance(after, dict) and isinstance(reason, dict) and reason.get("code") in MESSAGES:
        row["after"] = {**after, "reason": i18n.render(message_from_data(reason), locale)}
    return row


@router.get("/beheer/audit.{fmt}")
async def audit_download(request: Request, session: Session, fmt: str, van: str = "", tot: str = "",
                         alles: str = "") -> Response:
    require_roles(session, Role.ADMIN, what="access.area.audit_download")
    if fmt not in ("csv", "json"):
        raise PageError(msg("web.audit.pick_format"), 404)
    try:
        out = await asyncio.to_thread(audit_export, service_of(request).store, actor=session.principal.actor,
                                      start=van or None, end=tot or None, fmt=fmt, only_audit=not alles)
    except QueryError as exc:
        raise PageError(msg("web.failed.period", problem=reason(exc))) from None
    return Response(out.content, media_type=out.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"',
                             "Cache-Control": "no-store"})
