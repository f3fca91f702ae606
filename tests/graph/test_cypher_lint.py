"""Every Cypher statement of the Neo4j store passes Neo4j's own parser and semantic analysis.

The linter is ``@neo4j-cypher/language-support`` (pinned in tools/cypher-lint, installed by
``make cypher-lint-deps``). Skipped without node/node_modules locally, a failure in CI.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from graph.schema import Label, RelType
from graph.store.cypher import BOOKKEEPING_LABELS, all_statements, constraint_statements
from tests.conftest import unavailable

LINT_DIR = Path(__file__).resolve().parents[2] / "tools" / "cypher-lint"


def lint(statements: dict[str, str]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        unavailable("node not found: Cypher lint needs Node.js")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        unavailable(f"{LINT_DIR}/node_modules missing (run `make cypher-lint-deps`)")
    payload = {
        "schema": {"labels": [label.value for label in Label] + list(BOOKKEEPING_LABELS),
                   "relationshipTypes": [rel.value for rel in RelType]},
        "statements": [{"name": name, "text": text} for name, text in statements.items()],
    }
    proc = subprocess.run([str(node), str(LINT_DIR / "lint.mjs")], input=json.dumps(payload), text=True,
                          capture_output=True, timeout=300, check=False)
    assert proc.returncode in (0, 1), f"linter crashed ({proc.returncode}): {proc.stderr}"
    diagnostics: list[dict[str, Any]] = json.loads(proc.stdout)
    assert (proc.returncode == 1) == any(d["severity"] == "error" for d in diagnostics)
    return diagnostics


def test_every_store_statement_lints_clean() -> None:
    statements = all_statements()
    diagnostics = lint(statements)
    for d in diagnostics:
        if d["severity"] != "error":
            print(f"{d['severity']}: {d['name']}: {d['message']}")
    errors = [f"{d['name']} {d['line']}:{d['column']}: {d['message']}\n    {statements[d['name']]}"
              for d in diagnostics if d["severity"] == "error"]
    assert not errors, "\n".join(errors)


def test_the_linter_is_live() -> None:
    broken = {
        "typo": "UNWIND $rows AS row MERGE (n:Gemeente {key: row.key}) SETT n = row.props",
        "undefined_variable": "MATCH (n:Gemeente) RETURN m.key",
        "fine": "MATCH (n:Gemeente {key: $key}) RETURN n.key AS key",
    }
    errors = {d["name"] for d in lint(broken) if d["severity"] == "error"}
    assert errors == {"typo", "undefined_variable"}


def test_statements_cover_the_schema() -> None:
    statements = all_statements()
    assert len(set(statements.values())) == len(statements), "two names for one statement text"
    # The writes are one statement per kind whatever the label (it travels as a parameter); new
    # relationships one per type.
    for name in ("node_create", "node_update", "edge_update", "close_edge"):
        assert name in statements
    for rel in RelType:
        assert f"edge_create.{rel.value}" in statements
    text = "\n".join(constraint_statements())
    for label in Label:
        assert f"FOR (n:{label.value}) REQUIRE n.key IS UNIQUE" in text
    for rel in RelType:
        assert f"FOR ()-[r:{rel.value}]-() REQUIRE r.key IS UNIQUE" in text
