"""HTTP refusals (401/403/404 of the exports and maps) worded by the catalogue: the answer's text is rendered in
the request's language (``Accept-Language``, Dutch by default) and the audit trail keeps the code and params."""

from __future__ import annotations

from fastapi import HTTPException

from api.i18n import DEFAULT_LOCALE, render
from graph.messages import Message

__all__ = ["Refused"]


class Refused(HTTPException):
    """An ``HTTPException`` whose reason is a catalogue ``Message`` (``detail`` is its Dutch text)."""

    def __init__(self, status_code: int, message: Message, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code, render(message, DEFAULT_LOCALE), headers)
        self.message = message
