"""Each user journey end to end in headless Chromium against the real app on the demo data.

Every visited page also passes ``BrowserSession.check``: axe-core finds no serious or critical
WCAG 2.1 AA violation, no request leaves loopback, no console error, no sideways scrolling at
375 px, and screenshots at 1280 and 375 px land in test-artifacts/web/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.web.conftest import PROFESSIONAL_KEY, BrowserSession, WebServer, csrf_from

pytestmark = pytest.mark.browser

SignedIn = Callable[[str], BrowserSession]


def test_professional_searches_with_a_typo_and_results_appear_while_typing(signed_in: SignedIn) -> None:
    s = signed_in("professional")
    s.goto("/zoeken")
    s.check("zoeken-leeg")
    box = s.page.get_by_label("Zoek een persoon, organisatie, gemeente of functie")
    box.press_sequentially("veilig thuis gelderlnd midden", delay=20)  # typo on purpose, no Enter
    results = s.page.locator("#resultaten")
    results.get_by_role("link", name="Veilig Thuis Gelderland-Midden").first.wait_for()
    assert "/zoeken?q=" in s.page.url  # htmx pushed the query into the address bar
    s.check("zoeken-resultaten")


def test_professional_finds_who_to_call_in_ede(signed_in: SignedIn) -> None:
    s = signed_in("professional")
    s.page.get_by_label("Gemeente (naam of code)").fill("Ede")
    s.page.get_by_role("button", name="Toon contacten").click()
    s.page.wait_for_url("**/gemeente/GM0228")
    page = s.page
    assert page.get_by_role("heading", level=1).inner_text() == "Wie bel ik in Ede?"
    vt = page.locator("section", has=page.get_by_role("heading", name="Veilig Thuis"))
    assert "Chantal Voorlopig" in vt.inner_text()
    assert vt.locator('a[href^="tel:"]').count() >= 1 and vt.locator('a[href^="mailto:"]').count() >= 1
    lt = page.locator("section", has=page.get_by_role("heading", name="Lokaal Team", exact=True))
    assert "vervanger" in lt.inner_text()  # the backup is shown with the primary
    assert "Werkt rechtstreeks voor Ede." in lt.inner_text()
    body = page.locator("main").inner_text()
    for words in ("Aanmeldroute", "Regionaal expertteam (RET)", "Jeugdbeschermingstafel", "Stap 1", "Stap 3"):
        assert words in body
    with page.expect_download() as download:
        vt.get_by_role("link", name="vCard").first.click()
    card = Path(download.value.path()).read_text(encoding="utf-8")
    assert card.startswith("BEGIN:VCARD") and "Chantal Voorlopig" in card
    s.check("gemeente-ede")


def test_professional_reports_an_incorrect_contact(signed_in: SignedIn) -> None:
    s = signed_in("professional")
    s.goto("/gemeente/GM0228")
    s.page.get_by_label("Welk contact?").select_option(label=s.page.locator("#melding-key option").first.inner_text())
    s.page.get_by_label("Wat klopt er niet?").fill("Is in oktober vertrokken naar een andere gemeente.")
    s.page.get_by_role("button", name="Melding versturen").click()
    s.page.get_by_role("heading", name="Bedankt, uw melding is verstuurd").wait_for()
    assert "JZ21" in s.page.locator("main").inner_text()
    s.check("melding-verstuurd")


def test_professional_sees_case_deadlines_with_overdue_in_red(signed_in: SignedIn) -> None:
    s = signed_in("professional")
    s.goto("/casus")
    s.check("casus-zoeken")
    s.page.get_by_label("Casusreferentie").fill("jb-2jw9-c3sv")
    s.page.get_by_role("button", name="Toon termijnen").click()
    s.page.wait_for_url("**/casus/JB-2JW9-C3SV")
    overdue = s.page.locator("tr.jb-overdue")
    assert overdue.count() >= 1  # opened in September: the first term has long passed
    color = overdue.first.locator("td").first.evaluate("el => getComputedStyle(el).color")
    assert color == "rgb(176, 0, 32)"
    assert "werkdagen" in s.page.locator("main").inner_text()
    s.check("casus")


def test_professional_is_denied_the_coordinator_page(signed_in: SignedIn) -> None:
    s = signed_in("professional")
    response = s.goto("/regio/JZ21")
    assert response.status == 403
    assert s.page.get_by_role("heading", level=1).inner_text() == "Geen toegang"
    assert s.page.get_by_role("link", name="Regio").count() == 0  # not offered in the navigation either
    s.check("regio-geweigerd")


def test_professional_confirms_own_position_in_one_click(signed_in: SignedIn, web_server: WebServer) -> None:
    p = web_server.service.projection
    position = sorted(k for k, _ in p.out_edges(PROFESSIONAL_KEY, "HOLDS"))[0]
    before = (p.node(position) or {}).get("last_verified")
    s = signed_in("professional")
    s.page.get_by_role("link", name="Mijn gegevens").first.click()
    s.page.get_by_role("heading", name="Mijn gegevens").wait_for()
    s.check("mijn-gegevens")
    card = s.page.locator("section.jb-card", has=s.page.locator(f'input[name="key"][value="{position}"]'))
    card.get_by_role("button", name="Klopt").click()
    card.get_by_text("bevestigd vandaag").wait_for()  # htmx swapped the button for the badge
    after = (p.node(position) or {}).get("last_verified")
    assert after == dt.date.today().isoformat() and after != before
    entry = web_server.service.store.history(position)[-1]
    assert entry.actor == "professional:Zeynep (test)"
    # The correction goes to the region's queue.
    s.page.get_by_text("Klopt niet: correctie doorgeven").first.click()
    s.page.get_by_label("Wat moet anders? (mijn naam en contactgegevens)").fill("Nieuw nummer: 06-00000999")
    s.page.get_by_role("button", name="Correctie versturen").first.click()
    s.page.get_by_text("uw correctie staat in de wachtrij").wait_for()


def test_coordinator_verifies_stale_contact_and_handles_a_report(signed_in: SignedIn, web_server: WebServer) -> None:
    with web_server.client("professional") as c:
        page = c.get("/gemeente/GM0228").text
        r = c.post("/melding", data={"csrf": csrf_from(page), "key": "prof-demo-0384",
                                     "opmerking": "Werkt sinds november bij een ander team.", "terug": "/"})
        assert r.status_code == 200
    s = signed_in("coordinator")
    s.page.get_by_role("link", name="Regio").first.click()
    s.page.wait_for_url("**/regio/JZ21")
    s.check("regio")
    stale = s.page.locator("#verouderd + ul li, #verouderd ~ ul").first
    first_button = s.page.locator("#verouderd ~ ul").first.get_by_role("button", name="Bevestig").first
    key = s.page.locator("#verouderd ~ ul").first.locator('input[name="key"]').first.get_attribute("value")
    first_button.click()
    stale.get_by_text("bevestigd vandaag").first.wait_for()
    assert (web_server.service.projection.node(key) or {}).get("last_verified") == dt.date.today().isoformat()
    reports = s.page.locator("#meldingen ~ ul").first
    assert "Werkt sinds november bij een ander team." in reports.inner_text()
    item = reports.locator("li", has_text="Werkt sinds november").first
    item.get_by_role("button", name="Afhandelen").click()
    s.page.get_by_text("is afgehandeld").wait_for()
    assert "Werkt sinds november bij een ander team." not in s.page.locator("#meldingen ~ ul").first.inner_text()


def test_coordinator_bulk_reassigns_and_sees_the_workbook_error_report(signed_in: SignedIn, web_server: WebServer,
                                                                       tmp_path: Path) -> None:
    p = web_server.service.projection
    # Two Ede LT workers (demo): the backup leaves, the primary takes over all her positions.
    leaving, successor = "prof-demo-0083", "prof-demo-0082"
    held = {k for k, _ in p.out_edges(leaving, "HOLDS")}
    assert held
    s = signed_in("coordinator")
    s.goto("/regio/JZ21#overdragen")
    s.page.get_by_label("Van (sleutel, bijv. prof-…)").fill(leaving)
    s.page.get_by_label("Naar (sleutel)").fill(successor)
    s.page.get_by_role("button", name="Overdragen").click()
    s.page.get_by_text("overgedragen aan").wait_for()
    assert not list(p.out_edges(leaving, "HOLDS"))
    assert held <= {k for k, _ in p.out_edges(successor, "HOLDS")}

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "professionals"
    sheet.append(["sleutel", "naam", "email"])
    sheet.append(["prof-web-test-1", "Test Persoon", "dit-is-geen-adres"])
    path = tmp_path / "werkmap.xlsx"
    book.save(path)
    before = web_server.service.store.last_seq()
    s.page.get_by_label("Werkmap (.xlsx)").set_input_files(str(path))
    s.page.get_by_role("button", name="Uploaden en controleren").click()
    table = s.page.locator("#werkmap-fouten")
    table.wait_for()
    row = table.locator("tbody tr").first.inner_text()
    assert "professionals" in row and "2" in row and "email" in row
    assert web_server.service.store.last_seq() == before  # nothing written
    s.check("regio-werkmap-fouten")

