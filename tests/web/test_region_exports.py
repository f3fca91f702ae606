"""Issue #13, problem 3: the contact list export existed only behind the API's bearer token and no page linked
it. The Regio page links it (CSV and XLSX) for the coordinator who keeps the region; others are refused."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph.queries.exports import DIRECTORY_COLUMNS
from tests.support import writes_since
from tests.web.conftest import COORDINATOR_SCOPE, BrowserSession, WebServer


def test_regio_page_links_the_contact_list_and_it_downloads(web_server: WebServer) -> None:
    svc = web_server.service
    with web_server.client("coordinator") as c:
        page = c.get(f"/regio/{COORDINATOR_SCOPE}").text
        for fmt in ("csv", "xlsx"):
            assert f'href="/regio/{COORDINATOR_SCOPE}/contactlijst.{fmt}"' in page
        since = svc.store.last_seq()
        r = c.get(f"/regio/{COORDINATOR_SCOPE}/contactlijst.csv")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert "attachment" in r.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))  # Dutch Excel
        # Dutch headings, one per column (the rows are keyed by column codes; the page words them)
        assert len(rows[0]) == len(DIRECTORY_COLUMNS) and len(rows) > 5
        assert rows[0][0] == "Gemeente" and {"Soort organisatie", "Organisatie", "Naam"} <= set(rows[0])
        assert "Ede" in {row[0] for row in rows[1:]}
        audited = [e for e in svc.store.changes_since(since) if e.op == "audit.export"]
        assert [e.key for e in audited] == [COORDINATOR_SCOPE], "the export is not in the audit trail"
        assert writes_since(svc.store, since) == []  # an export writes nothing else
        xlsx = c.get(f"/regio/{COORDINATOR_SCOPE}/contactlijst.xlsx")
        assert xlsx.status_code == 200
        book = load_workbook(io.BytesIO(xlsx.content))
        assert len(book.worksheets) == 2
        assert c.get(f"/regio/{COORDINATOR_SCOPE}/contactlijst.pdf", headers={"Accept": "text/html"}).status_code == 404


def test_the_contact_list_of_another_region_is_refused(web_server: WebServer) -> None:
    with web_server.client("other_coordinator") as c:
        r = c.get(f"/regio/{COORDINATOR_SCOPE}/contactlijst.csv", headers={"Accept": "text/html"})
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    with web_server.client("professional") as c:
        assert c.get(f"/regio/{COORDINATOR_SCOPE}/contactlijst.xlsx").status_code == 403


@pytest.mark.browser
def test_coordinator_downloads_the_contact_list_from_the_regio_page(
        signed_in: Callable[[str], BrowserSession]) -> None:
    s = signed_in("coordinator")
    s.goto(f"/regio/{COORDINATOR_SCOPE}")
    with s.page.expect_download() as download:
        s.page.get_by_role("link", name="Contactlijst als Excel-bestand (per gemeente en per organisatie)").click()
    assert download.value.suggested_filename == f"contactenlijst-{COORDINATOR_SCOPE}.xlsx"
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert [ws.title for ws in book.worksheets] == ["Per gemeente", "Per organisatie"]
    s.check("regio-contactlijst")
