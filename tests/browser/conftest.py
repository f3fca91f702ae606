"""Fixtures of the map tests: the real app under uvicorn over a demo store, headless Chromium, one tab per test.

A tab refuses (and records) every request to a host other than the app's, and records console errors.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from api.app import create_app
from api.auth import Role, create_token
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.conftest import unavailable
from tests.support import chromium, chromium_missing_reason, serve

FV = "body-toekomsttuin-food-valley"


@dataclass
class App:
    base_url: str
    token: str
    client: httpx.Client

    def map_node_count(self, code: str) -> int:
        r = self.client.post(
            "/graphql",
            headers={"Authorization": f"Bearer {self.token}"},
            json={"query": "query($c: String!) { networkMap(code: $c) { nodeCount } }", "variables": {"c": code}},
        )
        body = r.json()
        assert "errors" not in body, body
        return int(body["data"]["networkMap"]["nodeCount"])


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    store = SQLiteStore(tmp_path_factory.mktemp("browser") / "jbnet.sqlite")
    init_store(store, demo=True)
    token = create_token(store, role=Role.GOVERNANCE, name="browser test")
    service = GraphService(store, settings=Settings(db_path=Path(os.devnull), poll_seconds=0.2))
    with serve(create_app(service.settings, service)) as base_url, httpx.Client(base_url=base_url, timeout=30) as c:
        yield App(base_url, token, c)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = chromium_missing_reason()
    if reason:
        unavailable(reason)
    with chromium() as b:
        yield b


@dataclass
class Tab:
    page: Any
    own_host: str
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def tab(open_tab: Callable[[int], Tab]) -> Tab:
    return open_tab(1400)


@pytest.fixture
def open_tab(browser: Any, app: App) -> Iterator[Callable[[int], Tab]]:
    """``open_tab(width)``: a fresh tab of that width (900 px high, 812 on a phone), signed in by API token."""
    contexts: list[Any] = []

    def new(width: int) -> Tab:
        context = browser.new_context(
            viewport={"width": width, "height": 812 if width < 600 else 900},
            accept_downloads=True,
            locale="nl-NL",
            extra_http_headers={"Authorization": f"Bearer {app.token}"},
        )
        contexts.append(context)
        return _watch(context, urlsplit(app.base_url).netloc)

    yield new
    for context in contexts:
        context.close()


def _watch(context: Any, own_host: str) -> Tab:
    page = context.new_page()
    t = Tab(page, own_host)

    def route(r: Any) -> None:  # record and refuse anything that is not the app
        url = r.request.url
        if urlsplit(url).netloc != t.own_host and not url.startswith(("data:", "blob:")):
            t.foreign.append(url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    page.on("console", lambda m: t.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: t.errors.append(str(e)))
    return t
