"""Issue #13, problem 2: "Wie bel ik?" at a glance on the gemeente page, in Chromium at 1280 and 375 px.

The old page was ~10 000 px long at 375 px with ~90 Tab stops before the first form, and the GI card
listed two GIs' first contacts and backups in one run, so a reader could call the wrong backup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from api.web.routes_directory import CORE_TYPES, OPTIONAL_TYPES
from graph.queries.contacts import counterparts
from tests.web.conftest import BrowserSession, WebServer

pytestmark = pytest.mark.browser

SignedIn = Callable[[str], BrowserSession]
ARNHEM = "GM0202"

# Focusable controls in document order up to the first form in <main> (header and menu included).
_TAB_STOPS_BEFORE_FIRST_FORM = """() => {
  const form = document.querySelector('main form');
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')];
  return all.filter(e => e.offsetParent !== null && e.tabIndex >= 0
                    && (e.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING)).length;
}"""


def _expected_types(web_server: WebServer, code: str) -> list[str]:
    p, rules = web_server.service.projection, web_server.service.settings.rules
    types = [t.value for t in CORE_TYPES]
    types += [t.value for t in OPTIONAL_TYPES
              if (a := counterparts(p, code, t, rules=rules)).covered_at or a.organisation_level]
    return types


def test_first_contact_of_every_type_fits_two_phone_screens(signed_in: SignedIn, web_server: WebServer) -> None:
    s = signed_in("professional")
    s.page.set_viewport_size({"width": 375, "height": 812})
    s.goto(f"/gemeente/{ARNHEM}")
    p, rules = web_server.service.projection, web_server.service.settings.rules
    for org_type in _expected_types(web_server, ARNHEM):
        answer = counterparts(p, ARNHEM, org_type, rules=rules)
        person = next(c.professional for c in answer.contacts if c.professional)
        line = s.page.locator("main li", has_text=person.name).first
        assert line.is_visible(), f"{org_type}: {person.name} not visible"
        box = line.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 2 * 812, \
            f"{org_type}: first contact {person.name} at {box} is below two screens at 375 px"
        assert line.locator('a[href^="tel:"]', has_text=person.phone).is_visible()
        # The card of the type opens with the same first contact.
        assert person.name in s.page.locator(f"section#type-{org_type} .jb-glance-first").first.inner_text()
    height = s.page.evaluate("document.documentElement.scrollHeight")
    assert height < 5000, f"the gemeente page is {height} px long at 375 px"
    s.page.set_viewport_size({"width": 1280, "height": 900})
    stops = s.page.evaluate(_TAB_STOPS_BEFORE_FIRST_FORM)
    assert stops <= 60, f"{stops} Tab stops before the first form"
    s.check("gemeente-arnhem-overzicht")


def test_each_gi_has_its_own_block_with_its_own_backup(signed_in: SignedIn, web_server: WebServer) -> None:
    p, rules = web_server.service.projection, web_server.service.settings.rules
    answer = counterparts(p, ARNHEM, "gi", rules=rules)
    expected = {o.organisation.name: [c.professional.name for c in o.contacts if c.professional]
                for o in answer.organisations if o.organisation and o.contacts}
    assert {"Jeugdbescherming Gelderland", "William Schrikker Stichting Jeugdbescherming & Jeugdreclassering"} \
        <= set(expected)
    s = signed_in("professional")
    s.goto(f"/gemeente/{ARNHEM}")
    card = s.page.locator("section#type-gi")
    for org, people in expected.items():
        block = card.locator(f'.jb-glance-org[data-organisatie="{org}"]')
        assert block.count() == 1, f"{org}: {block.count()} blocks"
        assert block.get_by_role("heading", name=org).is_visible()
        text = block.inner_text()
        assert people[0] in text  # the first contact of this GI in its own block ...
        others = [n for o, names in expected.items() if o != org for n in names]
        assert not [n for n in others if n in text], f"{org}'s block names another GI's contacts"  # ... and no one else
        if len(people) > 1:
            assert f"vervanger: {people[1]}" in text
    # The type filter keeps one card; the details are folded until opened.
    s.page.get_by_label("Toon alleen").select_option(label="Veilig Thuis")
    s.page.get_by_role("button", name="Toon", exact=True).click()
    s.page.wait_for_url("**soort=veilig_thuis")
    assert s.page.locator("section.jb-glance").count() == 1
    assert not s.page.get_by_text("Stap 1").first.is_visible()
    s.page.locator("#escalatie > summary").click()
    assert s.page.get_by_text("Stap 1").first.is_visible()
    s.check("gemeente-arnhem-vt")


def test_in_page_index_links_every_card(signed_in: SignedIn, web_server: WebServer) -> None:
    s = signed_in("professional")
    s.goto(f"/gemeente/{ARNHEM}")
    index = s.page.get_by_role("navigation", name="Eerste contact per organisatietype")
    hrefs: list[Any] = [a.get_attribute("href") for a in index.get_by_role("link").all()]
    for org_type in _expected_types(web_server, ARNHEM):
        assert f"#type-{org_type}" in hrefs
    assert "#escalatie" in hrefs and "#melden" in hrefs
    s.page.get_by_role("link", name="Meld een onjuist contact").click()
    # the fragment opens the folded section (on hashchange, a task after the click: wait for it)
    expect(s.page.get_by_label("Wat klopt er niet?")).to_be_visible()


CASE = "JB-2JW9-C3SV"  # a demo case (loaders/demo.py)


def test_case_page_opens_with_its_gemeentes_cards_within_two_phone_screens(
        signed_in: SignedIn, web_server: WebServer) -> None:
    """The casus page: the same "Wie bel ik?" cards as its gemeente's page first, the terms below them."""
    from graph.queries.cases import case_deadlines
    p, rules = web_server.service.projection, web_server.service.settings.rules
    code = case_deadlines(p, CASE, rules=rules).gemeente
    s = signed_in("professional")
    s.goto(f"/gemeente/{code}")
    on_gemeente = {t: s.page.locator(f"section#type-{t} .jb-glance-first").first.inner_text()
                   for t in _expected_types(web_server, code)}
    s.page.set_viewport_size({"width": 375, "height": 812})
    s.goto(f"/casus/{CASE}")
    for org_type in _expected_types(web_server, code):
        answer = counterparts(p, code, org_type, rules=rules)
        person = next(c.professional for c in answer.contacts if c.professional)
        first = s.page.locator(f"section#type-{org_type} .jb-glance-first").first
        assert first.inner_text() == on_gemeente[org_type]  # the same card as on the gemeente page
        line = s.page.locator("main li", has_text=person.name).first  # and at the top, with the phone
        assert line.is_visible(), f"{org_type}: {person.name} not visible"
        box = line.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 2 * 812, \
            f"{org_type}: first contact {person.name} at {box} is below two screens at 375 px"
        assert line.locator('a[href^="tel:"]', has_text=person.phone).is_visible()
    # The terms come after the cards and one link away from the top.
    table = s.page.get_by_role("region", name=f"Termijnen van casus {CASE}")
    last_card = s.page.locator("section.jb-glance").last.bounding_box()
    table_box = table.bounding_box()
    assert last_card and table_box and table_box["y"] > last_card["y"]
    s.page.get_by_role("link", name="alle termijnen").click()
    s.page.wait_for_url(f"**/casus/{CASE}#termijnen")
    assert table.is_visible()
    s.page.set_viewport_size({"width": 1280, "height": 900})
    s.check("casus-overzicht")


def _vcard_links(html: str) -> set[str]:
    return set(re.findall(r'href="(/contact/[^"]+\.vcf)"', html))


def test_folded_contact_lines_load_when_opened_by_keyboard(signed_in: SignedIn, web_server: WebServer) -> None:
    """The folded "Alle contacten" are not in the page until opened (most of its render time): opening a fold
    with the keyboard loads that organisation's lines, every contact with its vCard, into the fold."""
    p, rules = web_server.service.projection, web_server.service.settings.rules
    gi = [o for o in counterparts(p, ARNHEM, "gi", rules=rules).organisations if o.organisation and o.contacts]
    s = signed_in("professional")
    s.goto(f"/gemeente/{ARNHEM}")
    assert not _vcard_links(s.page.content())  # nothing of the folded lines is sent with the page
    for o in gi:
        block = s.page.locator(f'section#type-gi .jb-glance-org[data-organisatie="{o.organisation.name}"]')
        summary = block.locator(".jb-glance-more > summary").first
        summary.focus()
        s.page.keyboard.press("Enter")
        fold = block.locator(".jb-glance-lines").first
        for c in o.contacts:
            if c.professional:
                fold.locator(f'a[href="/contact/{c.professional.key}.vcf"]').wait_for()
        assert fold.locator(".jb-contact").count() == len(o.contacts)
        assert block.locator(".jb-glance-more").first.evaluate("d => d.open")
    s.check("gemeente-arnhem-alle-contacten")


def test_folded_contact_lines_without_script(web_server: WebServer) -> None:
    """Without script the fold links to the page with the type's lines in place and the folds open."""
    p, rules = web_server.service.projection, web_server.service.settings.rules
    answer = counterparts(p, ARNHEM, "gi", rules=rules)
    keys = {f"/contact/{c.professional.key}.vcf" for c in answer.contacts if c.professional}
    with web_server.client("professional") as c:
        page = c.get(f"/gemeente/{ARNHEM}").text
        links = re.findall(r'href="(/gemeente/GM0202\?soort=gi&amp;alle=1#type-gi)"', page)
        assert links, "no link to the lines for a browser without script"
        full = c.get(links[0].replace("&amp;", "&").split("#")[0])
        assert full.status_code == 200 and keys <= _vcard_links(full.text)
        assert '<details class="jb-glance-more" open>' in full.text
        # What htmx loads: one organisation's lines per fold, named by the organisation's key.
        groups = [o for o in answer.organisations if o.contacts]
        first = c.get(f"/gemeente/{ARNHEM}/contacten", params={"soort": "gi", "deel": groups[0].organisation.key})
        assert first.status_code == 200 and "<html" not in first.text
        assert _vcard_links(first.text) == {f"/contact/{x.professional.key}.vcf" for x in groups[0].contacts
                                            if x.professional}
        assert c.get(f"/gemeente/{ARNHEM}/contacten", params={"soort": "gi", "deel": "org-nergens"}).status_code == 404


def test_an_open_page_folds_the_right_organisation_after_the_card_reordered(
        signed_in: SignedIn, web_server: WebServer) -> None:
    """A fold names its organisation, not its place in the card: when a new organisation joins the card between
    showing the page and opening a fold, the fold still shows the lines of the organisation it sits under (it
    showed the organisation that took that place)."""
    from graph.schema import Edge, Label, Node, RelType
    from graph.store.base import ChangeBatch, EdgeClose

    svc = web_server.service

    def gis() -> list[str]:
        return [o.organisation.key for o in counterparts(svc.projection, ARNHEM, "gi", rules=svc.settings.rules)
                .organisations if o.organisation and o.contacts]

    target = next(o for o in counterparts(svc.projection, ARNHEM, "gi", rules=svc.settings.rules).organisations
                  if o.organisation and o.contacts)
    s = signed_in("professional")
    s.goto(f"/gemeente/{ARNHEM}")
    block = s.page.locator(f'section#type-gi .jb-glance-org[data-organisatie="{target.organisation.name}"]')
    # A new GI for Arnhem itself (the most specific level), named to sort first: every other GI moves down.
    svc.write(ChangeBatch(nodes=[
        Node(label=Label.ORGANISATION, key="org-test-gi-nieuw", props={"name": "Aaa Nieuwe GI", "type": "gi"}),
        Node(label=Label.POSITION, key="pos-test-gi-nieuw", props={
            "name": "Aaa Nieuwe GI – jeugdbeschermer Arnhem", "role": "jeugdbeschermer", "org_type": "gi"})],
        edges=[Edge(type=RelType.AT, src="pos-test-gi-nieuw", dst="org-test-gi-nieuw", src_label=Label.POSITION,
                    dst_label=Label.ORGANISATION, valid_from="2021-01-01", key="test-gi-nieuw-at"),
               Edge(type=RelType.COVERS, src="pos-test-gi-nieuw", dst=ARNHEM, src_label=Label.POSITION,
                    dst_label=Label.GEMEENTE, valid_from="2021-01-01", key="test-gi-nieuw-covers")]), "test")
    try:
        assert gis()[0] == "org-test-gi-nieuw" and gis()[1] == target.organisation.key  # the card did reorder
        block.locator(".jb-glance-more > summary").first.click()
        fold = block.locator(".jb-glance-lines").first
        fold.locator(".jb-contact").first.wait_for()
        shown = set(re.findall(r'/contact/([^"]+)\.vcf', fold.inner_html()))
        assert shown == {c.professional.key for c in target.contacts if c.professional}
    finally:  # ended before today: the card is as before for the other tests
        svc.write(ChangeBatch(closes=[EdgeClose("test-gi-nieuw-covers", "2021-01-02"),
                                      EdgeClose("test-gi-nieuw-at", "2021-01-02")]), "test")
    assert target.organisation.key == gis()[0]
