"""docs/cypher-cookbook.md: every recipe runs on a real Neo4j loaded with the demo and agrees with the projection.

Two engines, one truth: the Cypher answer from Neo4j is compared with the networkx projection built
from the same Neo4j store. The recipes also go through Neo4j's Cypher parser (tools/cypher-lint).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.projection import Projection
from graph.queries.analytics import multi_body_members
from graph.queries.governance import governance, governance_check
from graph.queries.history_diff import network_diff
from graph.schema import Edge, Label, RelType
from graph.store.base import ChangeBatch, EdgeClose, GraphStore
from loaders.init import init_store
from tests.graph.test_cypher_lint import lint

COOKBOOK = Path(__file__).resolve().parents[3] / "docs" / "cypher-cookbook.md"
RECIPE = re.compile(r"<!-- recipe: (\w+) -->\s*```cypher\n(.*?)```", re.S)
AS_OF = "2026-06-01"
FV = "body-toekomsttuin-food-valley"
KERN = "body-jeugdlink-kerngroep"


def recipes() -> dict[str, str]:
    return {name: text.strip() for name, text in RECIPE.findall(COOKBOOK.read_text(encoding="utf-8"))}


def test_cookbook_has_the_five_recipes_and_they_lint_clean() -> None:
    found = recipes()
    assert set(found) == {"tree", "staffing_gaps", "uncovered_gemeenten", "several_bodies", "changes_since"}
    errors = [f"{d['name']} {d['line']}:{d['column']}: {d['message']}" for d in lint(found)
              if d["severity"] == "error"]
    assert not errors, "\n".join(errors)


class Neo:
    def __init__(self, store: GraphStore, driver: neo4j.Driver, p: Projection) -> None:
        self.store, self.driver, self.p = store, driver, p

    def run(self, recipe: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = self.driver.execute_query(recipes()[recipe], params,
                                                  database_=os.environ.get("NEO4J_DATABASE", "neo4j"))
        return [r.data() for r in records]


@pytest.fixture(scope="module")
def neo(_neo4j_session_store: GraphStore, neo4j_uri: str) -> Iterator[Neo]:
    store = _neo4j_session_store
    store.delete_everything()  # type: ignore[attr-defined]
    init_store(store, demo=True)
    p = Projection.build(store)
    # History for the diff recipe: a kerngroep member becomes gedragswetenschapper on 2026-02-01, another
    # leaves, and the Food Valley tafel stops covering the region (a coverage gap) on 2026-03-01.
    members = sorted((k, s) for s, _, k, d in p.g.in_edges(KERN, keys=True, data=True) if d.get("role") == "lid")
    (k1, s1), (k2, _) = members[0], members[1]
    covers = next(k for _, _, k, d in p.g.out_edges("body-jbt-food-valley", keys=True, data=True)
                  if d["type"] == "COVERS")
    store.apply(ChangeBatch(
        closes=[EdgeClose(k1, "2026-02-01"), EdgeClose(k2, "2026-02-01"), EdgeClose(covers, "2026-03-01")],
        edges=[Edge(type=RelType.MEMBER_OF, src=s1, dst=KERN, src_label=Label.PROFESSIONAL, dst_label=Label.BODY,
                    props={"role": "gedragswetenschapper"}, valid_from="2026-02-01", key=f"{k1}|2026")]), "test")
    p.refresh()
    password = os.environ.get("NEO4J_PASSWORD", "")
    auth = (os.environ.get("NEO4J_USER", "neo4j"), password) if password else None
    driver = neo4j.GraphDatabase.driver(neo4j_uri, auth=auth, notifications_min_severity="OFF")
    yield Neo(store, driver, p)
    driver.close()


@pytest.mark.neo4j
@pytest.mark.parametrize("key", [FV, "body-toekomsttuin-flevoland", "body-jbt-centraal-gelderland"])
def test_tree_recipe_matches_governance(neo: Neo, key: str) -> None:
    rows = neo.run("tree", key=key, asOf=AS_OF)
    cypher = {(r["body"], r["member"], r["role"], tuple(sorted(r["employers"]))) for r in rows if r["member"]}
    cypher_bodies = {r["body"] for r in rows}
    tree = governance(neo.p, key, as_of=AS_OF)
    projection = {(b.key, m.key, m.role, tuple(sorted(o.key for o in m.organisations if m.label == "Professional")))
                  for b in tree.bodies for m in b.members}
    assert cypher_bodies == {b.key for b in tree.bodies}
    assert cypher == projection and len(cypher) > 0


@pytest.mark.neo4j
def test_staffing_recipe_matches_governance_check(neo: Neo) -> None:
    rows = {r["toekomsttuin"]: r for r in neo.run("staffing_gaps", asOf=AS_OF)}
    assert set(rows) == {b for b in neo.p.keys(Label.BODY) if neo.p.node(b).get("kind") == "toekomsttuin"}
    for key, row in rows.items():
        findings = governance_check(neo.p, key, as_of=AS_OF).findings
        mine = [f for f in findings if f.subject == key]
        staffing = next((f.missing for f in mine if f.rule == "toekomsttuin.minimum_staffing"), ())
        roles = [f.missing[0] for f in mine
                 if f.rule in ("toekomsttuin.teamleider", "toekomsttuin.gedragswetenschapper")]
        assert sorted(row["missingOrgTypes"]) == sorted(staffing), key
        assert sorted(row["missingRoles"]) == sorted(roles), key
    assert rows[FV]["missingOrgTypes"] == [] and rows[FV]["missingRoles"] == []
    assert rows["body-toekomsttuin-achterhoek"]["missingOrgTypes"]


@pytest.mark.neo4j
@pytest.mark.parametrize(("region", "kind", "rule"), [
    ("JZ21", "jeugdbeschermingstafel", "coverage.no_tafel"),
    ("PV25", "jeugdbeschermingstafel", "coverage.no_tafel"),
    ("PV24", "jeugdbeschermingstafel", "coverage.no_tafel"),
    ("VR07", "toekomsttuin", "coverage.no_toekomsttuin"),
])
def test_uncovered_recipe_matches_governance_check(neo: Neo, region: str, kind: str, rule: str) -> None:
    rows = neo.run("uncovered_gemeenten", region=region, kind=kind, asOf=AS_OF)
    check = governance_check(neo.p, region, as_of=AS_OF)
    assert sorted(r["gemeente"] for r in rows) == sorted(f.subject for f in check.by_rule(rule))
    if region == "JZ21":  # the tafel stopped covering Food Valley on 2026-03-01
        assert rows and not neo.run("uncovered_gemeenten", region=region, kind=kind, asOf="2026-01-01")


@pytest.mark.neo4j
def test_several_bodies_recipe_matches_projection(neo: Neo) -> None:
    rows = neo.run("several_bodies", asOf=AS_OF, minBodies=2)
    cypher = {(r["professional"], tuple(sorted(r["bodies"]))) for r in rows}
    assert cypher == {(m.key, m.bodies) for m in multi_body_members(neo.p, min_bodies=2, as_of=AS_OF)}
    assert cypher  # the JBT voorzitters also sit in the Gelderse voorzittersoverleg


@pytest.mark.neo4j
def test_changes_recipe_matches_network_diff(neo: Neo) -> None:
    for since, until in (("2026-01-01", "2026-06-01"), ("2019-01-01", "2021-06-01"), ("2024-01-01", "2025-01-01")):
        rows = neo.run("changes_since", key=FV, **{"from": since, "to": until})
        cypher = {(r["relationship"], r["change"]) for r in rows}
        d = network_diff(neo.p, FV, since, until)
        body_types = {"MEMBER_OF", "REPORTS_TO", "PART_OF", "COVERS"}
        projection = {(e.key, "added") for e in d.added + d.changed if e.type in body_types}
        projection |= {(e.key, "ended") for e in d.ended if e.type in body_types}
        projection |= {(e.before_key, "ended") for e in d.changed if e.type in body_types}
        assert cypher == projection, (since, until)
    assert not cypher  # nothing changed in the last window
    recent = {(r["relationship"], r["change"]) for r in neo.run("changes_since", key=FV, **{"from": "2026-01-01",
                                                                                            "to": "2026-06-01"})}
    assert len([c for c in recent if c[1] == "ended"]) == 2 and len([c for c in recent if c[1] == "added"]) == 1


RECIPE_PARAMS: dict[str, dict[str, Any]] = {
    "tree": {"key": FV, "asOf": AS_OF},
    "staffing_gaps": {"asOf": AS_OF},
    "uncovered_gemeenten": {"region": "PV25", "kind": "jeugdbeschermingstafel", "asOf": AS_OF},
    "several_bodies": {"asOf": AS_OF, "minBodies": 2},
    "changes_since": {"key": FV, "from": "2026-01-01", "to": "2026-06-01"},
}


def _operators(plan: Any) -> set[str]:
    found = {plan["operatorType"].split("@")[0]}
    for child in plan.get("children", []):
        found |= _operators(child)
    return found


@pytest.mark.neo4j
@pytest.mark.parametrize("recipe", sorted(RECIPE_PARAMS))
def test_recipe_runs_without_warnings_and_seeks_its_start_by_index(neo: Neo, neo4j_uri: str, recipe: str) -> None:
    # A Browser user sees every notification; "null value eliminated in set function" hides real ones.
    password = os.environ.get("NEO4J_PASSWORD", "")
    auth = (os.environ.get("NEO4J_USER", "neo4j"), password) if password else None
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=auth, notifications_min_severity="INFORMATION") as driver, \
            driver.session(database=os.environ.get("NEO4J_DATABASE", "neo4j")) as session:
        result = session.run(recipes()[recipe], RECIPE_PARAMS[recipe])
        result.consume()
        summary = session.run("PROFILE " + recipes()[recipe], RECIPE_PARAMS[recipe]).consume()
    notifications = [(g.gql_status, g.status_description) for g in result.consume().gql_status_objects
                     if g.is_notification]
    assert notifications == [], notifications
    operators = _operators(summary.profile)
    if recipe == "staffing_gaps":  # starts from the toekomsttuinen: the body_kind index
        assert operators & {"NodeIndexSeek"}, f"{recipe} does not use the Body(kind) index: {sorted(operators)}"
    if any(p in RECIPE_PARAMS[recipe] for p in ("key", "region")):
        assert operators & {"NodeUniqueIndexSeek", "NodeIndexSeek", "MultiNodeIndexSeek"}, \
            f"{recipe} finds its start node without an index: {sorted(operators)}"
        assert "AllNodesScan" not in operators, f"{recipe} scans every node: {sorted(operators)}"
