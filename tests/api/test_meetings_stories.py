"""DOMAIN.md §5.2, the coordinators' user stories, one test each, through the real app over HTTP.

Gelderland demo data (``jbnet init --demo``); each story uses its own year or subregio so they do not
interfere. Food Valley (JZ21) gemeenten are served by two GIs (Jeugdbescherming Gelderland and the
William Schrikker Stichting), which story 2 relies on.
"""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from api.auth import Role, create_token
from graph.queries.meetings import subregio_versions
from graph.queries.regions import gemeenten_in
from graph.schema import Label, RelType
from tests.api.conftest import Api
from tests.api.test_meetings_graphql import CREATE, FREEZE, LIST, PREVIEW, RVDK, SR, VT, VT_BACKUP, create, error, ok


def _token(api: Api, role: Role, **kw: str) -> str:
    return create_token(api.service.store, role=role, name=f"story {role.value} {kw}", **kw)


def test_story_5_2_1_define_and_version_subregios(api: Api) -> None:
    p = api.service.projection
    jz21 = _token(api, Role.COORDINATOR, scope="JZ21")
    old = "SR-JZ21-barneveld-en-nijkerk"
    assert gemeenten_in(p, old) == ["GM0203", "GM0267"]  # Barneveld, Nijkerk
    mutation = """mutation($g: [String!]!) { defineSubregio(jeugdhulpregio: "JZ21", name: "Nijkerk", gemeenten: $g,
                  validFrom: "2027-01-01", agreedOn: "2026-11-20") { code version agreedOn } }"""
    made = ok(api, mutation, token=jz21, g=["GM0267"])["defineSubregio"]
    assert made == {"code": "SR-JZ21-nijkerk", "version": 1, "agreedOn": "2026-11-20"}
    # the old subregio lost Nijkerk from 2027 on: a new version; the old membership is closed, not deleted
    assert p.node(old)["version"] == 2
    assert gemeenten_in(p, old, on="2026-12-31") == ["GM0203", "GM0267"]
    assert gemeenten_in(p, old, on="2027-01-01") == ["GM0203"]
    assert [v.gemeenten for v in subregio_versions(p, old)] == [("GM0203", "GM0267"), ("GM0203",)]
    assert any(d.get("valid_to") == "2027-01-01" for _, d in p.in_edges(old, RelType.IN_SUBREGIO, all_time=True))
    # the new subregio can be planned for before its definition is in force
    planned = ok(api, CREATE, token=jz21, input={"region": "SR-JZ21-nijkerk", "date": "2027-03-01"})
    assert planned["createMeeting"]["jeugdhulpregio"] == "JZ21"
    preview = ok(api, PREVIEW, token=jz21, s="SR-JZ21-nijkerk", d="2027-03-01")["invitePreview"]
    assert {c["gemeente"] for c in preview["coverage"]} == {"GM0267"}
    # only the region's own coordinator (or an admin) defines its subregio's; bad gemeenten are refused
    err = error(api, mutation, g=["GM0267"])
    assert err["message"] == ("Bijeenkomsten van JZ21 subregio's vastleggen: alleen een coördinator van JZ21 of een "
                              "beheerder; u bent coördinator van JZ28.")
    err = error(api, mutation.replace("Nijkerk", "Arnhem erbij"), token=jz21, g=["GM0202"])
    assert "GM0202 (Arnhem) ligt niet in jeugdhulpregio JZ21" in err["message"]


def test_story_5_2_2_invite_list_lt_every_gi_vt_rvdk(api: Api) -> None:
    jz21 = _token(api, Role.COORDINATOR, scope="JZ21")
    data = ok(api, PREVIEW, token=jz21, s="SR-JZ21-ede-en-scherpenzeel", d="2026-12-01")["invitePreview"]
    cov = {(c["gemeente"], c["orgType"].lower()): c for c in data["coverage"]}
    for gm in ("GM0228", "GM0279"):  # Ede, Scherpenzeel
        for org_type in ("lokaal_team", "gi", "veilig_thuis", "rvdk"):
            assert cov[(gm, org_type)]["status"] == "COVERED", cov[(gm, org_type)]
    # every GI active in Ede is there, each at its own level (JVV covers all of Gelderland): one invitee
    # per GI organisation
    people = {i["professional"]: i for i in data["invitees"]}
    gi_people = cov[("GM0228", "gi")]["professionals"]
    assert len(gi_people) == 3
    assert {_org_of(api, k) for k in gi_people} == {"org-jbg", "org-wss", "org-gi-jeugd-veilig-verder"}
    assert all(people[k]["orgTypes"] == ["GI"] for k in gi_people)


def _org_of(api: Api, prof: str) -> str:
    return next(o for o, _ in api.service.projection.out_edges(prof, RelType.WORKS_AT))


def test_story_5_2_3_composition_check_shows_gaps(api: Api) -> None:
    region = "SR-JZ28-de-liemers"
    rules = ok(api, """mutation { setInviteRules(region: "SR-JZ28-de-liemers",
                 types: [{orgType: POLITIE, minimum: 2}, {orgType: RVDK, minimum: 2}]) {
                 types { orgType minimum } maxHoursPerYear } }""")["setInviteRules"]
    assert {t["orgType"].lower(): t["minimum"] for t in rules["types"]} == {
        "lokaal_team": 1, "gi": 1, "veilig_thuis": 1, "rvdk": 2, "politie": 2}
    data = ok(api, PREVIEW, s=region, d="2026-12-01")["invitePreview"]
    gemeenten = gemeenten_in(api.service.projection, region)
    cov = {(c["gemeente"], c["orgType"].lower()): c for c in data["coverage"]}
    assert set(cov) == {(gm, t) for gm in gemeenten for t in ("lokaal_team", "gi", "veilig_thuis", "rvdk", "politie")}
    for gm in gemeenten:
        assert cov[(gm, "rvdk")]["status"] == "BACKUP"  # a second RvdK person: the backup is needed
        assert cov[(gm, "rvdk")]["professionals"] == [RVDK, "prof-demo-0394"]
        assert cov[(gm, "lokaal_team")]["status"] == "COVERED"
    names = [str(api.service.projection.node(gm)["name"]) for gm in gemeenten]
    # the demo has one politie contact for the veiligheidsregio: short of the minimum of 2, a named gap
    assert data["gaps"] == [f"{name}: 1 van de 2 contacten van Politie" for name in names]
    assert all(cov[(gm, "politie")]["status"] == "MISSING" for gm in gemeenten)
    err = error(api, """mutation { setInviteRules(region: "SR-JZ28-de-liemers", types: [{orgType: GGZZ,
                minimum: 1}]) { maxHoursPerYear } }""")
    assert "OrganisationKind" in err["message"] and "GGZZ" in err["message"]  # refused by the schema
    ok(api, """mutation { setInviteRules(region: "SR-JZ28-de-liemers", types: [{orgType: POLITIE, minimum: 0},
           {orgType: RVDK, minimum: 1}]) { maxHoursPerYear } }""")


def test_story_5_2_4_hours_warning_over_8_per_year(api: Api) -> None:
    ok(api, FREEZE, m=create(api, "2040-03-10", SR))
    ok(api, FREEZE, m=create(api, "2040-06-10", "SR-JZ28-overbetuwe-en-lingewaard"))
    third = create(api, "2040-10-06", "SR-JZ28-veluwezoom-en-wageningen")
    il = ok(api, LIST, m=third)["inviteList"]
    assert il["hoursPerMeeting"] == 4 and il["maxHoursPerYear"] == 8
    vt = next(i for i in il["invitees"] if i["professional"] == VT)
    assert (vt["hours"], vt["hoursOther"], vt["overBudget"], vt["proposedBackup"]) == (4, 8, True, VT_BACKUP)
    assert VT in il["overBudget"]
    online = create(api, "2040-11-06", "SR-JZ28-veluwezoom-en-wageningen", online=True)
    assert {i["hours"] for i in ok(api, LIST, m=online)["inviteList"]["invitees"]} == {3}


def test_story_5_2_5_track_two_meetings_per_year(api: Api) -> None:
    plan_q = """query { meetingPlan(year: 2041, jeugdhulpregio: "JZ28") { met required shortSubregios
                rows { subregio shortBy meetings { key date } } } }"""
    plan = ok(api, plan_q)["meetingPlan"]
    assert plan["required"] == 2 and not plan["met"] and len(plan["shortSubregios"]) == 4
    for sr in plan["shortSubregios"]:
        create(api, "2041-03-01", sr)
    plan = ok(api, plan_q)["meetingPlan"]
    assert not plan["met"] and all(r["shortBy"] == 1 for r in plan["rows"])
    create(api, "2041-10-01", "JZ28")  # one region-wide meeting counts for every subregio
    plan = ok(api, plan_q)["meetingPlan"]
    assert plan["met"] and plan["shortSubregios"] == [] and all(len(r["meetings"]) == 2 for r in plan["rows"])


def test_story_5_2_6_contactbeheer_publish_per_organisation_and_gemeente(api: Api) -> None:
    party = ok(api, """query { responsibleParty(jeugdhulpregio: "JZ28") { updateRhythmMonths
                       organisation { key } } }""")["responsibleParty"]
    assert party["updateRhythmMonths"] >= 1
    links = ok(api, 'query { contactDirectoryLinks(jeugdhulpregio: "JZ28") { format url } }')["contactDirectoryLinks"]
    url = {link["format"]: link["url"] for link in links}
    auth = {"Authorization": f"Bearer {api.tokens['coordinator']}"}
    wb = load_workbook(io.BytesIO(api.client.get(url["XLSX"], headers=auth).content))
    assert wb.sheetnames == ["Per gemeente", "Per organisatie"]
    per_gemeente = list(wb["Per gemeente"].iter_rows(values_only=True))
    header, rows = per_gemeente[0], per_gemeente[1:]
    names = {str(api.service.projection.node(gm)["name"]) for gm in gemeenten_in(api.service.projection, "JZ28")}
    kinds = {(r[header.index("Gemeente")], r[header.index("Soort organisatie")]) for r in rows}
    assert kinds == {(n, k) for n in names for k in ("Lokaal Team", "Gecertificeerde instelling (GI)", "Veilig Thuis",
                                                     "Raad voor de Kinderbescherming")}
    per_org = [r[header.index("Organisatie")] for r in list(wb["Per organisatie"].iter_rows(values_only=True))[1:]]
    assert per_org == sorted(per_org)
    text = api.client.get(url["CSV"], headers=auth).content.decode("utf-8").lstrip("\ufeff")
    assert len(list(csv.DictReader(io.StringIO(text), delimiter=";"))) == len(rows)
    audit = [e for e in api.service.store.history("JZ28") if e.op == "audit.export"]
    assert [e.after["format"] for e in audit[-2:]] == ["xlsx", "csv"]
    # the update requests on the agreed schedule: what is past the rhythm for the responsible party
    ok(api, 'query { staleContacts(jeugdhulpregio: "JZ28") { rhythmMonths reason } }')
    jz21 = _token(api, Role.COORDINATOR, scope="JZ21")
    assert api.client.get(url["CSV"], headers={"Authorization": f"Bearer {jz21}"}).status_code == 403


def test_story_5_2_7_area_bound_professionals_not_mailboxes(api: Api) -> None:
    data = ok(api, """query { invitePreview(subregio: "SR-JZ28-arnhem", date: "2026-12-01") {
                 invitees { professional email positions } } }""")["invitePreview"]
    p = api.service.projection
    mailboxes = {str(p.node(o).get("email")) for o in p.keys(Label.ORGANISATION) if p.node(o).get("email")}
    for i in data["invitees"]:
        assert p.label_of(i["professional"]) == "Professional"
        assert i["positions"], i  # chosen through a position covering the area (work-area assignment)
        for pos in i["positions"]:
            assert p.out_edges(pos, RelType.COVERS), pos
        assert i["email"] not in mailboxes


def test_story_5_2_8_co_designers_and_programme_elements(api: Api) -> None:
    key = create(api, "2042-03-10", SR)
    # elements are the ProgrammeElement enum over PROGRAMME_ELEMENTS, answered in the domain's order
    data = ok(api, """mutation($m: String!, $c: [String!]) { setProgramme(meeting: $m,
                elements: [LEERELEMENT, KENNISMAKING, KERNWAARDEN, BOUWSTENEN, ESCALATIEMODEL, AANMELDPROCES],
                coDesigners: $c) { programme coDesigners } }""", m=key, c=[VT])
    assert data["setProgramme"] == {"programme": ["KENNISMAKING", "KERNWAARDEN", "BOUWSTENEN", "ESCALATIEMODEL",
                                                  "AANMELDPROCES", "LEERELEMENT"], "coDesigners": [VT]}
    # an element outside the list (or the old lower-case string) is refused by validation, nothing is written
    for written in ('"kennismaking"', "BORREL"):
        refused = api.gql(f"""mutation($m: String!) {{ setProgramme(meeting: $m, elements: [{written}]) {{
                          key }} }}""", "coordinator", {"m": key})
        assert refused["errors"][0]["extensions"]["messageCode"] == "input.not_in_enum", refused
    again = ok(api, 'query($m: String!) { meeting(key: $m) { programme } }', m=key)
    assert again["meeting"]["programme"] == data["setProgramme"]["programme"]
    err = error(api, """mutation($m: String!) { setProgramme(meeting: $m, coDesigners: ["prof-demo-0001"]) {
                key } }""", m=key)
    assert "prof-demo-0001 staat niet op de uitnodigingslijst" in err["message"]


def test_story_5_2_9_link_existing_regional_initiative(api: Api) -> None:
    thema = ok(api, CREATE, input={"region": "JZ28", "date": "2021-06-24", "kind": "THEMABIJEENKOMST",
                                   "name": "Themabijeenkomst bescherming en veiligheid"})["createMeeting"]["key"]
    key = create(api, "2021-06-24", SR)
    linked = ok(api, """mutation($m: String!, $i: String!) { linkInitiative(meeting: $m, initiative: $i) {
                 key initiative } }""", m=key, i=thema)["linkInitiative"]
    assert linked == {"key": key, "initiative": thema}
    created = ok(api, CREATE, input={"region": "SR-JZ28-de-liemers", "date": "2021-06-24",
                                     "initiative": thema})["createMeeting"]
    assert ok(api, "query($k: String!) { meeting(key: $k) { initiative } }", k=created["key"])["meeting"] == {
        "initiative": thema}


def test_story_5_2_10_reuse_list_for_lokale_leergroep(api: Api) -> None:
    src = create(api, "2043-03-10", SR)
    frozen = ok(api, FREEZE, m=src)["freezeInviteList"]
    made = ok(api, """mutation($m: String!) { reuseForLeergroep(meeting: $m, date: "2043-09-01") {
                 key kind sourceMeeting status } }""", m=src)["reuseForLeergroep"]
    assert made["kind"] == "LOKALE_LEERGROEP" and made["sourceMeeting"] == src and made["status"] == "FROZEN"
    leer = ok(api, LIST, m=made["key"])["inviteList"]
    assert sorted(i["professional"] for i in leer["invitees"]) == sorted(i["professional"]
                                                                         for i in frozen["invitees"])


def test_story_5_2_11_jbt_evaluation_meeting_invite_list(api: Api) -> None:
    key = ok(api, CREATE, input={"region": "JZ28", "date": "2044-05-01", "kind": "JBT_EVALUATIE"})["createMeeting"]
    il = ok(api, LIST, m=key["key"])["inviteList"]
    p = api.service.projection
    chair = next(src for src, d in p.in_edges("body-jbt-centraal-gelderland", RelType.MEMBER_OF)
                 if d.get("role") == "voorzitter")
    people = {i["professional"] for i in il["invitees"]}
    assert chair in people
    covered = {(c["gemeente"], c["orgType"].lower()) for c in il["coverage"] if c["status"] != "MISSING"}
    for gm in gemeenten_in(p, "JZ28"):
        assert {(gm, t) for t in ("lokaal_team", "veilig_thuis", "rvdk", "gi")} <= covered
    assert {VT, RVDK} <= people


def test_story_5_2_12_province_wide_chairs_lists(api: Api) -> None:
    q = """query($k: ChairsBodyKind!) { chairsInviteList(kind: $k) { invitees { professional reason gemeenten } } }"""
    jbt = ok(api, q, "governance", k="JEUGDBESCHERMINGSTAFEL")["chairsInviteList"]["invitees"]
    ret = ok(api, q, "governance", k="RET")["chairsInviteList"]["invitees"]
    assert len(jbt) == 7 and len(ret) == 7  # seven tables and seven RETs in Gelderland (000:1508, 000:2675)
    assert len({tuple(i["gemeenten"]) for i in jbt}) == 7  # one chair per jeugdhulpregio
    assert error(api, q, "coordinator", k="RET")["extensions"]["code"] == "FORBIDDEN"
    meeting = ok(api, CREATE, "governance", input={"date": "2044-06-01", "kind": "JBT_VOORZITTERS",
                                                   "place": "Provinciehuis Arnhem"})["createMeeting"]
    listed = ok(api, LIST, "governance", m=meeting["key"])["inviteList"]["invitees"]
    assert sorted(i["professional"] for i in listed) == sorted(i["professional"] for i in jbt)
    err = error(api, CREATE, "coordinator", input={"date": "2044-06-01", "kind": "RET_VOORZITTERS"})
    assert err["extensions"]["code"] == "FORBIDDEN"
