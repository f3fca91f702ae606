"""Every page of the app, enumerated from its routes: each GET route that answers with HTML, its path
parameters filled from the demo data. The accessibility and language tests walk this list, so a new page is
covered the day it is added (a route without a sample here fails ``test_every_html_route_has_a_sample``).
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse
from fastapi.routing import iter_route_contexts

from api.links import link_secret, make_link
from graph.queries.invites import invite_list
from graph.queries.meetings import create_meeting
from tests.web.conftest import COORDINATOR_SCOPE, PROFESSIONAL_KEY, WebServer

CASE = "JB-2JW9-C3SV"  # a demo case (loaders/demo.py)
GEMEENTE = "GM0228"  # Ede, in Food Valley (COORDINATOR_SCOPE)
FOOD_VALLEY_BODY = "body-toekomsttuin-food-valley"

# Routes that answer with a piece of a page for htmx: axe checks them inside the page that loads them
# (test_every_page_axe.py), the language scan reads them at these addresses (as a coordinator).
FRAGMENTS = {"/kiezer/{soort}", "/gemeente/{code}/contacten"}
FRAGMENT_SAMPLES = {
    "/kiezer/{soort}": ["/kiezer/persoon?veld=naar&naar_zoek=Oefen", "/kiezer/persoon?veld=naar&naar_zoek=Xqzzy",
                        "/kiezer/organisatie?veld=organisatie&organisatie_zoek=Lokaal+Team",
                        "/kiezer/persoon-of-functie?veld=persoon&persoon_zoek=Oefen"],
    "/gemeente/{code}/contacten": [f"/gemeente/{GEMEENTE}/contacten?soort=lokaal_team&deel=org-lt-ede",
                                   "/gemeente/GM0202/contacten?soort=gi&deel=org-wss"],
}

# Every role a test signs in as (None: signed out); the coordinator is the centrale gemeente's of Food Valley.
ROLES: tuple[str | None, ...] = (None, "professional", "coordinator", "governance", "admin")


def html_routes(app: Any) -> list[str]:
    """The path patterns of the app's GET routes that answer with an HTML page."""
    paths = []
    for route in iter_route_contexts(app.routes):
        cls = getattr(route.original_route, "response_class", None)
        if "GET" in (route.methods or set()) and isinstance(cls, type) and issubclass(cls, HTMLResponse):
            paths.append(str(route.path))
    return [p for p in paths if p not in FRAGMENTS]


def samples(web_server: WebServer) -> dict[str, list[str]]:
    """Route pattern -> the addresses that show it with demo data (a real case, gemeente, person, meeting, link)."""
    svc = web_server.service
    p = svc.projection
    meeting = _a_meeting(web_server)
    invitee = invite_list(p, meeting).invitees[0].professional
    secret = link_secret(svc.settings, svc.store)
    return {
        "/login": ["/login"],
        "/login/link/{token}": [f"/login/link/{make_link(secret, 'login', PROFESSIONAL_KEY)}"],
        "/": ["/"],
        "/zoeken": ["/zoeken", "/zoeken?q=Ede", "/zoeken?q=zzzqqq"],
        "/gemeente": ["/gemeente"],
        "/gemeente/{code}": [f"/gemeente/{GEMEENTE}", "/gemeente/GM0202", "/gemeente/GM9999"],
        "/casus": ["/casus"],
        "/casus/{ref}": [f"/casus/{CASE}"],
        "/item/{key}": [f"/item/{PROFESSIONAL_KEY}"],
        "/mijn-gegevens": ["/mijn-gegevens"],
        "/regio": ["/regio"],
        "/regio/{jz}": [f"/regio/{COORDINATOR_SCOPE}"],
        "/mensen": ["/mensen"],
        "/mensen/open": ["/mensen/open"],
        "/mensen/nieuw": ["/mensen/nieuw"],
        "/mensen/{key}": [f"/mensen/{PROFESSIONAL_KEY}"],
        "/bijeenkomsten": ["/bijeenkomsten"],
        "/bijeenkomsten/{key}": [f"/bijeenkomsten/{meeting}"],
        "/netwerk": ["/netwerk"],
        "/bijwerken/{token}": [f"/bijwerken/{make_link(secret, 'update_request', PROFESSIONAL_KEY)}"],
        "/uitnodiging/{token}": [f"/uitnodiging/{make_link(secret, 'rsvp', f'{meeting}|{invitee}')}"],
        "/regio/{jz}/verzoeken": [f"/regio/{COORDINATOR_SCOPE}/verzoeken"],
        "/mijn-gegevens/alles": ["/mijn-gegevens/alles"],
        "/beheer/privacy": ["/beheer/privacy"],
        "/beheer/audit": ["/beheer/audit"],
        "/maps/governance/{code}": [f"/maps/governance/{FOOD_VALLEY_BODY}"],
        "/maps/region/{code}": [f"/maps/region/{COORDINATOR_SCOPE}"],
        "/maps/ego/{key}": [f"/maps/ego/{PROFESSIONAL_KEY}"],
        "/maps/diff/{code}": ["/maps/diff/PV25?from=2019-01-01&to=2022-01-01"],
    }


def _a_meeting(web_server: WebServer) -> str:
    """A Food Valley meeting (the demo has none), made the first time it is asked for."""
    key = "mtg-test-every-page"
    if web_server.service.projection.node(key) is None:
        create_meeting(web_server.service, "test:every-page", region=COORDINATOR_SCOPE, date="2027-03-15",
                       start="10:00", end="12:00", place="Ede", key=key)
    return key
