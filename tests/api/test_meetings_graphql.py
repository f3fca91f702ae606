"""Meetings and invite lists through the real app (uvicorn over HTTP, real GraphQL documents, demo data).

Demo facts used: subregio Arnhem (SR-JZ28-arnhem) = Arnhem + Rozendaal; Veilig Thuis Gelderland-Midden
(primary prof-demo-0373, backup prof-demo-0374) covers the whole veiligheidsregio, so one VT person
represents every gemeente of every JZ28 subregio. Each test uses its own year so budgets do not mix.
"""

from __future__ import annotations

from typing import Any

import pytest

from api.auth import Role, create_token
from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch
from tests.api.conftest import Api

SR = "SR-JZ28-arnhem"
VT, VT_BACKUP = "prof-demo-0373", "prof-demo-0374"
RVDK, RVDK_BACKUP = "prof-demo-0393", "prof-demo-0394"  # the Raad covers all of JZ28 too

CREATE = """mutation($input: MeetingInput!) { createMeeting(input: $input) {
  key name kind date start end place online organiser status region jeugdhulpregio exportLinks { format url } } }"""
LIST = """query($m: String!) { inviteList(meeting: $m) {
  meeting frozen frozenOn gaps overBudget hoursPerMeeting maxHoursPerYear requiredTypes { orgType minimum }
  invitees { professional name email gemeenten orgTypes priority hours hoursOther overBudget proposedBackup
             status attended }
  coverage { gemeente gemeenteName orgType required status professionals note } } }"""
PREVIEW = """query($s: String!, $d: Date!) { invitePreview(subregio: $s, date: $d) {
  gaps invitees { professional gemeenten orgTypes }
  coverage { gemeente orgType status note professionals gap vacantSince } } }"""
FREEZE = """mutation($m: String!, $b: Boolean! = false) { freezeInviteList(meeting: $m, useBackups: $b) {
  frozen frozenOn invitees { professional status hours gemeenten } } }"""
DIFF = """query($m: String!) { inviteDiff(meeting: $m) { empty added { professional } removed { professional }
  changed { professional frozen { email } now { email } } newGaps closedGaps } }"""


def ok(api: Api, query: str, role: str | None = "coordinator", token: str | None = None,
       **variables: Any) -> dict[str, Any]:
    r = api.post(query, token or (api.tokens[role] if role else None), variables)
    assert r.status_code == 200, r.text
    body = r.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


def error(api: Api, query: str, role: str | None = "coordinator", token: str | None = None,
          **variables: Any) -> dict[str, Any]:
    r = api.post(query, token or (api.tokens[role] if role else None), variables)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body.get("errors"), body
    return body["errors"][0]


def create(api: Api, date: str, region: str = SR, role: str = "coordinator", **extra: Any) -> str:
    data = ok(api, CREATE, role, input={"region": region, "date": date, "start": "13:30", "end": "16:30",
                                        "place": "Stadhuis Arnhem", **extra})
    return str(data["createMeeting"]["key"])


def test_create_meeting_and_read_it_back(api: Api) -> None:
    data = ok(api, CREATE, input={"region": SR, "date": "2030-03-10", "start": "13:30", "end": "16:30",
                                  "place": "Stadhuis Arnhem", "organiser": "prof-demo-0152"})
    m = data["createMeeting"]
    assert m["kind"] == "SAMENWERKINGSBIJEENKOMST" and m["jeugdhulpregio"] == "JZ28" and m["status"] == "PLANNED"
    assert {link["format"] for link in m["exportLinks"]} == {"CSV", "XLSX", "ICS", "VCF", "TXT"}
    again = ok(api, "query($k: String!) { meeting(key: $k) { key place start end organiser } }", k=m["key"])
    assert again["meeting"] == {"key": m["key"], "place": "Stadhuis Arnhem", "start": "13:30:00", "end": "16:30:00",
                                "organiser": "prof-demo-0152"}


def test_meeting_times_are_the_time_scalar(api: Api) -> None:
    # #15: start/end are Time; a time that is no time is refused by the schema with a catalogue code,
    # as a variable and as a literal.
    err = error(api, CREATE, input={"region": SR, "date": "2030-03-10", "start": "half twee"})
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert err["extensions"]["messageCode"] == "input.not_a_time"
    assert "'half twee' is geen tijd" in err["message"]
    err = error(api, 'mutation { reuseForLeergroep(meeting: "x", date: "2030-03-10", start: "25:00") { key } }')
    assert (err["extensions"]["messageCode"], err["extensions"]["params"]["value"]) == ("input.not_a_time", "25:00")
    # Seconds in the input are dropped: the domain keeps "HH:MM".
    key = create(api, "2030-03-11", start="09:15:00", end="11:00:59")
    again = ok(api, "query($k: String!) { meeting(key: $k) { start end } }", k=key)
    assert again["meeting"] == {"start": "09:15:00", "end": "11:00:00"}


def test_meeting_dates_are_the_date_scalar(api: Api) -> None:
    # Dates are typed: a day that is not ISO is refused by the schema before any resolver runs, for
    # variables and for inline values alike.
    err = error(api, PREVIEW, s=SR, d="1 april 2030")
    assert err["extensions"]["messageCode"] == "input.not_a_date" and "'1 april 2030' is geen datum" in err["message"]
    err = error(api, f'query {{ invitePreview(subregio: "{SR}", date: "2030-02-30") {{ date }} }}')
    assert err["extensions"]["messageCode"] == "input.not_a_date"
    assert err["extensions"]["params"] == {"value": "2030-02-30"}
    day = ok(api, f'query($d: Date!) {{ invitePreview(subregio: "{SR}", date: $d) {{ date }} }}', d="2030-04-01")
    assert day["invitePreview"]["date"] == "2030-04-01"


def test_composition_and_dedupe_across_gemeenten(api: Api) -> None:
    data = ok(api, PREVIEW, s=SR, d="2030-04-01")["invitePreview"]
    cov = {(c["gemeente"], c["orgType"].lower()): c for c in data["coverage"]}  # enum names
    assert set(cov) == {(gm, t) for gm in ("GM0202", "GM0277") for t in ("lokaal_team", "gi", "veilig_thuis", "rvdk")}
    assert all(c["status"] == "COVERED" for c in cov.values()) and data["gaps"] == []
    keys = [i["professional"] for i in data["invitees"]]
    assert len(keys) == len(set(keys))
    vt = next(i for i in data["invitees"] if i["professional"] == VT)
    assert vt["gemeenten"] == ["GM0202", "GM0277"] and vt["orgTypes"] == ["VEILIG_THUIS"]
    assert VT_BACKUP not in keys


def test_vacancy_gap_is_named(api: Api) -> None:
    # a Renkum-specific JBG position, vacant: JBG has nobody for Renkum (WSS and JVV still answer), a named gap
    api.service.write(ChangeBatch(
        nodes=[Node(label=Label.POSITION, key="pos-jbg-renkum-test", props={
            "name": "Jeugdbeschermer Renkum", "role": "jeugdbeschermer", "org_type": "gi",
            "vacant_since": "2026-09-01"})],
        edges=[Edge(type=RelType.AT, src="pos-jbg-renkum-test", dst="org-jbg", src_label=Label.POSITION,
                    dst_label=Label.ORGANISATION),
               Edge(type=RelType.COVERS, src="pos-jbg-renkum-test", dst="GM0274", src_label=Label.POSITION,
                    dst_label=Label.GEMEENTE)]), "test")
    data = ok(api, PREVIEW, s="SR-JZ28-veluwezoom-en-wageningen", d="2030-04-01")["invitePreview"]
    renkum = next(c for c in data["coverage"] if c["gemeente"] == "GM0274" and c["orgType"] == "GI")
    assert renkum["status"] == "COVERED" and renkum["gap"] and renkum["vacantSince"] == "2026-09-01"
    assert renkum["note"].startswith("Renkum: ")
    assert "functie vacant sinds 1 september 2026 (Jeugdbeschermer Renkum) bij Jeugdbescherming Gelderland" in (
        renkum["note"])
    assert renkum["note"] in data["gaps"]


def test_eight_hour_rule_across_two_meetings(api: Api) -> None:
    first = create(api, "2031-03-10", SR)
    second = create(api, "2031-06-10", "SR-JZ28-de-liemers")
    ok(api, FREEZE, m=first)
    assert ok(api, LIST, m=second)["inviteList"]["overBudget"] == []  # 4 + 4 = 8: allowed
    ok(api, FREEZE, m=second)
    third = create(api, "2031-10-06", "SR-JZ28-overbetuwe-en-lingewaard")
    il = ok(api, LIST, m=third)["inviteList"]
    # Everyone who covers all of JZ28 sits in all three: VT, the Raad, and (each GI answering per
    # organisation) the WSS jeugdbeschermer of the region and the primary of JVV (all of Gelderland).
    p = api.service.projection
    regional_gi = {src for pos in ("pos-wss-jz28", "pos-jvv-gelderland")
                   for src, d in p.in_edges(pos, RelType.HOLDS) if d.get("priority") == "primary"}
    assert sorted(il["overBudget"]) == sorted({VT, RVDK} | regional_gi) and il["maxHoursPerYear"] == 8
    vt = next(i for i in il["invitees"] if i["professional"] == VT)
    assert vt["hoursOther"] == 8 and vt["hours"] == 4 and vt["overBudget"] and vt["proposedBackup"] == VT_BACKUP
    frozen = ok(api, FREEZE, m=third, b=True)["freezeInviteList"]
    people = {i["professional"]: i for i in frozen["invitees"]}
    assert VT not in people and people[VT_BACKUP]["gemeenten"] == ["GM1705", "GM1734"]
    assert RVDK not in people and RVDK_BACKUP in people


def test_online_meeting_drops_the_travel_hour(api: Api) -> None:
    key = create(api, "2032-03-10", SR, online=True)
    il = ok(api, LIST, m=key)["inviteList"]
    assert {i["hours"] for i in il["invitees"]} == {3.0}
    assert il["requiredTypes"] == [{"orgType": t, "minimum": 1} for t in ("LOKAAL_TEAM", "GI", "VEILIG_THUIS", "RVDK")]


def test_freeze_later_change_and_diff(api: Api) -> None:
    key = create(api, "2033-03-10", "SR-JZ28-de-liemers")
    frozen = ok(api, FREEZE, m=key)["freezeInviteList"]
    assert frozen["frozen"] and {i["status"] for i in frozen["invitees"]} == {"INVITED"}
    before = {i["professional"] for i in frozen["invitees"]}
    lt = next(p for p in before if p != VT)
    old_email = api.service.projection.node(lt)["email"]
    api.service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=lt,
                                              props={"email": "nieuw.adres@demo.jbnet.example"})]), "test")
    il = ok(api, LIST, m=key)["inviteList"]
    assert {i["professional"] for i in il["invitees"]} == before
    assert next(i for i in il["invitees"] if i["professional"] == lt)["email"] == old_email
    diff = ok(api, DIFF, m=key)["inviteDiff"]
    assert not diff["empty"] and diff["added"] == [] and diff["removed"] == []
    assert diff["changed"] == [{"professional": lt, "frozen": {"email": old_email},
                                "now": {"email": "nieuw.adres@demo.jbnet.example"}}]
    err = error(api, FREEZE, m=key)
    assert "vastgezet; zie de wijzigingen" in err["message"] and err["extensions"]["code"] == "BAD_USER_INPUT"
    assert err["extensions"]["messageCode"] == "invite.already_frozen" and err["extensions"]["params"]["meeting"] == key


def test_rsvp_attendance_and_history(api: Api) -> None:
    key = create(api, "2034-03-10", SR)
    ok(api, FREEZE, m=key)
    mine = create_token(api.service.store, role=Role.PROFESSIONAL, name="vt person", professional_key=VT)
    rsvp = """mutation($m: String!, $p: String!, $s: RsvpStatus!) {
      rsvp(meeting: $m, professional: $p, status: $s) { status } }"""
    assert ok(api, rsvp, token=mine, m=key, p=VT, s="ACCEPTED")["rsvp"] == {"status": "ACCEPTED"}
    other = next(i["professional"] for i in ok(api, LIST, m=key)["inviteList"]["invitees"] if i["professional"] != VT)
    assert error(api, rsvp, token=mine, m=key, p=other, s="DECLINED")["extensions"]["code"] == "FORBIDDEN"
    refused = error(api, rsvp, m=key, p=VT, s="MISSCHIEN")  # the enum refuses it before any resolver runs
    assert refused["extensions"]["messageCode"] == "input.not_in_enum"
    assert refused["extensions"]["params"] == {"value": "MISSCHIEN", "type": "RsvpStatus",
                                               "allowed": ["INVITED", "ACCEPTED", "DECLINED", "TENTATIVE"]}
    att = """mutation($m: String!, $p: String!) { recordAttendance(meeting: $m, professional: $p, attended: true,
             hours: 3.5) { attended hours status } }"""
    assert ok(api, att, m=key, p=VT)["recordAttendance"] == {"attended": True, "hours": 3.5, "status": "ACCEPTED"}
    hist = ok(api, """query($p: String!) { attendanceHistory(professional: $p) { meeting attended hours } }""",
              token=mine, p=VT)["attendanceHistory"]
    assert {"meeting": key, "attended": True, "hours": 3.5} in hist


def test_permissions(api: Api) -> None:
    key = create(api, "2035-03-10", SR)
    jz21 = create_token(api.service.store, role=Role.COORDINATOR, scope="JZ21", name="coordinator food valley")
    err = error(api, CREATE, token=jz21, input={"region": SR, "date": "2035-04-01"})
    assert err["message"] == ("Bijeenkomsten van JZ28 aanmaken: alleen een coördinator van JZ28 of een beheerder; "
                              "u bent coördinator van JZ21.")
    assert err["extensions"]["params"] == {"action": "create", "scope": "JZ21", "region": "JZ28"}
    assert err["extensions"]["code"] == "FORBIDDEN"
    assert error(api, CREATE, "professional", input={"region": SR, "date": "2035-04-01"})["extensions"]["code"] == \
        "FORBIDDEN"
    assert error(api, CREATE, None, input={"region": SR, "date": "2035-04-01"})["extensions"]["code"] == \
        "UNAUTHENTICATED"
    assert error(api, LIST, token=jz21, m=key)["extensions"]["code"] == "FORBIDDEN"
    assert error(api, PREVIEW, "professional", s=SR, d="2035-04-01")["extensions"]["code"] == "FORBIDDEN"
    ok(api, CREATE, "admin", input={"region": SR, "date": "2035-04-02"})
    # a professional sees a meeting once invited, and never gets export links
    mine = create_token(api.service.store, role=Role.PROFESSIONAL, name="vt 2035", professional_key=VT)
    assert error(api, "query($k: String!) { meeting(key: $k) { key } }", token=mine, k=key)["extensions"]["code"] == \
        "FORBIDDEN"
    ok(api, FREEZE, m=key)
    seen = ok(api, "query($k: String!) { meeting(key: $k) { key exportLinks { url } } }", token=mine, k=key)
    assert seen["meeting"] == {"key": key, "exportLinks": []}
    assert ok(api, LIST, token=mine, m=key)["inviteList"]["frozen"]
    mine_list = ok(api, "query { meetings(year: 2035) { key } }", token=mine)["meetings"]
    assert mine_list == [{"key": key}]  # "my meetings": only those I am invited to
    assert error(api, 'query { meetings(region: "SR-JZ28-arnhem") { key } }', token=mine)["extensions"]["code"] == \
        "FORBIDDEN"


@pytest.mark.parametrize(("variables", "message"), [
    # A Date the calendar lacks is refused by the Date scalar, naming field and value (input.variable_field).
    ({"input": {"region": SR, "date": "2035-02-30"}}, "variabele $input, veld date: '2035-02-30' is geen datum"),
    ({"input": {"region": "SR-JZ28-arnhm", "date": "2035-02-01"}}, "Bedoelt u SR-JZ28-arnhem"),
])
def test_bad_input_gets_a_clear_error(api: Api, variables: dict[str, Any], message: str) -> None:
    err = error(api, CREATE, **variables)
    assert message in err["message"] and err["extensions"]["code"] in ("BAD_USER_INPUT", "NOT_FOUND")


REASONS = """query($m: String!) { inviteList(meeting: $m) {
  invitees { professional reason reasons { code params message } }
  coverage { gemeente orgType note noteExplanation { code } } } }"""


def _reasons(api: Api, key: str, lang: str) -> dict[str, Any]:
    r = api.post(REASONS, api.tokens["coordinator"], {"m": key}, headers={"Accept-Language": lang})
    assert r.status_code == 200 and not r.json().get("errors"), r.text
    return {i["professional"]: i for i in r.json()["data"]["inviteList"]["invitees"]}


def test_invitee_reasons_are_messages_in_the_asked_language(api: Api) -> None:
    # Why someone is invited is data (code + params) rendered per request, live and after freezing alike;
    # never the debug form "coverage.via_region(gemeente=…)".
    key = create(api, "2045-03-10", SR)
    for frozen in (False, True):
        nl, en = _reasons(api, key, "nl"), _reasons(api, key, "en")
        vt_nl, vt_en = nl[VT], en[VT]
        assert {r["code"] for r in vt_nl["reasons"]} == {"coverage.via_region"}
        assert {r["params"]["gemeente"] for r in vt_nl["reasons"]} == {"Arnhem", "Rozendaal"}
        assert all(r["message"].startswith("Werkt voor ") for r in vt_nl["reasons"])
        assert all(r["message"].startswith("Works for ") for r in vt_en["reasons"])
        assert vt_nl["reason"] == "; ".join(r["message"] for r in vt_nl["reasons"])
        assert "(" not in vt_nl["reason"].split(" ")[0] and "coverage." not in vt_nl["reason"], frozen
        if not frozen:
            ok(api, FREEZE, m=key)
    # the stored coverage notes come back as messages too
    r = api.post(REASONS, api.tokens["coordinator"], {"m": key})
    for c in r.json()["data"]["inviteList"]["coverage"]:
        assert c["note"] is None or not c["note"].startswith("{"), c


def test_chair_reasons_name_the_body(api: Api) -> None:
    q = """query { chairsInviteList(kind: RET) { invitees { reason reasons { code params message } } } }"""
    nl = ok(api, q, "governance")["chairsInviteList"]["invitees"]
    r = api.post(q, api.tokens["governance"], headers={"Accept-Language": "en"})
    en = r.json()["data"]["chairsInviteList"]["invitees"]
    assert {x["code"] for i in nl for x in i["reasons"]} == {"invite.reason.chair"}
    assert all(i["reason"].startswith("voorzitter van ") for i in nl)
    assert all(i["reason"].startswith("chair of ") for i in en)


def test_a_meeting_without_a_name_is_called_by_kind_region_and_date(api: Api) -> None:
    # The date is a parameter, not ISO text inside a stored name: each language words it.
    key = create(api, "2045-05-12", SR)
    assert not api.service.projection.node(key).get("name")
    q = "query($k: String!) { meeting(key: $k) { name } }"
    assert ok(api, q, k=key)["meeting"]["name"] == "Samenwerkingsbijeenkomst Arnhem vr 12 mei 2045"
    r = api.post(q, api.tokens["coordinator"], {"k": key}, headers={"Accept-Language": "en"})
    assert r.json()["data"]["meeting"]["name"] == "Collaboration meeting Arnhem Fri 12 May 2045"
    named = create(api, "2045-05-13", SR, name="Kennismaking nieuwe LT's")
    assert ok(api, q, k=named)["meeting"]["name"] == "Kennismaking nieuwe LT's"


def test_my_meetings_without_a_professional_is_a_coded_error(api: Api) -> None:
    err = error(api, "query { meetings { key } }")
    assert err["extensions"]["code"] == "BAD_USER_INPUT" and err["extensions"]["messageCode"] == "meeting.region_needed"
    assert err["message"].startswith("geef een regio")
