"""Mijn gegevens: a professional chooses the language of their own mails, without a coordinator (#15)."""

from __future__ import annotations

import re

from graph.queries.people import set_language
from tests.web.conftest import PROFESSIONAL_KEY, WebServer, csrf_from


def _selected(html: str) -> str:
    select = html[html.index('name="language"'):]
    found = re.search(r'<option value="(\w+)" selected>', select[:select.index("</select>")])
    assert found, "the language select shows no chosen value"
    return found.group(1)


def test_own_language_is_chosen_on_mijn_gegevens_and_shown_again(web_server: WebServer) -> None:
    service = web_server.service
    original = str((service.projection.node(PROFESSIONAL_KEY) or {}).get("language") or "nl")
    verified = (service.projection.node(PROFESSIONAL_KEY) or {}).get("last_verified")
    try:
        with web_server.client("professional") as c:
            page = c.get("/mijn-gegevens").text
            assert "Taal van de e-mails" in page and _selected(page) == original
            r = c.post("/mijn-gegevens/taal", data={"csrf": csrf_from(page), "language": "en"})
            assert r.status_code == 200
            assert "Opgeslagen: de taal van uw e-mails is nu English." in r.text
            assert _selected(r.text) == "en"
            node = service.projection.node(PROFESSIONAL_KEY) or {}
            assert node.get("language") == "en" and node.get("last_verified") == verified
            assert _selected(c.get("/mijn-gegevens").text) == "en"
            again = c.post("/mijn-gegevens/taal", data={"csrf": csrf_from(r.text), "language": "en"})
            assert "was al English; er is niets gewijzigd" in again.text
    finally:
        set_language(service, PROFESSIONAL_KEY, original, actor="test")


def test_an_unknown_language_is_refused_in_dutch_and_nothing_is_written(web_server: WebServer) -> None:
    store = web_server.service.store
    with web_server.client("professional") as c:
        page = c.get("/mijn-gegevens").text
        seq = store.last_seq()
        r = c.post("/mijn-gegevens/taal", data={"csrf": csrf_from(page), "language": "de"})
        assert r.status_code == 422
        assert 'aria-invalid="true"' in r.text and "Opgeslagen" not in r.text
        assert store.last_seq() == seq


def test_without_a_csrf_token_the_language_is_not_changed(web_server: WebServer) -> None:
    store = web_server.service.store
    with web_server.client("professional") as c:
        before = [e.seq for e in store.history(PROFESSIONAL_KEY)]
        r = c.post("/mijn-gegevens/taal", data={"language": "en"})
        assert r.status_code == 403
        assert [e.seq for e in store.history(PROFESSIONAL_KEY)] == before  # (the refusal itself is audited)
