"""Domain messages in GraphQL: a stable ``code`` and ``params`` next to the ``message`` rendered in the
request's language (``Accept-Language``, Dutch by default; ``Context.locale``)."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from api.i18n import render
from graph.messages import MESSAGES, Message

__all__ = ["MessageType", "locale_of", "rendered"]


@strawberry.type(name="Message", description="What the domain says, as data: a stable code (e.g. "
                 "coverage.via_region) with its parameters, and the message rendered in the asked language.")
class MessageType:
    code: str
    params: JSON = strawberry.field(description="the parameters by name, as the domain gave them")

    @strawberry.field(description="the message in the asked language (Accept-Language; Dutch by default)")
    def message(self, info: strawberry.Info) -> str:
        if self.code not in MESSAGES:
            return self.code
        return render(Message(self.code, tuple(sorted(cast(dict[str, Any], self.params).items()))), locale_of(info))

    @staticmethod
    def of(message: Message) -> MessageType:
        return MessageType(code=message.code, params=JSON({k: _plain(v) for k, v in message.params}))


def _plain(value: Any) -> Any:
    """A parameter as JSON: dates as ISO strings, nested messages as {code, params}, tuples as lists."""
    if isinstance(value, Message):
        return {"code": value.code, "params": {k: _plain(v) for k, v in value.params}}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def locale_of(info: Any) -> str:
    """The request's language (``Context.locale``), Dutch when the context has none."""
    return str(getattr(info.context, "locale", "nl"))


_RENDERED: dict[tuple[Message, str], str] = {}


def rendered(message: Message | None, locale: str) -> str:
    """``render(message, locale)``, kept per (message, locale): a directory answer repeats the same few
    reasons ("Werkt voor Ede via subregio …") on every request, and a message is a frozen value whose
    wording depends on nothing else. Bounded: emptied when full."""
    if message is None:
        return ""
    key = (message, locale)
    try:
        found = _RENDERED.get(key)
    except TypeError:  # a parameter that is not hashable after all (a list): rendered each time
        return render(message, locale)
    if found is None:
        if len(_RENDERED) >= 8192:
            _RENDERED.clear()
        found = _RENDERED[key] = render(message, locale)
    return found
