"""Meeting invitations by mail through the real app: a personal ICS (METHOD:REQUEST, one UID per meeting,
SEQUENCE on updates) and an RSVP link whose answer shows in the meeting; bad links are refused."""

from __future__ import annotations

import httpx

from graph.queries.invites import freeze_invite_list, invite_list
from graph.queries.meetings import create_meeting, update_meeting
from graph.queries.update_requests import mail_log
from tests.mail.conftest import MailApp, csrf_from, signed_in
from tests.mail_server import ics_of, links_in, text_of

ORGANISER = "prof-demo-0152"  # a demo professional with an e-mail address
SUBREGIO = "SR-JZ28-arnhem"


def _coordinator_client(app: MailApp) -> httpx.Client:
    return signed_in(app, "coordinator", "JZ28")


def test_invitations_with_ics_and_rsvp_link_show_in_the_meeting(mail_app: MailApp) -> None:
    app = mail_app
    svc = app.service
    key = create_meeting(svc, "test", region=SUBREGIO, date="2030-09-15", start="13:30", end="16:30",
                         place="Stadhuis Arnhem", organiser=ORGANISER)
    freeze_invite_list(svc, "test", key)
    invitees = [i for i in invite_list(svc.projection, key).invitees if i.email]
    assert len(invitees) >= 2
    coordinator = _coordinator_client(app)
    page = coordinator.get(f"/bijeenkomsten/{key}")
    assert page.status_code == 200 and "Uitnodigingen per e-mail versturen" in page.text
    sent = coordinator.post(f"/bijeenkomsten/{key}/uitnodigingen", data={"csrf": csrf_from(page.text)})
    assert sent.status_code == 200 and f"{len(invitees)} uitnodigingen verstuurd (versie 1)." in sent.text

    mails = app.smtp.wait_for(len(invitees))
    first = invitees[0]
    mine = app.smtp.to(first.email)[0]
    assert mine.message.get_content_type() == "multipart/mixed"
    cal = ics_of(mine)
    assert str(cal["METHOD"]) == "REQUEST"
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["UID"]) == f"{key}@jbnet" and int(event["SEQUENCE"]) == 0
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a).lower() for a in attendees] == [f"mailto:{first.email}".lower()]  # only the recipient
    assert "Uitnodiging" in mine["Subject"] and "Doel (AVG)" in text_of(mine)
    assert {str(next(iter(ics_of(m).walk("VEVENT")))["UID"]) for m in mails} == {f"{key}@jbnet"}

    rsvp = next(u for u in links_in(mine) if "/uitnodiging/" in u).removeprefix(app.base_url)
    assert first.name in app.client.get(rsvp).text
    answered = app.client.post(rsvp, data={"antwoord": "declined"})  # a cancellation
    assert answered.status_code == 200 and "ik kom niet" in answered.text
    assert invite_list(svc.projection, key).get(first.professional).status == "declined"  # type: ignore[union-attr]
    meeting_page = coordinator.get(f"/bijeenkomsten/{key}")
    assert "komt niet" in meeting_page.text
    assert app.client.post(rsvp, data={"antwoord": "accepted"}).status_code == 200  # changed their mind
    assert invite_list(svc.projection, key).get(first.professional).status == "accepted"  # type: ignore[union-attr]
    assert app.client.post(rsvp, data={"antwoord": "weet niet"}).status_code == 422

    # the meeting moves: sending again is an update with a higher SEQUENCE and the same UID
    update_meeting(svc, "test", key, place="Provinciehuis Arnhem")
    app.smtp.clear()
    page = coordinator.get(f"/bijeenkomsten/{key}")
    again = coordinator.post(f"/bijeenkomsten/{key}/uitnodigingen", data={"csrf": csrf_from(page.text)})
    assert again.status_code == 200 and "opnieuw" in again.text
    update = app.smtp.wait_for(len(invitees))[0]
    ev = next(iter(ics_of(update).walk("VEVENT")))
    assert int(ev["SEQUENCE"]) == 1 and str(ev["UID"]) == f"{key}@jbnet"
    assert "Provinciehuis" in str(ev["LOCATION"]) and "Gewijzigd" in update["Subject"]
    log = [r.data for r in mail_log(svc, first.professional) if r.data.get("purpose") == "meeting_invitation"]
    assert [(r["sequence"], r["status"]) for r in log] == [(0, "sent"), (1, "sent")]


def test_unfrozen_list_and_bad_rsvp_links_are_refused(mail_app: MailApp) -> None:
    app = mail_app
    key = create_meeting(app.service, "test", region=SUBREGIO, date="2030-10-01", organiser=ORGANISER)
    coordinator = _coordinator_client(app)
    page = coordinator.get(f"/bijeenkomsten/{key}")
    r = coordinator.post(f"/bijeenkomsten/{key}/uitnodigingen", data={"csrf": csrf_from(page.text)})
    assert r.status_code == 409 and "Leg eerst de uitnodigingslijst vast" in r.text
    assert app.smtp.messages == []
    forged = app.client.get("/uitnodiging/eyJzIjoieCJ9.aaaa.bbbb")
    assert forged.status_code == 400 and "niet geldig" in forged.text
    assert app.client.post("/uitnodiging/eyJzIjoieCJ9.aaaa.bbbb", data={"antwoord": "accepted"}).status_code == 400


def test_send_invitations_over_graphql_for_the_region_only(mail_app: MailApp) -> None:
    from api.auth import create_token

    app = mail_app
    key = create_meeting(app.service, "test", region=SUBREGIO, date="2030-11-02", start="10:00", end="12:00",
                         organiser=ORGANISER)
    mutation = f'mutation {{ sendInvitations(meeting: "{key}") {{ sequence sent failed withoutEmail }} }}'

    def gql(role_scope: str) -> dict:
        token = create_token(app.service.store, role="coordinator", scope=role_scope, name=f"c {role_scope}")
        return app.client.post("/graphql", json={"query": mutation},
                               headers={"Authorization": f"Bearer {token}"}).json()

    not_frozen = gql("JZ28")
    assert "is nog niet vastgelegd" in not_frozen["errors"][0]["message"]
    assert not_frozen["errors"][0]["extensions"]["messageCode"] == "update.invite_list_not_frozen"
    freeze_invite_list(app.service, "test", key)
    assert gql("JZ21")["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert app.smtp.messages == []
    done = gql("JZ28")["data"]["sendInvitations"]
    with_email = [i for i in invite_list(app.service.projection, key).invitees if i.email]
    assert done["sequence"] == 0 and sorted(done["sent"]) == sorted(i.professional for i in with_email)
    assert len(app.smtp.wait_for(len(with_email))) == len(with_email)
    assert gql("JZ28")["data"]["sendInvitations"]["sequence"] == 1
