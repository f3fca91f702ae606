"""Domain messages in GraphQL: a stable ``code`` and ``params`` next to the ``message`` rendered in the
request's language (``Accept-Language``, Dutch by default; ``Context.locale``)."""

from __future__ import annotations

from typing import Any

import strawberry

from api.i18n import render, render_params
from graph.messages import Message

__all__ = ["MessageParamType", "MessageType", "locale_of"]


@strawberry.type(name="MessageParam", description="One parameter of a message, worded in the asked language.")
class MessageParamType:
    name: str
    value: str


@strawberry.type(name="Message", description="What the domain says, as data: a stable code (e.g. "
                 "coverage.via_region) with its parameters, and the message rendered in the asked language.")
class MessageType:
    code: str
    params: list[MessageParamType]
    message: str

    @staticmethod
    def of(message: Message, locale: str) -> MessageType:
        params = [MessageParamType(name=k, value=v) for k, v in render_params(message, locale).items()]
        return MessageType(code=message.code, params=params, message=render(message, locale))


def locale_of(info: Any) -> str:
    """The request's language (``Context.locale``), Dutch when the context has none."""
    return str(getattr(info.context, "locale", "nl"))
