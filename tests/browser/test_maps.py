"""The map pages in real headless Chromium (Debian ``chromium`` via Playwright's ``executable_path``).

Each page renders, draws as many nodes as the GraphQL query returns, shows its legend, logs no
console error and makes no request to any host but the app's. Screenshots go to ``test-artifacts/``.
Without chromium the tests are skipped locally and fail in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import FV, App, Tab

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _open(tab: Tab, url: str) -> None:
    response = tab.page.goto(url)
    assert response is not None and response.status == 200, url
    tab.page.wait_for_function("window.jbnetMap && window.jbnetMap.drawn === true", timeout=20_000)


def _drawn_nodes(tab: Tab) -> int:
    return int(tab.page.evaluate("Object.keys(window.jbnetMap.network.body.nodes).length"))


@pytest.mark.parametrize(
    ("name", "code", "path"),
    [
        ("region-food-valley", "JZ21", "/maps/region/JZ21"),
        ("governance-food-valley", FV, f"/maps/governance/{FV}"),
        ("region-gelderland", "PV25", "/maps/region/PV25"),
    ],
)
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
    for name, path in (
        ("ego", "/maps/ego/prof-demo-0449?depth=2"),
        ("diff", "/maps/diff/PV25?from=2019-01-01&to=2022-01-01"),
    ):
        _open(tab, app.base_url + path)
        assert _drawn_nodes(tab) == int(tab.page.get_attribute("body", "data-node-count")) > 0
        tab.page.screenshot(path=str(ARTIFACTS / f"map-{name}.png"))
    assert tab.errors == [] and tab.foreign == []


def test_filter_search_and_png_export(tab: Tab, app: App) -> None:
    _open(tab, app.base_url + "/maps/region/JZ21")
    before = _drawn_nodes(tab)
    lt_count = int(
        tab.page.evaluate(
            "window.jbnetMap.network.body.data.nodes.get({filter: n => n.group_key === 'lokaal_team'}).length"
        )
    )
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
    assert download.suggested_filename.startswith("jbnet-kaart-JZ21-") and download.suggested_filename.endswith(".png")
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
    own = sum(1 for f in wide if f == gi) + int(
        tab.page.evaluate(f"window.jbnetMap.edges.get({{filter: e => e.wide && e.to === '{gi}'}}).length")
    )
    assert tab.page.evaluate(visible) == shown + own > shown
    assert tab.errors == [] and tab.foreign == []


def test_tooltips_carry_contacts_for_a_governance_viewer(tab: Tab, app: App) -> None:
    _open(tab, app.base_url + f"/maps/governance/{FV}?expand=true")
    tips = tab.page.evaluate(
        "window.jbnetMap.network.body.data.nodes"
        ".get({filter: n => n.kind === 'professional'}).map(n => n.title)"
    )
    assert tips and all("e-mail:" in t for t in tips)
    assert tab.errors == [] and tab.foreign == []


def test_double_click_opens_a_body_to_its_professionals(tab: Tab, app: App) -> None:
    kern = "body-jeugdlink-kerngroep"
    _open(tab, app.base_url + f"/maps/governance/{FV}")
    assert (
        tab.page.evaluate(
            "window.jbnetMap.network.body.data.nodes.get({filter: n => n.kind === 'professional'}).length"
        )
        == 0
    )
    box = tab.page.locator("#map canvas").bounding_box()
    point = tab.page.evaluate(f"window.jbnetMap.network.canvasToDOM(window.jbnetMap.network.getPosition('{kern}'))")
    with tab.page.expect_navigation():
        tab.page.mouse.dblclick(box["x"] + point["x"], box["y"] + point["y"])
    assert f"open={kern}" in tab.page.url
    tab.page.wait_for_function("window.jbnetMap && window.jbnetMap.drawn === true")
    members = tab.page.evaluate(
        "window.jbnetMap.network.body.data.nodes.get({filter: n => n.kind === 'professional'}).length"
    )
    r = app.client.post(
        "/graphql",
        headers={"Authorization": f"Bearer {app.token}"},
        json={
            "query": "query($c: String!, $o: [String!]) { networkMap(code: $c, expandKeys: $o) { nodes { kind } } }",
            "variables": {"c": FV, "o": [kern]},
        },
    )
    expected = [n for n in r.json()["data"]["networkMap"]["nodes"] if n["kind"] == "PROFESSIONAL"]
    assert members == len(expected) > 0
    assert tab.errors == [] and tab.foreign == []
