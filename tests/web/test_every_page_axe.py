"""axe-core over every page of the app (tests/web/every_page.py) for every role, at 1280 and 375 px:
no serious or critical WCAG 2.1 AA violation anywhere (issue #13, accessibility)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import BrowserSession, WebServer, axe_serious
from tests.web.every_page import FRAGMENTS, ROLES, html_routes, samples

SignedIn = Callable[[str], BrowserSession]


def test_every_html_route_has_a_sample(web_server: WebServer) -> None:
    routes, filled = set(html_routes(web_server.app)), samples(web_server)
    assert len(routes) > 25  # the enumeration finds the app's pages (a broken walk finds none)
    assert not routes - set(filled), f"HTML routes without a sample address in every_page.py: {routes - set(filled)}"
    assert not set(filled) - routes, f"samples for routes the app no longer has: {set(filled) - routes}"


def test_every_scrolling_table_can_be_reached_by_keyboard() -> None:
    """A wide table scrolls sideways inside its .jb-table-wrap; the keyboard scrolls it only if the wrapper
    is a focusable, named region (axe: scrollable-region-focusable). Also the tables the walk does not reach
    (a workbook's errors appear only after an upload)."""
    templates = Path(__file__).resolve().parents[2] / "api" / "web" / "templates"
    wraps = [(f.name, m.group(0)) for f in templates.glob("*.j2")
             for m in re.finditer(r'<div class="jb-table-wrap"[^>]*>', f.read_text(encoding="utf-8"))]
    assert len(wraps) >= 8
    bad = [(name, tag) for name, tag in wraps
           if not ('role="region"' in tag and 'tabindex="0"' in tag and "aria-label" in tag)]
    assert not bad, f"scrolling tables the keyboard cannot reach: {bad}"


@pytest.mark.browser
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "signed_out")
def test_no_serious_axe_violation_on_any_page(role: str | None, browser: Any, signed_in: SignedIn,
                                              web_server: WebServer) -> None:
    if role is None:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        page = context.new_page()
    else:
        context, page = None, signed_in(role).page
    problems: list[str] = []
    seen: set[tuple[str, int]] = set()
    checked = 0
    try:
        for paths in samples(web_server).values():
            for path in paths:
                page.set_viewport_size({"width": 1280, "height": 900})
                response = page.goto(web_server.base_url + path)
                status, landed = response.status, urlsplit(page.url).path
                # A redirect (to the login page) or an error page of a status already seen: the same page.
                same = (landed, 0) if landed != urlsplit(path).path else ("error", status) if status >= 400 else None
                if same in seen:
                    continue
                if same:
                    seen.add(same)
                checked += 1
                for width, height in ((1280, 900), (375, 812)):
                    page.set_viewport_size({"width": width, "height": height})
                    for v in axe_serious(page):
                        problems.append(f"{path} ({status}) at {width}px: {v['impact']} {v['id']}: {v['help']} "
                                        f"{v['nodes']}")
    finally:
        if context is not None:
            context.close()
    assert checked >= (1 if role is None else 15)
    assert not problems, f"{role or 'signed out'}: {len(problems)} axe-core violations:\n" + "\n".join(problems)


# The htmx fragments (every_page.FRAGMENTS) in the pages that load them: (role, page, how to load it, what shows
# it arrived). Each picker kind with hits and without; the folded contact lines of the gemeente page.
_PICKER_PAGES = (("mensen", "/mensen", "persoon", "Oefen"),
                 ("mensen-nieuw", "/mensen/nieuw", "organisatie", "Lokaal Team"),
                 ("regio", "/regio/JZ21", "wie", "Oefen"))


def _load_picker(s: BrowserSession, ident: str, text: str, arrived: str) -> None:
    box = s.page.locator(f"#{ident}-zoek")
    box.fill("")
    box.press_sequentially(text, delay=20)
    s.page.locator(f"#{ident}-lijst {arrived}").first.wait_for()


@pytest.mark.browser
def test_no_serious_axe_violation_in_the_htmx_fragments(signed_in: SignedIn, web_server: WebServer) -> None:
    """The picker's hits (/kiezer/{soort}) and the folded contact lines (/gemeente/{code}/contacten) are not
    pages of their own, so the walk above skips them: here each is loaded into its page as a reader does, and
    axe checks the page with it at 1280 and 375 px (BrowserSession.check, with screenshots)."""
    loaded: set[str] = set()
    s = signed_in("coordinator")
    for name, path, ident, text in _PICKER_PAGES:
        s.goto(path)
        _load_picker(s, ident, text, "fieldset input[type=radio]")  # hits: radio buttons in a fieldset
        s.check(f"kiezer-{name}-treffers")
        _load_picker(s, ident, "Xqzzy", "p.jb-muted")  # none: the sentence that says so
        assert "Xqzzy" in s.page.locator(f"#{ident}-lijst").inner_text()
        s.check(f"kiezer-{name}-geen")
        loaded.add("/kiezer/{soort}")
    s.goto("/gemeente/GM0202")
    for fold in s.page.locator("section#type-gi .jb-glance-org > .jb-glance-more > summary").all():
        fold.click()
    s.page.locator("section#type-gi .jb-glance-lines .jb-contact").first.wait_for()
    s.check("gemeente-arnhem-gi-alle-contacten")
    loaded.add("/gemeente/{code}/contacten")
    assert loaded == FRAGMENTS, f"fragments without an axe check: {FRAGMENTS - loaded}"
