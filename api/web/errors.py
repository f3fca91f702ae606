"""Errors for people: a browser asking for a page gets a Dutch HTML page, API clients keep JSON.

The app's exception handlers (api/app.py) ask ``wants_html`` per request; a page route's own expected
errors (``PageError``) are already Dutch pages (api/web/rendering.py). The back end's detail text is
written for developers and often English, so a browser is shown the Dutch text for the status and,
for 401, the way to sign in — never the raw detail.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.web.rendering import render

__all__ = ["html_error", "wants_html"]


def wants_html(request: Request) -> bool:
    """A browser navigating (Accept lists text/html before any JSON type), not a fetch or an API client."""
    accept = request.headers.get("accept", "").lower()
    if "text/html" not in accept or request.headers.get("hx-request"):
        return False
    json_at = min((accept.find(t) for t in ("application/json", "application/graphql-response+json")
                   if t in accept), default=len(accept))
    return accept.find("text/html") < json_at


def html_error(request: Request, status: int, headers: dict[str, str] | None = None) -> HTMLResponse:
    """The Dutch error page for ``status``; 401 links to the login page and back to this address."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    context = {"status": status, "message": None, "login_url": f"/login?next={quote(target, safe='')}"}
    response = render(request, "error.html.j2", context, status_code=status)
    for name, value in (headers or {}).items():
        if name.lower() != "www-authenticate":  # a browser would pop up its own password dialog
            response.headers[name] = value
    return response
