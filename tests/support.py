"""Helpers the test packages share: a free loopback port, an app under uvicorn in a thread, headless Chromium."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn

from graph.schema import Label
from graph.service import GraphService
from graph.store.base import ChangeBatch, ChangeEntry, GraphStore
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from loaders.reference import reference_batches

__all__ = [
    "CHROMIUM", "CHROMIUM_ARGS", "chromium", "chromium_missing_reason", "free_port", "open_demo_service",
    "region_batch", "serve", "writes_since",
]

# Debian's chromium via Playwright's ``executable_path`` (never ``playwright install``).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def writes_since(store: GraphStore, seq: int) -> list[ChangeEntry]:
    """Change-log entries after ``seq`` that are not the audit trail's own (sign-ins, refusals, tokens,
    exports): "nothing was written" means this is empty; the refusal itself is rightly recorded."""
    from graph.queries.audit import is_audit

    return [e for e in store.changes_since(seq) if not is_audit(e)]


def open_demo_service(db: Path) -> GraphService:
    """A GraphService over a new SQLite file ``db`` holding the reference and demo data (``jbnet init --demo``)."""
    store = SQLiteStore(db)
    init_store(store, demo=True)
    return GraphService(store)


def region_batch(jeugdhulpregio: str = "JZ28") -> ChangeBatch:
    """The reference regions of one jeugdhulpregio's gemeenten (their provinces, veiligheidsregio's,
    other regions): a real slice of the graph that loads into Neo4j in seconds, for tests that need a
    store of their own."""
    regions = reference_batches()[0]
    keep = {n.key for n in regions.nodes if n.label is not Label.GEMEENTE}
    keep |= {e.src for e in regions.edges if e.dst == jeugdhulpregio}
    return ChangeBatch(nodes=[n for n in regions.nodes if n.key in keep],
                       edges=[e for e in regions.edges if e.src in keep and e.dst in keep])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # running in a thread: leave signals to pytest
        pass


@contextlib.contextmanager
def serve(app: Any, port: int | None = None) -> Iterator[str]:
    """Run ``app`` on uvicorn in a thread (on ``port``, default a free one); yield its base URL; stop it afterwards."""
    port = port or free_port()
    server = _Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def chromium_missing_reason() -> str | None:
    """Why headless Chromium cannot run here (no chromium, no playwright package), or None."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found: install Debian's chromium (`make browser-deps`)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing (`make install-test`)"
    return None


_open_browser: list[Any] = []  # the one running browser while a chromium() block is open


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (Playwright), closed afterwards.

    Nested use (one test directory's session browser still open when another's fixture asks) shares that
    browser: Playwright's sync API cannot start a second instance inside the first one's event loop."""
    if _open_browser:
        yield _open_browser[-1]
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _open_browser.append(browser)
        try:
            yield browser
        finally:
            _open_browser.pop()
            browser.close()
