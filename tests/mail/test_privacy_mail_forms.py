"""The mailed correction form refuses child data before anything is written or the link is spent."""

from __future__ import annotations

from tests.mail.conftest import MailApp
from tests.mail.test_update_requests import _link, _mail_to, _make_stale, _primary, _round


def test_correction_with_a_birth_date_is_refused_and_keeps_the_link(mail_app: MailApp) -> None:
    app = mail_app
    contact = _primary(app)
    who = contact["professional"]
    _make_stale(app, contact)
    _round(app)
    path = _link(app, _mail_to(app, who["email"], len(app.smtp.to(who["email"])) or 1))
    seq = app.service.store.last_seq()
    bad = app.client.post(path + "/wijzigen", data={"telefoon": "0318 999 999", "email": who["email"],
                                                      "functie": "", "overig": "pleegkind geboren 12-03-2015"})
    assert bad.status_code == 400 and "geboortedatum" in bad.text
    assert app.service.store.last_seq() == seq  # nothing written: not the phone, not a report, not the answer
    assert _primary(app)["professional"]["phone"] == who["phone"]
    assert app.client.get(path).status_code == 200  # the link still works
    left = app.client.post(path + "/vertrokken", data={"opmerking": "adres kind: Kerkstraat 12, Ede"})
    assert left.status_code == 400 and "woonadres" in left.text
    assert (app.service.projection.node(who["key"]) or {}).get("active", True) is True
