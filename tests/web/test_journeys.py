"""Each user journey end to end in headless Chromium against the real app on the demo data.

Every visited page also passes ``BrowserSession.check``: axe-core finds no serious or critical
WCAG 2.1 AA violation, no request leaves loopback, no console error, no sideways scrolling at
375 px, and screenshots at 1280 and 375 px land in test-artifacts/web/.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect

from graph.queries.freshness import jeugdhulpregios_of
from graph.queries.invites import freeze_invite_list
from graph.queries.meetings import create_meeting
from tests.web.conftest import PROFESSIONAL_KEY, BrowserSession, WebServer, csrf_from

pytestmark = pytest.mark.browser

SignedIn = Callable[[str], BrowserSession]


def pick(scope: Any, label: str, name: str) -> None:
    """Use the person picker: type the name into the field labelled ``label``, choose the hit (no key typed)."""
    box = scope.get_by_label(label, exact=True)
    box.press_sequentially(name, delay=10)
    hits = scope.locator(f"#{box.get_attribute('id').removesuffix('-zoek')}-lijst")
    hits.get_by_role("radio", name=re.compile("^" + re.escape(name))).first.check()


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
    for fold in ("#regio", "#escalatie"):  # the details are folded below the cards
        page.locator(f"{fold} > summary").click()
    body = page.locator("main").inner_text()
    for words in ("Aanmeldroute", "Regionaal expertteam (RET)", "Jeugdbeschermingstafel", "Stap 1", "Stap 3"):
        assert words in body
    vt.locator(".jb-glance-more > summary").first.click()
    with page.expect_download() as download:
        vt.get_by_role("link", name="vCard").first.click()
    card = Path(download.value.path()).read_text(encoding="utf-8")
    assert card.startswith("BEGIN:VCARD") and "Chantal Voorlopig" in card
    s.check("gemeente-ede")


def test_professional_reports_an_incorrect_contact(signed_in: SignedIn) -> None:
    s = signed_in("professional")
    s.goto("/gemeente/GM0228")
    s.page.get_by_role("link", name="Meld een onjuist contact").click()
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
    assert entry.actor.startswith("professional:Zeynep (test) [token:")  # the name, and the token's unique id
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
    form = s.page.locator("form", has=s.page.get_by_role("button", name="Overdragen", exact=True))
    pick(form, "Van", p.node(leaving)["name"])
    pick(form, "Naar", p.node(successor)["name"])
    s.page.get_by_role("button", name="Overdragen", exact=True).click()
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
    assert "blad professionals" in row and "'dit-is-geen-adres' is geen e-mailadres" in row  # Dutch wording
    assert web_server.service.store.last_seq() == before  # nothing written
    s.check("regio-werkmap-fouten")



def _create_meeting(s: BrowserSession, day: str) -> str:
    s.goto("/bijeenkomsten?jaar=2026&regio=JZ21")
    s.page.get_by_label("Voor").select_option("SR-JZ21-ede-en-scherpenzeel")
    s.page.get_by_label("Datum").fill(day)
    s.page.get_by_label("Plaats").fill("Gemeentehuis Ede")
    s.page.get_by_role("button", name="Bijeenkomst aanmaken").click()
    s.page.wait_for_url("**/bijeenkomsten/mtg-*")
    return s.page.url.rsplit("/", 1)[1]


def test_coordinator_plans_meetings_with_coverage_hours_freeze_rsvp_and_exports(
        signed_in: SignedIn, web_server: WebServer) -> None:
    s = signed_in("coordinator")
    s.page.get_by_role("link", name="Bijeenkomsten").first.click()
    # the menu opens this year's plan; the meetings below are planned in 2026 (asked for by year)
    s.page.get_by_role("heading", name=f"Jaarplan {dt.date.today().year} – Food Valley").wait_for()
    s.check("bijeenkomsten-jaarplan")
    first = _create_meeting(s, "2026-12-01")
    matrix = s.page.locator("#dekkingsmatrix")
    assert "Ede" in matrix.inner_text() and "Scherpenzeel" in matrix.inner_text()
    assert matrix.locator("tbody tr").count() == 2
    invited = s.page.locator("#uitnodigingslijst tbody tr").count()
    assert invited >= 4  # at least the four core partners
    assert s.page.get_by_role("heading", level=1).inner_text().endswith("di 1 december 2026")  # not 2026-12-01
    s.check("bijeenkomst-concept")
    s.page.get_by_role("button", name="Uitnodigingslijst vastleggen").click()
    s.page.get_by_text("De uitnodigingslijst is vastgelegd.").wait_for()

    # Two more meetings in the same year: 3 x 4 hours is over the 8-hour budget, which is flagged.
    second = _create_meeting(s, "2026-12-08")
    s.page.get_by_role("button", name="Uitnodigingslijst vastleggen").click()
    s.page.get_by_text("De uitnodigingslijst is vastgelegd.").wait_for()
    _create_meeting(s, "2026-12-15")
    assert "boven budget" in s.page.locator("#uitnodigingslijst").inner_text()
    assert s.page.locator("#uitnodigingslijst tr.jb-overdue").count() >= 1
    s.check("bijeenkomst-boven-budget")
    assert second != first

    # RSVP inline (htmx) and attendance on the first, frozen meeting.
    s.goto(f"/bijeenkomsten/{first}")
    row = s.page.locator("#uitnodigingslijst tbody tr").first
    row.get_by_role("button", name=re.compile(r"^komt niet")).click()
    row.get_by_text("komt niet").first.wait_for()
    person = row.locator('input[name="professional"]').first.get_attribute("value")
    edges = web_server.service.projection.in_edges(first, "INVITED", all_time=True)
    assert dict((src, d) for src, d in edges)[person]["status"] == "declined"
    row.get_by_role("button", name=re.compile(r"^aanwezig melden")).click()
    s.page.get_by_text("Aanwezigheid opgeslagen.").wait_for()
    s.check("bijeenkomst-vastgelegd")

    with s.page.expect_download() as download:
        s.page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == invited + 1  # header + one line per invitee
    with s.page.expect_download() as download:
        s.page.get_by_role("link", name="Agenda-uitnodiging (ICS)").click()
    ics = Path(download.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in ics and "ATTENDEE" in ics
    audits = [e for e in web_server.service.store.history(first) if e.op == "audit.export"]
    assert [e.after["format"] for e in audits] == ["csv", "ics"]


def test_professional_answers_own_invitation_but_cannot_export(signed_in: SignedIn, web_server: WebServer) -> None:
    svc = web_server.service
    meeting = create_meeting(svc, "test", region="SR-JZ21-ede-en-scherpenzeel", date="2027-03-01",
                             place="Scherpenzeel")
    frozen = freeze_invite_list(svc, "test", meeting)
    assert frozen.get(PROFESSIONAL_KEY) is not None  # the Ede LT worker is invited
    s = signed_in("professional")
    s.goto("/bijeenkomsten")
    s.page.get_by_role("heading", name="Mijn uitnodigingen").wait_for()
    s.check("bijeenkomsten-professional")
    s.page.locator(f'a[href="/bijeenkomsten/{meeting}"]').click()
    mine = s.page.locator("#uitnodigingslijst tbody tr")
    assert mine.count() == 1  # only their own line, not the others' contact data
    mine.get_by_role("button", name=re.compile(r"^komt \(")).click()
    expect(mine.get_by_role("button", name=re.compile(r"^komt \("))).to_have_count(0)  # htmx swapped the answer
    status = dict(svc.projection.in_edges(meeting, "INVITED", all_time=True))[PROFESSIONAL_KEY]["status"]
    assert status == "accepted"
    s.check("bijeenkomst-professional")
    response = s.goto(f"/bijeenkomsten/{meeting}/export.csv")
    assert response.status == 403


def test_governance_checks_the_network_compares_dates_and_opens_a_map(signed_in: SignedIn) -> None:
    s = signed_in("governance")
    s.page.get_by_role("link", name="Netwerk").first.click()
    s.page.get_by_role("heading", name="Netwerk Gelderland").wait_for()
    findings = s.page.locator("#bevindingen li")
    assert findings.count() >= 1 and "Toekomsttuin" in findings.first.inner_text()
    listed = s.page.locator("#bevindingen").inner_text()
    assert "geen lid van" in listed and "has no" not in listed  # findings worded in Dutch from their rule
    s.check("netwerk")
    s.page.get_by_label("Van").fill("2021-01-01")
    s.page.get_by_label("Tot").fill("2026-01-01")
    s.page.get_by_role("button", name="Vergelijk").click()
    s.page.locator("#verschillen").wait_for()
    changes = s.page.locator("#verschillen").inner_text()
    assert "Nieuw orgaan" in changes and "lid van" in changes and "MEMBER_OF" not in changes
    s.check("netwerk-verschil")
    s.page.get_by_role("link", name="Governancekaart (stuurgroep, projectgroep, kerngroep)").click()
    s.page.wait_for_url("**/maps/governance/PV25*")
    s.page.wait_for_load_state("load")
    assert s.page.title()  # the map page of api/maps.py opened with this session
    assert not s.foreign_requests(), s.foreign_requests()
    response = s.goto("/netwerk?code=PV2S")
    assert response.status == 404
    assert "Geen regio of overlegorgaan 'PV2S' gevonden. Bedoelt u" in s.page.locator("main").inner_text()


def test_coordinator_and_professional_are_denied_netwerk(signed_in: SignedIn) -> None:
    for role in ("coordinator", "professional"):
        s = signed_in(role)
        assert s.page.get_by_role("link", name="Netwerk").count() == 0
        response = s.goto("/netwerk")
        assert response.status == 403
        assert "governance" in s.page.locator("main").inner_text()
    s.check("netwerk-geweigerd")


def test_login_and_start_pages_are_accessible(browser: Any, web_server: WebServer, signed_in: SignedIn) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        s = BrowserSession(page, web_server.base_url)
        page.on("request", lambda r: s.requests.append(r.url))
        s.goto("/gemeente/GM0228")
        assert "/login?next=" in page.url  # not signed in: sent to the login page, no contact details
        page.get_by_label("Toegangssleutel").fill("jbnet_not-a-real-token")
        page.get_by_role("button", name="Aanmelden").click()
        page.get_by_text("onbekend of ingetrokken").wait_for()
        s.check("login")
    finally:
        context.close()
    s = signed_in("admin")
    s.check("start")
    s.goto("/item/org-vt-gelderland-midden")
    assert "Veilig Thuis Gelderland-Midden" in s.page.get_by_role("heading", level=1).inner_text()
    s.check("item-organisatie")


def test_core_lookups_work_without_javascript(browser: Any, web_server: WebServer) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(web_server.base_url + "/login?next=/zoeken")
        page.get_by_label("Toegangssleutel").fill(web_server.tokens["professional"])
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url("**/zoeken")
        page.get_by_label("Zoek een persoon, organisatie, gemeente of functie").fill("ede")
        page.get_by_role("button", name="Zoeken").click()
        page.get_by_role("link", name="Ede", exact=True).first.click()
        page.wait_for_url("**/gemeente/GM0228")
        assert "Wie bel ik in Ede?" in page.get_by_role("heading", level=1).inner_text()
        page.goto(web_server.base_url + "/casus?ref=JB-2JW9-C3SV")
        assert page.locator("tr.jb-overdue").count() >= 1
    finally:
        context.close()


def _sole_holder_in(web_server: WebServer, jz: str, avoid: set[str]) -> tuple[str, str]:
    """(professional, position): someone who alone holds one position kept only by ``jz``."""
    p = web_server.service.projection
    for pos in p.keys("Position"):
        holders = [src for src, _ in p.in_edges(pos, "HOLDS")]
        if len(holders) != 1 or holders[0] in avoid:
            continue
        prof = holders[0]
        if len(p.out_edges(prof, "HOLDS")) == 1 and jeugdhulpregios_of(p, prof, "Professional") == [jz]:
            return prof, pos
    raise AssertionError(f"the demo data has no sole holder in {jz}")


def test_coordinator_marks_a_leaver_and_fills_the_vacancy(signed_in: SignedIn, web_server: WebServer) -> None:
    p = web_server.service.projection
    # not the people other page tests change (tests/web/test_people_pages.py, test_workbook_upload.py)
    leaver, position = _sole_holder_in(web_server, "JZ21", {PROFESSIONAL_KEY, "prof-demo-0083", "prof-demo-0384",
                                                           "prof-demo-0294", "prof-demo-0077", "prof-demo-0078",
                                                           "prof-demo-0079", "prof-demo-0080"})
    s = signed_in("coordinator")
    s.goto("/regio/JZ21#vertrokken")
    pick(s.page.locator("form", has=s.page.get_by_role("button", name="Markeer als vertrokken")), "Wie",
         p.node(leaver)["name"])
    s.page.get_by_role("button", name="Markeer als vertrokken").click()
    s.page.get_by_text("is als vertrokken gemarkeerd").wait_for()
    assert (p.node(leaver) or {}).get("active") is False  # never deleted
    vacancy = s.page.locator("#vacatures ~ ul").first.locator("li", has=s.page.locator(f'input[value="{position}"]'))
    assert vacancy.count() == 1
    pick(vacancy, "Opvolger", p.node(PROFESSIONAL_KEY)["name"])
    vacancy.get_by_role("button", name=re.compile("^Toewijzen")).click()
    s.page.get_by_text("vervult nu").wait_for()
    assert PROFESSIONAL_KEY in {src for src, _ in p.in_edges(position, "HOLDS")}
    s.check("regio-opvolger")
