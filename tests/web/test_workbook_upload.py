"""Workbook upload on the Regio page over HTTP (real app, real SQLite): check -> preview -> confirm -> one transaction.

The coordinator token keeps JZ21 (Food Valley: LT Barneveld, LT Ede); LT Arnhem is in JZ28.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
import openpyxl

from graph.schema import RelType
from tests.support import writes_since
from tests.web.conftest import COORDINATOR_SCOPE, WebServer, csrf_from

PROFESSIONALS = ["sleutel", "naam", "functie", "email", "telefoon", "organisatie"]


def _workbook(path: Path, rows: list[list[str]], bezetting: list[list[str]] | None = None,
              extra: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "professionals"
    sheet.append([*PROFESSIONALS, *extra])
    for row in rows:
        sheet.append(row)
    if bezetting:
        holds = book.create_sheet("bezetting")
        holds.append(["positie", "professional", "prioriteit", "rang", "geldig_van", "geldig_tot"])
        for row in bezetting:
            holds.append(row)
    book.save(path)
    return path


def _upload(c: httpx.Client, jz: str, path: Path, lang: str = "") -> httpx.Response:
    page = c.get(f"/regio/{jz}").text
    with path.open("rb") as f:
        return c.post(f"/regio/{jz}/werkmap" + (f"?lang={lang}" if lang else ""), data={"csrf": csrf_from(page)},
                      files={"bestand": (path.name, f, "application/octet-stream")})


def _ticket(html: str) -> str:
    found = re.search(r'name="werkmap" value="([^"]+)"', html)
    assert found, "no confirm form on the preview"
    return found.group(1)


def _confirm(c: httpx.Client, jz: str, ticket: str) -> httpx.Response:
    return c.post(f"/regio/{jz}/werkmap/bevestig", data={"csrf": csrf_from(c.get(f"/regio/{jz}").text),
                                                        "werkmap": ticket})


def test_coordinator_previews_then_confirms_in_one_transaction(web_server: WebServer, tmp_path: Path) -> None:
    svc = web_server.service
    p = svc.projection
    position = next(pos for pos, _ in p.out_edges("prof-demo-0078", RelType.HOLDS))
    holds = next(e for e in svc.store.edges(RelType.HOLDS) if e.src == "prof-demo-0078" and e.dst == position)
    path = _workbook(tmp_path / "barneveld.xlsx", [
        ["prof-web-plan-1", "Iris Werkmap", "Jeugdprofessional", "iris.werkmap@lt-barneveld.example", "",
         "org-lt-barneveld"],
        ["prof-demo-0077", p.node("prof-demo-0077")["name"], "", "", "0342 555 000", "org-lt-barneveld"],
    ], bezetting=[[position, "prof-demo-0078", holds.props.get("priority", "primary"), str(holds.props.get("rank", 1)),
                   holds.valid_from or "", "2026-06-30"]])
    before = svc.store.last_seq()
    with web_server.client("coordinator") as c:
        r = _upload(c, "JZ21", path)
        assert r.status_code == 200, r.text[-3000:]
        preview = r.text[r.text.index('id="werkmap-voorvertoning"'):]
        # new: the person and where she works; changed: a phone, and a works-at now without a start date
        assert "blad professionals: 2 nieuw, 2 gewijzigd, 0 beëindigd" in preview
        assert "Iris Werkmap" in preview and "telefoon" in preview and "geldig van" in preview
        assert "blad bezetting: 0 nieuw, 0 gewijzigd, 1 beëindigd" in preview
        assert not writes_since(svc.store, before) and p.node("prof-web-plan-1") is None  # nothing written yet
        ticket = _ticket(r.text)
        r = _confirm(c, "JZ21", ticket)
        assert r.status_code == 303
        page = c.get(r.headers["location"]).text
        assert "barneveld.xlsx is toegepast: 2 nieuw, 2 gewijzigd, 1 beëindigd" in page
        r = _confirm(c, "JZ21", ticket)  # the same preview cannot be applied twice
        assert r.status_code == 410 and "al toegepast of verlopen" in r.text
    assert p.node("prof-web-plan-1")["name"] == "Iris Werkmap"
    assert p.node("prof-demo-0077")["phone"] == "0342 555 000"
    assert svc.store.get_edge(holds.key).valid_to == "2026-06-30"
    entries = writes_since(svc.store, before)  # (the sign-in is in the audit trail too)
    # exactly what the preview said: five changes, one transaction, by the coordinator
    assert {e.actor.partition(" [")[0] for e in entries} == {"coordinator:Coördinator Food Valley"}
    assert len(entries) == 5
    assert len({e.ts for e in entries}) == 1
def test_rows_outside_the_region_are_refused_and_named(web_server: WebServer, tmp_path: Path) -> None:
    before = web_server.service.store.last_seq()
    path = _workbook(tmp_path / "gemengd.xlsx", [
        ["prof-web-plan-4", "Goed Binnen", "", "goed@lt-barneveld.example", "", "org-lt-barneveld"],
        ["prof-web-plan-5", "Ver Weg", "", "ver@lt-arnhem.example", "", "org-lt-arnhem"],
        ["prof-web-plan-6", "Nergens", "", "nergens@example.org", "", ""],
    ])
    with web_server.client("coordinator") as c:
        r = _upload(c, "JZ21", path)
    assert r.status_code == 422 and "2 rij(en) vallen buiten uw regio; er is niets opgeslagen" in r.text
    start = r.text.index('id="werkmap-geweigerd"')
    table = r.text[start:r.text.index("</table>", start)]
    assert "Lokaal Team Arnhem hoort bij het contactbeheer van JZ28" in table and ">3<" in table
    assert "Nergens is aan geen regio van u gekoppeld" in table and ">4<" in table
    assert "Goed Binnen" not in table and 'name="werkmap"' not in r.text
    assert not writes_since(web_server.service.store, before)
    assert web_server.service.projection.node("prof-web-plan-4") is None


def test_a_workbook_with_errors_applies_nothing_and_names_every_row(web_server: WebServer, tmp_path: Path) -> None:
    before = web_server.service.store.last_seq()
    bad = _workbook(tmp_path / "fout.xlsx", [
        ["prof-web-plan-7", "Goede Rij", "", "goed@lt-barneveld.example", "", "org-lt-barneveld"],
        ["prof-web-plan-8", "Foute Rij", "", "geen-adres", "", "org-lt-barneveld"],
        ["prof-web-plan-9", "Ook Fout", "", "", "", "org-bestaat-niet"],
    ])
    with web_server.client("coordinator") as c:
        r = _upload(c, "JZ21", bad)
    assert r.status_code == 422 and "2 fout(en) gevonden; er is niets opgeslagen" in r.text
    table = r.text[r.text.index('id="werkmap-fouten"'):r.text.index("</table>", r.text.index('id="werkmap-fouten"'))]
    assert '<td class="utrecht-table__cell">3</td>' in table and "email" in table
    assert '<td class="utrecht-table__cell">4</td>' in table and "organisatie" in table
    # the cross-row check's reason in the page's language: Dutch by default, English when asked
    assert "'org-bestaat-niet' is geen bekende sleutel van een organisatie" in html.unescape(table)
    assert "not a known" not in html.unescape(r.text)
    assert 'name="werkmap"' not in r.text
    with web_server.client("coordinator") as c:
        en = html.unescape(_upload(c, "JZ21", bad, lang="en").text)
    assert "'org-bestaat-niet' is not a known organisation key (not in this workbook, not in the store)" in en
    assert "geen bekende sleutel" not in en
    assert not writes_since(web_server.service.store, before)
    assert web_server.service.projection.node("prof-web-plan-7") is None


def test_a_forged_or_foreign_confirm_is_refused(web_server: WebServer, tmp_path: Path) -> None:
    before = web_server.service.store.last_seq()
    path = _workbook(tmp_path / "x.xlsx", [["prof-web-plan-10", "Vals Bevestigd", "", "vals@lt-barneveld.example", "",
                                            "org-lt-barneveld"]])
    with web_server.client("coordinator") as c:
        ticket = _ticket(_upload(c, "JZ21", path).text)
        r = _confirm(c, "JZ21", ticket[:-3] + "abc")
        assert r.status_code == 400 and "verlopen of ongeldig" in r.text
    with web_server.client("admin") as c:  # another user's preview
        r = _confirm(c, "JZ21", ticket)
        assert r.status_code == 403
    assert not writes_since(web_server.service.store, before)


def test_upload_needs_region_rights(web_server: WebServer, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "x.xlsx", [["prof-web-upload-5", "X", "", "", "", ""]])
    with web_server.client("other_coordinator") as c:
        page = c.get("/regio/JZ28").text
        with path.open("rb") as f:
            r = c.post("/regio/JZ21/werkmap", data={"csrf": csrf_from(page)}, files={"bestand": ("x.xlsx", f)})
        assert r.status_code == 403


def test_a_file_that_is_no_workbook_gets_a_dutch_answer(web_server: WebServer, tmp_path: Path) -> None:
    """Issue #13, problem 6: a text file named .xlsx showed "cannot read: … File is not a zip file"."""
    fake = tmp_path / "lijst.xlsx"
    fake.write_text("naam;telefoon\nPiet;06-1\n", encoding="utf-8")
    with web_server.client("coordinator") as c:
        r = _upload(c, COORDINATOR_SCOPE, fake)
    text = re.sub(r"<[^>]+>", " ", r.text)
    assert r.status_code in (400, 422) and "lijst.xlsx" in text
    for english in ("cannot read", "zip file", "File is not", "Traceback"):
        assert english not in text, f"English back-end text on the page: {english!r}"


def test_the_preview_shows_the_imports_warnings_in_the_page_language(web_server: WebServer, tmp_path: Path) -> None:
    """An unknown column is left out with a warning: the coordinator reads it before confirming (#15)."""
    path = _workbook(tmp_path / "kleur.xlsx", [["prof-web-plan-11", "Kleur Rij", "", "", "", "org-lt-barneveld",
                                                "rood"]], extra=("kleur",))
    before = web_server.service.store.last_seq()
    with web_server.client("coordinator") as c:
        nl = _upload(c, "JZ21", path)
        en = _upload(c, "JZ21", path, lang="en")
    assert nl.status_code == en.status_code == 200, nl.text[-2000:]
    warned = nl.text[nl.text.index('id="werkmap-waarschuwingen"'):]
    assert "blad professionals: kolom kleur is onbekend en niet geïmporteerd" in warned[:warned.index("</div>")]
    assert "sheet professionals: column kleur is unknown and not imported" in en.text
    assert 'name="werkmap"' in nl.text  # a warning does not stop the confirm
    assert not writes_since(web_server.service.store, before)
