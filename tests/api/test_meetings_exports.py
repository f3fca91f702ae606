"""Attendee-list exports over HTTP, each format parsed back; downloads are audited and permission-checked."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from api.auth import Role, create_token
from graph.queries.exports import COLUMNS
from tests.api.conftest import Api
from tests.api.test_meetings_graphql import CREATE, FREEZE, LIST, SR, VT, ok

# The rows are keyed by column codes; the file says them in Dutch (export.column.* of the catalogue).
DUTCH_HEADINGS = ("Naam", "Functie", "Organisatie", "Vertegenwoordigt", "Rol", "E-mail", "Telefoon", "Uren",
                  "Status", "Aanwezig")

ORGANISER = "prof-demo-0152"  # a demo professional with an e-mail address


@pytest.fixture(scope="module")
def meeting(api: Api) -> str:
    key = ok(api, CREATE, input={"region": SR, "date": "2030-09-15", "start": "13:30", "end": "16:30",
                                 "place": "Stadhuis Arnhem, Raadszaal", "organiser": ORGANISER})["createMeeting"]["key"]
    ok(api, FREEZE, m=key)
    ok(api, """mutation($m: String!, $p: String!) { rsvp(meeting: $m, professional: $p, status: ACCEPTED) { status }
            }""", m=key, p=VT)
    return str(key)


def invitees(api: Api, key: str) -> list[dict]:
    return ok(api, LIST, m=key)["inviteList"]["invitees"]


def download(api: Api, key: str, fmt: str, role: str | None = "coordinator",
             token: str | None = None) -> httpx.Response:
    tok = token or (api.tokens[role] if role else None)
    headers = {"Authorization": f"Bearer {tok}"} if tok else {}
    return api.client.get(f"/exports/meetings/{key}.{fmt}", headers=headers)


def test_export_links_point_at_working_downloads(api: Api, meeting: str) -> None:
    links = ok(api, "query($k: String!) { meeting(key: $k) { exportLinks { format url } } }",
               k=meeting)["meeting"]["exportLinks"]
    for link in links:
        r = api.client.get(link["url"], headers={"Authorization": f"Bearer {api.tokens['coordinator']}"})
        assert r.status_code == 200, (link, r.text)
        assert r.headers["content-disposition"] == f'attachment; filename="{meeting}.{link["format"].lower()}"'


def test_csv_parses_back_with_dutch_headings(api: Api, meeting: str) -> None:
    r = download(api, meeting, "csv")
    assert r.headers["content-type"].startswith("text/csv")
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeff")  # the BOM makes Excel read UTF-8
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert tuple(rows[0].keys()) == DUTCH_HEADINGS
    people = invitees(api, meeting)
    assert sorted(r["E-mail"] for r in rows) == sorted(i["email"] for i in people)
    vt = next(r for r in rows if r["E-mail"] == next(i["email"] for i in people if i["professional"] == VT))
    assert vt["Vertegenwoordigt"] == "Arnhem, Rozendaal" and vt["Status"] == "aangemeld" and vt["Uren"] == "4"


def test_xlsx_opens_with_openpyxl(api: Api, meeting: str) -> None:
    r = download(api, meeting, "xlsx")
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["Deelnemers"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == DUTCH_HEADINGS
    assert len(rows) - 1 == len(invitees(api, meeting))
    assert {row[COLUMNS.index("name")] for row in rows[1:]} == {i["name"] for i in invitees(api, meeting)}
    statuses = {row[COLUMNS.index("status")] for row in rows[1:]}
    assert statuses and statuses <= {"uitgenodigd", "aangemeld", "afgemeld", "onder voorbehoud", "nog niet verstuurd"}


def test_ics_has_every_attendee_organiser_and_amsterdam_timezone(api: Api, meeting: str) -> None:
    r = download(api, meeting, "ics")
    assert r.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    assert str(cal["method"]) == "REQUEST"
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["tzid"]) == "Europe/Amsterdam"
    [ev] = cal.walk("VEVENT")
    start = ev.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (13, 30, "Europe/Amsterdam")
    assert ev["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert ev.decoded("dtend").hour == 16
    assert str(ev["location"]) == "Stadhuis Arnhem, Raadszaal"
    organiser_email = api.service.projection.node(ORGANISER)["email"]
    assert str(ev["organizer"]).lower() == f"mailto:{organiser_email}".lower()
    attendees = ev.get("attendee")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    people = invitees(api, meeting)
    assert sorted(str(a).removeprefix("mailto:") for a in attendees) == sorted(i["email"] for i in people)
    vt_email = next(i["email"] for i in people if i["professional"] == VT)
    vt = next(a for a in attendees if str(a) == f"mailto:{vt_email}")
    assert vt.params["PARTSTAT"] == "ACCEPTED" and vt.params["CN"] == next(
        i["name"] for i in people if i["professional"] == VT)


def test_vcard_bundle(api: Api, meeting: str) -> None:
    r = download(api, meeting, "vcf")
    text = r.content.decode("utf-8")
    cards = re.findall(r"BEGIN:VCARD\r\n(.*?)\r\nEND:VCARD", text, flags=re.S)
    people = invitees(api, meeting)
    assert len(cards) == len(people)
    for card, person in zip(cards, sorted(people, key=lambda i: (i["name"], i["professional"])), strict=True):
        lines = card.split("\r\n")
        assert lines[0] == "VERSION:3.0"
        assert f"FN:{person['name']}" in lines
        assert f"EMAIL;TYPE=INTERNET,WORK:{person['email']}" in lines


def test_copy_ready_address_list(api: Api, meeting: str) -> None:
    text = download(api, meeting, "txt").content.decode("utf-8").strip()
    parts = text.split("; ")
    people = invitees(api, meeting)
    assert sorted(parts) == sorted(f"{i['name']} <{i['email']}>" for i in people)


def test_every_export_is_audited(api: Api, meeting: str) -> None:
    before = [e for e in api.service.store.history(meeting) if e.op == "audit.export"]
    download(api, meeting, "csv")
    download(api, meeting, "vcf")
    after = [e for e in api.service.store.history(meeting) if e.op == "audit.export"]
    new = after[len(before):]
    assert [(e.actor, e.kind, e.after["format"], e.after["count"]) for e in new] == [
        (api.actor("coordinator"), "Meeting", "csv", len(invitees(api, meeting))),
        (api.actor("coordinator"), "Meeting", "vcf", len(invitees(api, meeting)))]


def test_export_permissions(api: Api, meeting: str) -> None:
    audited = len(api.service.store.history(meeting))
    assert download(api, meeting, "csv", role=None).status_code == 401
    assert download(api, meeting, "csv", token="jbnet_not-a-token").status_code == 401
    assert download(api, meeting, "csv", role="professional").status_code == 403
    invited = create_token(api.service.store, role=Role.PROFESSIONAL, name="invited", professional_key=VT)
    assert download(api, meeting, "csv", token=invited).status_code == 403  # invited is not exporting
    jz21 = create_token(api.service.store, role=Role.COORDINATOR, scope="JZ21", name="other region")
    r = download(api, meeting, "csv", token=jz21)
    assert r.status_code == 403 and "coördinator van JZ28" in r.json()["errors"][0]["message"]
    assert download(api, meeting, "pdf").status_code == 404
    assert download(api, "mtg-nope", "csv").status_code == 404
    assert len(api.service.store.history(meeting)) == audited  # refused downloads leave no audit entry
    assert download(api, meeting, "csv", role="admin").status_code == 200
