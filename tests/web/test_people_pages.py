"""Mensen pages over HTTP (real app, real SQLite): a coordinator adds, edits, hands over and marks as left,
with the person picker (no keys typed); POST -> redirect -> GET with a Dutch confirmation; bad forms keep
their input and name the field; outside the coordinator's scope nothing changes.

The coordinator token is scoped to JZ21 (Food Valley: Ede, Barneveld, ...); JZ28 is Centraal Gelderland.
"""

from __future__ import annotations

import html
import re

import httpx

from graph.queries.access import maintainers_of
from graph.schema import RelType
from tests.support import writes_since
from tests.web.conftest import WebServer, csrf_from


def _post(c: httpx.Client, path: str, data: dict[str, str], page: str = "/mensen") -> httpx.Response:
    return c.post(path, data={"csrf": csrf_from(c.get(page).text), **data})


def _follow(c: httpx.Client, r: httpx.Response) -> str:
    assert r.status_code == 303, (r.status_code, r.text[:2000])
    return c.get(r.headers["location"]).text


def test_picker_finds_people_by_part_of_the_name(web_server: WebServer) -> None:
    with web_server.client("coordinator") as c:
        r = c.get("/kiezer/persoon", params={"veld": "naar", "naar_zoek": "Invulsma"})
        assert r.status_code == 200
        assert 'value="prof-demo-0081"' in r.text and "Gijs Invulsma" in r.text and 'type="radio"' in r.text
        r = c.get("/kiezer/organisatie", params={"veld": "organisatie", "organisatie_zoek": "lokaal team barneveld"})
        assert 'value="org-lt-barneveld"' in r.text
        assert c.get("/kiezer/persoon", params={"veld": "<script>"}).status_code == 404


def test_coordinator_adds_a_professional_with_the_organisation_picker(web_server: WebServer) -> None:
    p = web_server.service.projection
    with web_server.client("coordinator") as c:
        r = _post(c, "/mensen/nieuw", {"name": "Fenna  Nieuwkomer", "function": "Jeugdprofessional",
                                      "email": "fenna.nieuwkomer@lt-barneveld.example", "phone": "0342 123 456",
                                      "organisatie_zoek": "Lokaal Team Barneveld"}, "/mensen/nieuw")
        location = r.headers.get("location", "")
        page = _follow(c, r)
        assert "Fenna Nieuwkomer is toegevoegd bij Lokaal Team Barneveld." in page
        key = location.removeprefix("/mensen/")
        assert key.startswith("prof-fenna-nieuwkomer-")
        assert [o for o, _ in p.out_edges(key, RelType.WORKS_AT)] == ["org-lt-barneveld"]
        assert c.get(location).text.count("is toegevoegd") == 0  # the confirmation is shown once


def test_a_bad_form_keeps_its_input_and_names_each_field(web_server: WebServer) -> None:
    before = web_server.service.store.last_seq()
    with web_server.client("coordinator") as c:
        r = _post(c, "/mensen/nieuw", {"name": "Piet Fout", "email": "geen-adres", "phone": "bel mij",
                                      "organisatie_zoek": "Lokaal Team"}, "/mensen/nieuw")
        assert r.status_code == 422
        assert "‘geen-adres’ is geen geldig e-mailadres." in r.text
        assert "‘bel mij’ is geen telefoonnummer" in r.text
        assert 'value="Piet Fout"' in r.text and 'value="geen-adres"' in r.text
        # "Lokaal Team" names many organisations: they are offered as choices by the field
        assert "past bij meer dan één organisatie" in r.text and r.text.count('name="organisatie" value=') > 1
        r = _post(c, "/mensen/nieuw", {"name": "Buiten Regio", "email": "b@lt-arnhem.example",
                                      "organisatie_zoek": "Lokaal Team Arnhem"}, "/mensen/nieuw")
        assert r.status_code == 422 and "U kunt geen mensen toevoegen bij Lokaal Team Arnhem" in r.text
    assert not writes_since(web_server.service.store, before)


def test_coordinator_edits_hands_over_and_marks_as_left(web_server: WebServer) -> None:
    p = web_server.service.projection
    leaving, successor = "prof-demo-0079", "prof-demo-0080"  # LT Barneveld, JZ21
    position = next(pos for pos, _ in p.out_edges(leaving, RelType.HOLDS))
    with web_server.client("coordinator") as c:
        page = c.get(f"/mensen/{leaving}")
        assert page.status_code == 200 and "Maarten Testerink" in page.text
        r = _post(c, f"/mensen/{leaving}", {"name": "Maarten Testerink", "function": "Teamleider",
                                            "email": p.node(leaving)["email"], "phone": "0342 999 888"},
                  f"/mensen/{leaving}")
        assert "De gegevens van Maarten Testerink zijn opgeslagen." in _follow(c, r)
        assert p.node(leaving)["phone"] == "0342 999 888"
        r = _post(c, f"/mensen/{leaving}", {"name": "", "email": "x@", "phone": ""}, f"/mensen/{leaving}")
        assert r.status_code == 422 and "Dit veld is verplicht." in r.text and 'value="x@"' in r.text
        # hand over one position: the successor chosen by name, no key typed
        r = _post(c, f"/mensen/{leaving}/functie", {"functie": position, "functie_naar_zoek": "Umut Ontwerpsma"},
                  f"/mensen/{leaving}")
        assert "Umut Ontwerpsma vervult nu" in _follow(c, r)
        assert successor in [h for h, _ in p.in_edges(position, RelType.HOLDS)]
        assert leaving not in [h for h, _ in p.in_edges(position, RelType.HOLDS)]
        r = _post(c, f"/mensen/{leaving}/vertrokken", {"datum": "morgen"}, f"/mensen/{leaving}")
        assert r.status_code == 422 and "‘morgen’ is geen datum" in r.text
        r = _post(c, f"/mensen/{leaving}/vertrokken", {"datum": ""}, f"/mensen/{leaving}")
        assert "Maarten Testerink is als vertrokken gemarkeerd" in _follow(c, r)
        assert p.node(leaving)["active"] is False


def test_editing_outside_scope_is_refused_and_nothing_changes(web_server: WebServer) -> None:
    before = web_server.service.store.last_seq()
    with web_server.client("other_coordinator") as c:  # JZ28
        r = c.get("/mensen/prof-demo-0081")
        assert r.status_code == 403 and "Food Valley" in r.text and "niet wijzigen" in r.text
        r = _post(c, "/mensen/prof-demo-0081", {"name": "Gekaapt", "email": "x@example.org"})
        assert r.status_code == 403
        r = _post(c, "/mensen/prof-demo-0081/vertrokken", {"datum": ""})
        assert r.status_code == 403
    with web_server.client("professional") as c:
        assert c.get("/mensen").status_code == 403
    assert not writes_since(web_server.service.store, before)
    assert web_server.service.projection.node("prof-demo-0081")["name"] == "Gijs Invulsma"


def test_the_person_picker_on_mensen_opens_a_person(web_server: WebServer) -> None:
    with web_server.client("coordinator") as c:
        r = c.get("/mensen/open", params={"persoon_zoek": "Gijs Invulsma"})
        assert r.status_code == 303 and r.headers["location"] == "/mensen/prof-demo-0081"
        r = c.get("/mensen/open", params={"persoon_zoek": "zzzqqq"})
        assert r.status_code == 422 and "Geen persoon of functie gevonden" in r.text
        assert not re.search(r'name="persoon_zoek"[^>]*value="prof-', r.text)


def test_a_successor_from_outside_the_region_is_refused_by_the_field(web_server: WebServer) -> None:
    p = web_server.service.projection
    outsider = next(k for k, _ in p.in_edges("org-lt-arnhem", RelType.WORKS_AT)
                    if (p.node(k) or {}).get("active", True) and maintainers_of(p, k)[0] == ["JZ28"])
    holder = "prof-demo-0077"  # LT Barneveld, JZ21
    position = next(pos for pos, _ in p.out_edges(holder, RelType.HOLDS))
    before = web_server.service.store.last_seq()
    with web_server.client("coordinator") as c:
        r = _post(c, f"/mensen/{holder}/functie", {"functie": position, "functie_naar": outsider},
                  f"/mensen/{holder}")
        assert r.status_code == 422 and "deze functie niet geven" in r.text and "JZ28" in r.text
        r = _post(c, f"/mensen/{holder}/overdragen", {"naar": outsider, "datum": ""}, f"/mensen/{holder}")
        assert r.status_code == 422 and "geen functies geven" in r.text
    assert not writes_since(web_server.service.store, before)  # (the sign-in is in the audit trail)


def test_the_picker_on_mensen_finds_positions_too(web_server: WebServer) -> None:
    p = web_server.service.projection
    holder = "prof-demo-0082"
    position = next(pos for pos, _ in p.out_edges(holder, RelType.HOLDS))
    with web_server.client("coordinator") as c:
        hits = c.get("/kiezer/persoon-of-functie", params={"veld": "persoon", "persoon_zoek": p.node(position)["name"]})
        assert f'value="{position}"' in hits.text and "nu: " in hits.text  # the position, with who holds it now
        r = c.get("/mensen/open", params={"persoon": position})
        assert r.status_code == 303 and r.headers["location"] == f"/mensen/{holder}#functies"


def test_confirmations_and_field_errors_follow_the_page_language(web_server: WebServer) -> None:
    """The confirmation travels as a catalogue code (not a Dutch sentence), so the page after the redirect words it
    in its own language; a picker's error and the scope line do the same."""
    key = "prof-demo-0081"
    with web_server.client("coordinator") as c:
        node = web_server.service.projection.node(key) or {}
        r = _post(c, f"/mensen/{key}", {"name": str(node["name"]), "function": str(node.get("function") or ""),
                                        "email": str(node["email"]), "phone": str(node.get("phone") or "")},
                  f"/mensen/{key}")
        assert r.status_code == 303 and "gegevens" not in r.headers.get("set-cookie", "")  # a code, not Dutch text
        english = html.unescape(c.get(r.headers["location"] + "?lang=en").text)
        assert f"Nothing had changed in {node['name']}'s details." in english
        form = {"name": "Fenna X", "email": "f@lt-barneveld.example", "organisatie_zoek": "Lokaal Team"}
        r = c.post("/mensen/nieuw?lang=en", data={"csrf": csrf_from(c.get("/mensen/nieuw").text), **form})
        assert r.status_code == 422
        assert "‘Lokaal Team’ matches more than one organisation. Choose the right one below." in r.text
        assert "past bij" not in r.text
        dutch = c.post("/mensen/nieuw", data={"csrf": csrf_from(c.get("/mensen/nieuw").text), "name": "Fenna X",
                                             "email": "f@lt-barneveld.example", "organisatie_zoek": "Zzzqqq"}).text
        assert "Geen organisatie gevonden voor ‘Zzzqqq’." in dutch


def test_a_form_sent_from_an_english_page_answers_and_confirms_in_english(web_server: WebServer) -> None:
    """Forms post to addresses without ``?lang``; the browser's same-origin Referer names the page they were on, so
    the refusal is English and the redirect keeps ``lang=en`` for the confirmation. A Referer from another site
    does not choose the language."""
    key = "prof-demo-0081"
    page = f"{web_server.base_url}/mensen/{key}?lang=en"
    with web_server.client("coordinator") as c:
        node = web_server.service.projection.node(key) or {}
        form = {"csrf": csrf_from(c.get(page).text), "name": str(node["name"]),
                "function": str(node.get("function") or ""), "email": str(node["email"]), "phone": "bel mij"}
        refused = c.post(f"/mensen/{key}", data=form, headers={"Referer": page})
        assert refused.status_code == 422
        assert "‘bel mij’ is not a phone number" in html.unescape(refused.text)
        elsewhere = c.post(f"/mensen/{key}", data=form, headers={"Referer": f"https://example.org/mensen/{key}?lang=en"})
        assert "‘bel mij’ is geen telefoonnummer" in html.unescape(elsewhere.text)
        r = c.post(f"/mensen/{key}", data={**form, "phone": "026 123 4567"}, headers={"Referer": page})
        assert r.status_code == 303 and r.headers["location"] == f"/mensen/{key}?lang=en"
        assert f"{node['name']}'s details have been saved." in html.unescape(c.get(r.headers["location"]).text)


def test_the_person_form_sets_the_language_of_the_mails_and_shows_it_again(web_server: WebServer) -> None:
    key = "prof-demo-0081"
    p = web_server.service.projection
    with web_server.client("coordinator") as c:
        node = p.node(key) or {}
        page = c.get(f"/mensen/{key}").text
        assert '<option value="nl" selected>Nederlands</option>' in page
        assert '<option value="en">English</option>' in page
        form = {"name": str(node["name"]), "function": str(node.get("function") or ""), "email": str(node["email"]),
                "phone": str(node.get("phone") or "")}
        seq = web_server.service.store.last_seq()
        refused = _post(c, f"/mensen/{key}", {**form, "language": "fr"}, f"/mensen/{key}")
        assert refused.status_code == 422
        assert "‘fr’ is geen taal van jbnet (kies Nederlands of English)." in html.unescape(refused.text)
        assert web_server.service.store.last_seq() == seq and (p.node(key) or {}).get("language") != "fr"
        _follow(c, _post(c, f"/mensen/{key}", {**form, "language": "en"}, f"/mensen/{key}"))
        assert (p.node(key) or {}).get("language") == "en"
        assert '<option value="en" selected>English</option>' in c.get(f"/mensen/{key}").text
        _follow(c, _post(c, f"/mensen/{key}", {**form, "language": "nl"}, f"/mensen/{key}"))
        assert (p.node(key) or {}).get("language") == "nl"
