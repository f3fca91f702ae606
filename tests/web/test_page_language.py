"""The pages speak the catalogue: Dutch by default with no English UI or domain wording, English on ?lang=en."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import WebServer
from tests.web.every_page import FRAGMENT_SAMPLES, FRAGMENTS, ROLES, samples

CASE = "JB-2JW9-C3SV"  # a demo case (loaders/demo.py)

# Words of the domain's and the UI's former English that a Dutch page must never show.
_ENGLISH = ("covers", "directly", "working day", "not counted", "weeks after", "Sign out", "Signed in as",
            "Search", "Case ", "Step", "Who", "Due", "overdue", "the zorgaanbieder", "the jeugdbeschermer",
            "the RET", "via the", "position vacant", "is not a", "did you mean", "nobody", "contact(s)",
            "Unexpected error")


def _text(html: str) -> str:
    """What a reader sees: the page without scripts, styles and tags."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _english_words(text: str) -> list[str]:
    return [w for w in _ENGLISH if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![a-z])", text)]


@pytest.mark.parametrize("path", ["/", f"/casus/{CASE}", "/gemeente/GM0228", "/zoeken?q=Ede", "/gemeente/GM9999",
                                  "/bijeenkomsten"])
def test_dutch_pages_show_no_english(web_server: WebServer, path: str) -> None:
    with web_server.client("coordinator") as client:
        r = client.get(path)
    assert r.status_code in (200, 404), r.text[:500]
    text = _text(r.text)
    assert not _english_words(text), f"{path}: English on a Dutch page: {_english_words(text)}"
    assert '<html lang="nl">' in r.text


def test_the_case_page_in_english_is_the_second_locale(web_server: WebServer) -> None:
    with web_server.client("professional") as client:
        dutch = _text(client.get(f"/casus/{CASE}").text)
        r = client.get(f"/casus/{CASE}?lang=en")
    assert r.status_code == 200 and '<html lang="en">' in r.text
    english = _text(r.text)
    for words in ("Case JB-2JW9-C3SV", "Referral route", "Step", "Reaches whom", "Working days: weekends and public "
                  "holidays do not count.", "Sign out", "Signed in as", "working day"):
        assert words in english, words
    assert "Aanmeldroute" in dutch and "Aanmeldroute" not in english
    assert "werkdagen na" in dutch and "werkdagen na" not in english  # the domain's messages follow the language
    assert re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]+ 20\d\d\b", english)  # CLDR dates in English


def test_start_error_and_gemeente_pages_render_from_the_catalogue_in_both_languages(web_server: WebServer) -> None:
    """The start page, the gemeente picker and the HTML error page take their texts from the catalogue."""
    with web_server.client("professional") as client:
        pages = {lang: {path: _text(client.get(path + suffix, headers={"Accept": "text/html"}).text)
                        for path in ("/", "/gemeente", "/bestaat-niet", "/casus")}
                 for lang, suffix in (("nl", ""), ("en", "?lang=en"))}
    assert "Wie bel ik?" in pages["nl"]["/"] and "Whom do I call?" in pages["en"]["/"]
    assert "Wie bel ik in een gemeente?" in pages["nl"]["/gemeente"]
    assert "Whom do I call in a gemeente?" in pages["en"]["/gemeente"]
    missing = pages["nl"]["/bestaat-niet"]
    assert "Niet gevonden" in missing and "Terug naar de startpagina" in missing
    assert "Not found" in pages["en"]["/bestaat-niet"] and "Back to the start page" in pages["en"]["/bestaat-niet"]
    assert "Niet gevonden" not in pages["en"]["/bestaat-niet"]
    nl_case, en_case = pages["nl"]["/casus"], pages["en"]["/casus"]
    assert "Casus: wie moet wie wanneer bereiken?" in nl_case and "Toon termijnen" in nl_case
    assert "Case: who must reach whom, and when?" in en_case and "Show deadlines" in en_case


# Interface words a Dutch page must never show, in any case, as whole words ("Exporteer", "Legenda" are fine).
_ENGLISH_UI = ("Legend", "Export", "Network", "Submit", "Save", "Cancel", "Not found", "results", "Search", "Error",
               "Loading", "Close", "Download", "Sign in", "Log in", "Back", "Next", "Previous", "Filter by", "Show",
               "Hide", "Delete", "Edit", "Send", "Confirm", "Required", "Invalid", "Unknown", "None", "Yes", "No ",
               "reason", "operation")
_SEEN_ATTRIBUTES = re.compile(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"')


def _english_ui_words(html: str) -> list[str]:
    """The English interface words in what a reader sees or hears: the text and the labelling attributes.

    Not <code>: commands (``jbnet audit export``), operation codes and the audit trail's recorded values are
    shown verbatim on purpose."""
    html = re.sub(r"<code\b.*?</code>", " ", html, flags=re.S)
    seen = _text(html) + " " + " ".join(_SEEN_ATTRIBUTES.findall(html))
    return [w for w in _ENGLISH_UI if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", seen, re.I)]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "signed_out")
def test_no_english_on_any_page(web_server: WebServer, role: str | None) -> None:
    """Every page of the app (tests/web/every_page.py), as each role: no English interface word."""
    found: dict[str, list[str]] = {}
    with web_server.client(role) as client:
        for paths in samples(web_server).values():
            for path in paths:
                r = client.get(path, headers={"Accept": "text/html"}, follow_redirects=True)
                assert r.headers["content-type"].startswith("text/html"), (path, r.status_code, r.text[:200])
                assert re.search(r'<html lang="nl"', r.text), f"{path}: not marked Dutch"
                if words := _english_ui_words(r.text):
                    found[f"{path} ({r.status_code})"] = words
    assert not found, f"{role or 'signed out'}: English on Dutch pages: {found}"


def test_no_english_in_the_htmx_fragments(web_server: WebServer) -> None:
    """The pieces htmx loads into a page (picker hits, folded contact lines): no English interface word either."""
    assert set(FRAGMENT_SAMPLES) == FRAGMENTS
    found: dict[str, list[str]] = {}
    with web_server.client("coordinator") as client:
        for path in [p for paths in FRAGMENT_SAMPLES.values() for p in paths]:
            r = client.get(path, headers={"HX-Request": "true"})
            assert r.status_code == 200 and r.text.strip(), (path, r.status_code)
            if words := _english_ui_words(r.text):
                found[path] = words
    assert not found, f"English in fragments: {found}"


def test_why_this_person_follows_the_page_language(web_server: WebServer) -> None:
    """The "why this person" line under each contact (the domain's reason) is worded in the page's language, on
    the gemeente page, in the folded lines htmx loads into it and on a case page; Dutch stays Dutch."""
    with web_server.client("professional") as client:
        dutch = _text(client.get("/gemeente/GM0228").text)
        english = _text(client.get("/gemeente/GM0228?lang=en").text)
        fold = _text(client.get("/gemeente/GM0228/contacten?soort=gi&deel=org-jbg",
                                headers={"HX-Request": "true",
                                         "HX-Current-URL": f"{web_server.base_url}/gemeente/GM0228?lang=en"}).text)
        case = _text(client.get(f"/casus/{CASE}?lang=en").text)
    reason = re.compile(r"\bWorks (?:directly )?for [A-Z]")  # the case is in another gemeente
    assert re.search(r"\bWerkt (?:rechtstreeks )?voor Ede\b", dutch) and not reason.search(dutch)
    for name, text in (("gemeente page", english), ("folded lines", fold), ("case page", case)):
        assert reason.search(text), f"{name}: no English reason"
        assert "Werkt " not in text, f"{name}: a Dutch reason on an English page"
