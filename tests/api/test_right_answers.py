"""Issue #14: right answers where a real region is complicated, over HTTP with real GraphQL.

Each test failed on main before its fix. Two networks: the Gelderland demo (``api``) and a workbook
of our own (``wb_api``): the shipped example plus two more GIs for Arnhem, so that three GIs serve
GM0202 at three different levels.
"""

from __future__ import annotations

import copy
import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.auth import Role, create_token
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.settings import Settings
from graph.store.base import ChangeBatch
from graph.store.sqlite_store import SQLiteStore
from loaders.example import EXAMPLE_ROWS
from loaders.reference import reference_batches
from loaders.workbook import import_workbook
from loaders.workbook_writer import write_workbook
from tests.api.conftest import Api, ok
from tests.support import serve
from tests.web.conftest import login

ON = "2026-11-01"
CONTACT = "professional { key name } position { key name } organisation { key name } priority rank vacantSince"
COUNTERPARTS = f"""query($g: String!, $t: OrganisationKind!, $on: Date, $case: String) {{
    counterparts(gemeente: $g, organisationType: $t, on: $on, caseRef: $case) {{
        coveredAt usedFallback note contacts {{ {CONTACT} }}
        organisations {{ organisation {{ key name }} coveredAt onCase contacts {{ {CONTACT} }} }} }} }}"""


def counterparts(api: Api, gemeente: str, org_type: str, case: str | None = None) -> dict[str, Any]:
    return ok(api.gql(COUNTERPARTS, "professional", {"g": gemeente, "t": org_type, "on": ON,
                                                    "case": case}))["counterparts"]


def _own_rows() -> dict[str, list[dict[str, Any]]]:
    rows = copy.deepcopy(EXAMPLE_ROWS)
    rows["organisaties"] += [
        {"sleutel": "org-vb-wss", "naam": "William Schrikker (voorbeeld)", "type": "gi", "bron": "voorbeeld",
         "demo": "ja", "bedient": "JZ28"},
        {"sleutel": "org-vb-ldh", "naam": "Leger des Heils J&R (voorbeeld)", "type": "gi", "bron": "voorbeeld",
         "demo": "ja", "bedient": "GM0202"},
    ]
    rows["professionals"] += [
        {"sleutel": "prof-vb-101", "naam": "Wim Schets", "functie": "Jeugdbeschermer", "organisatie": "org-vb-wss",
         "demo": "ja"},
        {"sleutel": "prof-vb-102", "naam": "Wanda Schets", "functie": "Jeugdbeschermer", "organisatie": "org-vb-wss",
         "demo": "ja"},
        {"sleutel": "prof-vb-103", "naam": "Lea Heils", "functie": "Jeugdbeschermer", "organisatie": "org-vb-ldh",
         "demo": "ja"},
    ]
    rows["posities"] += [
        {"sleutel": "pos-vb-wss-cg", "naam": "WSS jeugdbeschermer Centraal Gelderland", "rol": "jeugdbeschermer",
         "organisatie": "org-vb-wss", "dekt": "JZ28"},
        {"sleutel": "pos-vb-ldh-arnhem", "naam": "LdH jeugdbeschermer Arnhem", "rol": "jeugdbeschermer",
         "organisatie": "org-vb-ldh", "dekt": "GM0202"},
    ]
    rows["bezetting"] += [
        {"positie": "pos-vb-wss-cg", "professional": "prof-vb-101", "prioriteit": "primary", "rang": 1},
        {"positie": "pos-vb-wss-cg", "professional": "prof-vb-102", "prioriteit": "backup", "rang": 2},
        {"positie": "pos-vb-ldh-arnhem", "professional": "prof-vb-103", "prioriteit": "primary", "rang": 1},
    ]
    return rows


@pytest.fixture(scope="module")
def wb_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    tmp = tmp_path_factory.mktemp("own-workbook")
    store = SQLiteStore(tmp / "jbnet.sqlite")
    store.apply_many(reference_batches(), "test reference")
    result = import_workbook(write_workbook(tmp / "wb", _own_rows()), store, actor="test import")
    assert result.ok, result.report.format()
    tokens = {role.value: create_token(store, role=role, name=f"test {role.value}",
                                       scope="JZ28" if role is Role.COORDINATOR else None) for role in Role}
    settings = Settings(db_path=Path(os.devnull), poll_seconds=0.2)
    service = GraphService(store, settings=settings)
    with serve(create_app(settings, service)) as base_url, httpx.Client(base_url=base_url, timeout=30) as client:
        yield Api(base_url, service, tokens, "sqlite", client)
    store.close()


def _orgs(answer: dict[str, Any]) -> list[tuple[str, str]]:
    return [(g["organisation"]["key"], g["coveredAt"]) for g in answer["organisations"]]


# ---------------------------------------------------------------------- 1. every GI answers, per organisation
def test_every_gi_serving_arnhem_answers_each_at_its_own_level(api: Api) -> None:
    a = counterparts(api, "GM0202", "GI")
    assert _orgs(a) == [("org-jbg", "GEMEENTE"), ("org-wss", "JEUGDHULPREGIO"),
                        ("org-gi-jeugd-veilig-verder", "PROVINCIE")]
    for group in a["organisations"]:
        assert group["contacts"][0]["priority"] == "PRIMARY"
        assert {c["organisation"]["key"] for c in group["contacts"]} == {group["organisation"]["key"]}
    # The flat list keeps the group order: JBG's primary and backup before the WSS contact.
    assert [c["organisation"]["key"] for c in a["contacts"]][:3] == ["org-jbg", "org-jbg", "org-wss"]
    assert a["coveredAt"] == "GEMEENTE" and not a["usedFallback"]


def test_the_gi_holding_the_case_comes_first(api: Api) -> None:
    p = api.service.projection
    jvv_people = {src for src, _ in p.in_edges("pos-jvv-gelderland", RelType.HOLDS, on=ON)}
    case, gemeente = next((c, gm) for c in sorted(p.keys(Label.CASE))
                          for prof, _ in p.in_edges(c, RelType.ON_CASE, on=ON) if prof in jvv_people
                          for gm, _ in p.out_edges(c, RelType.FOR_GEMEENTE, all_time=True))
    assert _orgs(counterparts(api, gemeente, "GI"))[0][0] == "org-jbg"  # without the case JBG comes first
    a = counterparts(api, gemeente, "GI", case)
    assert a["organisations"][0]["organisation"]["key"] == "org-gi-jeugd-veilig-verder"
    assert a["organisations"][0]["onCase"] and not any(g["onCase"] for g in a["organisations"][1:])
    assert "org-jbg" in [k for k, _ in _orgs(a)]


def test_own_workbook_three_gis_ordered_by_specificity_then_name(wb_api: Api) -> None:
    a = counterparts(wb_api, "GM0202", "GI")
    assert _orgs(a) == [("org-vb-ldh", "GEMEENTE"), ("org-vb-gi-team-arnhem", "SUBREGIO"),
                        ("org-vb-wss", "JEUGDHULPREGIO")]
    wss = a["organisations"][2]["contacts"]
    assert [(c["professional"]["key"], c["priority"]) for c in wss] == [("prof-vb-101", "PRIMARY"),
                                                                        ("prof-vb-102", "BACKUP")]
    # Renkum is only in the subregio and the jeugdhulpregio: two GIs, LdH does not cover it.
    assert _orgs(counterparts(wb_api, "GM0274", "GI")) == [("org-vb-gi-team-arnhem", "SUBREGIO"),
                                                           ("org-vb-wss", "JEUGDHULPREGIO")]


def test_invite_list_of_every_jz28_subregio_invites_every_gi(api: Api) -> None:
    for sr in ("SR-JZ28-arnhem", "SR-JZ28-de-liemers", "SR-JZ28-overbetuwe-en-lingewaard",
               "SR-JZ28-veluwezoom-en-wageningen"):
        data = ok(api.gql("""query($r: String!) { invitePreview(subregio: $r, date: "2026-12-01") {
            invitees { professional organisation orgTypes } } }""", "coordinator", {"r": sr}))
        gi_orgs = {i["organisation"] for i in data["invitePreview"]["invitees"] if "GI" in i["orgTypes"]}
        assert {"org-jbg", "org-wss", "org-gi-jeugd-veilig-verder"} <= gi_orgs, (sr, gi_orgs)


def test_contact_directory_export_lists_every_gi(wb_api: Api) -> None:
    r = wb_api.client.get("/exports/contacts/JZ28.csv",
                          headers={"Authorization": f"Bearer {wb_api.tokens['coordinator']}"})
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    arnhem_gi = [(row["Organisatie"], row["Naam"]) for row in rows
                 if row["Gemeente"] == "Arnhem" and row["Soort organisatie"] == "Gecertificeerde instelling (GI)"]
    assert [org for org, _ in arnhem_gi] == ["Leger des Heils J&R (voorbeeld)", "GI team Arnhem (voorbeeld)",
                                             "GI team Arnhem (voorbeeld)", "William Schrikker (voorbeeld)",
                                             "William Schrikker (voorbeeld)"]


# ---------------------------------------------------------------------- 2. a fallback stand-in is a named gap


def test_invite_preview_names_the_rvdk_vacancy_behind_the_fallback(api: Api) -> None:
    data = ok(api.gql("""{ invitePreview(subregio: "JZ25", date: "2026-12-01") { gaps
        coverage { gemeente gemeenteName orgType status gap vacantSince note } } }""", "admin"))["invitePreview"]
    rvdk = [c for c in data["coverage"] if c["orgType"] == "RVDK"]
    assert rvdk and all(c["status"] == "FALLBACK" and c["gap"] and c["vacantSince"] == "2026-09-15" for c in rvdk)
    assert len(data["gaps"]) >= len(rvdk)
    for c in rvdk:
        assert c["note"] in data["gaps"] and "15 september 2026" in c["note"]  # rendered from invite.gap.*
        assert "regionale contactpersoon" in c["note"]


def test_coverage_matrix_and_governance_check_show_the_vacancy(api: Api) -> None:
    data = ok(api.gql("""{ coverageMatrix(code: "JZ25", orgTypes: [RVDK, GI]) { rows { gemeente gaps
            vacancies { type vacantSince } } }
        governanceCheck(code: "JZ25") { findings { rule subject params { name value } } } }""", "admin"))
    rows = data["coverageMatrix"]["rows"]
    assert rows and all(r["gaps"] == ["RVDK"] and r["vacancies"] == [{"type": "RVDK", "vacantSince": "2026-09-15"}]
                        for r in rows)
    found = [f for f in data["governanceCheck"]["findings"] if f["rule"] == "coverage.vacancy"]
    assert {f["subject"] for f in found} == {r["gemeente"] for r in rows}
    params = {p["name"]: p["value"] for p in found[0]["params"]}
    assert params["code"] == "vacant_fallback" and params["vacant_since"] == "2026-09-15"
    assert params["org_type"] == "rvdk"


# ---------------------------------------------------------------------- 8. organisation-level answer
ORG_LEVEL = """query($g: String!, $t: OrganisationKind!) { counterparts(gemeente: $g, organisationType: $t) {
    answeredAt note contacts { priority } organisations { organisation { key } }
    organisationLevel { organisation { key name } organisationLevel phone website source certainty servesAt
                        path { code } } } }"""


def _page(api: Api, path: str, role: str = "professional") -> str:
    with httpx.Client(base_url=api.base_url, timeout=30) as client:
        login(client, api.tokens[role])
        r = client.get(path)
        assert r.status_code == 200, r.text
        return r.text


def test_almere_gets_veilig_thuis_flevoland_at_organisation_level(api: Api) -> None:
    a = ok(api.gql(ORG_LEVEL, "professional", {"g": "GM0034", "t": "VEILIG_THUIS"}))["counterparts"]
    assert a["answeredAt"] == "ORGANISATION" and a["contacts"] == [] and a["organisations"] == []
    [vt] = a["organisationLevel"]
    assert vt["organisation"]["name"] == "Veilig Thuis Flevoland" and vt["organisationLevel"]
    assert vt["phone"] == "0800-2000" and vt["website"] == "veiligthuisflevoland.nl"
    assert vt["certainty"] == "ZEKER" and vt["source"] and "veiligthuisflevoland.nl" in vt["source"]
    assert vt["servesAt"] == "GEMEENTE" and "Veilig Thuis Flevoland" in a["note"]
    html = _page(api, "/gemeente/GM0034")
    assert "Veilig Thuis Flevoland" in html and "0800-2000" in html and "geen persoon bekend" in html


def test_a_person_answer_still_lists_serving_organisations_without_a_person(api: Api) -> None:
    a = ok(api.gql(ORG_LEVEL, "professional", {"g": "GM0202", "t": "VEILIG_THUIS"}))["counterparts"]
    assert a["answeredAt"] == "PERSON" and a["organisationLevel"] == []  # VT Gelderland-Midden has people


def test_own_workbook_answers_outside_its_network_at_organisation_level(wb_api: Api) -> None:
    a = ok(wb_api.gql(ORG_LEVEL, "professional", {"g": "GM0363", "t": "VEILIG_THUIS"}))["counterparts"]
    assert a["answeredAt"] == "ORGANISATION"
    assert [o["organisation"]["name"] for o in a["organisationLevel"]] == ["Veilig Thuis Amsterdam-Amstelland"]


# ---------------------------------------------------------------------- 3. cross-border regions in province views
SEVEN = ("Achterhoek", "Centraal Gelderland", "Food Valley", "Midden IJssel / Oost Veluwe", "Noord-Veluwe",
         "Rijk van Nijmegen", "Rivierenland")


def test_province_view_has_all_seven_tafels_and_rets_incl_cross_border(api: Api) -> None:
    data = ok(api.gql("""{ governance(code: "PV25", asOf: "2026-11-01") { bodies { key name kind } }
        networkMap(code: "PV25", asOf: "2026-11-01") { nodes { id name kind } } }""", "governance"))
    bodies = data["governance"]["bodies"]
    for kind, prefix in (("JEUGDBESCHERMINGSTAFEL", "Jeugdbeschermingstafel"), ("RET", "Regionaal Expertteam")):
        assert sorted(b["name"] for b in bodies if b["kind"] == kind) == [f"{prefix} {r}" for r in SEVEN]
    on_map = {n["name"] for n in data["networkMap"]["nodes"]}
    for region in ("Food Valley", "Rijk van Nijmegen", "Noord-Veluwe"):
        assert f"Jeugdbeschermingstafel {region}" in on_map and f"Regionaal Expertteam {region}" in on_map


def test_veiligheidsregio_view_includes_the_overlapping_jeugdhulpregio(api: Api) -> None:
    data = ok(api.gql("""{ governance(code: "VR07", asOf: "2026-11-01") { bodies { name kind } } }""",
                      "governance"))
    tafels = {b["name"] for b in data["governance"]["bodies"] if b["kind"] == "JEUGDBESCHERMINGSTAFEL"}
    assert tafels == {"Jeugdbeschermingstafel Centraal Gelderland", "Jeugdbeschermingstafel Food Valley"}
    # A jeugdhulpregio view is not widened: Food Valley's own view does not pull in Centraal Gelderland.
    own = ok(api.gql("""{ governance(code: "JZ21", asOf: "2026-11-01") { bodies { name kind } } }""",
                     "governance"))["governance"]["bodies"]
    assert {b["name"] for b in own if b["kind"] == "JEUGDBESCHERMINGSTAFEL"} == {"Jeugdbeschermingstafel Food Valley"}


# ---------------------------------------------------------------------- 5. every case step, rolled due dates
CASE = """query($r: String!) { case(ref: $r, today: "2026-11-01") { route status opened today
    deadlines { step due basis term unit countedFrom after rolled rolledFrom source } } }"""


def _case(api: Api, ref: str, route: str, opened: str, gemeente: str = "GM0228") -> dict[str, Any]:
    api.service.write(ChangeBatch(
        nodes=[Node(label=Label.CASE, key=ref, props={"ref": ref, "route": route, "status": "open",
                                                      "opened": opened, "step": 1})],
        edges=[Edge(type=RelType.FOR_GEMEENTE, src=ref, dst=gemeente, src_label=Label.CASE,
                    dst_label=Label.GEMEENTE, valid_from=opened)]), "test")
    case = ok(api.gql(CASE, "professional", {"r": ref}))["case"]
    assert (case["status"], case["opened"], case["today"]) == ("OPEN", opened, "2026-11-01")  # enum, Dates
    assert case["route"] == f"ROUTE_{route}"
    return {d["step"]: d for d in case["deadlines"]}


def test_route_301_lists_steps_1_to_6_with_3_4_and_5a(api: Api) -> None:
    steps = _case(api, "JB-TQ3K-7MWP", "301", "2026-10-05")  # a Monday
    assert list(steps) == ["STEP_1", "STEP_2", "STEP_3", "STEP_4", "STEP_2_4", "STEP_5A", "STEP_5B", "STEP_6"]
    first = steps["STEP_1"]
    assert (first["due"], first["unit"], first["term"]) == ("2026-10-08", "WERKDAGEN", 3)
    # step 3: 5 werkdagen after step 1; step 4: 5 werkdagen after step 3; 5A: 5 werkdagen after the clarity date
    three, four = steps["STEP_3"], steps["STEP_4"]
    assert (three["countedFrom"], three["due"], three["after"]) == ("2026-10-08", "2026-10-15", "STEP_1")
    assert (four["countedFrom"], four["due"], four["after"]) == ("2026-10-15", "2026-10-22", "STEP_3")
    assert steps["STEP_2_4"]["due"] == "2026-10-26" and steps["STEP_5A"]["due"] == "2026-11-02"
    assert (steps["STEP_2"]["unit"], steps["STEP_2"]["after"], steps["STEP_6"]["after"]) == ("WEEKS", "OPENED", "RET")
    assert steps["STEP_3"]["source"] == "000:2168-2178" and steps["STEP_5A"]["source"] == "000:2221-2237"


def test_route_315_step_4_counts_315_and_301_messages(api: Api) -> None:
    steps = _case(api, "JB-TQ3K-7MWR", "315", "2026-10-05", gemeente="GM0202")
    assert list(steps) == ["STEP_1", "STEP_2", "STEP_3", "STEP_4", "STEP_2_3", "STEP_5A", "STEP_5B", "STEP_6"]
    assert steps["STEP_4"]["term"] == 10 and steps["STEP_5A"]["term"] == 10 and steps["STEP_3"]["term"] == 5


def test_week_terms_on_a_saturday_or_holiday_roll_to_the_next_werkdag(api: Api) -> None:
    steps = _case(api, "JB-TQ3K-7MWT", "315", "2026-10-24")  # + 2 weeks = Saturday 2026-11-07
    clarity = steps["STEP_2_3"]
    assert clarity["rolled"] and clarity["rolledFrom"] == "2026-11-07" and clarity["due"] == "2026-11-09"
    assert "is geen werkdag (weekend), dus de eerstvolgende werkdag" in clarity["basis"]  # Dutch by default
    assert steps["STEP_5B"]["countedFrom"] == "2026-11-09" and not steps["STEP_5B"]["rolled"]
    steps = _case(api, "JB-TQ3K-7MWV", "301", "2027-04-26")  # + 3 weeks = Tweede Pinksterdag 2027-05-17
    assert steps["STEP_2_4"]["rolledFrom"] == "2027-05-17" and steps["STEP_2_4"]["due"] == "2027-05-18"
    assert "pinksterdag" in steps["STEP_2_4"]["basis"].lower()
    html = _page(api, "/casus/JB-TQ3K-7MWV")
    assert "is geen werkdag" in html and "tweede pinksterdag" in html.lower()


def test_region_services_boeg_ret_registration_jbt_request_and_norm(api: Api) -> None:
    person = "person { key name phone }"
    data = ok(api.gql(f"""{{ regionServices(gemeente: "GM0202", on: "2026-11-01") {{
        boeg {{ name contacts {{ role {person} }} }}
        retRegistration {{ ret {{ name }} contacts {{ role {person} }} registeredBy when notFor termWeeks source }}
        jbtRequest {{ formats required parentsReceiveRequest parentsMayBring source }}
        zorgbemiddelaarNorm {{ werkdagen urgent status source }} }} }}""", "professional"))["regionServices"]
    p = api.service.projection
    [pl] = [src for src, _ in p.in_edges("pos-boeg-projectleider", RelType.HOLDS, on=ON)]
    assert [(c["role"], c["person"]["key"]) for c in data["boeg"]["contacts"]] == [("projectleider", pl)]
    reg = data["retRegistration"]
    [chair] = [src for src, _ in p.in_edges("pos-ret-centraal-gelderland-voorzitter", RelType.HOLDS, on=ON)]
    assert reg["ret"]["name"] == "Regionaal Expertteam Centraal Gelderland"
    assert [(c["role"], c["person"]["key"]) for c in reg["contacts"]] == [("voorzitter", chair)]
    assert (reg["registeredBy"], reg["when"], reg["notFor"], reg["termWeeks"]) == (
        "jeugdbeschermer_and_zorgaanbieder", "no_care_after_clarity_term", "lt_unreachable", 2)
    assert data["jbtRequest"]["required"] == ["veiligheidsplan"] and data["jbtRequest"]["parentsReceiveRequest"]
    assert data["jbtRequest"]["formats"] == ["TAFEL_FORMAT", "OWN_REGION_FORMAT"]
    assert data["zorgbemiddelaarNorm"] == {"werkdagen": 3, "urgent": "immediately", "status": "PROPOSED",
                                           "source": "000:2535-2566"}
    html = _page(api, "/gemeente/GM0202")
    assert "Casus aanmelden bij het RET" in html and "veiligheidsplan" in html and "binnen 3 werkdagen" in html
    assert "projectleider" in html


# ---------------------------------------------------------------------- 6. the hours budget counts planned meetings
def test_three_planned_meetings_warn_before_any_list_is_frozen(api: Api) -> None:
    create = """mutation($input: MeetingInput!) { createMeeting(input: $input) { key status } }"""
    keys = []
    for day, sr in (("2035-03-12", "SR-JZ28-arnhem"), ("2035-06-11", "SR-JZ28-de-liemers"),
                    ("2035-10-08", "SR-JZ28-overbetuwe-en-lingewaard")):
        m = ok(api.gql(create, "coordinator", {"input": {"region": sr, "date": day, "start": "13:30",
                                                         "end": "16:30", "place": "Stadhuis"}}))["createMeeting"]
        assert m["status"] == "PLANNED"
        keys.append(m["key"])
    lst = """query($m: String!) { inviteList(meeting: $m) { frozen overBudget
        invitees { professional hours hoursOther hoursPlanned overBudget } } }"""
    third = ok(api.gql(lst, "coordinator", {"m": keys[2]}))["inviteList"]
    assert not third["frozen"]
    vt = "prof-demo-0373"  # Veilig Thuis Gelderland-Midden covers all of JZ28: invited to all three
    me = next(i for i in third["invitees"] if i["professional"] == vt)
    assert (me["hours"], me["hoursOther"], me["hoursPlanned"], me["overBudget"]) == (4.0, 8.0, 8.0, True)
    assert vt in third["overBudget"]
    # An Arnhem-only LT worker sits in one meeting: 4 h, within the budget.
    first = ok(api.gql(lst, "coordinator", {"m": keys[0]}))["inviteList"]
    assert any(not i["overBudget"] and i["hoursPlanned"] == 0 for i in first["invitees"])


# ---------------------------------------------------------------------- 7. diffs cover the contact network
DIFF = """query($c: String!) { networkDiff(code: $c, from: "2026-09-01", to: "2026-10-01") {
    added { key category src dst } ended { key category src dst validTo } changed { key category } } }"""


def test_network_diff_shows_the_holder_who_left_and_stays_in_the_region(api: Api) -> None:
    p = api.service.projection
    [left] = [src for src, d in p.in_edges("pos-rvdk-jz25", RelType.HOLDS, all_time=True)
              if d.get("valid_to") == "2026-09-15"]
    api.service.write(ChangeBatch(edges=[Edge(
        type=RelType.COVERS, src="pos-vt-nog-jz25", dst="GM0197", src_label=Label.POSITION,
        dst_label=Label.GEMEENTE, valid_from="2026-09-20")]), "test")
    d = ok(api.gql(DIFF, "governance", {"c": "JZ25"}))["networkDiff"]
    ended = {(e["category"], e["src"], e["dst"]): e for e in d["ended"]}
    assert ended[("HOLDER", left, "pos-rvdk-jz25")]["validTo"] == "2026-09-15"
    assert ("EMPLOYMENT", left, "org-rvdk-oost-nederland") in ended
    assert ("COVERAGE", "pos-vt-nog-jz25", "GM0197") in {(e["category"], e["src"], e["dst"]) for e in d["added"]}
    # Centraal Gelderland's diff over the same dates has neither: it stays inside the region asked for.
    other = ok(api.gql(DIFF, "governance", {"c": "JZ28"}))["networkDiff"]
    assert not any(e["src"] == left or e["dst"] in ("pos-rvdk-jz25", "GM0197")
                   for e in other["ended"] + other["added"])


def test_own_workbook_diff_names_the_lt_holder_who_left_ede(wb_api: Api) -> None:
    q = """query($c: String!) { networkDiff(code: $c, from: "2026-06-01", to: "2026-08-01") {
        ended { category src dst } } }"""
    ended = ok(wb_api.gql(q, "governance", {"c": "JZ21"}))["networkDiff"]["ended"]
    assert {"category": "HOLDER", "src": "prof-vb-011", "dst": "pos-vb-lt-ede"} in ended
    assert ok(wb_api.gql(q, "governance", {"c": "JZ28"}))["networkDiff"]["ended"] == []


# ---------------------------------------------------------------------- 4. provenance on every answer
PROV = "provenance { source inferred demo marker enteredBy }"


def test_demo_route_is_not_worded_as_the_regions_choice(api: Api) -> None:
    q = """query($g: String!) { regionServices(gemeente: $g, on: "2026-11-01") { aanmeldroute aanmeldrouteText
        aanmeldrouteExplanation { code } aanmeldrouteProvenance { source inferred demo marker } } }"""
    for gemeente in ("GM0228", "GM0268"):  # Ede (Food Valley), Nijmegen (Rijk van Nijmegen)
        s = ok(api.gql(q, "professional", {"g": gemeente}))["regionServices"]
        assert s["aanmeldroute"] == "ROUTE_301" and "gekozen door" not in s["aanmeldrouteText"]
        assert s["aanmeldrouteExplanation"]["code"] == "aanmeldroute.demo" and "demo" in s["aanmeldrouteText"]
        assert s["aanmeldrouteProvenance"]["marker"] == "DEMO" and s["aanmeldrouteProvenance"]["inferred"]
    stated = ok(api.gql(q, "professional", {"g": "GM0202"}))["regionServices"]  # Centraal Gelderland: 315, stated
    assert stated["aanmeldrouteProvenance"]["marker"] is None and stated["aanmeldrouteProvenance"]["source"]
    assert "gekozen door Centraal Gelderland" in stated["aanmeldrouteText"]
    assert stated["aanmeldrouteExplanation"]["code"] == "aanmeldroute.chosen.source"
    html = _page(api, "/gemeente/GM0228")
    assert "(demo: de bronnen noemen voor deze regio geen aanmeldroute)" in html and "(demo)" in html


def test_contacts_carry_their_provenance(api: Api, wb_api: Api) -> None:
    q = f"""{{ counterparts(gemeente: "GM0202", organisationType: GI, on: "2026-11-01") {{
        contacts {{ professional {{ key }} {PROV} }} }} }}"""
    demo = ok(api.gql(q, "professional"))["counterparts"]["contacts"]
    assert demo and all(c["provenance"]["demo"] and c["provenance"]["marker"] == "DEMO" for c in demo)
    own = ok(wb_api.gql(q, "professional"))["counterparts"]["contacts"]
    ldh = next(c for c in own if c["professional"]["key"] == "prof-vb-103")
    assert ldh["provenance"]["enteredBy"] == "test import"  # who entered it, from the change log


# ---------------------------------------------------------------------- the pages that show these answers
def test_pages_show_every_gi_and_the_vacancy_gap(api: Api) -> None:
    html = _page(api, "/gemeente/GM0202")
    for org in ("Jeugdbescherming Gelderland", "William Schrikker Stichting", "Jeugd Veilig Verder"):
        assert f"{org} – jeugdbeschermer" in html, org
    net = _page(api, "/netwerk?code=JZ25&peildatum=2026-11-01", role="governance")
    assert "functie vacant sinds 15 september 2026" in net and "alleen de regionale contactpersoon valt in" in net
