"""Issue #13, problem 4: search like a directory, over real HTTP on the demo data (and once in Chromium)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import pytest

from graph.queries.search import normalise
from graph.schema import Label
from tests.web.conftest import BrowserSession, WebServer


def _a_professional_with_phone_and_email(web_server: WebServer) -> dict[str, str]:
    p = web_server.service.projection
    for key in p.keys(Label.PROFESSIONAL):
        n = p.node(key) or {}
        if n.get("phone") and n.get("email") and n.get("active", True) is not False:
            return {"key": key, "name": str(n["name"]), "phone": str(n["phone"]), "email": str(n["email"])}
    raise AssertionError("no professional with phone and e-mail in the demo data")


def test_paging_beyond_twenty_with_filters(web_server: WebServer) -> None:
    with web_server.client("professional") as c:
        first = c.get("/zoeken", params={"q": "jeugd"}).text
        total = int(re.search(r"(\d+) resultaten", first).group(1))
        assert total > 40
        assert "(1–20)" in first and "vanaf=20" in first and "Volgende 20" in first
        second = c.get("/zoeken", params={"q": "jeugd", "vanaf": 20}).text
        assert "(21–40)" in second and "Vorige 20" in second
        links = lambda html: set(re.findall(r'href="(/(?:item|gemeente)/[^"]+)"', html))  # noqa: E731
        assert links(first) and links(second) and not links(first) & links(second)
        only_orgs = c.get("/zoeken", params={"q": "jeugd", "soort": "organisation"}).text
        badges = re.findall(r'jb-badge--neutral">([^<]+)<', only_orgs)
        assert badges and set(badges) == {"Organisatie"}
        gi_people = c.get("/zoeken", params={"q": "jeugd", "orgtype": "gi", "soort": "professional"}).text
        p = web_server.service.projection
        keys = re.findall(r'href="/item/([^"]+)"', gi_people)
        assert keys
        for key in keys:  # every hit works at a GI
            orgs = [o for o, _ in p.out_edges(key, "WORKS_AT")]
            assert any((p.node(o) or {}).get("type") == "gi" for o in orgs), key
        assert "orgtype=gi" in gi_people


def test_phone_and_email_shown_and_searchable(web_server: WebServer) -> None:
    person = _a_professional_with_phone_and_email(web_server)
    with web_server.client("professional") as c:
        by_name = c.get("/zoeken", params={"q": person["name"]}).text
        assert person["phone"] in by_name and f'mailto:{person["email"]}' in by_name
        spaced = " ".join(re.sub(r"\D", "", person["phone"]))  # typed with spaces, no dash
        for query in (person["phone"], spaced, person["email"].upper()):
            html = c.get("/zoeken", params={"q": query}).text
            assert f'/item/{person["key"]}"' in html, query


def test_ambiguous_gemeente_offers_the_choice(web_server: WebServer) -> None:
    p = web_server.service.projection
    bergens = sorted(str((p.node(k) or {}).get("name")) for k in p.keys(Label.GEMEENTE)
                     if normalise(str((p.node(k) or {}).get("name", ""))).startswith("bergen "))
    assert len(bergens) >= 2, bergens
    with web_server.client("professional") as c:
        r = c.get("/gemeente", params={"q": "Bergen"})
        assert r.status_code == 303 and "/gemeente/" not in r.headers["location"]
        html = c.get(r.headers["location"]).text
        assert "Meer gemeenten heten" in html
        for name in bergens:
            assert f">{name}</a>" in html.replace("&#39;", "'")
        assert c.get("/gemeente", params={"q": "Ede"}).headers["location"] == "/gemeente/GM0228"


def test_csv_export_of_a_result_list_neutralises_formulas(web_server: WebServer) -> None:
    person = _a_professional_with_phone_and_email(web_server)
    with web_server.client("professional") as c:
        r = c.get("/zoeken.csv", params={"q": person["name"]})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff")), delimiter=";"))
        assert rows[0] == ["soort", "naam", "toelichting", "telefoon", "e-mail", "sleutel"]
        assert [person["name"], person["phone"], person["email"], person["key"]] in [
            [row[1], row[3], row[4], row[5]] for row in rows[1:]]
        assert c.get("/zoeken.csv", params={"q": ""}).status_code == 400
    from api.web.routes_directory import neutralise
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"


def test_region_filter_and_sort_order(web_server: WebServer) -> None:
    from api.web.routes_directory import SORT_NAMES
    from graph.queries.regions import gemeenten_in
    from graph.queries.search import SORTS

    assert tuple(SORT_NAMES) == SORTS  # every sort order of the domain is offered, worded from the catalogue
    p = web_server.service.projection
    food_valley = set(gemeenten_in(p, "JZ21"))
    with web_server.client("professional") as c:
        whole = c.get("/zoeken", params={"q": "jeugd", "soort": "organisation"}).text
        html = c.get("/zoeken", params={"q": "jeugd", "soort": "organisation", "regio": "JZ21"}).text
        total = lambda page: int(re.search(r"(\d+) resultaten", page).group(1))  # noqa: E731
        assert 0 < total(html) < total(whole)
        assert '<option value="JZ21" selected>' in html and 'label="Jeugdhulpregio"' in html
        for key in re.findall(r'href="/item/([^"]+)"', html):  # every organisation serves part of Food Valley
            served = {g for r, _ in p.out_edges(key, "SERVES") for g in gemeenten_in(p, r)}
            assert served & food_valley, key
        by_name = c.get("/zoeken", params={"q": "jeugd", "regio": "JZ21", "sortering": "name"}).text
        names = [normalise(n) for n in re.findall(r'href="/(?:item|gemeente)/[^"]+">([^<]+)</a>', by_name)]
        assert names == sorted(names) and len(names) == 20
        assert "regio=JZ21&amp;sortering=name&amp;vanaf=20" in by_name  # paging keeps filter and order
        assert "/zoeken.csv?q=jeugd&amp;regio=JZ21&amp;sortering=name" in by_name
        rows = list(csv.reader(io.StringIO(c.get("/zoeken.csv", params={"q": "jeugd", "regio": "JZ21",
                                                                        "sortering": "name"}).text.lstrip("\ufeff")),
                               delimiter=";"))[1:]
        assert [normalise(r[1]) for r in rows] == sorted(normalise(r[1]) for r in rows)
        wrong = c.get("/zoeken", params={"q": "jeugd", "regio": "JZ99"}).text.replace("&#39;", "'")
        assert "geen provincie, jeugdhulpregio, veiligheidsregio, subregio of gemeente met code 'JZ99'" in wrong


@pytest.mark.browser
def test_search_filter_and_paging_in_chromium(signed_in: Callable[[str], BrowserSession]) -> None:
    s = signed_in("professional")
    s.goto("/zoeken?q=jeugd")
    s.page.get_by_role("link", name="Volgende 20").click()
    s.page.wait_for_url("**vanaf=20**")
    s.page.get_by_label("Alleen").select_option(label="Organisatie")
    s.page.locator("#resultaten .jb-badge").first.wait_for()
    s.page.wait_for_function("() => [...document.querySelectorAll('#resultaten .jb-badge--neutral')]"
                             ".every(b => b.textContent.trim() === 'Organisatie')")
    s.check("zoeken-pagina-filter")
    s.page.get_by_label("Regio").select_option(label="Food Valley")
    s.page.wait_for_url("**regio=JZ21**")
    s.page.get_by_label("Sorteer op").select_option(label="naam (A–Z)")
    s.page.wait_for_url("**sortering=name**")
    s.page.locator("#resultaten .jb-results a").first.wait_for()
    names = s.page.locator("#resultaten .jb-results li > a:first-of-type").all_inner_texts()
    assert names and [normalise(n) for n in names] == sorted(normalise(n) for n in names)
    s.check("zoeken-regio-sortering")
