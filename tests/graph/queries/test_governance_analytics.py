"""Coverage matrix, brokers, single points of failure, ego networks, network diffs and map data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from graph.messages import MessageError, msg
from graph.projection import Projection
from graph.queries.analytics import (
    brokers,
    coverage_matrix,
    ego_network,
    organisation_graph,
    single_points_of_failure,
)
from graph.queries.errors import NotFound
from graph.queries.history_diff import network_diff
from graph.queries.network_map import diff_map, ego_map, network_map
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch, EdgeClose
from tests.support import open_demo_service

FV = "body-toekomsttuin-food-valley"
KERN = "body-jeugdlink-kerngroep"


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphService]:
    """The demo, plus a change on 2026-03-01: a kerngroep member's role changes and one member leaves."""
    service = open_demo_service(Path(tmp_path_factory.mktemp("analytics")) / "jbnet.sqlite")
    p = service.projection
    members = sorted((k, s, d) for s, _, k, d in p.g.in_edges(KERN, keys=True, data=True) if d.get("role") == "lid")
    (k1, s1, _), (k2, _, _) = members[0], members[1]
    service.write(ChangeBatch(
        closes=[EdgeClose(k1, "2026-03-01"), EdgeClose(k2, "2026-03-01")],
        edges=[Edge(type=RelType.MEMBER_OF, src=s1, dst=KERN, src_label=Label.PROFESSIONAL, dst_label=Label.BODY,
                    props={"role": "gedragswetenschapper"}, valid_from="2026-03-01", key=f"{k1}|2026")]), "test")
    yield service
    service.close()


@pytest.fixture(scope="module")
def p(svc: GraphService) -> Projection:
    return svc.projection


def test_coverage_matrix_counts_orgs_serving_each_gemeente(p: Projection) -> None:
    cm = coverage_matrix(p, "JZ21")
    ede = next(r for r in cm.rows if r.name == "Ede")
    assert ede.counts["lokaal_team"] >= 1 and ede.counts["veilig_thuis"] == 1
    assert "org-vt-gelderland-midden" in ede.organisations["veilig_thuis"]
    assert len(cm.rows) == len([g for g, _ in p.in_edges("JZ21", RelType.IN_JEUGDHULPREGIO)
                                if p.label_of(g) == "Gemeente"])
    with pytest.raises(MessageError) as bad:
        coverage_matrix(p, "JZ21", org_types=["police"])
    assert bad.value.message.code == "query.unknown_org_types" and bad.value.message.args["values"] == ("police",)


def test_brokers_are_the_highest_betweenness_organisations(p: Projection) -> None:
    top = brokers(p, code="JZ21", top=3)
    g = organisation_graph(p, code="JZ21")
    g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    scores = nx.betweenness_centrality(g)
    assert [b.key for b in top] == sorted(scores, key=lambda k: (-scores[k], -g.degree(k), k))[:3]
    assert top[0].betweenness > 0


def test_single_point_of_failure_person_with_many_critical_seats(p: Projection) -> None:
    spofs = single_points_of_failure(p, min_seats=2)
    assert spofs and all(len(s.seats) >= 2 for s in spofs)
    chair = next(s for s in spofs if any(seat.key == "body-jbt-food-valley" for seat in s.seats))
    assert any(seat.role == "voorzitter" and seat.sole_holder for seat in chair.seats)


def test_ego_network_depth(p: Projection) -> None:
    leader = next(s for s, d in p.in_edges(KERN, RelType.MEMBER_OF) if d.get("role") == "teamleider")
    one = ego_network(p, leader, depth=1)
    two = ego_network(p, leader, depth=2)
    assert {n.key for n in one.nodes} < {n.key for n in two.nodes}
    assert KERN in {n.key for n in one.nodes}
    assert max(n.distance for n in two.nodes) == 2
    assert not any(n.label == "Case" for n in two.nodes)
    with pytest.raises(MessageError) as bad:
        ego_network(p, leader, depth=9)
    assert bad.value.message == msg("query.out_of_range", name="depth", low=1, high=4, value=9)
    with pytest.raises(NotFound):
        ego_network(p, "prof-nobody")


def test_network_diff_added_ended_changed(p: Projection) -> None:
    d = network_diff(p, FV, "2026-01-01", "2026-06-01")
    assert len(d.changed) == 1 and d.changed[0].props["role"] == "gedragswetenschapper"
    assert d.changed[0].before is not None and d.changed[0].before["role"] == "lid"
    assert len(d.members_ended) == 1 and d.members_ended[0].dst == KERN
    assert d.added == [] and d.bodies_added == []
    start = network_diff(p, FV, "2019-01-01", "2020-01-01")
    assert {b.key for b in start.bodies_added} >= {KERN, "body-jeugdlink-projectgroep"}
    assert network_diff(p, FV, "2024-01-01", "2025-01-01").is_empty
    with pytest.raises(MessageError) as bad:
        network_diff(p, FV, "2026-01-01", "2025-01-01")
    assert bad.value.message == msg("query.from_after_to", start="2026-01-01", end="2025-01-01")


def test_region_map_is_aggregated_and_expandable(p: Projection) -> None:
    md = network_map(p, "JZ21")
    counts = md.counts()
    assert "professional" not in counts and counts["gemeente"] >= 5
    org = md.node("org-vt-gelderland-midden")
    assert org.count and org.count > 0 and org.email is None
    assert md.node(KERN).count == len(p.in_edges(KERN, RelType.MEMBER_OF))
    ids = {n.id for n in md.nodes}
    assert all(e.src in ids and e.dst in ids for e in md.edges)
    opened = network_map(p, "JZ21", expand=[KERN])
    assert opened.counts()["professional"] == len(p.in_edges(KERN, RelType.MEMBER_OF))
    full = network_map(p, "JZ21", expand=True, contacts=True)
    assert full.counts()["professional"] > opened.counts()["professional"]
    assert any(n.email for n in full.nodes if n.kind == "professional")
    only = network_map(p, "JZ21", kinds=["gemeente", "body"])
    assert set(only.counts()) == {"gemeente", "body"}
    with pytest.raises(MessageError) as bad:
        network_map(p, "JZ21", kinds=["people"])
    assert bad.value.message.code == "map.unknown_kinds" and bad.value.message.args["kinds"] == ("people",)


def test_governance_ego_and_diff_maps(p: Projection) -> None:
    gov = network_map(p, FV)
    assert gov.mode == "governance"
    levels = {n.group: n.level for n in gov.nodes if n.kind == "body"}
    assert levels["stuurgroep"] < levels["projectgroep"] < levels["kerngroep"]
    leader = next(s for s, d in p.in_edges(KERN, RelType.MEMBER_OF) if d.get("role") == "teamleider")
    ego = ego_map(p, leader, depth=1)
    assert ego.node(leader).level == 0 and ego.counts()["body"] >= 1
    dm = diff_map(p, FV, "2026-01-01", "2026-06-01")
    statuses = {e.status for e in dm.edges}
    assert {"changed", "ended"} <= statuses


def test_map_positions_come_from_the_layout_callable(p: Projection) -> None:
    md = network_map(p, "JZ21", layout=lambda m: {n.id: (float(i), 0.0) for i, n in enumerate(m.nodes)})
    assert len(md.positions) == len(md.nodes)
    p_before = p.version
    network_map(p, "JZ21")
    assert p.version == p_before  # reading never changes the graph


def test_map_as_of_hides_later_bodies(svc: GraphService) -> None:
    p = svc.projection
    early = {n.id for n in network_map(p, "PV25", as_of="2019-06-01").nodes}
    assert FV not in early  # the pilot started 2019-09-01
    assert FV in {n.id for n in network_map(p, "PV25", as_of="2019-10-01").nodes}
    assert "body-toekomsttuin-centraal-gelderland" not in early
    new = Node(label=Label.BODY, key="body-test-new", props={"name": "Nieuw", "kind": "werkgroep"})
    svc.write(ChangeBatch(nodes=[new],
                          edges=[Edge(type=RelType.COVERS, src="body-test-new", dst="JZ21", src_label=Label.BODY,
                                      dst_label=Label.JEUGDHULPREGIO, valid_from="2026-05-01")]), "test")
    assert "body-test-new" in {n.id for n in network_map(p, "JZ21", as_of="2026-06-01").nodes}
    assert "body-test-new" not in {n.id for n in network_map(p, "JZ21", as_of="2026-04-01").nodes}


def test_national_map_has_every_gemeente_and_organisation(p: Projection) -> None:
    md = network_map(p, "NL", kinds=["organisation", "gemeente"])
    counts = md.counts()
    assert counts["gemeente"] == len(p.keys(Label.GEMEENTE))
    assert counts["organisation"] == len(p.keys(Label.ORGANISATION))
