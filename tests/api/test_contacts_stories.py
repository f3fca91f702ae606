"""DOMAIN.md §5.1, professionals looking up counterparts: one test per user story, over HTTP with real GraphQL.

The demo's "today" is 2026-11-01 (loaders.demo.REFERENCE_DATE); every query passes it explicitly.
"""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api, ok

ON = "2026-11-01"

CONTACT = """professional { key name function email phone } position { key name role }
             organisation { key name type } priority rank reason path { code name }
             lastVerified verifiedBy stale vacantSince"""


def counterparts(api: Api, gemeente: str, kind: str, role: str = "professional") -> dict[str, Any]:
    return ok(api.gql(f"""query($g: String!, $on: Date) {{
        counterparts(gemeente: $g, organisationType: {kind}, on: $on) {{
            gemeente {{ code name }} organisationType coveredAt usedFallback note contacts {{ {CONTACT} }} }} }}""",
                      role, {"g": gemeente, "on": ON}))["counterparts"]


def test_story_5_1_1_lokaal_team_medewerker_with_phone_and_email(api: Api) -> None:
    data = ok(api.gql(f"""query($on: Date) {{ lokaalTeam(gemeente: "GM0228", on: $on) {{
        gemeente {{ name }} medewerker {{ {CONTACT} }} koppelgenoot {{ {CONTACT} }} note }}
        regionServices(gemeente: "GM0228", on: $on) {{ aanmeldroute }} }}""", "professional", {"on": ON}))
    lt = data["lokaalTeam"]
    assert lt["gemeente"]["name"] == "Ede"
    m = lt["medewerker"]
    assert m["organisation"]["type"] == "LOKAAL_TEAM" and m["position"]["role"] == "LT_MEDEWERKER"
    assert m["professional"]["phone"] and "@" in m["professional"]["email"]
    assert m["reason"] == "Werkt rechtstreeks voor Ede." and m["priority"] == "PRIMARY"
    assert data["regionServices"]["aanmeldroute"] == "ROUTE_301"  # so: contact within 3 werkdagen


def test_story_5_1_1_contact_details_never_without_a_token(api: Api) -> None:
    body = api.gql('{ counterparts(gemeente: "GM0228", organisationType: LOKAAL_TEAM) { contacts { '
                   'professional { name phone } } } }')
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Bearer" in body["errors"][0]["message"]


def test_story_5_1_2_at_least_two_lt_people(api: Api) -> None:
    for gm in ("GM0228", "GM0202", "GM0274", "GM0200"):
        lt = ok(api.gql(f"""query($on: Date) {{ lokaalTeam(gemeente: "{gm}", on: $on) {{
            medewerker {{ professional {{ key }} }} koppelgenoot {{ professional {{ key }} priority }} }} }}""",
                        "professional", {"on": ON}))["lokaalTeam"]
        assert lt["medewerker"]["professional"]["key"] != lt["koppelgenoot"]["professional"]["key"], gm
    c = counterparts(api, "GM0228", "LOKAAL_TEAM")
    assert [x["priority"] for x in c["contacts"]][:2] == ["PRIMARY", "BACKUP"]


def test_story_5_1_3_regionale_contactpersoon_when_lt_unreachable(api: Api) -> None:
    lt = ok(api.gql(f"""query($on: Date) {{ lokaalTeam(gemeente: "GM0228", on: $on) {{
        regionaleContactpersoon {{ {CONTACT} }} }} }}""", "professional", {"on": ON}))["lokaalTeam"]
    rc = lt["regionaleContactpersoon"]
    assert rc and rc[0]["position"]["role"] == "REGIONALE_CONTACTPERSOON" and rc[0]["priority"] == "FALLBACK"
    assert "Food Valley" in rc[0]["reason"]
    assert rc[0]["path"][-1] == {"code": "JZ21", "name": "Food Valley"}


def test_story_5_1_4_gi_teamleider_step_6_regionale_contactpersoon_within_one_week(api: Api) -> None:
    data = ok(api.gql("""query($on: Date) { case(ref: "jb-frfc-2dmp", today: $on) {
        ref route opened gemeente { name } deadlines { step who whom due basis overdue action }
        lokaalTeam { regionaleContactpersoon { professional { name } } } }
        escalationPath(caseRef: "JB-FRFC-2DMP", on: $on) { terms { finalEscalationWeeks note } } }""",
                      "professional", {"on": ON}))
    case = data["case"]
    assert case["route"] == "ROUTE_301"  # enum values, not the domain's "301" / "6"
    step6 = next(d for d in case["deadlines"] if d["step"] == "STEP_6")
    rc_name = case["lokaalTeam"]["regionaleContactpersoon"][0]["professional"]["name"]
    assert rc_name in step6["whom"] and "teamleider" in step6["who"]
    assert "bestuurlijke escalatie" in step6["action"] and "1 week" in step6["basis"]
    assert data["escalationPath"]["terms"]["finalEscalationWeeks"] == 1


def test_story_5_1_5_ret_and_boeg_of_the_region(api: Api) -> None:
    s = ok(api.gql("""query($on: Date) { regionServices(gemeente: "GM0202", on: $on) {
        ret { name localName note chairs { name email } reason } boeg { name chairs { name } } } }""",
                   "professional", {"on": ON}))["regionServices"]
    assert s["ret"]["localName"] == "Perspectiefoverleg" and s["ret"]["chairs"]
    assert "Centraal Gelderland" in s["ret"]["reason"]
    assert "BOEG" in s["boeg"]["name"]


def test_story_5_1_6_aanmeldroute_and_backoffice_of_the_responsible_gemeente(api: Api) -> None:
    q = """query($g: String!, $on: Date) { regionServices(gemeente: $g, on: $on) { aanmeldroute aanmeldrouteText
           aanmeldrouteExplanation { code params }
           backoffice { foundVia contacts { professional { name email } position { role } } } } }"""
    arnhem = ok(api.gql(q, "professional", {"g": "GM0202", "on": ON}))["regionServices"]
    assert arnhem["aanmeldroute"] == "ROUTE_315" and "Centraal Gelderland" in arnhem["aanmeldrouteText"]
    assert arnhem["backoffice"]["contacts"][0]["position"]["role"] == "BACKOFFICE"
    # A region whose route the sources do not state says so instead of guessing.
    outside = ok(api.gql(q, "professional", {"g": "GM0363", "on": ON}))["regionServices"]
    assert outside["aanmeldroute"] is None and outside["aanmeldrouteText"].startswith("onbekend")
    assert outside["aanmeldrouteExplanation"] == {"code": "aanmeldroute.unknown", "params": {}}


def test_story_5_1_7_zorgaanbieder_finds_backoffice_for_315(api: Api) -> None:
    s = ok(api.gql("""query($on: Date) { regionServices(gemeente: "GM0274", on: $on) { aanmeldroute
        backoffice { foundVia contacts { professional { name phone } } } } }""",
                   "professional", {"on": ON}))["regionServices"]
    assert s["aanmeldroute"] == "ROUTE_315"
    assert s["backoffice"]["contacts"] and s["backoffice"]["contacts"][0]["professional"]["phone"]


def test_story_5_1_8_vaste_groep_gi_vt_rvdk_for_my_gemeente(api: Api) -> None:
    for kind in ("GI", "VEILIG_THUIS", "RVDK"):
        c = counterparts(api, "GM0228", kind)
        people = [x for x in c["contacts"] if x["professional"]]
        assert people, kind
        assert all(x["organisation"]["type"] == kind for x in people)


def test_story_5_1_9_jeugdbeschermingstafel_chair_and_neighbouring_tafel(api: Api) -> None:
    s = ok(api.gql("""query($on: Date) { regionServices(gemeente: "GM0228", on: $on) { jbtMaxWaitDays
        jeugdbeschermingstafel { name chairs { name email } }
        neighbouringTafels { jeugdhulpregioCode reason tafel { name localName chairs { name } } } } }""",
                   "professional", {"on": ON}))["regionServices"]
    assert s["jeugdbeschermingstafel"]["chairs"] and s["jbtMaxWaitDays"] == 14
    first = s["neighbouringTafels"][0]
    assert first["jeugdhulpregioCode"] == "JZ28" and first["tafel"]["localName"] == "Beschermingstafel"
    assert "veiligheidsregio" in first["reason"]


def test_story_5_1_10_gedragswetenschappers_then_leidinggevenden_on_both_sides(api: Api) -> None:
    e = ok(api.gql("""query($on: Date) { escalationPath(gemeente: "GM0228", organisationType: LOKAAL_TEAM,
        ownOrganisationType: GI, on: $on) { steps { step title ownSide { position { role } organisation { type } }
        counterpartSide { position { role } organisation { type } } wethouders { professional { name } } }
        terms { clarityWeeks301 clarityWeeks315 retWeeks note noteExplanation { code params } } } }""",
                   "professional", {"on": ON}))["escalationPath"]
    step1, step2, step3 = e["steps"]
    assert {c["position"]["role"] for c in step1["ownSide"]} == {"GEDRAGSWETENSCHAPPER"}
    assert {c["organisation"]["type"] for c in step1["ownSide"]} == {"GI"}
    assert {c["position"]["role"] for c in step1["counterpartSide"]} == {"GEDRAGSWETENSCHAPPER"}
    assert {c["organisation"]["type"] for c in step1["counterpartSide"]} == {"LOKAAL_TEAM"}
    assert step2["ownSide"] and step2["counterpartSide"] and step3["title"] == "bestuurders en wethouders"
    assert (e["terms"]["clarityWeeks301"], e["terms"]["clarityWeeks315"], e["terms"]["retWeeks"]) == (3, 2, 2)
    assert e["terms"]["note"].startswith("Bouwsteen 6 noemt geen termijnen") and "binnen 3 weken (301)" in e[
        "terms"]["note"]
    assert e["terms"]["noteExplanation"] == {"code": "escalation.terms",
                                             "params": {"clarity_301": 3, "clarity_315": 2, "ret": 2, "final": 1}}


def test_story_5_1_11_aangewezen_functionaris_and_zorgbemiddelaar(api: Api) -> None:
    s = ok(api.gql("""query($on: Date) { regionServices(gemeente: "GM0228", on: $on) {
        aangewezenFunctionaris { foundVia contacts { professional { name } position { role } } }
        zorgbemiddelaar { foundVia contacts { professional { name } position { role } } } } }""",
                   "professional", {"on": ON}))["regionServices"]
    assert s["aangewezenFunctionaris"]["contacts"][0]["position"]["role"] == "AANGEWEZEN_FUNCTIONARIS"
    assert s["zorgbemiddelaar"]["contacts"][0]["position"]["role"] == "ZORGBEMIDDELAAR"


def test_story_5_1_12_when_a_contact_was_last_confirmed_and_by_whom(api: Api) -> None:
    c = counterparts(api, "GM0228", "LOKAAL_TEAM")
    first = c["contacts"][0]
    assert first["lastVerified"] and first["stale"] is False
    h = ok(api.gql('query($k: String!) { history(nodeId: $k) { seq ts actor op summary changes { field after } } }',
                   "admin", {"k": first["professional"]["key"]}))["history"]  # history: admins, coordinators
    assert h[0]["op"] == "node.create" and h[0]["actor"] and h[0]["ts"]


def test_unknown_gemeente_suggests_the_nearest(api: Api) -> None:
    body = api.gql('{ counterparts(gemeente: "GM0229", organisationType: GI) { note } }', "professional")
    err = body["errors"][0]
    assert err["extensions"]["code"] == "NOT_FOUND" and "Bedoelt u" in err["message"]
    assert err["message"].startswith("Geen gemeente 'GM0229' gevonden")
    assert "Traceback" not in str(body)


def test_search_one_box(api: Api) -> None:
    q = """query($t: String!, $after: String) { search(text: $t, first: 3, after: $after) { totalCount
           pageInfo { hasNextPage endCursor } edges { cursor score node { __typename ... on Node { id }
             ... on Organisation { key title: name } ... on Gemeente { key: code title: name }
             ... on Professional { key title: name } ... on Position { key title: name }
             ... on Body { key title: name } } } } }"""
    first = ok(api.gql(q, "professional", {"t": "jeugdbescherming gelderland"}))["search"]
    assert first["edges"][0]["node"]["key"] == "org-jbg" and first["totalCount"] > 3
    second = ok(api.gql(q, "professional", {"t": "jeugdbescherming gelderland",
                                            "after": first["pageInfo"]["endCursor"]}))["search"]
    assert {e["node"]["key"] for e in second["edges"]}.isdisjoint({e["node"]["key"] for e in first["edges"]})
    assert ok(api.gql(q, "professional", {"t": "VT arnhem"}))["search"]["edges"][0]["node"]["key"] \
        == "org-vt-gelderland-midden"
    assert ok(api.gql(q, None, {"t": "s-hertogenbosch"}))["search"]["edges"][0]["node"]["title"] == "'s-Hertogenbosch"
    # Without a token, people are not searchable.
    anonymous = ok(api.gql(q, None, {"t": "Voorbeeld"}))["search"]
    assert all(e["node"]["__typename"] in ("Organisation", "Gemeente", "Body") for e in anonymous["edges"])
    misspelt = ok(api.gql('{ search(text: "Voorbeld", kinds: [PROFESSIONAL], first: 2) { totalCount '
                          'edges { node { ... on Professional { name function } } } } }', "professional"))["search"]
    assert misspelt["totalCount"] > 0 and all("Voorbeeld" in e["node"]["name"] for e in misspelt["edges"])


def test_search_by_region_and_sorted_by_name(api: Api) -> None:
    # The same domain function as the Zoeken page: ?regio= and ?sortering= there, region and sort here.
    q = """query($r: String, $s: SearchSort!) { search(text: "lokaal team", kinds: [ORGANISATION], first: 20,
           region: $r, sort: $s) { totalCount edges { node { ... on Organisation { key name } } } } }"""
    everywhere = ok(api.gql(q, "professional", {"r": None, "s": "RELEVANCE"}))["search"]
    food_valley = ok(api.gql(q, "professional", {"r": "JZ21", "s": "NAME"}))["search"]
    keys = [e["node"]["key"] for e in food_valley["edges"]]
    assert "org-lt-ede" in keys and "org-lt-arnhem" not in keys  # Arnhem lies in JZ28
    assert food_valley["totalCount"] < everywhere["totalCount"]
    names = [e["node"]["name"] for e in food_valley["edges"]]
    assert names == sorted(names)
    unknown = api.gql(q, "professional", {"r": "JZ99", "s": "NAME"})
    assert "JZ99" in unknown["errors"][0]["message"]


def test_search_returns_the_real_objects(api: Api) -> None:
    # The hits are the schema's own types (a union of Node types), so a client asks the fields it needs
    # and can come back to a hit by its global id.
    q = """query($t: String!, $k: [SearchKind!]) { search(text: $t, kinds: $k, first: 1) { edges { node {
             __typename ... on Node { id } ... on Body { key kind covers { code } }
             ... on Professional { key organisations { key } }
             ... on Position { key role organisation { key } } } } } }"""
    body_hit = ok(api.gql(q, None, {"t": "jeugdbeschermingstafel", "k": ["BODY"]}))["search"]["edges"][0]["node"]
    assert body_hit["__typename"] == "Body" and body_hit["kind"] and body_hit["covers"]
    again = ok(api.gql('query($id: ID!) { node(id: $id) { ... on Body { key } } }', None, {"id": body_hit["id"]}))
    assert again["node"]["key"] == body_hit["key"]
    prof = ok(api.gql(q, "professional", {"t": "Voorbeeld", "k": ["PROFESSIONAL"]}))["search"]["edges"][0]["node"]
    assert prof["__typename"] == "Professional" and prof["organisations"]
    pos = ok(api.gql(q, "professional", {"t": "jeugdbeschermer", "k": ["POSITION"]}))["search"]["edges"][0]["node"]
    assert pos["__typename"] == "Position" and pos["organisation"]["key"].startswith("org-")
    assert pos["role"] == "JEUGDBESCHERMER"  # the PositionRole enum
    # People are nodes too, but only with a token.
    node_q = 'query($id: ID!) { node(id: $id) { ... on Professional { key name } } }'
    assert ok(api.gql(node_q, "professional", {"id": prof["id"]}))["node"]["key"] == prof["key"]
    refused = api.gql(node_q, None, {"id": prof["id"]})
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    unknown_kind = api.gql('{ search(text: "x", kinds: [person]) { totalCount } }', None)
    assert "SearchKind" in unknown_kind["errors"][0]["message"]
