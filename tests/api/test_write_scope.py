"""Every write checks the scope of EVERY node it touches: a JZ28 coordinator (the ``coordinator`` token)
cannot pull a JZ21 professional into a JZ28 position (a new HOLDS and WORKS_AT on someone JZ21 keeps),
nor move a JZ28 person into a JZ21 organisation; nothing is written when refused."""

from __future__ import annotations

from graph.queries.access import maintainers_of
from graph.schema import RelType
from tests.api.conftest import Api, ok
from tests.support import writes_since

JZ21_PROF = "prof-demo-0077"  # Lokaal Team Barneveld (Food Valley)
JZ28_PROF = "prof-demo-0152"  # Lokaal Team Arnhem (Centraal Gelderland)
JZ28_POSITION = "pos-lt-arnhem"
JZ21_ORG = "org-lt-barneveld"


def _refused(api: Api, query: str, role: str = "coordinator") -> dict:
    seq = api.service.store.last_seq()
    body = api.gql(query, role)
    [error] = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN", error
    assert not writes_since(api.service.store, seq)  # nothing written: only the refusal, in the audit trail
    [audit] = [e for e in api.service.store.changes_since(seq) if e.op == "audit.refused"]
    assert audit.actor == api.actor(role) and audit.after["status"] == 403
    return error


def test_fixture_people_are_where_the_test_says(api: Api) -> None:
    p = api.service.projection
    assert maintainers_of(p, JZ21_PROF)[0] == ["JZ21"] and maintainers_of(p, JZ28_PROF)[0] == ["JZ28"]
    assert maintainers_of(p, JZ28_POSITION)[0] == ["JZ28"] and maintainers_of(p, JZ21_ORG)[0] == ["JZ21"]


def test_assign_successor_refuses_a_professional_outside_the_scope(api: Api) -> None:
    error = _refused(api, f"""mutation {{ assignSuccessor(position: "{JZ28_POSITION}", professional: "{JZ21_PROF}",
        priority: BACKUP, rank: 3) {{ changes }} }}""")
    assert JZ21_PROF in error["message"] and "JZ21" in error["message"]
    works = [o for o, _ in api.service.projection.out_edges(JZ21_PROF, RelType.WORKS_AT)]
    assert "org-lt-arnhem" not in works


def test_bulk_reassign_refuses_a_receiver_outside_the_scope(api: Api) -> None:
    assert list(api.service.projection.out_edges(JZ28_PROF, RelType.HOLDS))  # has positions to move
    error = _refused(api, f"""mutation {{ bulkReassign(fromProfessional: "{JZ28_PROF}",
        toProfessional: "{JZ21_PROF}") {{ changes }} }}""")
    assert JZ21_PROF in error["message"]


def test_edit_professional_refuses_a_move_into_another_regions_organisation(api: Api) -> None:
    n = api.service.projection.node(JZ28_PROF) or {}
    _refused(api, """mutation($k: String!, $p: PersonInput!) { editProfessional(key: $k, person: $p) { key } }"""
             .replace("$k: String!", f'$k: String! = "{JZ28_PROF}"').replace(
                 "$p: PersonInput!", "$p: PersonInput! = " + (
                     f'{{name: "{n["name"]}", email: "{n.get("email", "")}", organisation: "{JZ21_ORG}"}}')))


def test_the_same_writes_inside_the_scope_still_work(api: Api) -> None:
    p = api.service.projection
    holders = {src for src, _ in p.in_edges(JZ28_POSITION, RelType.HOLDS)}
    inside = next(k for k in sorted(p.keys("Professional")) if k not in holders and maintainers_of(p, k)[0] == ["JZ28"]
                  and (p.node(k) or {}).get("active", True))
    done = ok(api.gql(f"""mutation {{ assignSuccessor(position: "{JZ28_POSITION}", professional: "{inside}",
        priority: BACKUP, rank: 3) {{ filled }} }}""", "coordinator"))["assignSuccessor"]
    assert done["filled"] == [JZ28_POSITION]
    # An admin may pull in anyone.
    assert ok(api.gql(f"""mutation {{ assignSuccessor(position: "{JZ28_POSITION}", professional: "{JZ21_PROF}",
        priority: BACKUP, rank: 4) {{ filled }} }}""", "admin"))["assignSuccessor"]["filled"] == [JZ28_POSITION]
