"""Fixtures for the page tests: the real app under uvicorn over a fresh SQLite store with the demo data.

One server per test session (loading reference + demo data takes seconds); tests that change data
change different entries, so their order does not matter. Browser tests use Debian's chromium via
Playwright's ``executable_path`` (never ``playwright install``); without it they are skipped
locally and fail in CI.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from api.app import create_app
from api.auth import create_token
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.conftest import unavailable
from tests.support import chromium, chromium_missing_reason, serve

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"

# Demo people the tokens act as (loaders/demo.py): an LT worker in Ede and the Food Valley region.
PROFESSIONAL_KEY = "prof-demo-0082"
COORDINATOR_SCOPE = "JZ21"


@dataclass
class WebServer:
    base_url: str
    service: GraphService
    tokens: dict[str, str] = field(default_factory=dict)
    app: Any = None  # the FastAPI app it serves (tests enumerate its routes)

    @contextlib.contextmanager
    def client(self, role: str | None = None) -> Iterator[httpx.Client]:
        """An HTTP client, signed in through the login form as ``role`` (None: not signed in)."""
        with httpx.Client(base_url=self.base_url, follow_redirects=False, timeout=30) as client:
            if role is not None:
                login(client, self.tokens[role])
            yield client


def csrf_from(html: str) -> str:
    marker = 'name="csrf" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def login(client: httpx.Client, token: str) -> httpx.Response:
    form = client.get("/login")
    return client.post("/login", data={"token": token, "csrf": csrf_from(form.text), "next": "/"})


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    db = tmp_path_factory.mktemp("web") / "jbnet.sqlite"
    store = SQLiteStore(db)
    init_store(store, demo=True)
    tokens = {
        "professional": create_token(store, role="professional", name="Zeynep (test)",
                                     professional_key=PROFESSIONAL_KEY),
        "coordinator": create_token(store, role="coordinator", scope=COORDINATOR_SCOPE, name="Coördinator Food Valley"),
        "other_coordinator": create_token(store, role="coordinator", scope="JZ28", name="Coördinator Centraal Gld"),
        "governance": create_token(store, role="governance", name="Governance (test)"),
        "admin": create_token(store, role="admin", name="Beheer (test)"),
    }
    settings = Settings(db_path=db, secret_key="test-secret-for-web-sessions", poll_seconds=0.2)
    service = GraphService.open(settings)
    app = create_app(settings, service)
    with serve(app) as base_url:
        yield WebServer(base_url, service, tokens, app)
    service.close()
    store.close()


# ---------------------------------------------------------------------------------------- browser
def browser_missing_reason() -> str | None:
    """Why the browser tests cannot run here: no chromium or playwright, or no axe-core; else None."""
    reason = chromium_missing_reason()
    if reason is None and not AXE.exists():
        reason = f"{AXE} not found: run `make frontend-deps`"
    return reason


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = browser_missing_reason()
    if reason:
        unavailable(reason)
    with chromium() as b:
        yield b


def axe_serious(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical WCAG 2.1 AA violations on the page as it is now (axe from frontend/)."""
    # Evaluated by the DevTools protocol, not as an inline <script>: the pages' CSP forbids inline script.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}); "
        "return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
        "nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@dataclass
class BrowserSession:
    """One signed-in browser tab; records every request so a test can prove none left loopback."""

    page: Any
    base_url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def foreign_requests(self) -> list[str]:
        own = urlsplit(self.base_url).netloc
        return [u for u in self.requests
                if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != own]

    def check(self, name: str) -> None:
        """The accessibility, offline and layout checks every page must pass; screenshots at 1280 and 375 px."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        serious = axe_serious(self.page)
        assert not serious, f"{name}: axe-core WCAG 2.1 AA violations:\n{json.dumps(serious, indent=1)}"
        for width, height in ((1280, 900), (375, 812)):
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
            overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name}: the page scrolls sideways at {width}px ({overflow}px too wide)"
        self.page.set_viewport_size({"width": 1280, "height": 900})
        assert not self.foreign_requests(), f"{name}: requests to another host: {self.foreign_requests()}"
        assert not self.console_errors, f"{name}: console errors: {self.console_errors}"


@pytest.fixture
def signed_in(browser: Any, web_server: WebServer) -> Iterator[Callable[[str], BrowserSession]]:
    """``signed_in(role)``: a fresh browser context signed in through the login page as ``role``."""
    contexts: list[Any] = []

    def open_as(role: str) -> BrowserSession:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL",
                                      accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        session = BrowserSession(page, web_server.base_url)
        page.on("request", lambda r: session.requests.append(r.url))

        def on_console(message: Any) -> None:
            # A 403/422 page is an answer, not an error: only failures of anything else count.
            if message.type == "error" and message.location.get("url") != page.url:
                session.console_errors.append(f"{message.text} ({message.location.get('url')})")

        page.on("console", on_console)
        session.goto("/login")
        page.get_by_label("Toegangssleutel").fill(web_server.tokens[role])
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url(web_server.base_url + "/")
        return session

    yield open_as
    for context in contexts:
        context.close()

