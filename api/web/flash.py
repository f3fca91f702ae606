"""POST -> redirect -> GET with a confirmation: the catalogue message (code and parameters, worded by the next page
in its language) travels in a signed, short-lived cookie."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature

from api.web.rendering import keep_language, render
from api.web.session import serializer
from graph.messages import Message, message_data, message_from_data

__all__ = ["FLASH_COOKIE", "flash_message", "redirect_with", "render_with_flash"]

FLASH_COOKIE = "jbnet_flash"
_SECONDS = 120


def redirect_with(request: Request, url: str, message: Message | list[Message]) -> Response:
    """Redirect to ``url`` (in the language of the page the form was on), which shows ``message`` (one or several
    sentences) once."""
    parts = message if isinstance(message, list) else [message]
    response = RedirectResponse(keep_language(request, url), status_code=303)
    response.set_cookie(FLASH_COOKIE, serializer(request, "flash").dumps([message_data(m) for m in parts]),
                        max_age=_SECONDS,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")
    return response


def flash_message(request: Request) -> list[Message] | None:
    """The confirmation of the POST that redirected here, if any (its sentences)."""
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        data = serializer(request, "flash").loads(raw, max_age=_SECONDS)
        return [message_from_data(m) for m in data]
    except (BadSignature, KeyError, TypeError):  # not ours, or from an older jbnet: no confirmation to show
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
