"""Issue #13, problems 5 and 9 in Chromium: the casus deadline table on a phone, select chevrons, no red
borders before input, a visible focus ring on the blue header."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.web.conftest import BrowserSession

pytestmark = pytest.mark.browser

SignedIn = Callable[[str], BrowserSession]
CASE = "JB-2JW9-C3SV"


def test_casus_deadlines_fit_a_phone_and_the_table_is_keyboard_reachable(signed_in: SignedIn) -> None:
    s = signed_in("professional")
    s.page.set_viewport_size({"width": 375, "height": 812})
    s.goto(f"/casus/{CASE}")
    region = s.page.get_by_role("region", name=f"Termijnen van casus {CASE}")
    assert region.get_attribute("tabindex") == "0"
    cells = s.page.locator("table td")
    assert cells.count() >= 6
    for i in range(cells.count()):  # every column of every row on screen, none cut off at the right
        box = cells.nth(i).bounding_box()
        assert box is not None and box["width"] > 0 and box["x"] + box["width"] <= 375, (i, box)
    state = s.page.locator("table tr.jb-overdue td").last
    assert state.is_visible() and "Status" in state.evaluate("e => getComputedStyle(e, '::before').content")
    s.page.set_viewport_size({"width": 1280, "height": 900})
    s.check("casus-telefoon")


def test_selects_have_chevrons_and_required_fields_are_not_red_before_input(signed_in: SignedIn) -> None:
    s = signed_in("professional")
    s.goto("/gemeente/GM0228#melden")
    select = s.page.get_by_label("Welk contact?")
    assert select.evaluate("e => getComputedStyle(e).backgroundImage").startswith("url(")
    box = s.page.get_by_label("Wat klopt er niet?")
    border = "e => getComputedStyle(e).borderTopColor + ' ' + getComputedStyle(e).borderTopWidth"
    before = box.evaluate(border)
    box.fill("Telefoonnummer klopt niet.")
    box.evaluate("e => e.blur()")
    assert box.evaluate(border) == before  # untouched and valid look the same: no red before typing


def test_focus_ring_is_visible_on_the_blue_header(signed_in: SignedIn) -> None:
    s = signed_in("professional")
    s.goto("/zoeken")
    link = s.page.locator("header a").first
    link.focus()
    s.page.keyboard.press("Shift+Tab")
    s.page.keyboard.press("Tab")
    focused = s.page.evaluate("() => { const e = document.activeElement, c = getComputedStyle(e); "
                              "return [e.closest('header') !== null, c.outlineStyle, parseFloat(c.outlineWidth), "
                              "c.outlineColor]; }")
    in_header, style, width, color = focused
    assert in_header and style != "none" and width >= 3 and color == "rgb(255, 255, 255)", focused
