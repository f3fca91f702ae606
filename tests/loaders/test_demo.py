"""The Gelderland demo network, loaded through init_store into a real SQLite file."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import pytest

from graph.privacy import check_case_value, validate_case_ref
from graph.schema import EDGE_ENDPOINTS, Edge, Label, Node, RelType
from graph.store.sqlite_store import SQLiteStore
from loaders.demo import DEMO_EMAIL_DOMAIN, REFERENCE_DATE, demo_batches
from loaders.init import init_store

# Dutch mobile numbers handed to operators start 06-1..06-6; 06-0 is not in use.
FICTIONAL_PHONE = re.compile(r"^06-0000\d{4}$")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path_factory.mktemp("demo") / "jbnet.sqlite")
    counts = init_store(s, demo=True)
    assert counts["changes"] > 0 and counts["Gemeente"] == 342
    yield s
    s.close()


@pytest.fixture(scope="module")
def graph(store: SQLiteStore) -> tuple[dict[str, Node], list[Edge]]:
    return {n.key: n for n in store.nodes()}, list(store.edges())


def _out(edges: list[Edge], rel: RelType) -> dict[str, list[Edge]]:
    found: dict[str, list[Edge]] = defaultdict(list)
    for e in edges:
        if e.type is rel:
            found[e.src].append(e)
    return found


def test_init_is_idempotent(store: SQLiteStore) -> None:
    seq = store.last_seq()
    again = init_store(store, demo=True)
    assert again["changes"] == 0
    assert store.last_seq() == seq


def test_demo_is_deterministic() -> None:
    first, second = demo_batches(), demo_batches()
    assert [n.model_dump() for b in first for n in b.nodes] == [n.model_dump() for b in second for n in b.nodes]
    assert [e.model_dump() for b in first for e in b.edges] == [e.model_dump() for b in second for e in b.edges]


def test_size_is_a_few_thousand_nodes_at_most(graph) -> None:
    nodes, _ = graph
    assert 1_000 < len(nodes) < 5_000


def test_every_edge_fits_the_schema(graph) -> None:
    nodes, edges = graph
    for e in edges:
        assert (nodes[e.src].label, nodes[e.dst].label) in EDGE_ENDPOINTS[e.type], e.key


def test_people_are_fictional_and_marked(graph) -> None:
    nodes, _ = graph
    people = [n for n in nodes.values() if n.label is Label.PROFESSIONAL]
    assert len(people) > 300
    for p in people:
        assert p.props["demo"] is True, p.key
        assert FICTIONAL_PHONE.match(p.props["phone"]), p.props["phone"]
        assert p.props["email"].endswith("@" + DEMO_EMAIL_DOMAIN)
    assert len({p.props["phone"] for p in people}) == len(people)
    assert len({p.props["name"] for p in people}) == len(people)


def test_every_position_is_at_an_organisation(graph) -> None:
    nodes, edges = graph
    at = _out(edges, RelType.AT)
    for key, n in nodes.items():
        if n.label is Label.POSITION:
            assert len(at[key]) == 1, key
            assert nodes[at[key][0].dst].props["type"] == n.props["org_type"], key


def test_each_gelderland_gemeente_has_a_lokaal_team_with_primary_and_backup(graph) -> None:
    nodes, edges = graph
    provincie = {e.src: e.dst for e in edges if e.type is RelType.IN_PROVINCIE}
    covers = defaultdict(set)
    for e in edges:
        if e.type is RelType.COVERS:
            covers[e.dst].add(e.src)
    holds = defaultdict(dict)
    for e in edges:
        if e.type is RelType.HOLDS and e.valid_to is None:
            holds[e.dst][e.props["priority"]] = e.src
    gelders = [g for g, p in provincie.items() if p == "PV25"]
    assert len(gelders) == 51
    for gm in gelders:
        lt = [p for p in covers[gm] if nodes[p].label is Label.POSITION and nodes[p].props["role"] == "lt_medewerker"]
        assert len(lt) == 1, gm
        h = holds[lt[0]]
        assert {"primary", "backup"} <= set(h) and h["primary"] != h["backup"], gm


def test_jeugdbeschermers_at_every_level_for_most_specific_wins(graph) -> None:
    nodes, edges = graph
    levels = defaultdict(set)
    for e in edges:
        if e.type is RelType.COVERS and nodes[e.src].props.get("role") == "jeugdbeschermer":
            levels[nodes[e.dst].label].add(e.src)
    for label in (Label.GEMEENTE, Label.SUBREGIO, Label.JEUGDHULPREGIO, Label.PROVINCIE):
        assert levels[label], label
    # Arnhem is covered at gemeente, subregio and jeugdhulpregio level by Jeugdbescherming Gelderland.
    assert {"pos-jbg-arnhem", "pos-jbg-sr-jz28-arnhem", "pos-jbg-jz28"} <= set().union(*levels.values())


def test_contactbeheer_escalation_and_bodies(graph) -> None:
    nodes, edges = graph
    esc = {e.src: e for e in edges if e.type is RelType.ESCALATES_TO}
    chain, pos = [], "pos-lt-ede"
    while pos in esc:
        chain.append((esc[pos].props["step"], nodes[esc[pos].dst].props["role"]))
        pos = esc[pos].dst
    assert chain == [(1, "gedragswetenschapper"), (2, "leidinggevende"), (3, "wethouder")]
    reports = {e.src: e.dst for e in edges if e.type is RelType.REPORTS_TO}
    assert reports["body-jeugdlink-kerngroep"] == "body-jeugdlink-projectgroep"
    assert reports["body-jeugdlink-projectgroep"] == "body-jeugdlink-stuurgroep"
    covers = {e.src: e.dst for e in edges if e.type is RelType.COVERS and e.src.startswith("body-jeugdlink")}
    assert covers == {"body-jeugdlink-kerngroep": "GM0228", "body-jeugdlink-projectgroep": "JZ21",
                      "body-jeugdlink-stuurgroep": "VR07"}
    members = {e.src for e in edges if e.type is RelType.MEMBER_OF and e.dst == "body-toekomsttuin-food-valley"}
    assert {"org-rvdk-oost-nederland", "org-gemeente-ede", "org-wss", "org-jbg", "org-vt-gelderland-midden"} <= members
    assert nodes["body-jbt-centraal-gelderland"].props["local_name"] == "Beschermingstafel"
    assert nodes["body-ret-centraal-gelderland"].props["local_name"] == "Perspectiefoverleg"
    assert nodes["body-ret-rijk-van-nijmegen"].props["inferred"] is True
    roles = {e.props["role"] for e in edges if e.type is RelType.MEMBER_OF and e.dst == "body-jbt-rijk-van-nijmegen"}
    assert {"voorzitter", "rvdk_medewerker", "jeugdbeschermer"} <= roles
    subregios = [n for n in nodes.values() if n.label is Label.SUBREGIO and n.key.startswith("SR-JZ28-")]
    assert len(subregios) == 4 and all(n.props["version"] == 1 for n in subregios)


def test_vacancy_stale_and_inactive_entries(graph) -> None:
    nodes, edges = graph
    open_holds = {e.dst for e in edges if e.type is RelType.HOLDS and e.valid_to is None}
    vacant = [n for n in nodes.values() if n.label is Label.POSITION and n.key not in open_holds]
    assert [n.key for n in vacant] == ["pos-rvdk-jz25"] and vacant[0].props["vacant_since"] == "2026-09-15"
    closed = [e for e in edges if e.type is RelType.HOLDS and e.dst == "pos-rvdk-jz25"]
    assert len(closed) == 1 and closed[0].valid_to == "2026-09-15"
    assert nodes[closed[0].src].props["active"] is False
    cutoff = (REFERENCE_DATE.replace(month=REFERENCE_DATE.month - 3)).isoformat()
    people = [n for n in nodes.values() if n.label is Label.PROFESSIONAL]
    stale = [p for p in people if p.props["last_verified"] < cutoff]
    assert 0 < len(stale) < len(people) / 4


def test_cases_are_pseudonymous_with_the_route_of_their_region(graph) -> None:
    nodes, edges = graph
    cases = [n for n in nodes.values() if n.label is Label.CASE]
    assert 30 <= len(cases) <= 50
    gemeente = {e.src: e.dst for e in edges if e.type is RelType.FOR_GEMEENTE}
    jz = {e.src: e.dst for e in edges if e.type is RelType.IN_JEUGDHULPREGIO}
    on_case = defaultdict(set)
    for e in edges:
        if e.type is RelType.ON_CASE:
            on_case[e.dst].add(e.props["role"])
    for c in cases:
        assert validate_case_ref(c.key) == c.key == c.props["ref"]
        for name, value in c.props.items():
            check_case_value(name, str(value))
        assert c.props["route"] == ("315" if jz[gemeente[c.key]] == "JZ28" else "301")
        assert on_case[c.key] == {"jeugdbeschermer", "lt_medewerker"}
    overdue = [c for c in cases if c.props["status"] == "open" and c.props["step"] <= 2
               and c.props["opened"] < "2026-10-20"]
    assert overdue


def test_init_on_every_store_gives_the_same_graph(any_store, store: SQLiteStore) -> None:
    first = init_store(any_store, demo=True)
    assert first["changes"] > 0
    again = init_store(any_store, demo=True)
    assert again["changes"] == 0
    nodes = {n.key: n.props for n in any_store.nodes()}
    assert nodes["pos-lt-ede"]["role"] == "lt_medewerker"
    assert {k: v for k, v in again.items() if k != "changes"} == store.counts()
