"""GraphiQL comes from the app itself: no CDN, no inline script, and it works offline in Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from tests.web.conftest import ARTIFACTS, WebServer

HTML = {"Accept": "text/html"}


class _Refs(HTMLParser):
    """Every URL a page makes the browser load, and every inline script body."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            if found.get(name):
                self.urls.append(str(found[name]))
        self._in_script = tag == "script" and not found.get("src")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def test_graphiql_page_loads_only_the_apps_own_files(web_server: WebServer) -> None:
    with web_server.client() as client:
        page = client.get("/graphql", headers=HTML)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        refs = _Refs()
        refs.feed(page.text)
        assert refs.inline_scripts == [], "inline script: a CSP without 'unsafe-inline' would block it"
        scripts = [u for u in refs.urls if u.endswith(".js")]
        assert any("graphiql" in u for u in scripts) and any("react" in u for u in scripts), refs.urls
        for url in refs.urls:
            assert not urlsplit(url).netloc, f"GraphiQL references another host: {url}"
            asset = client.get(url)
            assert asset.status_code == 200, (url, asset.status_code, asset.text[:200])
            assert asset.content, url
            # The bundles themselves must not fetch from a CDN at start (fonts, workers, scripts).
            if url.endswith((".js", ".css")):
                assert "unpkg.com" not in asset.text and "cdn.jsdelivr" not in asset.text, url


def test_graphiql_runs_a_query_in_chromium_without_any_foreign_request(browser: Any, web_server: WebServer) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    try:
        page = context.new_page()
        own = urlsplit(web_server.base_url).netloc
        foreign: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: foreign.append(r.url)
                if urlsplit(r.url).scheme in ("http", "https", "ws", "wss") and urlsplit(r.url).netloc != own
                else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(web_server.base_url + "/graphql?q=" + "%7B%20__typename%20%7D")
        page.wait_for_selector(".graphiql-execute-button", timeout=20_000)
        assert "{ __typename }" in page.locator(".graphiql-query-editor").inner_text()
        page.locator(".graphiql-execute-button").click()
        result = page.locator(".graphiql-response")
        result.get_by_text('"Query"').wait_for(timeout=20_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "graphiql-1280.png"))
        assert re.search(r'"__typename":\s*"Query"', result.inner_text())
        assert not foreign, f"GraphiQL made requests to other hosts: {foreign}"
        assert not errors, errors
    finally:
        context.close()
