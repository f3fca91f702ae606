"""Expected errors keep their message and get a code; anything unexpected is masked (no internals leak)."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from pydantic import ValidationError
from strawberry.extensions import MaskErrors
from strawberry.relay import GlobalIDValueError

from api.graphql.messages import MessageType
from api.i18n import render
from graph.messages import Message, MessageError, msg
from graph.privacy import PrivacyError
from graph.queries.errors import NotFound
from graph.queries.herindeling import GemeenteOpgegaan
from graph.store.base import StoreError, StoreUnavailable

__all__ = ["EXPECTED_ERRORS", "UNAVAILABLE_CODE", "UNAVAILABLE_MESSAGE", "MaskUnexpectedErrors", "error_code",
           "message_error", "message_extensions"]

# An outage, said in Dutch to every client (GraphQL error, HTTP 503 body, page): it is the database.
UNAVAILABLE_CODE = "DATABASE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = render(msg("store.unavailable"), "nl")

log = logging.getLogger("jbnet.api")

# Domain errors whose message is written for the user. Other areas add theirs to this tuple's sources.
EXPECTED_ERRORS: tuple[type[BaseException], ...] = (
    NotFound, StoreError, PrivacyError, ValidationError, GlobalIDValueError, GemeenteOpgegaan, MessageError,
)


def error_code(exc: BaseException) -> str:
    if isinstance(exc, StoreUnavailable):
        return UNAVAILABLE_CODE
    if isinstance(exc, GemeenteOpgegaan):
        return "OPGEGAAN_IN"
    if isinstance(exc, NotFound | GlobalIDValueError):
        return "NOT_FOUND"
    if isinstance(exc, PrivacyError | ValidationError | MessageError):
        return "BAD_USER_INPUT"
    return "BAD_REQUEST"


def message_extensions(message: Message, locale: str) -> dict[str, Any]:
    """The machine side of a domain message: its stable code and its parameters (as the domain gave them)."""
    return {"messageCode": message.code, "params": MessageType.of(message).params}


def message_error(exc: MessageError | NotFound, locale: str, code: str = "BAD_USER_INPUT") -> GraphQLError:
    """A GraphQL error for a domain error: the message rendered in ``locale``, its code and parameters."""
    message: Message = exc.message
    return GraphQLError(render(message, locale), extensions={"code": code, **message_extensions(message, locale)})


def _extensions(exc: BaseException, locale: str) -> dict[str, Any]:
    ext: dict[str, Any] = {"code": error_code(exc)}
    if isinstance(exc, NotFound):
        ext["suggestions"] = [{"code": key, "name": name} for key, name in exc.suggestions]
    message = getattr(exc, "message", None)
    if isinstance(exc, GemeenteOpgegaan):  # an old code after its herindeling: the successor, as code + params
        ext |= {**message_extensions(exc.message, locale), "successor": {"code": exc.answer.successor,
                                                                         "name": exc.answer.successor_name}}
    elif isinstance(message, Message):
        ext.update(message_extensions(message, locale))
    elif (params := getattr(exc, "params", None)) is not None:
        ext["params"] = params
    return ext


class MaskUnexpectedErrors(MaskErrors):
    """MaskErrors that lets GraphQL errors (validation, permissions, limits) and domain errors through.

    Domain errors get ``extensions.code`` (the error class: NOT_FOUND, BAD_USER_INPUT, ...), and those that
    carry a ``Message`` its ``messageCode`` and ``params`` with the message rendered in the request's language
    (``Context.locale``). Unexpected exceptions become "Unexpected error." with code INTERNAL_SERVER_ERROR
    and are logged here with their traceback.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=self._classify)

    def _classify(self, error: GraphQLError) -> bool:
        original = error.original_error
        if original is None or isinstance(original, GraphQLError):
            return False
        if isinstance(original, EXPECTED_ERRORS):
            locale = getattr(self.execution_context.context, "locale", "nl")
            error.extensions = {**(error.extensions or {}), **_extensions(original, locale)}
            message = getattr(original, "message", None)
            if isinstance(message, Message):
                error.message = render(message, locale)
            if isinstance(original, StoreUnavailable):
                log.warning("database unreachable at %s: %s", error.path, original.reason)
            return False
        log.error("unexpected error in GraphQL resolver at %s", error.path, exc_info=original)
        return True

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked
