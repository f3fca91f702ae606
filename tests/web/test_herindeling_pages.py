"""The Gemeente page after a herindeling: the old code says where to look now, the new one answers.

Its own server and store (the merger changes two demo gemeenten the other page tests rely on); the
herindeling is dated in the past so the pages, which answer for today, are on the far side of it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.app import create_app
from api.auth import create_token
from graph.queries import herindeling as qh
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.herindeling_support import NEW, division
from tests.support import serve
from tests.web.conftest import PROFESSIONAL_KEY, WebServer

PAST = "2026-01-02"


@pytest.fixture(scope="module")
def merged_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    db = tmp_path_factory.mktemp("herindeling-web") / "jbnet.sqlite"
    store = SQLiteStore(db)
    init_store(store, demo=True)
    qh.apply_division(store, qh.plan_division(store, *division(), PAST), "test")
    token = create_token(store, role="professional", name="test", professional_key=PROFESSIONAL_KEY)
    settings = Settings(db_path=db, secret_key="test-secret-for-web-sessions", poll_seconds=0.2)
    service = GraphService.open(settings)
    with serve(create_app(settings, service)) as base_url:
        yield WebServer(base_url, service, {"professional": token})
    service.close()
    store.close()


def test_old_gemeente_page_names_the_successor(merged_server: WebServer) -> None:
    with merged_server.client("professional") as c:
        r = c.get("/gemeente/GM0274")
    assert r.status_code == 200
    assert "Renkum (GM0274) is per 2 januari 2026 opgegaan in Veluwezoom (GM1999)." in r.text
    assert f'href="/gemeente/{NEW}"' in r.text


def test_old_gemeente_page_in_english_says_it_in_english(merged_server: WebServer) -> None:
    """?lang=en: the sentence on where to look now follows the page's language (it was always Dutch)."""
    with merged_server.client("professional") as c:
        r = c.get("/gemeente/GM0274?lang=en")
    assert r.status_code == 200 and '<html lang="en">' in r.text
    assert "opgegaan" not in r.text and "januari" not in r.text
    assert "Renkum (GM0274)" in r.text and "January 2026" in r.text


def test_successor_page_answers_with_the_carried_contacts(merged_server: WebServer) -> None:
    with merged_server.client("professional") as c:
        r = c.get(f"/gemeente/{NEW}")
    assert r.status_code == 200, r.text
    assert "Wie bel ik in Veluwezoom?" in r.text
    assert "Lokaal Team Renkum" in r.text and "Lokaal Team Rheden" in r.text
