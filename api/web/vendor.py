"""Static files served by the app itself: our CSS and the few dist files of the npm packages (no CDN).

Only the files named here are reachable; nothing else under frontend/node_modules is exposed.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, Response

__all__ = ["NODE_MODULES", "VENDOR_FILES", "router"]

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "frontend" / "node_modules"
STATIC = Path(__file__).parent / "static"

VENDOR_FILES: dict[str, Path] = {
    "utrecht-components.css": NODE_MODULES / "@utrecht/component-library-css/dist/index.css",
    "utrecht-tokens.css": NODE_MODULES / "@utrecht/design-tokens/dist/theme.css",
    "htmx.min.js": NODE_MODULES / "htmx.org/dist/htmx.min.js",
    # GraphiQL (api/graphiql.py): the UMD builds strawberry's default page would fetch from unpkg.com
    "react.production.min.js": NODE_MODULES / "react/umd/react.production.min.js",
    "react-dom.production.min.js": NODE_MODULES / "react-dom/umd/react-dom.production.min.js",
    "graphiql.min.js": NODE_MODULES / "graphiql/graphiql.min.js",
    "graphiql.min.css": NODE_MODULES / "graphiql/graphiql.min.css",
    "graphiql-explorer.js": NODE_MODULES / "@graphiql/plugin-explorer/dist/index.umd.js",
    "graphiql-explorer.css": NODE_MODULES / "@graphiql/plugin-explorer/dist/style.css",
}
OWN_FILES: dict[str, Path] = {name: STATIC / name for name in (
    "jbnet.css", "jbnet.js", "favicon.svg", "graphiql-start.js", "graphiql-page.css")}
_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}

router = APIRouter(include_in_schema=False)


def _serve(path: Path) -> Response:
    if not path.is_file():
        raise HTTPException(404, f"{path.name} is missing: run `make frontend-deps`")
    return FileResponse(path, media_type=_TYPES.get(path.suffix, "application/octet-stream"),
                        headers={"Cache-Control": "public, max-age=3600"})


@router.get("/static/vendor/{name}")
async def vendor_file(name: str) -> Response:
    path = VENDOR_FILES.get(name)
    if path is None:
        raise HTTPException(404, f"no such file: {name}")
    return _serve(path)


@router.get("/static/{name}")
async def own_file(name: str) -> Response:
    path = OWN_FILES.get(name)
    if path is None:
        raise HTTPException(404, f"no such file: {name}")
    return _serve(path)
