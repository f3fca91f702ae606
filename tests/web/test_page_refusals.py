"""A page's refusal (role or region) is a catalogue message: Dutch by default, English on ``?lang=en``, and the
audit trail keeps its code and params (worded where it is shown)."""

from __future__ import annotations

import pytest

from api import audit
from tests.support import writes_since
from tests.web.conftest import COORDINATOR_SCOPE, WebServer


def test_a_missing_role_is_refused_in_the_page_language_and_audited_as_a_code(
        web_server: WebServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The trail folds a repeat of the same (who, what, status) within a minute into the first entry; the page
    # walks earlier in this session (axe, language scan) were refused /beheer/audit as professional too.
    monkeypatch.setattr(audit, "_seen", {})
    store = web_server.service.store
    with web_server.client("professional") as client:
        seq = store.last_seq()
        nl = client.get("/beheer/audit")
        en = client.get("/beheer/audit", params={"lang": "en"})
    assert nl.status_code == en.status_code == 403
    assert "Het auditlog is alleen voor de rol admin. U bent aangemeld als professional." in nl.text
    assert "The audit log is only for the role admin. You are signed in as professional." in en.text
    assert "alleen voor de rol" not in en.text
    refused = [e for e in store.changes_since(seq) if e.op == "audit.refused"]
    assert refused and refused[0].after is not None
    assert refused[0].after["reason"] == {"code": "access.page.roles", "params": {
        "what": {"code": "access.area.audit", "params": {}}, "roles": ["admin"], "role": "professional"}}
    assert not writes_since(store, seq)


def test_another_region_is_refused_in_the_page_language(web_server: WebServer) -> None:
    other = "JZ28"  # Centraal Gelderland, not the coordinator's Food Valley
    with web_server.client("coordinator") as client:
        nl = client.get(f"/regio/{other}")
        en = client.get(f"/regio/{other}", params={"lang": "en"})
    assert nl.status_code == en.status_code == 403
    assert f"U bent coördinator van {COORDINATOR_SCOPE} en kunt {other} niet inzien of wijzigen." in nl.text
    assert f"You are the coordinator of {COORDINATOR_SCOPE} and cannot see or change {other}." in en.text


def test_the_graphiql_page_speaks_the_asked_language(web_server: WebServer) -> None:
    with web_server.client() as client:
        nl = client.get("/graphql", headers={"Accept": "text/html"})
        en = client.get("/graphql", headers={"Accept": "text/html", "Accept-Language": "en-GB"})
    assert nl.status_code == en.status_code == 200
    assert '<html lang="nl">' in nl.text and "GraphQL-verkenner" in nl.text and "wordt geladen" in nl.text
    assert '<html lang="en">' in en.text and "GraphQL explorer" in en.text and "verkenner" not in en.text
