"""A browser gets a Dutch HTML page for 400/401/403/404/500 on every route, maps included; API clients
keep the GraphQL-shaped JSON. (Before: an unknown URL or a signed-out map showed raw JSON in English.)
"""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from api.app import create_app
from tests.support import serve
from tests.web.conftest import BrowserSession, WebServer, login

SignedIn = Callable[[str], BrowserSession]

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ENGLISH = re.compile(r"\b(sign in|not found|forbidden|unknown|internal server error|errors|invalid request)\b", re.I)


def _assert_dutch_page(response: httpx.Response, status: int, title: str) -> str:
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="nl"' in html
    assert f"<h1 class=\"utrecht-heading-1\">{title}</h1>" in html, html[:2000]
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))
    assert not ENGLISH.search(visible), ENGLISH.search(visible)
    assert "WWW-Authenticate" not in response.headers  # no browser password dialog
    return html


@pytest.mark.parametrize("path", ["/bestaat-niet", "/maps/onbekend/JZ28", "/static/vendor/geen.js"])
def test_unknown_address_is_a_dutch_404_page(web_server: WebServer, path: str) -> None:
    with web_server.client() as client:
        _assert_dutch_page(client.get(path, headers=BROWSER), 404, "Niet gevonden")


def test_api_clients_keep_json_errors(web_server: WebServer) -> None:
    with web_server.client() as client:
        for headers in ({}, {"Accept": "application/json"}, {"Accept": "*/*"}):
            r = client.get("/bestaat-niet", headers=headers)
            assert r.status_code == 404 and r.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        r = client.get("/maps/governance/PV25")
        assert r.status_code == 401 and r.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_signed_out_map_offers_the_login_and_comes_back(web_server: WebServer) -> None:
    with web_server.client() as client:
        html = _assert_dutch_page(client.get("/maps/governance/PV25?asOf=2026-10-01", headers=BROWSER),
                                  401, "Aanmelden nodig")
        assert 'href="/login?next=%2Fmaps%2Fgovernance%2FPV25%3FasOf%3D2026-10-01"' in html


def test_map_without_the_role_is_a_dutch_403_page(web_server: WebServer) -> None:
    with web_server.client() as client:
        login(client, web_server.tokens["professional"])
        _assert_dutch_page(client.get("/maps/governance/PV25", headers=BROWSER), 403, "Geen toegang")


def test_map_of_an_unknown_region_and_a_bad_date_are_dutch_pages(web_server: WebServer) -> None:
    with web_server.client() as client:
        login(client, web_server.tokens["governance"])
        _assert_dutch_page(client.get("/maps/region/JZ99", headers=BROWSER), 404, "Niet gevonden")
        _assert_dutch_page(client.get("/maps/diff/JZ28?from=gisteren&to=2026-10-01", headers=BROWSER),
                           400, "Ongeldig verzoek")


def test_an_unexpected_failure_is_a_dutch_500_page_and_json_for_api_clients(web_server: WebServer) -> None:
    app = create_app(web_server.service.settings, web_server.service)

    @app.get("/kapot")
    def broken() -> None:  # a bug anywhere in a route
        raise RuntimeError("database table xyzzy has no column plugh")

    with serve(app) as base_url:  # uvicorn closes the connection after a 500: one client per request
        html = _assert_dutch_page(httpx.get(base_url + "/kapot", headers=BROWSER), 500, "Er ging iets mis")
        assert "xyzzy" not in html  # nothing of the internals reaches the page
        r = httpx.get(base_url + "/kapot")
        assert r.status_code == 500 and r.json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"


def test_error_page_in_chromium_is_accessible(signed_in: SignedIn) -> None:
    session = signed_in("professional")
    response = session.goto("/bestaat-niet")
    assert response is not None and response.status == 404
    assert session.page.get_by_role("heading", name="Niet gevonden").is_visible()
    session.check("fout-404")


def test_freezing_a_frozen_invite_list_says_why_in_dutch(web_server: WebServer) -> None:
    """Problem 6: the refusal named an API field ("…see invite_diff"); the page says it in Dutch, with the date."""
    from graph.queries.invites import freeze_invite_list
    from graph.queries.meetings import create_meeting
    from tests.web.conftest import COORDINATOR_SCOPE, csrf_from

    svc, key = web_server.service, "mtg-foutpagina-vast"
    if svc.projection.node(key) is None:
        create_meeting(svc, "test", region=COORDINATOR_SCOPE, date="2032-03-02", place="Ede", key=key)
        freeze_invite_list(svc, "test", key)
    with web_server.client("coordinator") as c:
        csrf = csrf_from(c.get(f"/bijeenkomsten/{key}").text)
        r = c.post(f"/bijeenkomsten/{key}/bevriezen", data={"csrf": csrf}, headers=BROWSER)
    html = _assert_dutch_page(r, 400, "Ongeldig verzoek")
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Vastleggen lukte niet" in text and "vastgezet" in text
    assert "invite_diff" not in text and "frozen" not in text
