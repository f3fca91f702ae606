"""The rest of the pages speak the catalogue: each page (and the partials it includes) in Dutch by default and
in English on ?lang=en, with no Dutch UI text left on the English page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from api.links import link_secret, make_link
from graph.queries.invites import freeze_invite_list, invite_list
from graph.queries.meetings import create_meeting
from graph.schema import Label, RelType
from tests.web.conftest import PROFESSIONAL_KEY, WebServer, csrf_from


def _text(html: str) -> str:
    """What a reader sees: the page without scripts, styles and tags."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _backup_holder_in_jz21(web_server: WebServer) -> str:
    """A professional who holds a position as backup today at an organisation of the coordinator's JZ21."""
    p = web_server.service.projection
    in_jz21 = {src for src, _ in p.in_edges("JZ21", RelType.SERVES)}
    for prof in p.keys(Label.PROFESSIONAL):
        for pos, d in p.out_edges(prof, RelType.HOLDS):
            if d.get("priority") == "backup" and any(org in in_jz21 for org, _ in p.out_edges(pos, RelType.AT)):
                return prof
    raise AssertionError("the demo data has no backup holder in JZ21 any more")


def _both(web_server: WebServer, role: str, path: str) -> tuple[str, str]:
    """The page's text in Dutch (no ?lang) and in English (?lang=en)."""
    sep = "&" if "?" in path else "?"
    with web_server.client(role) as client:
        nl, en = client.get(path), client.get(f"{path}{sep}lang=en")
    assert nl.status_code == en.status_code == 200, (path, nl.status_code, en.status_code)
    return _text(nl.text), _text(en.text)


def _meeting(web_server: WebServer) -> str:
    """A frozen 2031 meeting of Arnhem (and an open one, ``…-open``): a year and region no other page test plans in."""
    svc = web_server.service
    region, key = "SR-JZ28-arnhem", "mtg-language-2031"
    if svc.projection.node(key) is None:
        create_meeting(svc, "test", region=region, date="2031-03-04", place="Arnhem", key=key)
        create_meeting(svc, "test", region=region, date="2031-09-02", place="Arnhem", key=f"{key}-open")
        freeze_invite_list(svc, "test", key)
    return key


def _invitation(web_server: WebServer) -> str:
    svc, key = web_server.service, _meeting(web_server)
    invitee = invite_list(svc.projection, key).invitees[0].professional
    return f"/uitnodiging/{make_link(link_secret(svc.settings, svc.store), 'rsvp', f'{key}|{invitee}')}"


def _update_link(web_server: WebServer) -> str:
    svc = web_server.service
    return f"/bijwerken/{make_link(link_secret(svc.settings, svc.store), 'update_request', PROFESSIONAL_KEY)}"


@dataclass(frozen=True)
class Page:
    """A page as ``role`` sees it; ``path`` is an address or makes one from the test's data."""

    role: str
    path: str | Callable[[WebServer], str]
    pairs: tuple[
        tuple[str, str], ...
    ] = ()  # (Dutch, English): the Dutch on the Dutch page only, the English on ?lang=en
    patterns: tuple[tuple[str, str], ...] = ()  # (Dutch regex, English regex) for texts with numbers in them


_FRESH = (r"\bbevestigd (\d+ (dagen|maanden)|vandaag|gisteren)", r"\bconfirmed (\d+ (days|months) ago|today|yesterday)")

PAGES = {
    # The gemeente page with its folded contact lines in place (?alle=1, the page without script asks that).
    "gemeente-partials": Page(
        "coordinator",
        "/gemeente/GM0228?alle=1",
        (
            ("Backoffice gemeente", "Gemeente back office"),
            ("bij spoed direct", "at once when urgent"),
            ("Welk contact?", "Which contact?"),
            ("Melding versturen", "Send report"),
            ("Kan de tafel een gezin niet", "If the table cannot discuss"),
            ("vCard van ", "vCard of "),
        ),
        (_FRESH,),
    ),
    # The same lines as htmx loads them into a fold.
    "gemeente-folded-lines": Page(
        "coordinator",
        "/gemeente/GM0228/contacten?soort=lokaal_team&deel=org-lt-ede",
        (("vCard van ", "vCard of "), ("eerste contact", "first contact")),
        (_FRESH,),
    ),
    "gemeente-cards-escalation": Page(
        "professional",
        "/gemeente/GM0228?eigen=gi&tegenpartij=lokaal_team",
        (
            ("Wie bel ik in Ede?", "Whom do I call in Ede?"),
            ("Eerste contact per organisatietype", "First contact per organisation type"),
            ("Alle contacten", "All contacts"),
            ("Toon alle contacten", "Show all contacts"),
            ("Lokaal Team: medewerker en koppelgenoot", "Lokaal Team: worker and koppelgenoot"),
            ("Toon escalatiepad", "Show escalation path"),
            ("Stap 1: gedragswetenschappers", "Step 1: behavioural scientists"),
            ("Gestart door: ", "Started by: "),
            ("Uw kant (Gecertificeerde instelling (GI)):", "Your side (Certified institution (GI)):"),
            ("Termijnen (uit bouwsteen 5)", "Terms (from bouwsteen 5)"),
        ),
    ),
    "item": Page(
        "coordinator",
        "/item/org-lt-ede",
        (
            ("Organisatie · ", "Organisation · "),
            ("Functies", "Positions"),
            ("Voor Ede", "For Ede"),
        ),
    ),
    "mensen": Page(
        "coordinator",
        "/mensen",
        (
            ("Mensen beheren", "Manage people"),
            ("U beheert de mensen van: Food Valley (JZ21).", "You manage the people of: Food Valley (JZ21)."),
            ("Typ een deel van de naam", "Type part of the name"),
            ("Een professional toevoegen", "Add a professional"),
        ),
    ),
    "picker-hits": Page(
        "coordinator",
        "/kiezer/persoon?veld=naar&naar_zoek=Oefenberg",
        (("Treffers voor ‘Oefenberg’", "Results for ‘Oefenberg’"),),
    ),
    "picker-none": Page(
        "coordinator",
        "/kiezer/persoon?veld=naar&naar_zoek=Xqzzy",
        (("Geen treffers voor ‘Xqzzy’.", "No results for ‘Xqzzy’."),),
    ),
    "meetings-year-plan": Page(
        "admin",
        lambda ws: (_meeting(ws), "/bijeenkomsten?jaar=2031&regio=JZ28")[1],
        (
            ("Toon jaarplan", "Show year plan"),
            ("Jaarplan 2031", "Year plan 2031"),
            ("Nieuwe bijeenkomst", "New meeting"),
            ("Bijeenkomst aanmaken", "Create meeting"),
        ),
    ),
    "meeting-frozen": Page(
        "admin",
        lambda ws: f"/bijeenkomsten/{_meeting(ws)}",
        (
            ("Dekking per gemeente", "Coverage per gemeente"),
            ("lijst vastgelegd op ", "list fixed on "),
            ("Elke bijeenkomst kost 4 uur per persoon", "Each meeting costs 4 hours per person"),
            ("aanwezig melden", "mark present"),
            ("Exporteren", "Export"),
            ("Agenda-uitnodiging (ICS)", "Calendar invitation (ICS)"),
        ),
        ((r"\(dit jaar al \d+\) uitgenodigd komt ", r"\(already \d+ this year\) invited attending "),),
    ),  # RSVP_NAMES
    "meeting-open": Page(
        "admin",
        lambda ws: f"/bijeenkomsten/{_meeting(ws)}-open",
        (
            ("Lijst vastleggen", "Fix the list"),
            ("nog niet verstuurd", "not sent yet"),
        ),
    ),
    "invitation": Page(
        "admin",
        _invitation,
        (
            ("Uw antwoord nog niet gegeven", "Your answer not given yet"),
            ("Ik kom niet", "I will not come"),
            ("via dezelfde link nog wijzigen", "through the same link"),
        ),
    ),
    "audit": Page(
        "admin",
        "/beheer/audit",
        (
            ("Tot en met (dag)", "Up to and including (day)"),
            ("Auditlog, nieuwste eerst", "Audit log, newest first"),
            ("(ook het ophalen zelf staat in het log)", "(the download itself is in the log"),
        ),
        ((r"\d+ regel\(s\)", r"\d+ line\(s\)"),),
    ),
    "search": Page(
        "professional",
        "/zoeken?q=Bergen&vanaf=20",
        (
            ("Zoek een persoon, organisatie, gemeente of functie", "Find a person, organisation, gemeente or position"),
            ("Tikfouten mogen", "Typing errors are fine"),
            ("Lijst als CSV-bestand", "Download as CSV"),
            ("Vorige 20", "Previous 20"),
        ),
        (
            (r"\d+ resultaten voor ‘Bergen’ \(21–40\)\.", r"\d+ results for ‘Bergen’ \(21–40\)\."),
            # the kinds (_KIND_NAMES) in the 'Alleen' select
            ("Persoon Organisatie Gemeente Functie Overleg", "Person Organisation Gemeente Position Consultation body"),
        ),
    ),
    # A backup holder: the page used an undefined 'dutch_phrase' filter for any priority but the primary (a 500).
    # Chosen from today's graph, not by a fixed key: other tests in the session hand demo people over.
    "person-backup": Page(
        "coordinator",
        lambda ws: f"/mensen/{_backup_holder_in_jz21(ws)}",
        (
            ("(vervanger)", "(backup)"),
            ("Alle functies overdragen", "Hand over all positions"),
            ("Markeer als vertrokken", "Mark as left"),
            ("Telefoon (werk)", "Phone (work)"),
        ),
    ),
    "person-new": Page(
        "coordinator",
        "/mensen/nieuw",
        (
            ("Professional toevoegen", "Add a professional"),
            (
                "U kunt mensen toevoegen bij organisaties in: Food Valley (JZ21).",
                "You can add people at organisations in: Food Valley (JZ21).",
            ),
        ),
    ),
    "own-details": Page(
        "professional",
        "/mijn-gegevens",
        (
            ("Mijn functies", "My positions"),
            ("Klopt niet: correctie doorgeven", "Not correct: send a correction"),
            ("Eén klik op Klopt is genoeg.", "One click on Correct is enough."),
        ),
    ),
    "update-link": Page(
        "professional",
        _update_link,
        (
            ("Kloppen uw gegevens nog?", "Are your details still right?"),
            ("Wijzigingen opslaan", "Save changes"),
            ("de link is 30 dagen geldig", "the link is valid for 30 days"),
        ),
    ),
    "region": Page(
        "coordinator",
        "/regio/JZ21",
        (
            ("Contactbeheer Food Valley", "Contact management Food Valley"),
            ("Alle functies van een persoon overdragen", "Hand over all positions of a person"),
            ("Uploaden en controleren", "Upload and check"),
            ("hoort een rij niet bij uw regio", "a row does not belong to your region"),
        ),
        ((r"Ritme: elke \d+ maanden bevestigen", r"Rhythm: confirm every \d+ months"),),
    ),
    "update-requests": Page(
        "coordinator",
        "/regio/JZ21/verzoeken",
        (
            ("Terug naar de regio", "Back to the region"),
            ("Eerst laten zien wie een e-mail krijgt", "First show who gets an e-mail"),
            ("De server doet dit elke dag vanzelf.", "The server does this by itself every day."),
        ),
    ),
    "network": Page(
        "admin",
        "/netwerk?code=JZ28&van=2021-01-01&tot=2026-12-01",
        (
            ("Netwerk Centraal Gelderland", "Network Centraal Gelderland"),
            ("Kwetsbare plekken", "Weak spots"),
            ("Wat is er veranderd?", "What has changed?"),
            ("Nieuw orgaan: ", "New body: "),
            ("Lidmaatschappen", "Memberships"),
            ("Erbij: ", "Added: "),
        ),
        ((r"Governancecontrole \(\d+ bevindingen\)", r"Governance check \(\d+ findings"),),
    ),
    "privacy-admin": Page(
        "admin",
        f"/beheer/privacy?key={PROFESSIONAL_KEY}",
        (
            ("Persoonsgegevens van een professional", "Personal data of a professional"),
            ("Verwijderen (recht op vergetelheid)", "Erase (right to be forgotten)"),
            ("Alles als JSON-bestand", "Everything as a JSON file"),
            ("Uw gegevens in de gids", "Your data in the directory"),  # the summary (api/privacy_text.py)
            ("Sleutel in jbnet: ", "Key in jbnet: "),
        ),
    ),
    "privacy-own": Page("professional", "/mijn-gegevens/alles", (("(AVG artikel 15)", "(GDPR article 15)"),
                                                                 ("Toegangssleutels", "Access tokens"))),
}


@pytest.mark.parametrize("name", PAGES)
def test_page_speaks_dutch_and_english_on_lang_en(web_server: WebServer, name: str) -> None:
    page = PAGES[name]
    nl, en = _both(web_server, page.role, page.path if isinstance(page.path, str) else page.path(web_server))
    for dutch, english in page.pairs:
        assert dutch in nl, f"Dutch page lacks {dutch!r}"
        assert english in en, f"English page lacks {english!r}"
        assert dutch not in en, f"English page still says {dutch!r}"
    for dutch, english in page.patterns:
        assert re.search(dutch, nl), f"Dutch page lacks /{dutch}/"
        assert re.search(english, en), f"English page lacks /{english}/"


_TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "web" / "templates"
_BRAND = {"jbnet"}  # the product's name is the same in every language
_SHOWN_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')


def test_page_templates_say_nothing_outside_the_catalogue() -> None:
    """Every word a page template shows (text, and the attributes a reader or screen reader gets) comes from
    ``_()``: without comments, tags, expressions and <code> (commands, not language) nothing is left."""
    templates = sorted(_TEMPLATES.glob("*.j2"))
    assert len(templates) > 30
    for f in templates:
        source = re.sub(r"\{#.*?#\}", " ", f.read_text(encoding="utf-8"), flags=re.S)
        shown = " ".join(_SHOWN_ATTRIBUTES.findall(source))
        text = re.sub(
            r"\{%.*?%\}|\{\{.*?\}\}|<code>.*?</code>|<(script|style)\b.*?</\1>|<[^>]*>|&[a-z]+;",
            " ",
            source + " " + shown,
            flags=re.S,
        )
        words = [
            w for w in re.findall(r"[A-Za-zÀ-ÿ]{2,}", re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text)) if w not in _BRAND
        ]
        assert not words, f"{f.name}: literal text outside the catalogue: {words}"


def test_field_problems_and_property_names_follow_the_page_language(web_server: WebServer) -> None:
    """format's tables (PERSON_PROBLEM_TEXTS, PROPERTY_NAMES) are catalogue codes: Dutch by default, English too."""
    form = {"name": "Piet Fout", "email": "geen-adres", "phone": "bel mij", "organisatie_zoek": "Lokaal Team"}
    texts = {}
    with web_server.client("coordinator") as c:
        for suffix in ("", "?lang=en"):
            csrf = csrf_from(c.get("/mensen/nieuw").text)
            r = c.post(f"/mensen/nieuw{suffix}", data={"csrf": csrf, **form})
            assert r.status_code == 422
            texts[suffix] = _text(r.text)
    assert "‘geen-adres’ is geen geldig e-mailadres." in texts[""] and "‘bel mij’ is geen telefoonnummer" in texts[""]
    assert "‘geen-adres’ is not a valid e-mail address." in texts["?lang=en"]
    assert "‘bel mij’ is not a phone number" in texts["?lang=en"]
    nl, en = _both(web_server, "admin", "/beheer/audit")
    assert "sleutel-id:" in nl and "key id:" in en and "sleutel-id:" not in en


def test_htmx_fragments_follow_the_language_of_their_page(web_server: WebServer) -> None:
    """A picker's hits asked by htmx from an English page (no ?lang on the fragment's own address) are English."""
    path = "/kiezer/persoon?veld=naar&naar_zoek=Xqzzy"
    with web_server.client("coordinator") as client:
        english = client.get(
            path, headers={"HX-Request": "true", "HX-Current-URL": f"{web_server.base_url}/mensen?lang=en"}
        )
        dutch = client.get(path, headers={"HX-Request": "true", "HX-Current-URL": f"{web_server.base_url}/mensen"})
    assert "No results for ‘Xqzzy’." in _text(english.text)
    assert "Geen treffers voor ‘Xqzzy’." in _text(dutch.text)
