"""Download of a meeting's attendee list: ``GET /exports/meetings/{key}.{fmt}`` with a Bearer token.

Only a coordinator of the meeting's jeugdhulpregio (or an admin; governance for province-wide
meetings) may export contact data; every download is written to the audit trail by
``graph.queries.exports.export_meeting``.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from api.auth import principal_from_header
from api.graphql.meetings import may_manage
from graph.queries.errors import NotFound
from graph.queries.exports import EXPORT_FORMATS, export_meeting
from graph.queries.meetings import MeetingError, meeting_info
from graph.service import GraphService

__all__ = ["router"]

router = APIRouter(prefix="/exports", tags=["exports"])


@router.get("/meetings/{key}.{fmt}", summary="Attendee list of a meeting as csv, xlsx, ics, vcf or txt")
async def meeting_export(key: str, fmt: str, request: Request) -> Response:
    svc: GraphService = request.app.state.service
    principal = principal_from_header(svc.store, request.headers.get("authorization"))  # AuthError -> 401
    if not principal.is_authenticated:
        raise HTTPException(401, "sign in to export contact data: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if fmt not in EXPORT_FORMATS:
        raise HTTPException(404, f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    try:
        jz = meeting_info(svc.projection, key).jeugdhulpregio
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    if not may_manage(principal, jz):
        raise HTTPException(403, f"only a coordinator of {jz or 'the province'} or an admin can export the "
                                 f"contact data of {key}")
    try:
        out = await asyncio.to_thread(export_meeting, svc.projection, svc.store, principal.actor, key, fmt,
                                      rules=svc.settings.rules)
    except MeetingError as exc:
        raise HTTPException(422, str(exc)) from None
    return Response(out.content, media_type=out.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"',
                             "X-Export-Count": str(out.count), "Cache-Control": "no-store"})
