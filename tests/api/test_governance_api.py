"""Governance GraphQL fields and map pages over HTTP: permissions, errors, analytics, diffs, map data."""

from __future__ import annotations

import base64
import re
from typing import Any

from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch, EdgeClose
from tests.api.conftest import Api

FV = "body-toekomsttuin-food-valley"
KERN = "body-jeugdlink-kerngroep"


def _data(api: Api, query: str, role: str = "governance", **variables: Any) -> dict[str, Any]:
    body = api.gql(query, role, variables)
    assert "errors" not in body, body
    return body["data"]


def _error(api: Api, query: str, role: str | None, **variables: Any) -> dict[str, Any]:
    body = api.gql(query, role, variables)
    assert body.get("errors"), body
    return body["errors"][0]


def test_governance_needs_the_governance_role(api: Api) -> None:
    q = '{ governance(code: "JZ21") { code } }'
    assert _error(api, q, None)["extensions"]["code"] == "UNAUTHENTICATED"
    err = _error(api, q, "professional")
    assert err["extensions"]["code"] == "FORBIDDEN" and "governance" in err["message"]
    assert _data(api, q, "admin")["governance"]["code"] == "JZ21"
    assert _data(api, q)["governance"]["code"] == "JZ21"


def test_bad_input_is_named(api: Api) -> None:
    err = _error(api, '{ governance(code: "JZ2l") { code } }', "governance")
    assert err["extensions"]["code"] == "NOT_FOUND" and "JZ2l" in err["message"]
    err = _error(api, '{ networkDiff(code: "JZ21", from: "2026-01-01", to: "2025-01-01") { code } }', "governance")
    assert err["extensions"]["code"] == "BAD_USER_INPUT" and err["extensions"]["messageCode"] == "query.from_after_to"
    assert err["extensions"]["params"] == {"start": "2026-01-01", "end": "2025-01-01"}
    assert err["message"] == "het begin (1 januari 2026) ligt na het einde (1 januari 2025)"
    err = _error(api, '{ networkMap(code: "JZ21", kinds: [PEOPLE]) { nodeCount } }', "governance")
    assert (err["extensions"]["messageCode"], err["extensions"]["params"]["type"]) == ("input.not_in_enum",
                                                                                        "MapNodeKind")
    err = _error(api, '{ egoNetwork(key: "prof-demo-0449", depth: 7) { center } }', "governance")
    assert err["message"] == "depth moet tussen 1 en 4 liggen, niet 7"


def test_coverage_brokers_spof_ego(api: Api) -> None:
    data = _data(api, """{
      coverageMatrix(code: "JZ21", orgTypes: [LOKAAL_TEAM, VEILIG_THUIS, CLIENT_ORG]) {
        orgTypes rows { name gaps counts { type count organisations } } }
      brokers(code: "JZ21", top: 3) { key betweenness degree type }
      singlePointsOfFailure(minSeats: 2) { key name seats { key role kind soleHolder } }
      egoNetwork(key: "prof-demo-0449", depth: 2) { center nodes { key label distance } edges { src dst type } }
      multiBodyMembers(minBodies: 2) { key bodies }
    }""")
    ede = next(r for r in data["coverageMatrix"]["rows"] if r["name"] == "Ede")
    counts = {c["type"]: c["count"] for c in ede["counts"]}
    assert counts["LOKAAL_TEAM"] >= 1 and counts["VEILIG_THUIS"] == 1 and "CLIENT_ORG" in ede["gaps"]
    assert data["coverageMatrix"]["orgTypes"] == ["LOKAAL_TEAM", "VEILIG_THUIS", "CLIENT_ORG"]
    assert len(data["brokers"]) == 3 and data["brokers"][0]["betweenness"] >= data["brokers"][1]["betweenness"]
    assert all(b["type"] is None or b["type"].isupper() for b in data["brokers"])  # OrganisationKind
    assert all(len(s["seats"]) >= 2 for s in data["singlePointsOfFailure"])
    assert {x["kind"] for s in data["singlePointsOfFailure"] for x in s["seats"]} <= {"POSITION", "BODY"}
    assert any(x["kind"] == "BODY" for s in data["singlePointsOfFailure"] for x in s["seats"])
    # a seat's role is the PositionRole enum: a position's role, or a body's critical seat
    body_roles = {x["role"] for s in data["singlePointsOfFailure"] for x in s["seats"] if x["kind"] == "BODY"}
    assert body_roles and body_roles <= {"VOORZITTER", "TEAMLEIDER", "GEDRAGSWETENSCHAPPER"}
    ego = data["egoNetwork"]
    assert ego["center"] == "prof-demo-0449" and {n["distance"] for n in ego["nodes"]} == {0, 1, 2}
    assert KERN in {n["key"] for n in ego["nodes"]}
    labels = {n["key"]: n["label"] for n in ego["nodes"]}  # NodeLabel / RelationshipType enum names
    assert labels["prof-demo-0449"] == "PROFESSIONAL" and labels[KERN] == "BODY"
    assert {"prof-demo-0449", KERN, "MEMBER_OF"} in [{e["src"], e["dst"], e["type"]} for e in ego["edges"]]
    several = data["multiBodyMembers"]
    assert several and all(len(m["bodies"]) >= 2 for m in several)
    assert any("body-voorzitters-jbt-gelderland" in m["bodies"] for m in several)


def test_network_diff_over_http(api: Api) -> None:
    svc = api.service
    p = svc.projection
    src, key = next((s, k) for s, _, k, d in p.g.in_edges(KERN, keys=True, data=True) if d.get("role") == "lid")
    svc.write(ChangeBatch(closes=[EdgeClose(key, "2026-02-01")], edges=[
        Edge(type=RelType.MEMBER_OF, src=src, dst=KERN, src_label=Label.PROFESSIONAL, dst_label=Label.BODY,
             props={"role": "teamleider"}, valid_from="2026-02-01", key=key + "|v2")]), "test")
    d = _data(api, """query($code: String!) { networkDiff(code: $code, from: "2026-01-01", to: "2026-03-01") {
        from to added { key } ended { key } changed { src dst role before type category } bodiesAdded { key } } }""",
              code=FV)["networkDiff"]
    assert (d["from"], d["to"]) == ("2026-01-01", "2026-03-01") and d["added"] == [] and d["ended"] == []
    assert [(c["src"], c["role"], c["before"]["role"]) for c in d["changed"]] == [(src, "teamleider", "lid")]
    assert [(c["type"], c["category"]) for c in d["changed"]] == [("MEMBER_OF", "MEMBERSHIP")]


def test_network_map_data_with_positions(api: Api) -> None:
    m = _data(api, """{ networkMap(code: "JZ21") {
        mode nodeCount nodes { id kind x y count email } edges { src dst } } }""")["networkMap"]
    assert m["mode"] == "REGION" and m["nodeCount"] == len(m["nodes"]) > 10
    assert all(n["x"] is not None and n["y"] is not None for n in m["nodes"])
    assert "PROFESSIONAL" not in {n["kind"] for n in m["nodes"]}
    opened = _data(api, """query($open: [String!]) {
        networkMap(code: "JZ21", expandKeys: $open) { nodes { kind email } } }""", open=[KERN])["networkMap"]
    profs = [n for n in opened["nodes"] if n["kind"] == "PROFESSIONAL"]
    assert profs and all(n["email"] for n in profs)
    only = _data(api, '{ networkMap(code: "JZ21", kinds: [GEMEENTE]) { nodes { kind } edges { src } } }')
    only = only["networkMap"]
    assert {n["kind"] for n in only["nodes"]} == {"GEMEENTE"}


def _node_count(html: str) -> int:
    found = re.search(r'data-node-count="(\d+)"', html)
    assert found, html[:300]
    return int(found.group(1))


def test_map_pages(api: Api) -> None:
    auth = {"Authorization": f"Bearer {api.tokens['governance']}"}
    gql = _data(api, '{ networkMap(code: "JZ21") { nodeCount } }')["networkMap"]["nodeCount"]
    r = api.client.get("/maps/region/JZ21", headers=auth)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert _node_count(r.text) == gql
    assert "default-src 'none'" in r.headers["content-security-policy"]
    for url in (f"/maps/governance/{FV}", "/maps/ego/prof-demo-0449?depth=2",
                f"/maps/diff/{FV}?from=2019-01-01&to=2026-01-01", f"/maps/governance/{FV}?asOf=2020-01-01"):
        page = api.client.get(url, headers=auth)
        assert page.status_code == 200, (url, page.text[:300])
        assert _node_count(page.text) > 0 and 'id="legend"' in page.text


def test_map_pages_refuse_and_explain(api: Api) -> None:
    assert api.client.get("/maps/region/JZ21").status_code == 401
    prof = {"Authorization": f"Bearer {api.tokens['professional']}"}
    r = api.client.get("/maps/region/JZ21", headers=prof)
    assert r.status_code == 403 and "governance" in r.text
    gov = {"Authorization": f"Bearer {api.tokens['governance']}"}
    r = api.client.get("/maps/region/JZ2l", headers=gov)
    assert r.status_code == 404 and "JZ2l" in r.text
    r = api.client.get("/maps/diff/JZ21?from=2026-01-01&to=2025-01-01", headers=gov)
    assert r.status_code == 400 and "het begin (1 januari 2026) ligt na het einde (1 januari 2025)" in r.text
    r = api.client.get("/maps/region/JZ21?kinds=people", headers=gov)
    assert r.status_code == 400 and "onbekende soort(en) knoop op de kaart: people" in r.text


def test_body_kind_is_the_body_kind_enum_and_null_for_a_word_jbnet_does_not_know(api: Api) -> None:
    # A body written past the workbook's check (no kind, or an unknown word) answers kind: null, not an error
    # that would take the whole tree down; the known kinds answer as BodyKind values.
    api.service.write(ChangeBatch(nodes=[
        Node(label=Label.BODY, key="body-test-zonder-soort", props={"name": "Zonder soort"}),
        Node(label=Label.BODY, key="body-test-vreemde-soort", props={"name": "Vreemd", "kind": "commissie"})],
        edges=[Edge(type=RelType.PART_OF, src=f"body-test-{k}-soort", dst=FV, src_label=Label.BODY,
                    dst_label=Label.BODY) for k in ("zonder", "vreemde")]), "test")
    tree = _data(api, "query($c: String!) { governance(code: $c) { bodies { key kind } } }", c=FV)
    bodies = {b["key"]: b["kind"] for b in tree["governance"]["bodies"]}
    assert bodies["body-test-zonder-soort"] is None and bodies["body-test-vreemde-soort"] is None
    assert bodies[FV] == "TOEKOMSTTUIN" and bodies[KERN] == "KERNGROEP"


def test_position_role_is_the_position_role_enum_and_null_for_a_word_jbnet_does_not_know(api: Api) -> None:
    # A position written past the workbook's check (no role, or an unknown word) answers role: null on
    # Position and PositionRef alike, not an error that would take the vacancy list down.
    api.service.write(ChangeBatch(nodes=[
        Node(label=Label.POSITION, key="pos-test-zonder-rol", props={"name": "Zonder rol"}),
        Node(label=Label.POSITION, key="pos-test-vreemde-rol", props={"name": "Vreemd", "role": "commissielid"})],
        edges=[Edge(type=RelType.COVERS, src=f"pos-test-{k}-rol", dst="GM0228", src_label=Label.POSITION,
                    dst_label=Label.GEMEENTE) for k in ("zonder", "vreemde")]), "test")
    found = _data(api, '{ vacancies(region: "GM0228") { position { key role } } }', role="professional")
    roles = {v["position"]["key"]: v["position"]["role"] for v in found["vacancies"]}
    assert roles["pos-test-zonder-rol"] is None and roles["pos-test-vreemde-rol"] is None
    node = _data(api, 'query($id: ID!) { node(id: $id) { ... on Position { key role } } }', role="professional",
                 id=base64.b64encode(b"Position:pos-test-vreemde-rol").decode())["node"]
    assert node == {"key": "pos-test-vreemde-rol", "role": None}
    hit = _data(api, '{ search(text: "jeugdbeschermer", kinds: [POSITION], first: 1) { edges { node { '
                     '... on Position { role } } } } }', role="professional")["search"]["edges"][0]["node"]
    assert hit["role"] == "JEUGDBESCHERMER"
