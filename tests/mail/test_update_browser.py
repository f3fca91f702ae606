"""The update-request loop in headless Chromium: the mailed link opens, the person corrects the phone number
with the form, and the counterparts answer shows it verified today by them. The pages pass axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from graph.queries.update_requests import self_actor
from tests.conftest import unavailable
from tests.mail.conftest import MailApp
from tests.mail.test_update_requests import _link, _mail_to, _make_stale, _primary, _round, today
from tests.support import chromium, chromium_missing_reason
from tests.web.conftest import AXE, BrowserSession

pytestmark = pytest.mark.browser


def test_person_corrects_the_phone_number_in_chromium(mail_app: MailApp) -> None:
    reason = chromium_missing_reason() or (None if AXE.exists() else f"{AXE} not found: run `make frontend-deps`")
    if reason:
        unavailable(reason)
    app = mail_app
    contact = _primary(app)
    who = contact["professional"]
    _make_stale(app, contact)
    _round(app)
    path = _link(app, _mail_to(app, who["email"]))
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        page = context.new_page()
        tab = BrowserSession(page, app.base_url)
        page.on("request", lambda r: tab.requests.append(r.url))
        # a 410 page is an answer, not an error: only failures of anything else count
        page.on("console", lambda m: tab.console_errors.append(m.text)
                if m.type == "error" and m.location.get("url") != page.url else None)
        tab.goto(path)
        assert page.get_by_role("heading", name="Kloppen uw gegevens nog?").is_visible()
        assert page.get_by_role("button", name="Klopt").is_visible()
        tab.check("bijwerken")
        page.get_by_label("Telefoon").fill("0318 654 321")
        page.get_by_role("button", name="Wijzigingen opslaan").click()
        page.get_by_role("heading", name="Bedankt").wait_for()
        assert "telefoon gewijzigd" in page.content()
        tab.check("bijwerken-klaar")
        tab.goto(path)  # the link was used: said in Dutch, with a new link on offer
        assert page.get_by_role("button", name="Stuur mij een nieuwe link").is_visible()
        tab.check("bijwerken-gebruikt")
        context.close()
    after = _primary(app)
    assert after["professional"]["phone"] == "0318 654 321"
    assert (after["lastVerified"], after["verifiedBy"]) == (today(), self_actor(who["key"]))
