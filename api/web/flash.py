"""POST -> redirect -> GET with a Dutch confirmation: the message travels in a signed, short-lived cookie."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature

from api.web.rendering import render
from api.web.session import serializer

__all__ = ["FLASH_COOKIE", "flash_message", "redirect_with", "render_with_flash"]

FLASH_COOKIE = "jbnet_flash"
_SECONDS = 120


def redirect_with(request: Request, url: str, message: str) -> Response:
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(FLASH_COOKIE, serializer(request, "flash").dumps(message), max_age=_SECONDS,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")
    return response


def flash_message(request: Request) -> str | None:
    """The confirmation of the POST that redirected here, if any."""
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        return str(serializer(request, "flash").loads(raw, max_age=_SECONDS))
    except BadSignature:
        return None


def render_with_flash(request: Request, template: str, context: dict[str, Any],
                      status_code: int = 200) -> HTMLResponse:
    """Render a page; a pending confirmation becomes ``message`` (unless the page sets one) and is used up."""
    message = flash_message(request)
    response = render(request, template, {"message": message, **{k: v for k, v in context.items()
                                                                  if v is not None or k != "message"}},
                      status_code=status_code)
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response
