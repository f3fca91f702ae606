"""The bookkeeping (change log, counter, tokens, claims) stays apart from the directory graph in Neo4j.

What the store writes besides the domain labels is exactly ``cypher.BOOKKEEPING_LABELS``, never linked
to the domain graph; the cookbook's "leave alone" table and the Enterprise reader role of
docs/scaling.md name exactly those labels, and the role setup passes Neo4j's own parser.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import neo4j
import pytest

from api.auth import Role, create_token
from graph.schema import Label, Node
from graph.store.base import ChangeBatch, GraphStore
from graph.store.cypher import BOOKKEEPING_LABELS
from tests.graph.test_cypher_lint import lint

DOCS = Path(__file__).resolve().parents[2] / "docs"
ROLES = re.compile(r"<!-- admin: roles -->\s*```cypher\n(.*?)```", re.S)


def role_statements() -> dict[str, str]:
    block = ROLES.search((DOCS / "scaling.md").read_text(encoding="utf-8"))
    assert block, "docs/scaling.md has no roles block"
    text = re.sub(r"//[^\n]*", "", block.group(1))
    return {f"roles.{i}": s.strip() for i, s in enumerate(text.split(";")) if s.strip()}


def test_the_enterprise_role_setup_parses_and_hides_exactly_the_bookkeeping() -> None:
    statements = role_statements()
    errors = [f"{d['name']}: {d['message']}" for d in lint(statements) if d["severity"] == "error"]
    assert not errors, "\n".join(errors)
    denied = [s for s in statements.values() if s.startswith("DENY")]
    assert len(denied) == 1, denied
    labels = re.fullmatch(r"DENY MATCH \{\*\} ON GRAPH neo4j NODES (.+) TO jbnet_reader", denied[0])
    assert labels, denied[0]
    assert sorted(x.strip() for x in labels.group(1).split(",")) == sorted(BOOKKEEPING_LABELS)
    # The reader writes nothing: no GRANT beyond ACCESS and MATCH for it.
    reader = [s for s in statements.values() if s.startswith("GRANT") and s.endswith("TO jbnet_reader")]
    assert reader and all(re.match(r"GRANT (ACCESS|MATCH) ", s) for s in reader), reader


def test_the_cookbook_tells_browser_users_to_leave_exactly_those_labels_alone() -> None:
    text = (DOCS / "cypher-cookbook.md").read_text(encoding="utf-8")
    section = text.split("## Leave alone", 1)[1].split("\n## ", 1)[0]
    assert sorted(re.findall(r"^\| `:(\w+)` \|", section, re.M)) == sorted(BOOKKEEPING_LABELS)


@pytest.mark.neo4j
def test_the_store_writes_no_other_label_and_never_links_bookkeeping(neo4j_store: GraphStore, neo4j_uri: str) -> None:
    store = neo4j_store
    store.apply(ChangeBatch(nodes=[Node(label=Label.ORGANISATION, key="org-separation", props={"name": "Apart"})]),
                "test separation")
    store.append_log("test separation", "audit.export", "org-separation", "export", None, {"format": "csv"})
    store.claim("job:separation", "test", "2099-01-01T00:00:00+00:00", "2026-12-03T00:00:00+00:00")
    create_token(store, role=Role.ADMIN, name="separation")
    password = os.environ.get("NEO4J_PASSWORD", "")
    auth = (os.environ.get("NEO4J_USER", "neo4j"), password) if password else None
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=auth, notifications_min_severity="OFF") as driver, \
            driver.session(database=os.environ.get("NEO4J_DATABASE", "neo4j")) as session:
        in_use = {r["label"] for r in session.run("MATCH (n) UNWIND labels(n) AS label RETURN DISTINCT label")}
        several = session.run("MATCH (n) WHERE size(labels(n)) <> 1 RETURN count(n) AS n").single(strict=True)["n"]
        linked = session.run("MATCH (n)--() WHERE any(label IN labels(n) WHERE label IN $labels) "
                             "RETURN count(n) AS n", labels=list(BOOKKEEPING_LABELS)).single(strict=True)["n"]
    assert in_use - {label.value for label in Label} == set(BOOKKEEPING_LABELS)
    assert several == 0 and linked == 0
