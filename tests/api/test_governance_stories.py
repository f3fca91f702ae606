"""DOMAIN.md §5.3 — governance staff exploring toekomsttuin network maps — through GraphQL over HTTP.

Each user story has one test named after it, run against the real app (uvicorn) serving the
Gelderland demo network, as a governance user.
"""

from __future__ import annotations

from typing import Any

from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch
from tests.api.conftest import Api

FV = "body-toekomsttuin-food-valley"
FLEVOLAND = "body-toekomsttuin-flevoland"
LEERSTRUCTUUR = "body-leerstructuur-toekomsttuinen-gelderland"

TREE = """
query Tree($code: String!, $asOf: Date) {
  governance(code: $code, asOf: $asOf) {
    code name label asOf
    bodies {
      key name kind level localName phase note evaluationExpected reportsTo partOf
      covers { code label name }
      members { key label name role positionRoles note email organisations { key name type } }
      partners { key name type }
    }
  }
}"""

CHECK = """
query Check($code: String!, $asOf: Date) {
  governanceCheck(code: $code, asOf: $asOf) {
    code asOf
    findings { rule severity subject subjectName message source missing }
    phases { code name phase toekomsttuinen { key name phase } }
  }
}"""


def _data(api: Api, query: str, role: str = "governance", **variables: Any) -> dict[str, Any]:
    body = api.gql(query, role, variables)
    assert "errors" not in body, body
    return body["data"]


def _tree(api: Api, code: str, **kw: Any) -> dict[str, dict[str, Any]]:
    bodies = _data(api, TREE, code=code, **kw)["governance"]["bodies"]
    return {b["key"]: b for b in bodies}


def _by_kind(bodies: dict[str, dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [b for b in bodies.values() if b["kind"] == kind]
    assert len(found) == 1, (kind, list(bodies))
    return found[0]


def test_story_5_3_1_three_levels_and_who_sits_in_each(api: Api) -> None:
    bodies = _tree(api, FV)
    stuur, project, kern = (_by_kind(bodies, k) for k in ("STUURGROEP", "PROJECTGROEP", "KERNGROEP"))
    assert kern["reportsTo"] == [project["key"]] and project["reportsTo"] == [stuur["key"]]
    assert [c["label"] for c in stuur["covers"]] == ["VEILIGHEIDSREGIO"]
    assert [c["label"] for c in project["covers"]] == ["JEUGDHULPREGIO"]
    assert [c["label"] for c in kern["covers"]] == ["GEMEENTE"]
    for level in (stuur, project, kern):
        assert level["members"] and all(m["name"] for m in level["members"])
    assert stuur["level"] < project["level"] < kern["level"]
    # the tree's and a member's label are the NodeLabel enum, a covered region's the RegionLevel enum
    assert _data(api, TREE, code=FV)["governance"]["label"] == "BODY"
    assert _data(api, TREE, code="JZ21")["governance"]["label"] == "JEUGDHULPREGIO"
    rvdk = next(m for m in _tree(api, FV)[FV]["members"] if m["key"] == "org-rvdk-oost-nederland")
    assert rvdk["label"] == "ORGANISATION"


def test_story_5_3_2_minimum_staffing_check(api: Api) -> None:
    check = _data(api, CHECK, code="PV25")["governanceCheck"]
    staffing = {f["subject"]: f for f in check["findings"] if f["rule"] == "toekomsttuin.minimum_staffing"}
    assert FV not in staffing  # Team Jeugdlink has LT, GI, RvdK and VT staff
    achterhoek = staffing["body-toekomsttuin-achterhoek"]
    assert sorted(achterhoek["missing"]) == ["gi", "lokaal_team", "rvdk", "veilig_thuis"]
    assert achterhoek["severity"] == "ERROR" and "000:1174-1178" in achterhoek["source"]
    assert "Veilig Thuis" in achterhoek["message"] and "Lokaal Team" in achterhoek["message"]


def test_story_5_3_3_teamleider_gedragswetenschapper_and_employers(api: Api) -> None:
    kern = _by_kind(_tree(api, FV), "KERNGROEP")
    roles = {m["role"]: m for m in kern["members"]}
    assert roles["teamleider"]["organisations"] and roles["gedragswetenschapper"]["organisations"]
    for m in kern["members"]:  # network collaboration: everyone stays employed by their own organisation
        assert m["label"] == "PROFESSIONAL" and len(m["organisations"]) >= 1
    assert {o["type"] for m in kern["members"] for o in m["organisations"]} >= {"LOKAAL_TEAM", "GI", "RVDK",
                                                                                 "VEILIG_THUIS"}
    assert all(m["email"] for m in kern["members"])  # a signed-in governance user sees contacts
    # positionRoles are the PositionRole enum: the roles of the positions each member holds at their employer
    # (their role in the body is free text: 'lid' here)
    assert {m["role"]: m["positionRoles"] for m in kern["members"]} == {
        "teamleider": ["TEAMLEIDER"], "gedragswetenschapper": ["GEDRAGSWETENSCHAPPER"], "lid": ["LT_MEDEWERKER"]}


def test_story_5_3_4_gemeenten_covered_and_region_scales(api: Api) -> None:
    bodies = _tree(api, FV)
    kern = _by_kind(bodies, "KERNGROEP")
    assert [c["name"] for c in kern["covers"]] == ["Ede"]
    assert [c["code"] for c in _by_kind(bodies, "PROJECTGROEP")["covers"]] == ["JZ21"]
    assert [c["code"] for c in _by_kind(bodies, "STUURGROEP")["covers"]] == ["VR07"]
    # and from the other side: the gemeente's tree contains the toekomsttuin
    assert FV in _tree(api, "GM0228")


def test_story_5_3_5_food_valley_pilot_team_jeugdlink(api: Api) -> None:
    tuin = _tree(api, FV)[FV]
    assert tuin["localName"] == "Team Jeugdlink" and tuin["evaluationExpected"] == "2021-10"
    partners = {m["key"] for m in tuin["members"] if m["role"] == "partner"}
    assert partners == {"org-rvdk-oost-nederland", "org-gemeente-ede", "org-wss", "org-jbg",
                        "org-vt-gelderland-midden"}


def test_story_5_3_6_veiligheidsregio_partners_of_the_stuurgroep(api: Api) -> None:
    stuur = _by_kind(_tree(api, FV), "STUURGROEP")
    types = {p["type"] for p in stuur["partners"]}
    assert {"POLITIE", "OM", "RECLASSERING", "GGZ", "ZORG_EN_VEILIGHEIDSHUIS", "GEMEENTE", "ZORGAANBIEDER"} <= types


def test_story_5_3_7_specialist_organisations(api: Api) -> None:
    # Attach a specialist organisation (zorgaanbieder) to the toekomsttuin, then read it back.
    api.service.write(ChangeBatch(edges=[Edge(
        type=RelType.MEMBER_OF, src="org-karakter", dst=FV, src_label=Label.ORGANISATION, dst_label=Label.BODY,
        props={"role": "specialist", "note": "psychiatrie 0-100"}, valid_from="2026-01-15")]), "test")
    tuin = _tree(api, FV)[FV]
    specialist = [m for m in tuin["members"] if m["role"] == "specialist"]
    assert [(m["key"], m["organisations"][0]["type"], m["note"]) for m in specialist] == [
        ("org-karakter", "ZORGAANBIEDER", "psychiatrie 0-100")]
    before = _tree(api, FV, asOf="2026-01-01")[FV]
    assert not [m for m in before["members"] if m["role"] == "specialist"]


def test_story_5_3_8_phase_of_each_region(api: Api) -> None:
    phases = {r["code"]: r for r in _data(api, CHECK, code="PV25")["governanceCheck"]["phases"]}
    assert set(phases) == {"JZ12", "JZ17", "JZ21", "JZ25", "JZ28", "JZ30", "JZ32"}
    assert phases["JZ21"]["phase"] == "start"
    assert all(r["phase"] in ("verkenning", "voorbereiding", "start") for r in phases.values())
    then = _data(api, CHECK, code="PV25", asOf="2021-06-01")["governanceCheck"]["phases"]
    early = {r["code"]: r["phase"] for r in then}
    assert early["JZ21"] == "start" and early["JZ28"] is None  # exploration started in autumn 2021


def test_story_5_3_9_gelderland_learning_structure(api: Api) -> None:
    bodies = _tree(api, LEERSTRUCTUUR)
    tuinen = [b for b in bodies.values() if b["kind"] == "TOEKOMSTTUIN"]
    assert len(tuinen) == 7 and all(LEERSTRUCTUUR in b["partOf"] for b in tuinen)
    data = _data(api, """query($code: String!) {
        networkMap(code: $code) { mode nodes { id kind } edges { src dst type } } }""",
                 code=LEERSTRUCTUUR)["networkMap"]
    assert data["mode"] == "GOVERNANCE"
    links = {e["src"] for e in data["edges"] if e["dst"] == LEERSTRUCTUUR and e["type"] == "PART_OF"}
    assert {b["key"] for b in tuinen} <= links


def test_story_5_3_10_ervaringsdeskundigen_and_client_organisations(api: Api) -> None:
    tuin = _tree(api, FV)[FV]
    clients = {m["name"] for m in tuin["members"] if m["organisations"][0]["type"] == "CLIENT_ORG"}
    assert clients == {"Zorgbelang", "Augeo", "Moviera", "Team Ed"}
    assert {m["role"] for m in tuin["members"] if m["name"] in clients} == {"ervaringsdeskundigheid"}
    flevo = _by_kind(_tree(api, FLEVOLAND), "PROJECTGROEP")
    assert sum(m["role"] == "ervaringsdeskundige" for m in flevo["members"]) == 2


def test_story_5_3_11_compare_with_the_flevoland_model(api: Api) -> None:
    cmp = _data(api, """query($l: String!, $r: String!) { governanceCompare(left: $l, right: $r) {
        rows { kind left { bodies orgTypes roles } right { bodies orgTypes roles } } differences
        differenceExplanations { code } } }""",
                l=FV, r=FLEVOLAND)["governanceCompare"]
    rows = {r["kind"]: r for r in cmp["rows"]}
    assert rows["KERNGROEP"]["left"]["bodies"] and not rows["KERNGROEP"]["right"]["bodies"]
    assert {"bestuurder", "wethouder"} <= set(rows["STUURGROEP"]["right"]["roles"])
    assert "LOKAAL_TEAM" in rows["STUURGROEP"]["right"]["orgTypes"]  # an LT bestuurder in Flevoland's stuurgroep
    assert "ervaringsdeskundige" in rows["PROJECTGROEP"]["right"]["roles"]
    assert any("3 bestuurslagen" in d for d in cmp["differences"])  # Dutch by default
    assert "compare.levels" in {d["code"] for d in cmp["differenceExplanations"]}


def test_story_5_3_12_national_structures_and_rvdk_reservations(api: Api) -> None:
    # The demo does not carry the national structures: record them as a governance user would.
    svc = api.service
    rvdk_edge = next(k for s, _, k, d in svc.projection.g.in_edges(FV, keys=True, data=True)
                     if s == "org-rvdk-oost-nederland" and d["type"] == "MEMBER_OF")
    svc.write(ChangeBatch(
        nodes=[Node(label=Label.BODY, key="body-zvdj-pilots", props={
                   "name": "Landelijke pilots Zorg voor de Jeugd", "kind": "pilot",
                   "note": "zes pilotregio's, gevolgd door Athena (VU)", "source": "000:1016-1040"}),
               Node(label=Label.BODY, key="body-ontwikkelhubs", props={
                   "name": "Ontwikkelhubs Toekomstscenario", "kind": "pilot", "source": "000:1259-1271"})],
        edges=[Edge(type=RelType.PART_OF, src=LEERSTRUCTUUR, dst=dst, src_label=Label.BODY, dst_label=Label.BODY)
               for dst in ("body-zvdj-pilots", "body-ontwikkelhubs")]
        + [Edge(type=RelType.MEMBER_OF, src="org-rvdk-oost-nederland", dst=FV, src_label=Label.ORGANISATION,
                dst_label=Label.BODY, key=rvdk_edge, valid_from="2019-09-01",
                props={"role": "partner", "note": "andere positie over het Toekomstscenario als inhoudelijk kader "
                                                  "(rechtsbescherming; 000:1294-1302)"})]), "test")
    bodies = _tree(api, FV)
    national = {k: b for k, b in bodies.items() if b["kind"] == "PILOT"}
    assert set(national) == {"body-zvdj-pilots", "body-ontwikkelhubs"}
    assert "Athena" in national["body-zvdj-pilots"]["note"]
    rvdk = next(m for m in bodies[FV]["members"] if m["key"] == "org-rvdk-oost-nederland")
    assert rvdk["role"] == "partner" and "Toekomstscenario" in rvdk["note"]
