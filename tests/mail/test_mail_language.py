"""Mails are written in the recipient's language: a professional whose directory entry says ``language: en``
gets English, everyone else Dutch (the default). Through the real app and the loopback SMTP server (aiosmtpd);
the test reads the message that arrived."""

from __future__ import annotations

from api.auth import create_token
from graph.queries.freshness import responsible_party
from graph.schema import Label, Node
from graph.store.base import ChangeBatch
from tests.mail.conftest import MailApp
from tests.mail.test_reports import REPORTER, SUBJECT_QUERY, _gql
from tests.mail_server import text_of

REPORT = """mutation($k: String!, $r: String!) { reportIncorrectContact(key: $k, remark: $r) { id } }"""


def test_a_coordinator_who_reads_english_gets_the_report_mail_in_english(mail_app: MailApp) -> None:
    app = mail_app
    p = app.service.projection
    [coordinator, *_] = [c.professional for c in responsible_party(p, "JZ21").coordinators if c.professional]
    app.service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=coordinator.key,
                                              props={"language": "en"})]), "admin:test")
    me = create_token(app.service.store, role="professional", name="Melder (test)", professional_key=REPORTER)
    subject = next(c["professional"] for c in _gql(app, me, SUBJECT_QUERY)["counterparts"]["contacts"]
                   if c["professional"])
    _gql(app, me, REPORT, {"k": subject["key"], "r": "Werkt sinds maart bij een ander team"})
    [mail] = app.smtp.wait_for(1)
    assert mail.rcpt_tos == [coordinator.email]
    assert mail["Subject"] == f"New report about contact details: {subject['name']}"
    assert mail["Content-Language"] == "en"
    text = text_of(mail)
    assert "Someone reported in jbnet that these details are wrong:" in text
    assert "Werkt sinds maart bij een ander team" in text  # the reporter's own words, as written
    assert "Nieuwe melding" not in text and "Doel (AVG)" not in text


def test_without_a_language_the_mail_stays_dutch(mail_app: MailApp) -> None:
    app = mail_app
    me = create_token(app.service.store, role="professional", name="Melder (test)", professional_key=REPORTER)
    subject = next(c["professional"] for c in _gql(app, me, SUBJECT_QUERY)["counterparts"]["contacts"]
                   if c["professional"])
    _gql(app, me, REPORT, {"k": subject["key"], "r": "Klopt niet meer"})
    [mail] = app.smtp.wait_for(1)
    assert mail["Content-Language"] == "nl" and "Nieuwe melding" in mail["Subject"]


def test_a_language_set_through_graphql_makes_the_next_mail_english(mail_app: MailApp) -> None:
    """The language is chosen in the directory (editProfessional's PersonInput.language), not in the store by hand."""
    app = mail_app
    p = app.service.projection
    [coordinator, *_] = [c.professional for c in responsible_party(p, "JZ21").coordinators if c.professional]
    node = p.node(coordinator.key) or {}
    admin = create_token(app.service.store, role="admin", name="Beheer (test)")
    edit = """mutation($k: String!, $p: PersonInput!) { editProfessional(key: $k, person: $p) { key } }"""
    _gql(app, admin, edit, {"k": coordinator.key, "p": {
        "name": node["name"], "function": node.get("function") or "", "email": node["email"],
        "phone": node.get("phone") or "", "language": "EN"}})
    me = create_token(app.service.store, role="professional", name="Melder (test)", professional_key=REPORTER)
    subject = next(c["professional"] for c in _gql(app, me, SUBJECT_QUERY)["counterparts"]["contacts"]
                   if c["professional"])
    _gql(app, me, REPORT, {"k": subject["key"], "r": "Nummer klopt niet meer"})
    [mail] = app.smtp.wait_for(1)
    assert mail.rcpt_tos == [coordinator.email] and mail["Content-Language"] == "en"
    assert mail["Subject"] == f"New report about contact details: {subject['name']}"
