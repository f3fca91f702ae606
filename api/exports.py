"""Downloads of contact data with a Bearer token: a meeting's attendee list
(``GET /exports/meetings/{key}.{fmt}``) and a jeugdhulpregio's contact list per gemeente and per
organisation (``GET /exports/contacts/{jz}.{csv|xlsx}``, contactbeheer).

Only a coordinator of the jeugdhulpregio (or an admin; governance for province-wide meetings) may
export contact data; every download is written to the audit trail by ``graph.queries.exports``.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.auth import Principal, principal_from_header
from api.graphql.meetings import may_manage
from api.i18n import DEFAULT_LOCALE, renderer
from api.refusals import Refused
from graph.messages import msg
from graph.queries.errors import NotFound
from graph.queries.exports import EXPORT_FORMATS, ExportFile, export_contact_directory, export_meeting
from graph.queries.meetings import MeetingError, meeting_info
from graph.service import GraphService

__all__ = ["router"]

router = APIRouter(prefix="/exports", tags=["exports"])


@router.get("/meetings/{key}.{fmt}", summary="Attendee list of a meeting as csv, xlsx, ics, vcf or txt")
async def meeting_export(key: str, fmt: str, request: Request) -> Response:
    svc: GraphService = request.app.state.service
    principal = _principal(request)
    if fmt not in EXPORT_FORMATS:
        raise Refused(404, msg("export.unknown_format", format=fmt, known=EXPORT_FORMATS))
    try:
        jz = meeting_info(svc.projection, key).jeugdhulpregio
    except NotFound as exc:
        raise Refused(404, exc.message) from None
    if not may_manage(principal, jz):
        raise Refused(403, msg("access.export_meeting", region=jz, meeting=key) if jz
                      else msg("access.export_meeting.province", meeting=key))
    try:
        out = await asyncio.to_thread(export_meeting, svc.projection, svc.store, principal.actor, key, fmt,
                                      say=renderer(DEFAULT_LOCALE), rules=svc.settings.rules)
    except MeetingError as exc:
        raise Refused(422, exc.message) from None
    return _file(out)


@router.get("/contacts/{jz}.{fmt}", summary="Contact list of a jeugdhulpregio per gemeente and organisation")
async def contact_directory_export(jz: str, fmt: str, request: Request) -> Response:
    svc: GraphService = request.app.state.service
    principal = _principal(request)
    if fmt not in ("csv", "xlsx"):
        raise Refused(404, msg("export.unknown_format", format=fmt, known=("csv", "xlsx")))
    node = svc.projection.node(jz)
    if node is None or node["label"] != "Jeugdhulpregio":
        raise Refused(404, msg("export.no_jeugdhulpregio", region=jz))
    if not principal.can_write_region(jz):
        raise Refused(403, msg("access.export_contacts", region=jz))
    out = await asyncio.to_thread(export_contact_directory, svc.projection, svc.store, principal.actor, jz, fmt,
                                  say=renderer(DEFAULT_LOCALE), rules=svc.settings.rules)
    return _file(out)


def _principal(request: Request) -> Principal:
    svc: GraphService = request.app.state.service
    principal = principal_from_header(svc.store, request.headers.get("authorization"))  # AuthError -> 401
    if not principal.is_authenticated:
        raise Refused(401, msg("access.sign_in.export"), headers={"WWW-Authenticate": "Bearer"})
    return principal


def _file(out: ExportFile) -> Response:
    return Response(out.content, media_type=out.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{out.filename}"',
                             "X-Export-Count": str(out.count), "Cache-Control": "no-store"})
