"""GraphQL over HTTP as the spec says, on top of strawberry's FastAPI router.

A client that accepts ``application/graphql-response+json`` (the spec's media type) gets that
content type, and a *request error* — the document does not parse or validate, or the variables do
not coerce — answers status 400 without a ``data`` entry: nothing was executed. Clients that accept
only ``application/json`` (or anything) keep the legacy behaviour: 200 with ``data: null``.
``tests/api/test_graphql_http_audit.py`` runs the ``graphql-http`` server audit against the real app.
"""

from __future__ import annotations

from typing import Any, cast

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET

from api.graphiql import LocalGraphQLRouter
from api.graphql.inputs import request_error
from api.i18n import locale_from_header

__all__ = ["GRAPHQL_RESPONSE_JSON", "SpecGraphQLRouter", "accepts_graphql_response_json", "is_request_error",
           "request_error_code"]

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def accepts_graphql_response_json(accept: str | None) -> bool:
    """Whether the Accept header lists the spec's media type (with a non-zero quality)."""
    for part in (accept or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if media.lower() == GRAPHQL_RESPONSE_JSON:
            q = next((p.split("=", 1)[1] for p in params if p.replace(" ", "").lower().startswith("q=")), "1")
            try:
                return float(q) > 0
            except ValueError:
                return True
    return False


def is_request_error(result: ExecutionResult) -> bool:
    """A result that failed before execution: no data, and no error belongs to a field (has a path)."""
    if isinstance(result, PreExecutionError):
        return True
    errors: list[GraphQLError] = list(result.errors or [])
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def request_error_code(message: str) -> str:
    """The code of an error found before execution: the document, or the variables' values."""
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if message.startswith("Variable '$"):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


class SpecGraphQLRouter(LocalGraphQLRouter):
    """The app's /graphql: the local GraphiQL page (``LocalGraphQLRouter``) and the spec's HTTP semantics."""

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        if not is_request_error(result):
            return response
        locale = locale_from_header(request.headers.get("accept-language"))
        errors = cast(list[dict[str, Any]], response.get("errors") or [])  # formatted: JSON objects
        for error, raised in zip(errors, result.errors or [], strict=False):
            refused = request_error(raised, locale)  # a Date, DateTime or enum value: the catalogue's words
            if refused is not None:
                error["message"], error["extensions"] = refused
            # a machine code for every request error, too
            error.setdefault("extensions", {}).setdefault("code", request_error_code(error["message"]))
        if accepts_graphql_response_json(request.headers.get("accept")):
            request.state.graphql_request_error = True
            response.pop("data", None)
        return response

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        response = await super().run(request, context=context, root_value=root_value)
        if not isinstance(request, Request) or not isinstance(response, Response):
            return response  # websockets: not HTTP responses
        if response.media_type == "application/json" and accepts_graphql_response_json(
                request.headers.get("accept")):
            response.headers["content-type"] = GRAPHQL_RESPONSE_JSON
            if getattr(request.state, "graphql_request_error", False):
                response.status_code = 400
        return response
