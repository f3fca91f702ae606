"""Pages' forms: a report or correction carrying a child identifier gets a Dutch refusal, nothing is written."""

from __future__ import annotations

import pytest

from tests.web.conftest import PROFESSIONAL_KEY, WebServer, csrf_from


@pytest.mark.parametrize("remark,words", [
    ("Moeder van kind met bsn 1112.22.333 belde", "BSN"),
    ("Het kind, geboren 12-03-2015, is verhuisd", "geboortedatum"),
    ("Gezin woont nu op Kerkstraat 12 in Ede", "woonadres"),
])
def test_report_form_refuses_child_data(web_server: WebServer, remark: str, words: str) -> None:
    store = web_server.service.store
    with web_server.client("professional") as c:
        page = c.get("/gemeente/GM0228").text
        seq = store.last_seq()
        r = c.post("/melding", data={"csrf": csrf_from(page), "key": "prof-demo-0384", "opmerking": remark,
                                     "terug": "/"})
        assert r.status_code == 400
        assert "geweigerd" in r.text and words in r.text
        assert store.last_seq() == seq


def test_own_correction_form_refuses_child_data(web_server: WebServer) -> None:
    store = web_server.service.store
    with web_server.client("professional") as c:
        page = c.get("/mijn-gegevens").text
        seq = store.last_seq()
        r = c.post("/mijn-gegevens/correctie", data={"csrf": csrf_from(page), "key": PROFESSIONAL_KEY,
                                                     "opmerking": "postadres 6811 AB 12 voor het pleegkind"})
        assert r.status_code == 400 and "woonadres" in r.text
        assert store.last_seq() == seq
