"""A coordinator keeps their own people, end to end in headless Chromium against the real app (issue #10).

Karin Demoveld holds the contactbeheer-coördinator position of Food Valley (JZ21) in the demo data.
She signs in with a link from the mail (this server has no SMTP, so the mail is an .eml file in the
outbox folder, as on a fresh machine), adds a new colleague, hands a position over to her with the
person picker (typed name, htmx hits, no key), uploads a workbook, sees the preview and confirms it.
"""

from __future__ import annotations

import email
import email.policy
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from graph.queries.access import maintainers_of
from graph.schema import RelType
from tests.web.conftest import BrowserSession, WebServer

pytestmark = pytest.mark.browser

COORDINATOR = "prof-demo-0294"


@pytest.fixture
def tab(browser: Any, web_server: WebServer) -> Iterator[BrowserSession]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    session = BrowserSession(page, web_server.base_url)
    page.on("request", lambda r: session.requests.append(r.url))
    page.on("console", lambda m: session.console_errors.append(m.text)
            if m.type == "error" and m.location.get("url") != page.url else None)
    yield session
    context.close()


def _login_link_from_outbox(web_server: WebServer, address: str, after: float) -> str:
    outbox = web_server.service.settings.outbox
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for path in sorted(outbox.glob("*.eml"), key=lambda f: f.stat().st_mtime, reverse=True):
            if path.stat().st_mtime < after:
                continue
            msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address.lower() in str(msg["To"]).lower():
                text = msg.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
                return re.search(r"https?://\S+/login/link/\S+", text).group(0)  # type: ignore[union-attr]
        time.sleep(0.1)
    raise AssertionError(f"no sign-in mail to {address} in {outbox}")


def pick(scope: Any, label: str, name: str) -> None:
    """Type a name into the picker labelled ``label`` and choose the hit htmx shows."""
    box = scope.get_by_label(label, exact=True)
    box.press_sequentially(name, delay=10)
    hits = scope.locator(f"#{box.get_attribute('id').removesuffix('-zoek')}-lijst")
    hits.get_by_role("radio", name=re.compile("^" + re.escape(name))).first.check()


def test_a_coordinator_signs_in_by_mail_adds_hands_over_and_imports(tab: BrowserSession, web_server: WebServer,
                                                                    tmp_path: Path) -> None:
    p = web_server.service.projection
    address = p.node(COORDINATOR)["email"]
    # 1. sign in with the link from the mail
    started = time.time() - 1
    tab.goto("/login")
    tab.page.get_by_label("E-mailadres (werk)").fill(address)
    tab.page.get_by_role("button", name="Stuur mij een inloglink").click()
    tab.page.get_by_text("Als dit adres bij ons bekend is").wait_for()
    # the page says where mail goes on this machine
    tab.page.get_by_text(f"in de map {web_server.service.settings.outbox}").first.wait_for()
    link = _login_link_from_outbox(web_server, address, started)
    tab.goto(link[link.index("/login/link/"):])
    tab.page.get_by_role("button", name="Aanmelden").click()
    tab.page.get_by_text("Aangemeld als Karin Demoveld").wait_for()

    # 2. add a new colleague at Lokaal Team Barneveld (organisation chosen with the picker)
    tab.goto("/mensen/nieuw")
    tab.page.get_by_label("Naam").fill("Lotte Browsertest")
    tab.page.get_by_label("Functie").fill("Jeugd- en gezinsprofessional")
    tab.page.get_by_label("E-mailadres (werk)").fill("lotte.browsertest@lt-barneveld.example")
    pick(tab.page, "Organisatie", "Lokaal Team Barneveld")
    tab.page.get_by_role("button", name="Toevoegen").click()
    tab.page.get_by_text("Lotte Browsertest is toegevoegd bij Lokaal Team Barneveld.").wait_for()
    new_key = tab.page.url.rsplit("/", 1)[-1]
    assert p.node(new_key)["entered_by"] == "coordinator:Karin Demoveld [person:prof-demo-0294]"
    tab.check("mensen-toegevoegd")

    # 3. hand one position of a Barneveld worker over to her with the picker
    # a JZ21 worker no other test needs, holding a position now (tests share one demo database)
    leaving, position = next((k, pos) for k in sorted(p.keys("Professional"))
                             if k not in {"prof-demo-0082", "prof-demo-0083", "prof-demo-0077", "prof-demo-0078",
                                          "prof-demo-0079", "prof-demo-0080", COORDINATOR}
                             and (p.node(k) or {}).get("active", True) and maintainers_of(p, k)[0] == ["JZ21"]
                             for pos, _ in p.out_edges(k, RelType.HOLDS))
    tab.goto(f"/mensen/{leaving}")
    row = tab.page.locator("li", has=tab.page.locator(f'input[name="functie"][value="{position}"]'))
    pick(row, "Overdragen aan", "Lotte Browsertest")
    row.get_by_role("button", name=re.compile("^Draag over")).click()
    tab.page.get_by_text("Lotte Browsertest vervult nu").wait_for()
    assert new_key in [h for h, _ in p.in_edges(position, RelType.HOLDS)]
    tab.check("mensen-overgedragen")

    # 4. upload a workbook, see exactly what changes, confirm
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "professionals"
    sheet.append(["sleutel", "naam", "email", "telefoon", "organisatie"])
    sheet.append(["prof-browser-werkmap-1", "Bram Werkmap", "bram.werkmap@lt-barneveld.example", "",
                  "org-lt-barneveld"])
    sheet.append([new_key, "Lotte Browsertest", "lotte.browsertest@lt-barneveld.example", "0342 123 123", ""])
    path = tmp_path / "barneveld.xlsx"
    book.save(path)
    before = web_server.service.store.last_seq()
    tab.goto("/regio/JZ21#werkmap")
    tab.page.get_by_label("Werkmap (.xlsx)").set_input_files(str(path))
    tab.page.get_by_role("button", name="Uploaden en controleren").click()
    preview = tab.page.locator("#werkmap-voorvertoning")
    preview.wait_for()
    assert "blad professionals: 2 nieuw, 1 gewijzigd, 0 beëindigd" in preview.inner_text()
    assert "Bram Werkmap" in preview.inner_text() and "telefoon" in preview.inner_text()
    assert web_server.service.store.last_seq() == before  # nothing written before the confirm
    tab.check("werkmap-voorvertoning")
    tab.page.get_by_role("button", name="Bevestigen en opslaan").click()
    tab.page.get_by_text("barneveld.xlsx is toegepast: 2 nieuw, 1 gewijzigd, 0 beëindigd").wait_for()
    assert p.node("prof-browser-werkmap-1")["name"] == "Bram Werkmap"
    assert p.node(new_key)["phone"] == "0342 123 123"
    assert not tab.foreign_requests()
