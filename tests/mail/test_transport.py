"""api/mail against a real SMTP server on loopback (aiosmtpd): MIME parts, links, refusals, a server that is down."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from api.mail import Attachment, MailConfigError, Mailer, compose, parse_smtp_url
from tests.mail_server import MailServer, html_of, ics_of, links_in, text_of

PARAMS = {
    "person_name": "Ayşe de Vries", "region_name": "Jeugdhulpregio Utrecht Stad", "purpose": "update_request",
    "reminder": False, "link": "http://jbnet.test/bijwerken/abc.def",
    "entries": [{"function": "Gezinsvoogd", "organisation": "SAVE Utrecht", "region": "JZ28",
                 "phone": "030 123 4567", "email": "a.devries@save.example"},
                {"function": "Jeugdbeschermer <team oost>", "organisation": "WSS", "region": "JZ29",
                 "phone": None, "email": "a.devries@wss.example"}],
}


def _mail(to: str = "a.devries@save.example", **extra: object) -> email.message.EmailMessage:
    return compose("update_request", {**PARAMS, **extra}, to=to, to_name="Ayşe de Vries",
                   sender="jbnet <noreply@jbnet.test>")


def test_delivered_mail_is_dutch_text_and_html_with_link_region_and_purpose(smtp_server: MailServer) -> None:
    result = Mailer(smtp_server.url, Path("unused")).send(_mail())
    assert result.status == "sent" and result.ok
    got = smtp_server.wait_for(1)[0]
    assert got.rcpt_tos == ["a.devries@save.example"]
    assert got.message.get_content_type() == "multipart/alternative"
    assert "Kloppen uw contactgegevens nog?" in got["Subject"] and "Utrecht Stad" in got["Subject"]
    text, html = text_of(got), html_of(got)
    for body in (text, html):
        assert "Gezinsvoogd" in body and "WSS" in body  # one mail listing every entry
        assert "Doel (AVG)" in body
        assert "Verstuurd namens Jeugdhulpregio Utrecht Stad" in body
    assert links_in(got) == ["http://jbnet.test/bijwerken/abc.def"]
    assert 'href="http://jbnet.test/bijwerken/abc.def"' in html
    assert "&lt;team oost&gt;" in html and "<team oost>" in text  # HTML escaped, text not
    assert "Ayşe" in str(got["To"])
    assert got["Content-Language"] == "nl" and '<html lang="nl">' in html


def test_the_same_mail_in_english_for_an_english_recipient(smtp_server: MailServer) -> None:
    msg = compose("update_request", {**PARAMS, "reminder": True}, to="a.devries@save.example", to_name=None,
                  sender="noreply@jbnet.test", locale="en")
    assert Mailer(smtp_server.url, Path("unused")).send(msg).status == "sent"
    got = smtp_server.wait_for(1)[0]
    assert got["Subject"] == "Are your contact details still correct? (Jeugdhulpregio Utrecht Stad)"
    assert got["Content-Language"] == "en"
    text, html = text_of(got), html_of(got)
    assert '<html lang="en">' in html
    for body in (text, html):
        assert "Dear Ayşe de Vries," in body and "Some time ago we asked you" in body
        assert "Purpose (GDPR)" in body and "Sent on behalf of Jeugdhulpregio Utrecht Stad" in body
        assert "Phone: 030 123 4567" in body.replace("</strong>", "").replace("<br>", "")
        for dutch in ("Beste", "Doel (AVG)", "Verstuurd namens", "Telefoon", "geldig", "Kloppen"):
            assert dutch not in body, dutch
    assert links_in(got) == ["http://jbnet.test/bijwerken/abc.def"]


def test_attachment_makes_multipart_mixed_with_the_calendar(smtp_server: MailServer) -> None:
    ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//jbnet//test//NL\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n" \
          b"UID:m-1@jbnet\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260201T100000Z\r\nSUMMARY:Overleg\r\n" \
          b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    msg = compose("update_request", PARAMS, to="x@example.org", to_name=None, sender="noreply@jbnet.test",
                  attachments=[Attachment("uitnodiging.ics", ics, "text", "calendar", {"method": "REQUEST"})])
    assert Mailer(smtp_server.url, Path("unused")).send(msg).status == "sent"
    got = smtp_server.wait_for(1)[0]
    assert got.message.get_content_type() == "multipart/mixed"
    cal = ics_of(got)
    assert str(cal["METHOD"]) == "REQUEST"
    assert "Doel (AVG)" in text_of(got)


def test_rejected_address_is_permanent_and_4xx_is_temporary(smtp_server: MailServer) -> None:
    smtp_server.reject["weg@example.org"] = "550 5.1.1 <weg@example.org>: user unknown"
    smtp_server.tempfail["vol@example.org"] = "452 4.2.2 mailbox full"
    mailer = Mailer(smtp_server.url, Path("unused"))
    gone = mailer.send(_mail("weg@example.org"))
    assert (gone.status, gone.code, gone.ok) == ("permanent", 550, False)
    assert "user unknown" in gone.detail
    full = mailer.send(_mail("vol@example.org"))
    assert (full.status, full.code) == ("temporary", 452)
    assert smtp_server.messages == []


def test_server_down_is_temporary_and_retried(smtp_server: MailServer) -> None:
    smtp_server.stop()
    mailer = Mailer(f"smtp://127.0.0.1:{smtp_server.port}?attempts=2&timeout=2", Path("unused"), retry_pause=0.2)
    result = mailer.send(_mail())
    assert result.status == "temporary" and not result.ok
    assert "ConnectionRefused" in result.detail
    smtp_server.start()  # the next try after the server is back delivers
    assert mailer.send(_mail()).status == "sent"
    assert len(smtp_server.wait_for(1)) == 1


def test_without_smtp_each_mail_is_an_eml_file_in_the_outbox(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    mailer = Mailer(None, outbox)
    assert mailer.uses_outbox
    result = mailer.send(_mail())
    assert result.status == "outbox" and result.ok
    files = list(outbox.glob("*.eml"))
    assert [str(f) for f in files] == [result.path]
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert "Gezinsvoogd" in text_of(parsed)  # type: ignore[arg-type]


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://mail.example.org", ("mail.example.org", 25, "plain", None, None)),
    ("smtp://mail.example.org:2525?starttls=1", ("mail.example.org", 2525, "starttls", None, None)),
    ("smtp+starttls://jb%40net:p%3Ass@mail.example.org", ("mail.example.org", 587, "starttls", "jb@net", "p:ss")),
    ("smtps://u:p@mail.example.org", ("mail.example.org", 465, "tls", "u", "p")),
])
def test_smtp_url_forms(url: str, expected: tuple[object, ...]) -> None:
    t = parse_smtp_url(url)
    assert (t.host, t.port, t.security, t.user, t.password) == expected


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://", "smtp://h?attempts=x"])
def test_bad_smtp_url_is_named(url: str) -> None:
    with pytest.raises(MailConfigError, match="JBNET_SMTP_URL"):
        parse_smtp_url(url)
