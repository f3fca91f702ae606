"""The FastAPI application: GraphQL at /graphql (GraphiQL in the browser), /healthz, JSON errors.

One ``GraphService`` per process; a background task polls the store's change log so writes made
by other processes (another API worker, ``jbnet import``) show up within ``poll_seconds``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.audit import refused_async
from api.auth import AuthError, principal_from_header
from api.consistency import SeqConsistency
from api.exports import router as exports_router
from api.graphiql import RETRY_AFTER_SECONDS
from api.graphql.context import Context
from api.graphql.errors import UNAVAILABLE_CODE, UNAVAILABLE_MESSAGE, message_extensions
from api.graphql.http import SpecGraphQLRouter
from api.graphql.schema import build_schema
from api.i18n import DEFAULT_LOCALE, locale_from_header, render, supported
from api.maps import router as maps_router
from api.middleware import RequestGuard
from api.refusals import Refused
from api.web import build_web_router
from api.web.errors import html_error, wants_html
from graph.messages import Message
from graph.queries.index import contact_index
from graph.service import GraphService
from graph.settings import Settings, load_settings
from graph.store.base import StoreUnavailable

__all__ = ["create_app", "poll_changes"]

log = logging.getLogger("jbnet.api")


_HTTP_CODES = {400: "BAD_REQUEST", 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND",
               405: "METHOD_NOT_ALLOWED", 422: "BAD_USER_INPUT"}




def _error(status: int, message: str | Message, code: str, headers: dict[str, str] | None = None,
           locale: str = DEFAULT_LOCALE) -> JSONResponse:
    # GraphQL-shaped so a client handles HTTP-level and GraphQL-level errors the same way; a catalogue message
    # is rendered in ``locale`` and carries its code and parameters, as GraphQL errors do.
    extensions: dict[str, Any] = {"code": code}
    if isinstance(message, Message):
        extensions |= message_extensions(message, locale)
        message = render(message, locale)
    return JSONResponse({"errors": [{"message": message, "extensions": extensions}]}, status_code=status,
                        headers=headers)


def request_locale(request: Request) -> str:
    """An HTTP answer's language: ``?lang=`` (as the pages and maps take it), else ``Accept-Language``; Dutch."""
    asked = request.query_params.get("lang")
    return supported(asked) if asked else locale_from_header(request.headers.get("accept-language"))


async def poll_changes(service: GraphService, interval: float) -> None:
    """Apply other processes' writes every ``interval`` seconds until cancelled.

    The store is read in a worker thread (it may block on I/O); the entries are applied in the
    event-loop thread, so no resolver ever sees the projection half-updated.
    """
    while True:
        await asyncio.sleep(interval)
        try:
            # In an outage the store fails fast; only this probe waits for the database (in a thread),
            # once per interval, and it is what makes the store available again.
            if not service.store.available and not await asyncio.to_thread(service.store.probe):
                continue
            while entries := await asyncio.to_thread(service.store.changes_since, service.projection.seq):
                service.projection.apply_entries(entries)
        except StoreUnavailable as exc:  # logged once per outage, not once per interval
            if exc.since is None or (dt.datetime.now(dt.UTC) - exc.since).total_seconds() < interval * 2:
                log.warning("database unreachable, serving reads from memory: %s", exc.reason)
        except Exception:  # a store hiccup must not kill the poller; the next round retries
            log.exception("polling the change log failed")


def create_app(settings: Settings | None = None, service: GraphService | None = None) -> FastAPI:
    settings = settings or (service.settings if service else load_settings())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = service is None
        svc = service if service is not None else await asyncio.to_thread(GraphService.open, settings)
        app.state.service = svc
        # Today's contact index before the first request (which would pay ~0.5 s for it at national scale,
        # the first invite list more); built here, before serving, so no write runs beside it.
        await asyncio.to_thread(contact_index, svc.projection)
        # The server keeps this graph (and the index) for its lifetime: move them out of the cyclic GC's reach,
        # or every full collection walks them — seconds over the graph's millions of dicts, ~70 ms over the
        # index's — and stalls requests (p99 latency).
        gc.freeze()
        poller = asyncio.create_task(poll_changes(svc, settings.poll_seconds))
        from api.mail.reports import install_report_mail

        report_mail = install_report_mail(svc)  # coordinators hear of reports, reporters of the outcome
        from api.mail.retention import install_erasure_notice_mail

        notice_mail = install_erasure_notice_mail(svc)  # coordinators hear before retention erases someone
        scheduler = None
        if settings.scheduler:  # daily jobs (update requests, ...); a claim in the store keeps them once a day
            from api.jobs import start_scheduler

            scheduler = start_scheduler(svc, settings.jobs_minutes)
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=False)  # type: ignore[attr-defined]
            poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poller
            svc.listeners.remove(report_mail)
            svc.listeners.remove(notice_mail)
            await asyncio.to_thread(report_mail.close)
            if owned:
                svc.close()

    app = FastAPI(title="jbnet", description="Contact directory and collaboration network for jeugdbescherming",
                  lifespan=lifespan)

    async def get_context(request: Request) -> Context:
        svc: GraphService = request.app.state.service
        principal = principal_from_header(svc.store, request.headers.get("authorization"))
        return Context(svc, principal, settings, locale_from_header(request.headers.get("accept-language")))

    app.include_router(SpecGraphQLRouter(build_schema(settings), context_getter=get_context, graphql_ide="graphiql"),
                       prefix="/graphql")
    app.add_middleware(RequestGuard, settings=settings)
    app.add_middleware(SeqConsistency, wait_seconds=settings.min_seq_wait)  # read-your-write across replicas
    app.include_router(build_web_router())  # the Dutch web pages (api/web)
    app.include_router(exports_router)  # attendee-list downloads (api/exports.py)
    app.include_router(maps_router)  # governance/region/ego/diff map pages (api/maps.py)

    @app.get("/healthz")
    def healthz(request: Request) -> dict[str, object]:
        """"ok", or "degraded" while the database is unreachable: reads still answer, writes get 503."""
        svc: GraphService = request.app.state.service
        health: dict[str, object] = {"status": "ok", "database": "ok", "seq": svc.projection.seq,
                                     "nodes": svc.projection.g.number_of_nodes()}
        if not svc.store.available:
            down = getattr(getattr(svc.store, "availability", None), "down_since", None)
            health |= {"status": "degraded", "database": "unreachable",
                       "databaseDownSince": down.isoformat(timespec="seconds") if down else None}
        return health

    @app.exception_handler(AuthError)
    async def _auth(request: Request, exc: AuthError) -> Response:
        await refused_async(request, request.app.state.service.store, status=401,
                            operation=f"{request.method} {request.url.path}", reason=exc.message)
        if wants_html(request):
            return html_error(request, 401)
        return _error(401, exc.message, "UNAUTHENTICATED", {"WWW-Authenticate": "Bearer"}, request_locale(request))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        reason: str | Message = exc.message if isinstance(exc, Refused) else str(exc.detail)
        if exc.status_code in (401, 403):  # refused attempts are in the audit trail, with who and what
            await refused_async(request, request.app.state.service.store, status=exc.status_code,
                                operation=f"{request.method} {request.url.path}", reason=reason)
        if wants_html(request):
            return html_error(request, exc.status_code, getattr(exc, "headers", None))
        code = _HTTP_CODES.get(exc.status_code, "HTTP_ERROR")
        return _error(exc.status_code, reason, code, getattr(exc, "headers", None), request_locale(request))

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> Response:
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if wants_html(request):
            return html_error(request, 503, headers)
        return _error(503, UNAVAILABLE_MESSAGE, UNAVAILABLE_CODE, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if wants_html(request):
            return html_error(request, 400)
        return _error(422, "invalid request: " + "; ".join(str(e.get("msg")) for e in exc.errors()), "BAD_REQUEST")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s", request.url.path, exc_info=exc)
        if wants_html(request):
            return html_error(request, 500)
        return _error(500, "internal server error", "INTERNAL_SERVER_ERROR")

    return app
