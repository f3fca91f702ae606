"""GraphiQL served by jbnet itself: strawberry's default page loads React and GraphiQL from unpkg.com,
which stays blank on an offline or locked-down government network and tells a third party who uses
jbnet. This router renders the same IDE from the pinned npm packages in ``frontend/`` (api/web/vendor.py)
with its start script as a static file, so the page has no inline script (CSP) and no foreign host.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from strawberry.fastapi import GraphQLRouter

__all__ = ["GRAPHIQL_HTML", "LocalGraphQLRouter"]

GRAPHIQL_HTML = (Path(__file__).parent / "web" / "templates" / "graphiql.html").read_text(encoding="utf-8")


class LocalGraphQLRouter(GraphQLRouter):  # type: ignore[type-arg]
    """strawberry's FastAPI router whose IDE page references only this app's own files."""

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(GRAPHIQL_HTML)
