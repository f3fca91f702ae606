"""Reports of incorrect contacts by mail, through the real app: the region's coordinator hears of a new report,
the reporter hears back when it is resolved (loopback SMTP, parsed messages)."""

from __future__ import annotations

from typing import Any

from api.auth import create_token
from api.mail.reports import ReportMailer
from graph.queries.freshness import responsible_party
from graph.queries.update_requests import mail_log
from tests.mail.conftest import MailApp
from tests.mail_server import links_in, text_of

REPORTER = "prof-demo-0082"  # an LT worker in Ede (demo data)
SUBJECT_QUERY = """{ counterparts(gemeente: "GM0228", organisationType: VEILIG_THUIS) {
  contacts { priority professional { key name } } } }"""


def _gql(app: MailApp, token: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    r = app.client.post("/graphql", json={"query": query, "variables": variables or {}},
                        headers={"Authorization": f"Bearer {token}"})
    body = r.json()
    assert r.status_code == 200 and "errors" not in body, body
    return body["data"]


def _settle(app: MailApp) -> None:
    for listener in app.service.listeners:
        if isinstance(listener, ReportMailer):
            for f in list(listener.pending):
                f.result(timeout=10)


def test_coordinator_is_mailed_and_reporter_hears_back(mail_app: MailApp) -> None:
    app = mail_app
    p = app.service.projection
    reporter = p.node(REPORTER) or {}
    coordinators = [c.professional for c in responsible_party(p, "JZ21").coordinators if c.professional]
    assert coordinators and reporter.get("email")
    coordinator = coordinators[0]
    me = create_token(app.service.store, role="professional", name="Melder (test)", professional_key=REPORTER)
    boss = create_token(app.service.store, role="coordinator", scope="JZ21", name="Coördinator (test)")
    subject = next(c["professional"] for c in _gql(app, me, SUBJECT_QUERY)["counterparts"]["contacts"]
                   if c["professional"])

    reports = _gql(app, me, """mutation($k: String!, $r: String!) { reportIncorrectContact(key: $k, remark: $r) {
        id jeugdhulpregio } }""", {"k": subject["key"], "r": "Werkt sinds maart bij een ander team"})[
        "reportIncorrectContact"]
    assert [r["jeugdhulpregio"] for r in reports] == ["JZ21"]
    mail = app.smtp.wait_for(1)[0]
    assert mail.rcpt_tos == [coordinator.email]
    assert "Nieuwe melding" in mail["Subject"] and subject["name"] in mail["Subject"]
    text = text_of(mail)
    assert "Werkt sinds maart bij een ander team" in text and "Doel (AVG)" in text
    assert links_in(mail) == [f"{app.base_url}/regio/JZ21"]
    assert app.smtp.to(reporter["email"]) == []  # nothing to the reporter yet

    _gql(app, boss, """mutation($id: Int!) { resolveReport(jeugdhulpregio: "JZ21", reportId: $id,
        resolution: "Nieuwe collega ingevoerd") { status } }""", {"id": reports[0]["id"]})
    back = app.smtp.wait_for(2)[1]
    _settle(app)  # the send is recorded after SMTP accepted it
    assert back.rcpt_tos == [reporter["email"]]
    assert "Uw melding is afgehandeld" in back["Subject"]
    assert "Nieuwe collega ingevoerd" in text_of(back) and "Werkt sinds maart" in text_of(back)
    sent = [r for r in mail_log(app.service, REPORTER) if r.op == "mail.sent"]
    assert [r.data["kind"] for r in sent] == ["report_resolved"]  # recorded with its result
    assert sent[0].data["status"] == "sent" and sent[0].data["to"] == reporter["email"]


def test_coordinator_mail_refused_is_recorded_and_marks_unreachable(mail_app: MailApp) -> None:
    app = mail_app
    p = app.service.projection
    coordinator = next(c.professional for c in responsible_party(p, "JZ21").coordinators if c.professional)
    app.smtp.reject[coordinator.email.lower()] = "550 5.1.1 no such user"
    me = create_token(app.service.store, role="professional", name="Melder (test)", professional_key=REPORTER)
    subject = next(c["professional"] for c in _gql(app, me, SUBJECT_QUERY)["counterparts"]["contacts"]
                   if c["professional"])
    _gql(app, me, """mutation($k: String!) { reportIncorrectContact(key: $k, remark: "Nummer klopt niet") { id } }""",
         {"k": subject["key"]})
    import time

    deadline = time.monotonic() + 10
    while not [r for r in mail_log(app.service, coordinator.key) if r.op == "mail.failed"]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    failed = next(r for r in mail_log(app.service, coordinator.key) if r.op == "mail.failed")
    assert failed.data["status"] == "permanent" and failed.data["code"] == 550
    assert (app.service.projection.node(coordinator.key) or {}).get("email_unreachable")


def test_smtp_down_the_coordinator_mail_is_tried_again(mail_app: MailApp) -> None:
    app = mail_app
    listener = next(x for x in app.service.listeners if isinstance(x, ReportMailer))
    listener.retry_delays = (0.5, 0.5)
    coordinator = next(c.professional for c in responsible_party(app.service.projection, "JZ21").coordinators
                       if c.professional)
    me = create_token(app.service.store, role="professional", name="Melder (test)", professional_key=REPORTER)
    subject = next(c["professional"] for c in _gql(app, me, SUBJECT_QUERY)["counterparts"]["contacts"]
                   if c["professional"])
    app.smtp.stop()
    _gql(app, me, """mutation($k: String!) { reportIncorrectContact(key: $k, remark: "Nummer klopt niet") { id } }""",
         {"k": subject["key"]})
    _settle(app)  # the first attempt has failed and is recorded
    failed = [r.data for r in mail_log(app.service, coordinator.key) if r.op == "mail.failed"]
    assert failed and failed[0]["status"] == "temporary" and failed[0]["attempt"] == 1
    app.smtp.start()
    mail = app.smtp.wait_for(1, timeout=15)[0]
    assert mail.rcpt_tos == [coordinator.email] and "Nummer klopt niet" in text_of(mail)
    _settle(app)
    log = [(r.op, r.data["attempt"]) for r in mail_log(app.service, coordinator.key)]
    assert log[-1][0] == "mail.sent" and {op for op, _ in log[:-1]} == {"mail.failed"}
    assert [n for _, n in log] == list(range(1, len(log) + 1)) and len(app.smtp.messages) == 1
