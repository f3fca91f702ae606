"""Update requests end to end: a stale contact gets a real mail (loopback SMTP), opens the link over real HTTP,
corrects the phone number, and the counterparts GraphQL answer shows it, verified today by that person.
Plus the bad input: forged, expired and reused links, a typo, SMTP down, a refused address."""

from __future__ import annotations

import datetime as dt
import html
import re
import time

import pytest

from api.links import make_link
from api.mail.rounds import send_update_requests
from graph.queries.update_requests import due_requests, mail_log, region_status, self_actor
from graph.schema import Label, Node
from graph.store.base import ChangeBatch
from tests.mail.conftest import MailApp, csrf_from, signed_in
from tests.mail_server import html_of, links_in, text_of

COUNTERPARTS = """query($gm: String!) { counterparts(gemeente: $gm, organisationType: VEILIG_THUIS) {
  contacts { priority lastVerified verifiedBy stale position { key }
             professional { key name phone email emailUnreachable } } } }"""
def today() -> str:
    """Today as the app sees it now (not at import: a run may pass midnight)."""
    return dt.date.today().isoformat()


def _primary(app: MailApp) -> dict:
    contacts = app.gql(COUNTERPARTS, {"gm": "GM0228"})["counterparts"]["contacts"]
    return next(c for c in contacts if c["priority"] == "PRIMARY" and c["professional"])


def _make_stale(app: MailApp, contact: dict) -> None:
    old = {"last_verified": "2024-01-15"}
    app.service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=contact["professional"]["key"], props=old),
                                         Node(label=Label.POSITION, key=contact["position"]["key"], props=old)]),
                      "test")


def _round(app: MailApp, **kw: object):  # type: ignore[no-untyped-def]
    return send_update_requests(app.service, region="JZ21", mailer=app.mailer, **kw)  # type: ignore[arg-type]


def _mail_about(app: MailApp, address: str, name: str):  # type: ignore[no-untyped-def]
    """The first mail to ``address`` whose subject names ``name`` (waiting up to 10 s for it)."""
    deadline = time.monotonic() + 10
    while not (found := [m for m in app.smtp.to(address) if name in m["Subject"]]):
        subjects = [m["Subject"] for m in app.smtp.to(address)]
        assert time.monotonic() < deadline, f"no mail about {name} to {address}: {subjects}"
        time.sleep(0.02)
    return found[0]


def _mail_to(app: MailApp, address: str, count: int = 1):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 10
    while len(app.smtp.to(address)) < count:
        assert time.monotonic() < deadline, f"no mail to {address}: {[m.rcpt_tos for m in app.smtp.messages]}"
        time.sleep(0.02)
    return app.smtp.to(address)[count - 1]


def _link(app: MailApp, mail) -> str:  # type: ignore[no-untyped-def]
    links = [u for u in links_in(mail) if "/bijwerken/" in u]
    assert len(links) == 1, links
    assert links[0].startswith(app.base_url + "/bijwerken/")
    return links[0].removeprefix(app.base_url)


def test_stale_contact_corrects_phone_through_the_mailed_link(mail_app: MailApp) -> None:
    app = mail_app
    contact = _primary(app)
    who = contact["professional"]
    _make_stale(app, contact)
    assert _primary(app)["stale"] is True

    report = _round(app)
    assert report.complete and report.count("sent") >= 1
    mail = _mail_to(app, who["email"])
    assert len(app.smtp.to(who["email"])) == 1  # one mail per person per round
    text = text_of(mail)
    assert "Kloppen uw contactgegevens nog?" in mail["Subject"] and "Food Valley" in mail["Subject"]
    assert who["name"] in text and (who["phone"] or "-") in text and "Doel (AVG)" in text
    assert "Verstuurd namens" in html_of(mail)
    path = _link(app, mail)

    page = app.client.get(path)
    assert page.status_code == 200 and who["name"] in page.text
    assert "Klopt" in page.text and "Ik werk hier niet meer" in page.text

    # a typo is refused in Dutch and does not spend the link
    bad = app.client.post(path + "/wijzigen", data={"telefoon": "bel mij", "email": who["email"], "functie": ""})
    assert bad.status_code == 422 and "is geen telefoonnummer" in bad.text
    assert _primary(app)["professional"]["phone"] == who["phone"]

    done = app.client.post(path + "/wijzigen", data={"telefoon": "0318 123 456", "email": who["email"],
                                                       "functie": "Aandachtsfunctionaris"})
    assert done.status_code == 200
    thanks = re.search(r"Bedankt: ([^<]*) gewijzigd en bevestigd\.", html.unescape(done.text))
    assert thanks is not None, done.text  # the changed fields named, in Dutch, e-mail (unchanged) not among them
    assert "telefoon" in thanks[1].lower() and "functie" in thanks[1].lower() and "mail" not in thanks[1].lower()

    after = _primary(app)  # over GraphQL, through the running app
    assert after["professional"]["key"] == who["key"]
    assert after["professional"]["phone"] == "0318 123 456"
    assert after["lastVerified"] == today()
    assert after["verifiedBy"] == self_actor(who["key"]) and after["stale"] is False
    assert [r.data["answer"] for r in mail_log(app.service, who["key"]) if r.op == "update.answer"] == ["changed"]
    status = {s.professional: s for s in region_status(app.service, "JZ21")}
    assert status[who["key"]].status == "changed"

    # the link is single use: again -> Dutch message with a new link on offer, which arrives by mail
    again = app.client.post(path + "/klopt")
    assert again.status_code == 410 and "al gebruikt" in again.text and "nieuwe link" in again.text
    reopened = app.client.get(path)
    assert reopened.status_code == 410 and "al gebruikt" in reopened.text
    renew = app.client.post(path + "/nieuwe-link")
    assert renew.status_code == 200 and "nieuwe link gestuurd" in renew.text
    fresh = _link(app, _mail_to(app, who["email"], 2))
    assert fresh != path and app.client.get(fresh).status_code == 200

    # answered and fresh: the next round does not ask again
    assert who["key"] not in {r.professional for r in due_requests(app.service, region="JZ21")}


def test_klopt_confirms_every_entry_by_the_person(mail_app: MailApp) -> None:
    app = mail_app
    contact = _primary(app)
    _make_stale(app, contact)
    _round(app)
    path = _link(app, _mail_to(app, contact["professional"]["email"]))
    assert app.client.post(path + "/klopt").status_code == 200
    after = _primary(app)
    assert (after["lastVerified"], after["verifiedBy"], after["stale"]) == (
        today(), self_actor(contact["professional"]["key"]), False)
    assert {s.professional: s.status for s in region_status(app.service, "JZ21")}[
        contact["professional"]["key"]] == "confirmed"


def test_ik_werk_hier_niet_meer_makes_the_positions_vacant_and_tells_the_coordinator(mail_app: MailApp) -> None:
    from api.i18n import render
    from graph.queries.freshness import report_queue
    from graph.queries.turnover import vacancies

    app = mail_app
    contact = _primary(app)
    _make_stale(app, contact)
    _round(app)
    path = _link(app, _mail_to(app, contact["professional"]["email"]))
    r = app.client.post(path + "/vertrokken", data={"opmerking": "Mijn collega Piet neemt het over"})
    assert r.status_code == 200 and "vacant" in r.text
    node = app.service.projection.node(contact["professional"]["key"]) or {}
    assert node.get("active") is False
    assert contact["position"]["key"] in {v.position.key for v in vacancies(app.service.projection, "JZ21")}
    queue = report_queue(app.service, "JZ21")
    # the remark is a code (report.left.self.remark) with the person's own words as its parameter
    assert any(q.subject == contact["professional"]["key"] and "Piet" in render(q.remark) for q in queue)
    # a new link for someone who left: nothing to update, said in Dutch from the message catalogue
    fresh = f"/bijwerken/{make_link('mail-test-secret', 'update_request', contact['professional']['key'])}"
    assert app.client.get(fresh).status_code == 410
    late = app.client.post(fresh + "/klopt")
    assert late.status_code == 400 and "werkt volgens de gids niet meer hier" in late.text


FORGED = "eyJzIjoicHJvZi1kZW1vLTAwMDEiLCJqIjoiMSJ9.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"  # well-formed, not signed by us


@pytest.mark.parametrize("token", ["abc", FORGED])
def test_forged_link_is_refused_without_offering_a_new_one(mail_app: MailApp, token: str) -> None:
    r = mail_app.client.get(f"/bijwerken/{token}")
    assert r.status_code == 400 and "niet geldig" in r.text and "nieuwe-link" not in r.text
    post = mail_app.client.post(f"/bijwerken/{token}/klopt")
    assert post.status_code == 400
    assert mail_app.client.post(f"/bijwerken/{token}/nieuwe-link").status_code == 400
    assert mail_app.smtp.messages == []


def test_expired_link_says_so_and_sends_a_new_one(mail_app: MailApp, monkeypatch: pytest.MonkeyPatch) -> None:
    import itsdangerous.timed

    app = mail_app
    contact = _primary(app)
    key = contact["professional"]["key"]
    real = time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() - 31 * 24 * 3600)
    token = make_link("mail-test-secret", "update_request", key)
    monkeypatch.setattr(itsdangerous.timed.time, "time", real)
    page = app.client.get(f"/bijwerken/{token}")
    assert page.status_code == 410 and "verlopen" in page.text and "30 dagen" in page.text
    assert app.client.post(f"/bijwerken/{token}/klopt").status_code == 410
    assert (app.service.projection.node(key) or {}).get("verified_by") != self_actor(key)  # nothing written
    assert app.client.post(f"/bijwerken/{token}/nieuwe-link").status_code == 200
    mail = _mail_to(app, contact["professional"]["email"])
    assert app.client.get(_link(app, mail)).status_code == 200


def test_smtp_down_records_the_failure_and_the_next_round_retries(mail_app: MailApp) -> None:
    app = mail_app
    contact = _primary(app)
    key, email = contact["professional"]["key"], contact["professional"]["email"]
    _make_stale(app, contact)
    app.smtp.stop()
    report = _round(app)
    assert not report.complete and report.count("temporary") >= 1 and report.count("sent") == 0
    log = mail_log(app.service, key)
    assert [r.op for r in log] == ["mail.failed"] and log[0].data["status"] == "temporary"
    assert "ConnectionRefused" in log[0].data["detail"]
    assert {s.professional: s.status for s in region_status(app.service, "JZ21")}[key] == "failed"
    assert key in {r.professional for r in due_requests(app.service, region="JZ21")}  # still due: nothing sent
    app.smtp.start()
    again = _round(app)
    assert again.complete and _mail_to(app, email)
    assert [r.op for r in mail_log(app.service, key)] == ["mail.failed", "mail.sent"]
    assert {s.professional: s.status for s in region_status(app.service, "JZ21")}[key] == "asked"


def test_refused_address_marks_the_contact_unreachable(mail_app: MailApp) -> None:
    app = mail_app
    contact = _primary(app)
    key, email = contact["professional"]["key"], contact["professional"]["email"]
    _make_stale(app, contact)
    app.smtp.reject[email.lower()] = "550 5.1.1 user unknown"
    report = _round(app)
    assert report.count("permanent") == 1 and app.smtp.to(email) == []
    node = app.service.projection.node(key) or {}
    assert node.get("email_unreachable") == today() and "user unknown" in node.get("email_unreachable_reason", "")
    assert app.service.store.history(key)[-1].after.get("email_unreachable") == today()  # a logged change
    assert {s.professional: s.status for s in region_status(app.service, "JZ21")}[key] == "unreachable"
    assert _primary(app)["professional"]["emailUnreachable"] == today()  # the directory says so too


def test_no_answer_gets_a_reminder_after_14_days_and_dry_run_sends_nothing(mail_app: MailApp) -> None:
    app = mail_app
    contact = _primary(app)
    key, email = contact["professional"]["key"], contact["professional"]["email"]
    _make_stale(app, contact)
    _round(app)
    _mail_to(app, email)
    soon = (dt.date.today() + dt.timedelta(days=13)).isoformat()
    assert key not in {r.professional for r in due_requests(app.service, region="JZ21", today=soon)}
    later = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    dry = _round(app, today=later, dry_run=True)
    assert [(m.professional, m.status) for m in dry.mails if m.professional == key] == [(key, "dry-run")]
    assert len(app.smtp.to(email)) == 1
    reminder = [r for r in due_requests(app.service, region="JZ21", today=later) if r.professional == key]
    assert [r.kind for r in reminder] == ["reminder"]
    _round(app, today=later)
    mail = _mail_to(app, email, 2)
    assert "nog geen antwoord" in text_of(mail)
    assert re.search(r"/bijwerken/", text_of(mail))


def test_coordinator_sees_the_region_status_and_sends_the_round_from_the_page(mail_app: MailApp) -> None:
    app = mail_app
    contact = _primary(app)
    key, email = contact["professional"]["key"], contact["professional"]["email"]
    _make_stale(app, contact)
    boss = signed_in(app, "coordinator", "JZ21")
    page = boss.get("/regio/JZ21/verzoeken")
    assert page.status_code == 200 and f'data-professional="{key}"' in page.text and "nog te vragen" in page.text
    dry = boss.post("/regio/JZ21/verzoeken", data={"csrf": csrf_from(page.text), "proef": "1"})
    assert dry.status_code == 200 and email in dry.text and app.smtp.messages == []
    sent = boss.post("/regio/JZ21/verzoeken", data={"csrf": csrf_from(page.text)})
    assert sent.status_code == 200 and "verstuurd" in sent.text
    _mail_to(app, email)
    row = sent.text[sent.text.index(f'data-professional="{key}"'):]
    assert "gevraagd, geen antwoord" in row[:400]
    assert re.search(r'data-status="no_answer">\s*[1-9]', sent.text)
    other = signed_in(app, "coordinator", "JZ28")
    assert other.get("/regio/JZ21/verzoeken").status_code == 403
    assert other.post("/regio/JZ21/verzoeken", data={"csrf": csrf_from(other.get("/regio/JZ28/verzoeken").text)}
                      ).status_code == 403


def test_graphql_status_and_round_for_the_region_only(mail_app: MailApp) -> None:
    from api.auth import create_token

    app = mail_app
    contact = _primary(app)
    key, email = contact["professional"]["key"], contact["professional"]["email"]
    _make_stale(app, contact)
    boss = create_token(app.service.store, role="coordinator", scope="JZ21", name="Coördinator (test)")
    other = create_token(app.service.store, role="coordinator", scope="JZ28", name="Coördinator JZ28 (test)")

    def gql(token: str, query: str) -> dict:
        return app.client.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}).json()

    status = '{ updateRequestStatus(jeugdhulpregio: "JZ21") { professional status askedOn } }'
    before = {s["professional"]: s for s in gql(boss, status)["data"]["updateRequestStatus"]}
    assert before[key]["status"] == "DUE"
    dry = gql(boss, 'mutation { sendUpdateRequests(jeugdhulpregio: "JZ21", dryRun: true) { mails { professional '
                    'status } } }')["data"]["sendUpdateRequests"]
    assert {"professional": key, "status": "DRY_RUN"} in dry["mails"] and app.smtp.messages == []
    sent = gql(boss, 'mutation { sendUpdateRequests(jeugdhulpregio: "JZ21") { complete outbox mails { professional '
                     'to status } } }')["data"]["sendUpdateRequests"]
    assert sent["complete"] and not sent["outbox"]
    assert {"professional": key, "to": email, "status": "SENT"} in sent["mails"]
    _mail_to(app, email)
    after = {s["professional"]: s for s in gql(boss, status)["data"]["updateRequestStatus"]}
    assert (after[key]["status"], after[key]["askedOn"]) == ("ASKED", today())
    refused = gql(other, status)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    refused = gql(other, 'mutation { sendUpdateRequests(jeugdhulpregio: "JZ21") { complete } }')
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def _add_organisation_contact(app: MailApp, org: str) -> tuple[str, str]:
    from graph.schema import Edge, RelType

    prof, pos, email = "prof-test-orgcontact", "pos-test-orgcontact", "contact@org.example"
    app.service.write(ChangeBatch(
        nodes=[Node(label=Label.PROFESSIONAL, key=prof, props={"name": "Olga Organisatie", "email": email,
                                                                "active": True, "last_verified": today()}),
               Node(label=Label.POSITION, key=pos, props={"name": "Contactpersoon jbnet", "last_verified": today(),
                                                           "role": "organisatie_contactpersoon"})],
        edges=[Edge(type=RelType.WORKS_AT, src=prof, dst=org, src_label=Label.PROFESSIONAL,
                    dst_label=Label.ORGANISATION, valid_from="2020-01-01"),
               Edge(type=RelType.AT, src=pos, dst=org, src_label=Label.POSITION, dst_label=Label.ORGANISATION,
                    valid_from="2020-01-01"),
               Edge(type=RelType.HOLDS, src=prof, dst=pos, src_label=Label.PROFESSIONAL, dst_label=Label.POSITION,
                    valid_from="2020-01-01", props={"priority": "primary", "rank": 1})]), "test")
    return prof, email


def test_no_answer_after_the_reminder_goes_to_the_organisations_own_contact(mail_app: MailApp) -> None:
    from graph.queries.update_requests import entries_of

    app = mail_app
    contact = _primary(app)
    key, email = contact["professional"]["key"], contact["professional"]["email"]
    org = next(e.organisation for e in entries_of(app.service.projection, key) if e.organisation)
    org_contact, org_email = _add_organisation_contact(app, org)
    _make_stale(app, contact)
    day = dt.date.today()
    _round(app)
    _round(app, today=(day + dt.timedelta(days=14)).isoformat())
    assert len(app.smtp.to(email)) == 2 and app.smtp.to(org_email) == []  # request + reminder
    assert not [r for r in due_requests(app.service, region="JZ21", today=(day + dt.timedelta(days=27)).isoformat())
                if r.professional == key]
    _round(app, today=(day + dt.timedelta(days=28)).isoformat())
    # About this colleague; the demo's other contacts of the organisation may be due by then too (the demo's
    # dates are fixed, the clock is not): each gets a mail of its own.
    mail = _mail_about(app, org_email, contact["professional"]["name"])
    assert "contactpersoon van uw organisatie" in text_of(mail)
    assert len(app.smtp.to(email)) == 2
    assert {s.professional: s.status for s in region_status(app.service, "JZ21")}[key] == "escalated"
    path = _link(app, mail)
    page = app.client.get(path)
    assert page.status_code == 200 and "als contactpersoon van de organisatie (Olga Organisatie)" in page.text
    assert app.client.post(path + "/klopt").status_code == 200
    after = _primary(app)
    assert (after["lastVerified"], after["verifiedBy"]) == (today(), self_actor(org_contact))
