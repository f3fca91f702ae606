"""Server-rendered Dutch web pages (Jinja2 + htmx on the NL Design System) for the three users.

``web_router`` bundles every page router; ``api/app.py`` includes it with one line.
"""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["build_web_router"]


def build_web_router() -> APIRouter:
    """All page routes: sign-in, static files, directory, self-service, region, meetings, network."""
    from api.web import (
        routes_audit,
        routes_directory,
        routes_meetings,
        routes_network,
        routes_people,
        routes_privacy,
        routes_regio,
        routes_self,
        routes_signin,
        routes_update,
        session,
        vendor,
    )

    router = APIRouter(include_in_schema=False)
    for module in (vendor, session, routes_signin, routes_directory, routes_self, routes_regio, routes_people,
                   routes_meetings, routes_network, routes_update, routes_privacy, routes_audit):
        router.include_router(module.router)
    return router
