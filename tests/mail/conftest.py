"""A demo store per test (copied from one loaded per session) served by the real app, mail to the loopback SMTP."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.auth import create_token
from api.mail import Mailer
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.mail_server import MailServer
from tests.support import free_port, serve


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("maildemo") / "demo.sqlite"
    store = SQLiteStore(path)
    init_store(store, demo=True)
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one self-contained file to copy
    store.close()
    return path


@dataclass
class MailApp:
    base_url: str
    service: GraphService
    mailer: Mailer
    smtp: MailServer
    token: str  # a professional's API token for GraphQL reads
    client: httpx.Client

    def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        r = self.client.post("/graphql", json={"query": query, "variables": variables or {}},
                             headers={"Authorization": f"Bearer {self.token}"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert "errors" not in body, body
        return body["data"]


def csrf_from(html: str) -> str:
    marker = 'name="csrf" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def signed_in(app: MailApp, role: str, scope: str | None = None) -> httpx.Client:
    """A page client signed in through the login form with a new token of ``role``."""
    client = httpx.Client(base_url=app.base_url, timeout=30, follow_redirects=False)
    token = create_token(app.service.store, role=role, scope=scope, name=f"{role} {scope or ''} (test)")
    form = client.get("/login")
    client.post("/login", data={"token": token, "csrf": csrf_from(form.text), "next": "/"})
    return client


@pytest.fixture
def mail_app(demo_db: Path, tmp_path: Path, smtp_server: MailServer) -> Iterator[MailApp]:
    db = tmp_path / "jbnet.sqlite"
    shutil.copy(demo_db, db)
    port = free_port()  # the public address the mailed links point at (JBNET_BASE_URL)
    settings = Settings(db_path=db, secret_key="mail-test-secret", poll_seconds=0.2, smtp_url=smtp_server.url,
                        base_url=f"http://127.0.0.1:{port}", outbox_dir=tmp_path / "outbox")
    service = GraphService.open(settings)
    token = create_token(service.store, role="professional", name="Lezer (test)")
    with serve(create_app(settings, service), port=port) as base_url, \
            httpx.Client(base_url=base_url, timeout=30, follow_redirects=False) as client:
        yield MailApp(base_url, service, Mailer(smtp_server.url, tmp_path / "outbox"), smtp_server, token, client)
    service.close()
