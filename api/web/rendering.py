"""Templates, the page route class (Dutch error pages, login redirect) and access to the app's service."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit, urlunsplit

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from api import i18n
from api.audit import refused_async
from api.web import format as fmt
from graph.messages import Message
from graph.privacy import PrivacyError
from graph.service import GraphService

__all__ = ["Forbidden", "LoginRequired", "PageError", "WebRoute", "page_locale", "reason", "render", "service_of",
           "templates"]

TEMPLATE_DIR = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
# Jinja's default only escapes names ending in ".html"; ours end in ".html.j2", so escape everything.
templates.env.autoescape = True
templates.env.filters.update(
    dutch_date=fmt.dutch_date, dutch_datetime=fmt.dutch_datetime, age_in_words=fmt.age_in_words,
    org_type_name=fmt.org_type_name, priority_name=fmt.priority_name, role_name=fmt.role_name, hours=fmt.hours,
    rel_type_name=fmt.rel_type_name,
    coverage_note_in_dutch=fmt.coverage_note_in_dutch,
    sheet_in_dutch=fmt.sheet_in_dutch, actor_name=fmt.actor_name, property_names=fmt.property_names,
    kind_name=fmt.kind_name, refusal_in_dutch=fmt.refusal_in_dutch,
)
# The language layer (api/i18n.py): ``_()``/``{% trans %}`` over the catalogue, ``|t`` for domain messages, and
# dates and code names in the page's language (``locale``; Dutch unless the page was asked with ?lang=en).
i18n.install_jinja(templates.env)
_named = templates.env.filters["named"]
templates.env.filters.update(
    dutch_date=templates.env.filters["date"], dutch_datetime=templates.env.filters["datetime"],
    age_in_words=templates.env.filters["age"],
    org_type_name=pass_context(lambda ctx, v: _named(ctx, v or "onbekend", "org_type")),
    priority_name=pass_context(lambda ctx, v: _named(ctx, v, "priority")),
    role_name=pass_context(lambda ctx, v: _named(ctx, v, "role")),
    property_names=pass_context(lambda ctx, v: fmt.property_names(v, str(ctx.get("locale") or "nl"))),
    refusal_in_dutch=pass_context(lambda ctx, v: fmt.refusal_in_dutch(v, str(ctx.get("locale") or "nl"))),
    sheet_in_dutch=pass_context(lambda ctx, v: fmt.sheet_in_dutch(v, str(ctx.get("locale") or "nl"))),
)
templates.env.globals.update(ORG_TYPE_NAMES=fmt.ORG_TYPE_NAMES)


class LoginRequired(Exception):
    """No valid session: the page sends the browser to the login page and back."""


class PageError(Exception):
    """An expected failure shown to the user as an error page with this status: a catalogue ``Message``
    (rendered in the page's language; a refusal's code and params go to the audit trail), or None when the
    error page's own words for the status suffice. tests/api/test_page_errors_from_catalogue.py keeps string
    literals out of these calls."""

    status_code = 400

    def __init__(self, message: Message | str | None, status_code: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class Forbidden(PageError):
    status_code = 403


def reason(error: BaseException) -> Message | str:
    """What a caught domain error says, to pass on as a ``problem:message`` parameter: its catalogue ``Message``,
    rendered later in the page's language (not pre-rendered in Dutch); an error without one as its own text."""
    message = getattr(error, "message", None)
    return message if isinstance(message, Message) else str(error)


def service_of(request: Request) -> GraphService:
    """The GraphService the API app was created with (``app.state.service``)."""
    service: GraphService = request.app.state.service
    return service


def page_locale(request: Request) -> str:
    """The page's language: ``?lang=en`` picks English (the proof of a second locale); Dutch otherwise. A request
    without ``lang`` takes the language of the jbnet page it came from: an htmx request (a picker's hits, search
    results, an answer) its page's address, a form post or a followed link the same-origin ``Referer``, so a form
    sent from an English page answers in English."""
    asked = request.query_params.get("lang")
    if asked is None:
        came_from = (request.headers.get("HX-Current-URL", "") if request.headers.get("HX-Request")
                     else request.headers.get("referer", ""))
        if came_from and urlsplit(came_from).netloc == request.url.netloc:
            asked = parse_qs(urlsplit(came_from).query).get("lang", [None])[0]
    return i18n.supported(asked)


def keep_language(request: Request, url: str) -> str:
    """``url`` in the language of this request: ``lang`` added when the page is not in the default language."""
    locale, parts = page_locale(request), urlsplit(url)
    if locale == i18n.DEFAULT_LOCALE or "lang" in parse_qs(parts.query):
        return url
    return urlunsplit(parts._replace(query=f"{parts.query}&lang={locale}" if parts.query else f"lang={locale}"))


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    """Render a page; the session (for navigation and the CSRF token) is taken from the request."""
    settings = service_of(request).settings
    ctx = {"session": getattr(request.state, "web_session", None), "path": request.url.path,
           "locale": page_locale(request),
           # without SMTP every page says where the mail goes (var/outbox/), so the loop is visible
           "mail_outbox": None if settings.smtp_url else f"{settings.outbox}/", **(context or {})}
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)


class WebRoute(APIRoute):
    """Page routes: a missing session redirects to the login page; expected errors become Dutch pages."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequired:
                if request.headers.get("HX-Request"):
                    # htmx would swap a whole login page into a fragment: redirect the window instead.
                    return Response(status_code=401, headers={"HX-Redirect": "/login"})
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
            except PageError as exc:
                if exc.status_code in (401, 403):  # refused: who tried what, in the audit trail
                    await refused_async(request, service_of(request).store, status=exc.status_code,
                                        operation=f"{request.method} {request.url.path}", reason=exc.message or "")
                text = i18n.render(exc.message, page_locale(request))
                return render(request, "error.html.j2", {"message": text, "status": exc.status_code},
                              status_code=exc.status_code)
            except PrivacyError as exc:  # refused at the store: nothing was written
                text = i18n.render(exc.message, page_locale(request))
                if request.headers.get("HX-Request"):
                    return HTMLResponse(f'<p class="utrecht-form-field-error-message" role="alert">'
                                        f"{escape(text)}</p>", status_code=400)
                return render(request, "error.html.j2", {"message": text, "status": 400}, status_code=400)

        return page_handler
