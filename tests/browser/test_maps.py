"""The map pages in real headless Chromium (Debian ``chromium`` via Playwright's ``executable_path``).

Each page renders, draws as many nodes as the GraphQL query returns, shows its legend, logs no
console error and makes no request to any host but the app's. Screenshots go to ``test-artifacts/``.
Without chromium the tests are skipped locally and fail in CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
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

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FV = "body-toekomsttuin-food-valley"


@dataclass
class App:
    base_url: str
    token: str
    client: httpx.Client

    def map_node_count(self, code: str) -> int:
        r = self.client.post("/graphql", headers={"Authorization": f"Bearer {self.token}"},
                             json={"query": "query($c: String!) { networkMap(code: $c) { nodeCount } }",
                                   "variables": {"c": code}})
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
def tab(browser: Any, app: App) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True,
                                  extra_http_headers={"Authorization": f"Bearer {app.token}"})
    page = context.new_page()
    t = Tab(page, urlsplit(app.base_url).netloc)

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
    yield t
    context.close()


def _open(tab: Tab, url: str) -> None:
    response = tab.page.goto(url)
    assert response is not None and response.status == 200, url
    tab.page.wait_for_function("window.jbnetMap && window.jbnetMap.drawn === true", timeout=20_000)


def _drawn_nodes(tab: Tab) -> int:
    return int(tab.page.evaluate("Object.keys(window.jbnetMap.network.body.nodes).length"))


@pytest.mark.parametrize(("name", "code", "path"), [
    ("region-food-valley", "JZ21", "/maps/region/JZ21"),
    ("governance-food-valley", FV, f"/maps/governance/{FV}"),
    ("region-gelderland", "PV25", "/maps/region/PV25"),
])
def test_map_page_renders_offline_with_legend(tab: Tab, app: App, name: str, code: str, path: str) -> None:
    _open(tab, app.base_url + path)
    expected = app.map_node_count(code)
    assert _drawn_nodes(tab) == expected
    assert int(tab.page.get_attribute("body", "data-node-count")) == expected
    assert tab.page.locator("#legend li").count() >= 3
    assert tab.page.locator("#legend").is_visible()
    canvas, legend = tab.page.locator("#map canvas").bounding_box(), tab.page.locator("#legend").bounding_box()
    assert legend["x"] >= canvas["x"] + canvas["width"] - 1  # beside the map, never over it
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / f"map-{name}.png"))
    assert (ARTIFACTS / f"map-{name}.png").stat().st_size > 10_000
    assert tab.errors == []
    assert tab.foreign == []


def test_ego_and_diff_pages(tab: Tab, app: App) -> None:
    for name, path in (("ego", "/maps/ego/prof-demo-0449?depth=2"),
                       ("diff", "/maps/diff/PV25?from=2019-01-01&to=2022-01-01")):
        _open(tab, app.base_url + path)
        assert _drawn_nodes(tab) == int(tab.page.get_attribute("body", "data-node-count")) > 0
        tab.page.screenshot(path=str(ARTIFACTS / f"map-{name}.png"))
    assert tab.errors == [] and tab.foreign == []


def test_filter_search_and_png_export(tab: Tab, app: App) -> None:
    _open(tab, app.base_url + "/maps/region/JZ21")
    before = _drawn_nodes(tab)
    lt_count = int(tab.page.evaluate(
        "window.jbnetMap.network.body.data.nodes.get({filter: n => n.group_key === 'lokaal_team'}).length"))
    assert lt_count > 0
    tab.page.uncheck("input.orgtype[value=lokaal_team]")
    tab.page.wait_for_function(f"Object.keys(window.jbnetMap.network.body.nodes).length === {before - lt_count}")
    tab.page.check("input.orgtype[value=lokaal_team]")
    tab.page.wait_for_function(f"Object.keys(window.jbnetMap.network.body.nodes).length === {before}")

    tab.page.fill("#search", "Ede")
    assert tab.page.text_content("#search-result").endswith("gevonden")
    assert tab.page.evaluate("window.jbnetMap.network.getSelectedNodes().length") >= 1

    with tab.page.expect_download() as info:
        tab.page.click("#png")
    download = info.value
    assert download.suggested_filename == "jbnet-map.png"
    assert Path(download.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert tab.errors == [] and tab.foreign == []


def test_links_of_province_wide_organisations_on_demand(tab: Tab, app: App) -> None:
    _open(tab, app.base_url + "/maps/region/PV25")
    total = int(tab.page.evaluate("window.jbnetMap.edgeCount"))
    shown = int(tab.page.evaluate("window.jbnetMap.edgeView.length"))
    wide = tab.page.evaluate("window.jbnetMap.edges.get({filter: e => e.wide}).map(e => e.from)")
    assert wide and shown == total - len(wide)
    visible = "window.jbnetMap.edgeView.length"  # the page's CSP forbids eval: read, do not poll
    tab.page.check("#wide-links")
    assert tab.page.evaluate(visible) == total
    tab.page.uncheck("#wide-links")
    assert tab.page.evaluate(visible) == shown
    # selecting a province-wide organisation shows its own links
    gi = wide[0]
    box = tab.page.locator("#map canvas").bounding_box()
    point = tab.page.evaluate(f"window.jbnetMap.network.canvasToDOM(window.jbnetMap.network.getPosition('{gi}'))")
    tab.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    own = sum(1 for f in wide if f == gi) + int(tab.page.evaluate(
        f"window.jbnetMap.edges.get({{filter: e => e.wide && e.to === '{gi}'}}).length"))
    assert tab.page.evaluate(visible) == shown + own > shown
    assert tab.errors == [] and tab.foreign == []


def test_tooltips_carry_contacts_for_a_governance_viewer(tab: Tab, app: App) -> None:
    _open(tab, app.base_url + f"/maps/governance/{FV}?expand=true")
    tips = tab.page.evaluate("window.jbnetMap.network.body.data.nodes"
                             ".get({filter: n => n.kind === 'professional'}).map(n => n.tip.join(' '))")
    assert tips and all("e-mail:" in t for t in tips)
    assert tab.errors == [] and tab.foreign == []


def test_double_click_opens_a_body_to_its_professionals(tab: Tab, app: App) -> None:
    kern = "body-jeugdlink-kerngroep"
    _open(tab, app.base_url + f"/maps/governance/{FV}")
    assert tab.page.evaluate("window.jbnetMap.network.body.data.nodes.get({filter: n => n.kind === 'professional'})"
                             ".length") == 0
    box = tab.page.locator("#map canvas").bounding_box()
    point = tab.page.evaluate(f"window.jbnetMap.network.canvasToDOM(window.jbnetMap.network.getPosition('{kern}'))")
    with tab.page.expect_navigation():
        tab.page.mouse.dblclick(box["x"] + point["x"], box["y"] + point["y"])
    assert f"open={kern}" in tab.page.url
    tab.page.wait_for_function("window.jbnetMap && window.jbnetMap.drawn === true")
    members = tab.page.evaluate("window.jbnetMap.network.body.data.nodes"
                                ".get({filter: n => n.kind === 'professional'}).length")
    r = app.client.post("/graphql", headers={"Authorization": f"Bearer {app.token}"}, json={
        "query": "query($c: String!, $o: [String!]) { networkMap(code: $c, expandKeys: $o) { nodes { kind } } }",
        "variables": {"c": FV, "o": [kern]}})
    expected = [n for n in r.json()["data"]["networkMap"]["nodes"] if n["kind"] == "professional"]
    assert members == len(expected) > 0
    assert tab.errors == [] and tab.foreign == []
