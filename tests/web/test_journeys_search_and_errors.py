"""Issue #13, problems 4 and 6 as a user meets them, in Chromium against the real server (1280 and 375 px).

Problem 4: search stopped at 20 with no paging, filters or sorting, showed no phone or e-mail, found nothing for
a phone number, and "Bergen" silently opened one of two Bergens. Problem 6: raw JSON or English back-end text
reached users (an unknown URL, a signed-out map, a file that is no workbook, a stale "freeze" button).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph.queries.search import normalise
from graph.schema import Label
from tests.web.conftest import COORDINATOR_SCOPE, BrowserSession, WebServer

pytestmark = pytest.mark.browser

SignedIn = Callable[[str], BrowserSession]
# Back-end English and raw JSON that once reached a page.
_BACKEND = re.compile(r'\{"errors"|cannot read|zip file|File is not|invite_diff|Traceback|Not Found|'
                      r"Internal Server Error|not authenticated", re.I)


def _status(s: BrowserSession) -> str:
    return s.page.locator("#resultaten [role=status]").first.inner_text()


def _names(s: BrowserSession) -> list[str]:
    return s.page.locator("#resultaten .jb-results li > a:first-of-type").all_inner_texts()


def _person_with_phone_and_email(web_server: WebServer) -> dict[str, str]:
    p = web_server.service.projection
    for key in sorted(p.keys(Label.PROFESSIONAL)):
        n = p.node(key) or {}
        if n.get("phone") and n.get("email") and n.get("active", True) is not False:
            return {"key": key, "name": str(n["name"]), "phone": str(n["phone"]), "email": str(n["email"])}
    raise AssertionError("no professional with phone and e-mail in the demo data")


def _type_search(s: BrowserSession, text: str) -> None:
    """Type into the search field as a person does; the results follow (htmx, 250 ms after the last key)."""
    box = s.page.get_by_label("Zoek een persoon, organisatie, gemeente of functie")
    box.fill("")
    box.press_sequentially(text, delay=20)
    s.page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=text)
    s.page.locator("#resultaten [role=status]").first.wait_for()


def test_search_journey_pages_filters_sorts_and_finds_by_phone_and_email(
        signed_in: SignedIn, web_server: WebServer, tmp_path: Path) -> None:
    person = _person_with_phone_and_email(web_server)
    s = signed_in("professional")
    s.goto("/zoeken")
    _type_search(s, "jeugd")
    first_status = _status(s)
    total = int(re.search(r"(\d+) resultaten", first_status).group(1))  # type: ignore[union-attr]
    assert total > 40 and "(1–20)" in first_status
    first_page = _names(s)
    assert len(first_page) == 20
    # Page on past the first 20 and back.
    s.page.get_by_role("link", name="Volgende 20").click()
    s.page.wait_for_url("**vanaf=20**")
    assert "(21–40)" in _status(s)
    second_page = _names(s)
    assert len(second_page) == 20 and not set(second_page) & set(first_page)
    s.page.get_by_role("link", name="Vorige 20").click()
    s.page.wait_for_url("**vanaf=0**")
    assert _names(s) == first_page
    # Filter: only people, only at a GI; every hit says it is a person.
    s.page.get_by_label("Alleen").select_option(label="Persoon")
    s.page.wait_for_url("**soort=professional**")
    s.page.get_by_label("Organisatietype").select_option(label="Gecertificeerde instelling (GI)")
    s.page.wait_for_url("**orgtype=gi**")
    s.page.locator("#resultaten .jb-results li").first.wait_for()
    filtered = int(re.search(r"(\d+) resultat", _status(s)).group(1))  # type: ignore[union-attr]
    assert 0 < filtered < total
    badges = s.page.locator("#resultaten .jb-results .jb-badge--neutral").all_inner_texts()
    assert badges and {b.strip() for b in badges} == {"Persoon"}
    # Sort by name: what the reader sees is in A–Z order.
    s.page.get_by_label("Sorteer op").select_option(label="naam (A–Z)")
    s.page.wait_for_url("**sortering=name**")
    s.page.locator("#resultaten .jb-results li").first.wait_for()
    names = _names(s)
    assert names and [normalise(n) for n in names] == sorted(normalise(n) for n in names)
    # The result list as a CSV file, with the filters the reader chose.
    with s.page.expect_download() as download:
        s.page.get_by_role("link", name="Lijst als CSV-bestand").click()
    saved = tmp_path / "zoeken.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["soort", "naam"] and len(rows) - 1 == filtered
    s.check("reis-zoeken-filter-sortering")

    # A phone number typed with spaces, and an e-mail address, find the person; phone and e-mail are shown.
    s.page.get_by_label("Alleen").select_option(label="alles")
    s.page.get_by_label("Organisatietype").select_option(index=0)
    spaced = " ".join(re.sub(r"\D", "", person["phone"]))
    for query in (spaced, person["email"].upper()):
        _type_search(s, query)
        hit = s.page.locator("#resultaten .jb-results li", has=s.page.get_by_role("link", name=person["name"]))
        hit.first.wait_for()
        assert hit.first.get_by_role("link", name=person["phone"]).is_visible()
        assert hit.first.get_by_role("link", name=person["email"]).is_visible()
    assert _status(s).startswith("1 resultaat voor")  # one e-mail address, one person: not "1 resultaten"
    s.check("reis-zoeken-telefoon")


def test_an_ambiguous_gemeente_name_offers_the_choice(signed_in: SignedIn, web_server: WebServer) -> None:
    p = web_server.service.projection
    bergens = sorted(str((p.node(k) or {}).get("name")) for k in p.keys(Label.GEMEENTE)
                     if normalise(str((p.node(k) or {}).get("name", ""))).startswith("bergen "))
    assert len(bergens) >= 2, bergens
    s = signed_in("professional")
    s.goto("/gemeente")
    s.page.get_by_label("Gemeente (naam of code)").fill("Bergen")
    s.page.get_by_role("button", name="Toon contacten").click()
    s.page.get_by_text("Meer gemeenten heten").wait_for()
    for name in bergens:  # every Bergen is offered; none is opened silently
        assert s.page.get_by_role("link", name=name, exact=True).is_visible()
    s.check("reis-gemeente-bergen-keuze")
    chosen = bergens[-1]
    s.page.get_by_role("link", name=chosen, exact=True).click()
    s.page.wait_for_url("**/gemeente/GM*")
    assert s.page.get_by_role("heading", level=1).inner_text() == f"Wie bel ik in {chosen}?"


def _visible_text(s: BrowserSession) -> str:
    return str(s.page.locator("body").inner_text())


def test_what_goes_wrong_is_said_in_dutch_never_as_json_or_back_end_english(
        signed_in: SignedIn, browser: Any, web_server: WebServer, tmp_path: Path) -> None:
    # An address that does not exist: a Dutch page with a way back, not {"errors": …}.
    s = signed_in("coordinator")
    response = s.goto("/gemeente/GM0228/bestaat-niet")
    assert response is not None and response.status == 404
    assert s.page.get_by_role("heading", name="Niet gevonden").is_visible()
    assert not _BACKEND.search(_visible_text(s)) and s.page.locator("html").get_attribute("lang") == "nl"
    s.page.get_by_role("link", name="Terug naar de startpagina").click()
    s.page.wait_for_url(web_server.base_url + "/")

    # A file that is no workbook: the page names the file in Dutch, not "cannot read: … File is not a zip file".
    fake = tmp_path / "lijst.xlsx"
    fake.write_text("naam;telefoon\nPiet;06-1\n", encoding="utf-8")
    s.goto(f"/regio/{COORDINATOR_SCOPE}#werkmap")
    s.page.get_by_label("Werkmap (.xlsx)").set_input_files(str(fake))
    s.page.get_by_role("button", name="Uploaden en controleren").click()
    s.page.get_by_text("lijst.xlsx").first.wait_for()
    text = _visible_text(s)
    assert not _BACKEND.search(text), _BACKEND.search(text)
    assert s.page.locator("html").get_attribute("lang") == "nl"

    # A stale "Lijst vastleggen" button (the list was frozen meanwhile, e.g. in another tab): Dutch, with why.
    from graph.queries.invites import freeze_invite_list
    from graph.queries.meetings import create_meeting

    key = "mtg-reis-vastgelegd"
    create_meeting(web_server.service, "test", region=COORDINATOR_SCOPE, date="2032-04-06", place="Ede", key=key)
    s.goto(f"/bijeenkomsten/{key}")
    button = s.page.get_by_role("button", name="Uitnodigingslijst vastleggen")
    freeze_invite_list(web_server.service, "test", key)
    button.click()
    s.page.get_by_text("Vastleggen lukte niet").wait_for()
    text = _visible_text(s)
    assert "vastgezet" in text and not _BACKEND.search(text), _BACKEND.search(text)
    s.check("reis-fout-vastgelegd")

    # Signed out, a map is the login page and then the map, not JSON.
    context = browser.new_context(locale="nl-NL")
    try:
        page = context.new_page()
        response = page.goto(f"{web_server.base_url}/maps/governance/PV25")
        assert response is not None and response.status == 401
        assert page.get_by_role("heading", name="Aanmelden nodig").is_visible()
        assert not _BACKEND.search(str(page.locator("body").inner_text()))
        page.locator("main").get_by_role("link", name="Aanmelden").click()
        page.wait_for_url("**/login**")
        page.get_by_label("Toegangssleutel").fill(web_server.tokens["governance"])
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url("**/maps/governance/PV25**")
        assert not _BACKEND.search(str(page.locator("body").inner_text()))
    finally:
        context.close()
