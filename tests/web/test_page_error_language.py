"""The pages' own errors and refusals (``web.*`` codes) speak the page's language: Dutch by default, English on
``?lang=en``, with the domain's reason inside rendered in that language too. Real server over HTTP."""

from __future__ import annotations

from html import unescape

from tests.web.conftest import WebServer


def test_a_refusal_of_a_page_is_worded_in_the_page_language(web_server: WebServer) -> None:
    with web_server.client("professional") as client:
        nl = client.get("/regio")
        en = client.get("/regio", params={"lang": "en"})
    assert nl.status_code == en.status_code == 403
    assert "Regio is de pagina van de coördinatoren contactbeheer. U bent aangemeld als professional." in nl.text
    assert "Region is the page of the contact management coordinators. You are signed in as professional." in en.text
    assert "coördinatoren" not in en.text


def test_an_error_with_parameters_and_dates_is_worded_in_the_page_language(web_server: WebServer) -> None:
    with web_server.client("governance") as client:
        nl = client.get("/netwerk", params={"van": "2026-05-01", "tot": "2026-03-01"})
        en = client.get("/netwerk", params={"van": "2026-05-01", "tot": "2026-03-01", "lang": "en"})
        bad = client.get("/netwerk", params={"peildatum": "morgen", "lang": "en"})
    assert nl.status_code == en.status_code == bad.status_code == 400
    assert "Van (vr 1 mei 2026) ligt na Tot (zo 1 maart 2026)." in nl.text
    assert "From (Fri 1 May 2026) is after To (Sun 1 March 2026)." in en.text
    assert "Reference date 'morgen' is not a date (YYYY-MM-DD)." in unescape(bad.text)  # the label in English


def test_a_domain_reason_inside_a_page_error_follows_the_page_language(web_server: WebServer) -> None:
    # The audit page's period is checked by the domain (audit.not_a_date); the page wraps its reason.
    with web_server.client("admin") as client:
        nl = client.get("/beheer/audit", params={"van": "gisteren"})
        en = client.get("/beheer/audit", params={"van": "gisteren", "lang": "en"})
    assert nl.status_code == en.status_code == 400
    assert "Deze periode kan niet:" in nl.text and "gisteren" in nl.text
    assert "This period is not possible:" in en.text and "Deze periode" not in en.text
