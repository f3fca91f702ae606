"""The Regio page's turnover forms check every entry they touch, as the API does: the coordinator of
JZ28 cannot give a JZ21 professional a JZ28 position (and so a WORKS_AT there)."""

from __future__ import annotations

import pytest

from tests.support import writes_since
from tests.web.conftest import WebServer, csrf_from

JZ21_PROF = "prof-demo-0077"  # Lokaal Team Barneveld (Food Valley)
JZ28_PROF = "prof-demo-0152"  # Lokaal Team Arnhem (Centraal Gelderland)


@pytest.mark.parametrize(("path", "form"), [
    ("opvolger", {"functie": "pos-lt-arnhem", "naar": JZ21_PROF}),
    ("overdragen", {"van": JZ28_PROF, "naar": JZ21_PROF}),
])
def test_turnover_forms_refuse_a_professional_of_another_region(web_server: WebServer, path: str,
                                                                 form: dict[str, str]) -> None:
    store = web_server.service.store
    with web_server.client("other_coordinator") as client:
        page = client.get("/regio/JZ28")
        assert page.status_code == 200
        seq = store.last_seq()
        r = client.post(f"/regio/JZ28/{path}", data={**form, "csrf": csrf_from(page.text), "datum": "2026-11-05"})
    assert r.status_code == 403, r.text[:500]
    assert "JZ21" in r.text
    assert not writes_since(store, seq)
    [audit] = [e for e in store.changes_since(seq) if e.op == "audit.refused"]
    assert audit.after["status"] == 403 and audit.actor.startswith("coordinator:Coördinator Centraal Gld [token:")
