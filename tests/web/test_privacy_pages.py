"""Privacy pages over HTTP: the professional's own "Alles wat jbnet over mij weet", the admin's page."""

from __future__ import annotations

import json

from tests.web.conftest import PROFESSIONAL_KEY, WebServer


def test_professional_sees_everything_about_themself(web_server: WebServer) -> None:
    name = str((web_server.service.projection.node(PROFESSIONAL_KEY) or {})["name"])
    with web_server.client("professional") as c:
        assert "/mijn-gegevens/alles" in c.get("/mijn-gegevens").text
        page = c.get("/mijn-gegevens/alles")
        assert page.status_code == 200 and "Alles wat jbnet over mij weet" in page.text and name in page.text
        assert "Wijzigingslog" in page.text
        download = c.get("/mijn-gegevens/alles.json")
        assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
        assert json.loads(download.text)["professional"]["key"] == PROFESSIONAL_KEY


def test_only_admins_see_someone_elses_data(web_server: WebServer) -> None:
    other = "prof-demo-0083"
    name = str((web_server.service.projection.node(other) or {})["name"])
    with web_server.client("coordinator") as c:
        assert c.get(f"/beheer/privacy?key={other}").status_code == 403
        assert c.get(f"/beheer/privacy/{other}.json").status_code == 403
    with web_server.client("admin") as c:
        assert c.get("/beheer/privacy").status_code == 200
        page = c.get(f"/beheer/privacy?key={other}")
        assert page.status_code == 200 and name in page.text
        assert json.loads(c.get(f"/beheer/privacy/{other}.json").text)["professional"]["name"] == name
        assert c.get("/beheer/privacy?key=prof-bestaat-niet").status_code == 404


def test_admin_erases_a_professional(web_server: WebServer) -> None:
    from tests.web.conftest import csrf_from

    victim = "prof-demo-0190"
    store = web_server.service.store
    name = str((web_server.service.projection.node(victim) or {})["name"])
    with web_server.client("coordinator") as c:
        page = c.get("/zoeken").text
        r = c.post(f"/beheer/privacy/{victim}/verwijderen", data={"csrf": csrf_from(page), "reden": "vertrokken",
                                                                    "bevestig": "ja"})
        assert r.status_code == 403
    with web_server.client("admin") as c:
        page = c.get(f"/beheer/privacy?key={victim}").text
        assert "Definitief verwijderen" in page
        unconfirmed = c.post(f"/beheer/privacy/{victim}/verwijderen", data={"csrf": csrf_from(page),
                                                                             "reden": "vertrokken"})
        assert unconfirmed.status_code == 400 and store.get_node(victim) is not None
        r = c.post(f"/beheer/privacy/{victim}/verwijderen", data={"csrf": csrf_from(page),
                                                                   "reden": "vertrokken, verzoek betrokkene",
                                                                   "bevestig": "ja"})
        assert r.status_code == 200 and "Verwijderd" in r.text and "erased-" in r.text
    assert store.get_node(victim) is None and web_server.service.projection.node(victim) is None
    assert all(name not in str(e.as_dict()) for e in store.changes_since(0, 1_000_000))
