"""How /graphql is served over HTTP: GraphiQL from jbnet itself, and 503 when the database is down.

strawberry's default IDE page loads React and GraphiQL from unpkg.com,
which stays blank on an offline or locked-down government network and tells a third party who uses
jbnet. This router renders the same IDE from the pinned npm packages in ``frontend/`` (api/web/vendor.py)
with its start script as a static file, so the page has no inline script (CSP) and no foreign host.

A write that fails because the database is unreachable answers HTTP 503 with Retry-After (the
GraphQL error has code DATABASE_UNAVAILABLE), so load balancers and clients see an outage, not a 200.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from strawberry.fastapi import GraphQLRouter

from api.graphql.errors import UNAVAILABLE_CODE

__all__ = ["GRAPHIQL_HTML", "RETRY_AFTER_SECONDS", "LocalGraphQLRouter"]

RETRY_AFTER_SECONDS = 5

GRAPHIQL_HTML = (Path(__file__).parent / "web" / "templates" / "graphiql.html").read_text(encoding="utf-8")


class LocalGraphQLRouter(GraphQLRouter):  # type: ignore[type-arg]
    """strawberry's FastAPI router whose IDE page references only this app's own files."""

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(GRAPHIQL_HTML)

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        results = response_data if isinstance(response_data, list) else [response_data]
        if any((e.get("extensions") or {}).get("code") == UNAVAILABLE_CODE
               for r in results for e in (r.get("errors") or [])):
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return super().create_response(response_data, sub_response)
