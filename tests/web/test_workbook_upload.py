"""Workbook upload on the Regio page: coordinators check, admins check and import (over HTTP, real app)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.web.conftest import WebServer, csrf_from


def _workbook(path: Path, rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "professionals"
    sheet.append(["sleutel", "naam", "functie", "email"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _upload(web_server: WebServer, role: str, jz: str, path: Path) -> tuple[int, str]:
    with web_server.client(role) as c:
        page = c.get(f"/regio/{jz}").text
        with path.open("rb") as f:
            r = c.post(f"/regio/{jz}/werkmap", data={"csrf": csrf_from(page)},
                       files={"bestand": (path.name, f, "application/octet-stream")})
        return r.status_code, r.text


def test_coordinator_checks_a_workbook_without_writing(web_server: WebServer, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "goed.xlsx", [["prof-web-upload-1", "Test Uploader", "Tester", "t@example.org"]])
    before = web_server.service.store.last_seq()
    status, text = _upload(web_server, "coordinator", "JZ21", path)
    assert status == 200 and "geen fouten gevonden" in text
    assert web_server.service.store.last_seq() == before
    assert web_server.service.projection.node("prof-web-upload-1") is None


def test_admin_imports_a_workbook_and_a_bad_row_blocks_everything(web_server: WebServer, tmp_path: Path) -> None:
    bad = _workbook(tmp_path / "fout.xlsx", [["prof-web-upload-2", "Goede Rij", "", ""],
                                             ["prof-web-upload-3", "Foute Rij", "", "geen-adres"]])
    status, text = _upload(web_server, "admin", "JZ21", bad)
    assert status == 422 and "er is niets opgeslagen" in text
    table = text[text.index('id="werkmap-fouten"'):text.index("</table>", text.index('id="werkmap-fouten"'))]
    assert '<td class="utrecht-table__cell">3</td>' in table and "email" in table  # the bad row, by number
    assert web_server.service.projection.node("prof-web-upload-2") is None
    good = _workbook(tmp_path / "goed.xlsx", [["prof-web-upload-4", "Nieuwe Collega", "Tester", "n@example.org"]])
    status, text = _upload(web_server, "admin", "JZ21", good)
    assert status == 200 and "is ingelezen" in text
    assert web_server.service.projection.node("prof-web-upload-4")["name"] == "Nieuwe Collega"


def test_upload_needs_region_rights(web_server: WebServer, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "x.xlsx", [["prof-web-upload-5", "X", "", ""]])
    with web_server.client("other_coordinator") as c:
        page = c.get("/regio/JZ28").text
        with path.open("rb") as f:
            r = c.post("/regio/JZ21/werkmap", data={"csrf": csrf_from(page)}, files={"bestand": ("x.xlsx", f)})
        assert r.status_code == 403
