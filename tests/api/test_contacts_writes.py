"""Keeping the directory true over HTTP: turnover, fallback chain, most-specific-wins, holidays in
deadlines, freshness loop, reports, history — and the permission rules of every write.

This module writes: its ``api`` fixture (module scope) is its own store. Coordinator tokens are
scoped to JZ28 (Centraal Gelderland: Arnhem, Renkum, …); Ede is in JZ21 (Food Valley).
"""

from __future__ import annotations

from typing import Any

from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch
from tests.api.conftest import Api, ok
from tests.support import writes_since

ON = "2026-11-01"


def error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), body
    return body["errors"][0]


LT_QUERY = """query($g: String!, $on: Date) { counterparts(gemeente: $g, organisationType: LOKAAL_TEAM, on: $on) {
    usedFallback coveredAt note contacts { priority reason vacantSince professional { key name }
    position { key role } } } }"""

MARK_INACTIVE = """mutation($p: String!, $on: Date) { markInactive(professional: $p, on: $on) {
    action on changes vacated closed } }"""


def test_coordinator_of_another_region_is_refused_and_nothing_is_written(api: Api) -> None:
    before = api.service.store.last_seq()
    err = error(api.gql(MARK_INACTIVE, "coordinator", {"p": "prof-demo-0082", "on": ON}))  # Ede LT (JZ21)
    assert err["extensions"]["code"] == "FORBIDDEN"
    assert err["message"] == "Een coördinator van JZ28 kan prof-demo-0082 niet wijzigen: dat hoort bij JZ21."
    assert err["extensions"]["messageCode"] == "access.coordinator_cannot_change"
    err = error(api.gql(MARK_INACTIVE, "professional", {"p": "prof-demo-0152", "on": ON}))
    assert err["extensions"]["code"] == "FORBIDDEN" and "coördinator van JZ28" in err["message"]
    err = error(api.gql(MARK_INACTIVE, None, {"p": "prof-demo-0152", "on": ON}))
    assert err["extensions"]["code"] == "UNAUTHENTICATED"
    assert not writes_since(api.service.store, before)  # only the refusal's audit entry


def test_fallback_chain_when_the_lt_leaves_then_successor(api: Api) -> None:
    for prof in ("prof-demo-0152", "prof-demo-0153"):  # both Arnhem LT workers leave
        result = ok(api.gql(MARK_INACTIVE, "coordinator", {"p": prof, "on": "2026-11-02"}))["markInactive"]
        assert result["changes"] > 0 and result["on"] == "2026-11-02"  # a Date
        assert result["action"] == "MARK_INACTIVE"  # the TurnoverAction enum
    assert result["vacated"] == ["pos-lt-arnhem"]
    c = ok(api.gql(LT_QUERY, "professional", {"g": "GM0202", "on": "2026-11-02"}))["counterparts"]
    assert c["usedFallback"] is True
    assert c["contacts"][0]["professional"] is None and c["contacts"][0]["vacantSince"] == "2026-11-02"
    fallback = [x for x in c["contacts"] if x["priority"] == "FALLBACK"]
    assert fallback and all(x["position"]["role"] == "REGIONALE_CONTACTPERSOON" for x in fallback)
    assert "Centraal Gelderland" in fallback[0]["reason"]
    # Leavers are never deleted and the as-of view still shows them.
    before = ok(api.gql(LT_QUERY, "professional", {"g": "GM0202", "on": "2026-11-01"}))["counterparts"]
    assert [x["professional"]["key"] for x in before["contacts"]] == ["prof-demo-0152", "prof-demo-0153"]
    vac = ok(api.gql('{ vacancies(region: "JZ28", on: "2026-11-02") { position { key } vacantSince } }',
                     "professional"))["vacancies"]
    assert {"position": {"key": "pos-lt-arnhem"}, "vacantSince": "2026-11-02"} in vac
    done = ok(api.gql("""mutation { assignSuccessor(position: "pos-lt-arnhem", professional: "prof-demo-0177",
        on: "2026-11-03") { filled created } }""", "coordinator"))["assignSuccessor"]
    assert done["filled"] == ["pos-lt-arnhem"]
    after = ok(api.gql(LT_QUERY, "professional", {"g": "GM0202", "on": "2026-11-03"}))["counterparts"]
    assert after["usedFallback"] is False
    assert after["contacts"][0]["professional"]["key"] == "prof-demo-0177"


def test_bulk_reassign_in_one_transaction(api: Api) -> None:
    before = api.service.store.last_seq()
    r = ok(api.gql("""mutation { bulkReassign(fromProfessional: "prof-demo-0393", toProfessional: "prof-demo-0394",
        on: "2026-11-04") { action changes filled closed } }""", "admin"))["bulkReassign"]
    entries = api.service.store.changes_since(before)
    assert r["changes"] == len(entries) > 0 and len({e.ts for e in entries}) == 1
    assert "pos-rvdk-jz28" in r["filled"] and r["action"] == "BULK_REASSIGN"


def test_most_specific_level_wins(api: Api) -> None:
    # A Raad contact declared for Renkum itself beats the jeugdhulpregio-wide one.
    api.service.write(ChangeBatch(
        nodes=[Node(label=Label.POSITION, key="pos-rvdk-renkum", props={"name": "RvdK Renkum", "role":
                                                                        "rvdk_contactpersoon", "org_type": "rvdk"})],
        edges=[Edge(type=RelType.AT, src="pos-rvdk-renkum", dst="org-rvdk-oost-nederland",
                    src_label=Label.POSITION, dst_label=Label.ORGANISATION),
               Edge(type=RelType.COVERS, src="pos-rvdk-renkum", dst="GM0274", src_label=Label.POSITION,
                    dst_label=Label.GEMEENTE)]), "test")
    api.gql("""mutation { assignSuccessor(position: "pos-rvdk-renkum", professional: "prof-demo-0393",
        on: "2026-11-01") { filled } }""", "admin")
    q = """query($g: String!) { counterparts(gemeente: $g, organisationType: RVDK, on: "2026-11-05") { coveredAt
           contacts { position { key } reason explanation { code params message } } } }"""
    renkum = ok(api.gql(q, "professional", {"g": "GM0274"}))["counterparts"]
    assert renkum["coveredAt"] == "GEMEENTE"
    assert [c["position"]["key"] for c in renkum["contacts"]] == ["pos-rvdk-renkum"]
    arnhem = ok(api.gql(q, "professional", {"g": "GM0202"}))["counterparts"]
    assert arnhem["coveredAt"] == "JEUGDHULPREGIO"
    first = arnhem["contacts"][0]
    assert first["reason"] == "Werkt voor Arnhem via jeugdhulpregio Centraal Gelderland."
    assert first["explanation"] == {"code": "coverage.via_region", "message": first["reason"], "params": {
        "gemeente": "Arnhem", "level": "Jeugdhulpregio", "region": "Centraal Gelderland"}}
    english = api.post(q, api.tokens["professional"], {"g": "GM0202"}, headers={"Accept-Language": "en"}).json()
    assert english["data"]["counterparts"]["contacts"][0]["reason"] == (
        "Works for Arnhem via youth care region Centraal Gelderland.")


def test_holidays_in_case_deadlines(api: Api) -> None:
    api.service.write(ChangeBatch(
        nodes=[Node(label=Label.CASE, key="JB-7KQ2-M4PX", props={"ref": "JB-7KQ2-M4PX", "route": "301",
                                                                  "status": "open", "opened": "2026-12-23",
                                                                  "step": 1})],
        edges=[Edge(type=RelType.FOR_GEMEENTE, src="JB-7KQ2-M4PX", dst="GM0274", src_label=Label.CASE,
                    dst_label=Label.GEMEENTE)]), "test")
    q = """query($today: Date) { case(ref: "JB-7KQ2-M4PX", today: $today) { route overdue
           deadlines { step due basis overdue } } }"""
    case = ok(api.gql(q, "professional", {"today": "2026-12-29"}))["case"]
    first = case["deadlines"][0]
    # Wed 23 Dec + 3 werkdagen: 24, (25-27 Christmas and weekend), 28, 29
    assert first["due"] == "2026-12-29" and "Eerste kerstdag" in first["basis"] and not first["overdue"]
    late = ok(api.gql(q, "professional", {"today": "2026-12-30"}))["case"]
    assert late["overdue"] and late["deadlines"][0]["overdue"]
    listed = ok(api.gql("""{ overdueCases(jeugdhulpregio: "JZ28", today: "2026-12-30", first: 100) {
        totalCount edges { node { ref } } } }""", "professional"))["overdueCases"]
    assert "JB-7KQ2-M4PX" in [e["node"]["ref"] for e in listed["edges"]]
    assert listed["totalCount"] == len(listed["edges"])


def test_stale_detection_then_verify_with_history(api: Api) -> None:
    q = """{ staleContacts(jeugdhulpregio: "JZ28", today: "2027-06-01") { reason contact {
             professional { key } lastVerified stale } } }"""
    stale = ok(api.gql(q, "professional"))["staleContacts"]
    keys = {s["contact"]["professional"]["key"] for s in stale if s["contact"]["professional"]}
    assert "prof-demo-0307" in keys  # the regionale contactpersoon, confirmed in 2026
    err = error(api.gql('mutation { verifyContact(key: "prof-demo-0082", today: "2027-06-01") { seq } }',
                        "coordinator"))
    assert err["extensions"]["code"] == "FORBIDDEN"
    done = ok(api.gql('mutation { verifyContact(key: "prof-demo-0307", today: "2027-06-01") { actor changes '
                      '{ field after } } }', "coordinator"))["verifyContact"]
    assert done[0]["actor"].startswith("coordinator:")
    assert {"field": "last_verified", "after": "2027-06-01"} in done[0]["changes"]
    again = ok(api.gql(q, "professional"))["staleContacts"]
    assert "prof-demo-0307" not in {s["contact"]["professional"]["key"] for s in again if s["contact"]["professional"]}
    hist = ok(api.gql('{ history(nodeId: "prof-demo-0307") { op actor summary } }', "coordinator"))["history"]
    assert hist[-1]["op"] == "node.update" and "verified_by" in hist[-1]["summary"]
    assert len(ok(api.gql('{ history(nodeId: "prof-demo-0307", last: 1) { op } }', "coordinator"))["history"]) == 1
    for last in (0, 101):
        (refusal,) = api.gql(f'{{ history(nodeId: "prof-demo-0307", last: {last}) {{ op }} }}', "coordinator")["errors"]
        assert refusal["extensions"] == {"code": "BAD_USER_INPUT", "messageCode": "input.out_of_range",
                                       "params": {"argument": "last", "min": 1, "max": 100, "value": last}}
        assert refusal["message"] == f"last moet tussen 1 en 100 liggen, niet {last}"


def test_report_incorrect_contact_lands_in_the_responsible_queue(api: Api) -> None:
    reports = ok(api.gql("""mutation { reportIncorrectContact(key: "prof-demo-0308",
        remark: "works part-time since October") { id jeugdhulpregio status } }""", "professional"))
    report = reports["reportIncorrectContact"][0]
    assert report["jeugdhulpregio"] == "JZ28" and report["status"] == "OPEN"
    queue = ok(api.gql('{ reportQueue(jeugdhulpregio: "JZ28") { id subject remark reportedBy } }',
                       "coordinator"))["reportQueue"]
    assert [(r["id"], r["subject"]) for r in queue] == [(report["id"], "prof-demo-0308")]
    assert queue[0]["reportedBy"].startswith("professional:")
    assert error(api.gql('{ reportQueue(jeugdhulpregio: "JZ21") { id } }', "coordinator"))["extensions"]["code"] \
        == "FORBIDDEN"
    assert error(api.gql('mutation { reportIncorrectContact(key: "prof-demo-0308", remark: "x") { id } }',
                         None))["extensions"]["code"] == "UNAUTHENTICATED"
    bad = error(api.gql('mutation { reportIncorrectContact(key: "prof-demo-0308", remark: "   ") { id } }',
                        "professional"))
    assert bad["extensions"]["code"] == "BAD_USER_INPUT" and "de opmerking is leeg" in bad["message"]
    resolved = ok(api.gql("""mutation($id: Int!) { resolveReport(jeugdhulpregio: "JZ28", reportId: $id,
        resolution: "updated") { status resolvedBy } }""", "coordinator", {"id": report["id"]}))["resolveReport"]
    assert resolved["status"] == "RESOLVED"
    assert ok(api.gql('{ reportQueue(jeugdhulpregio: "JZ28") { id } }', "coordinator"))["reportQueue"] == []
