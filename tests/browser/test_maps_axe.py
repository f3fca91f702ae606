"""axe-core (WCAG 2.1 A/AA) on every kind of map at 1280 and 375 px: no serious or critical violation.

axe is the pinned npm package in ``frontend/`` (``make frontend-deps``), injected through the DevTools
protocol because the maps' CSP allows only their own inline scripts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import FV, App
from tests.conftest import unavailable

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "maps"
MAPS = {
    "region": "/maps/region/JZ21",
    "province": "/maps/region/PV25",
    "national": "/maps/region/NL?kinds=organisation,gemeente,region",
    "governance": f"/maps/governance/{FV}",
    "governance-open": f"/maps/governance/{FV}?expand=true",
    "ego": "/maps/ego/prof-demo-0449?depth=2",
    "diff": "/maps/diff/PV25?from=2019-01-01&to=2022-01-01",
}


def _serious(page: Any) -> list[dict[str, Any]]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}); "
        "return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
        "nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", list(MAPS))
def test_map_has_no_serious_axe_violation(open_tab: Any, app: App, name: str, width: int) -> None:
    if not AXE.exists():
        unavailable(f"{AXE} not found: run `make frontend-deps`")
    tab = open_tab(width)
    response = tab.page.goto(app.base_url + MAPS[name])
    assert response is not None and response.status == 200
    tab.page.wait_for_function("window.jbnetMap && window.jbnetMap.drawn === true", timeout=30_000)
    serious = _serious(tab.page)
    # and with the panel, the legend and the node list open (what a keyboard user reaches)
    tab.page.evaluate(
        "(() => { document.getElementById('legend').open = true; document.getElementById('nodelist').open = true; })()"
    )
    tab.page.locator("#list-items button").first.click()
    serious += _serious(tab.page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / f"axe-{name}-{width}.png"), full_page=True)
    assert not serious, f"{name} at {width}px: axe-core WCAG 2.1 AA violations:\n{json.dumps(serious, indent=1)}"
    assert tab.errors == [] and tab.foreign == []
