"""Every Cypher statement of the Neo4j store, by name.

Values are always ``$parameters``. The writes take labels and relationship types as parameters too
(``$(row.label)``, Neo4j 5.26), always enum values the store checked. Where a label must be in the
text (index seeks by key, pages, counts), the label-specific statements are generated here at import
time ONLY from the enums and the endpoint allowlist of ``graph/schema.py`` (``Label``, ``RelType``,
``EDGE_ENDPOINTS``); no other text is ever spliced into a statement. ``all_statements()`` feeds the
Cypher lint test (Neo4j's own parser).

Bookkeeping lives next to the domain graph under its own labels, which no domain query touches:
``:ChangeLog`` (one node per log entry, unique ``seq``), ``:Meta`` (the log counter, also the
writers' lock) and ``:ApiToken`` (keyed by the token hash) and ``:Claim`` (leases and single-use ids, keyed by name).
"""

from __future__ import annotations

import functools
from typing import LiteralString, cast

from graph.schema import EDGE_ENDPOINTS, Label, RelType

__all__ = [
    "BOOKKEEPING_LABELS",
    "CHANGES_SINCE",
    "CHANGE_HISTORY",
    "CHANGE_HISTORY_LAST",
    "CHANGE_HISTORY_OF",
    "CLAIMS",
    "CLOSE_EDGE",
    "COUNTS",
    "DOMAIN_COUNTS",
    "EDGE_ALL",
    "EDGE_CREATE",
    "EDGE_PAGE",
    "EDGE_SIGNATURES",
    "EDGE_STATE_ALL",
    "EDGE_STATE_ANY",
    "EDGE_UPDATE",
    "GET_TOKEN",
    "INSERT_CHANGES",
    "IS_EMPTY",
    "LAST_SEQ",
    "LOCK_CLAIM",
    "LOCK_LOG",
    "LOCK_LOG_COUNTS",
    "LOCK_LOG_NODE_STATE",
    "LOCK_LOG_STATE",
    "NODE_ALL",
    "NODE_CREATE",
    "NODE_PAGE",
    "NODE_STATE_ALL",
    "NODE_STATE_ANY",
    "NODE_UPDATE",
    "PUT_TOKEN",
    "RELEASE_CLAIM",
    "SET_CLAIM",
    "SHOW_CONSTRAINTS",
    "SHOW_INDEXES",
    "TOKENS",
    "WIPE",
    "all_statements",
    "constraint_statements",
    "edge_upsert_name",
    "schema_names",
    "write_statement",
]

# The labels of the bookkeeping: docs/cypher-cookbook.md tells Browser users to leave them alone and the
# Enterprise reader role of docs/scaling.md denies them (tests/graph/test_neo4j_separation.py).
BOOKKEEPING_LABELS: tuple[str, ...] = ("ChangeLog", "Meta", "ApiToken", "Claim")

_LABELS: tuple[str, ...] = tuple(label.value for label in Label)
_TYPES: tuple[str, ...] = tuple(rel.value for rel in RelType)


def _lit(text: str) -> LiteralString:
    # Only called on text assembled from the schema enums above plus fixed fragments below.
    return cast(LiteralString, text)  # type: ignore[redundant-cast]  # mypy reads LiteralString as str


# ----------------------------------------------------------------------------- schema
def _constraints() -> list[LiteralString]:
    out = [_lit(f"CREATE CONSTRAINT node_key_{lab} IF NOT EXISTS FOR (n:{lab}) REQUIRE n.key IS UNIQUE")
           for lab in _LABELS]
    # Relationship property uniqueness constraints exist in Neo4j Community since 5.7.
    out += [_lit(f"CREATE CONSTRAINT rel_key_{typ} IF NOT EXISTS FOR ()-[r:{typ}]-() REQUIRE r.key IS UNIQUE")
            for typ in _TYPES]
    out += [
        "CREATE CONSTRAINT changelog_seq IF NOT EXISTS FOR (c:ChangeLog) REQUIRE c.seq IS UNIQUE",
        "CREATE INDEX changelog_key IF NOT EXISTS FOR (c:ChangeLog) ON (c.key)",
        "CREATE CONSTRAINT meta_name IF NOT EXISTS FOR (m:Meta) REQUIRE m.name IS UNIQUE",
        "CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.token_hash IS UNIQUE",
        "CREATE CONSTRAINT claim_name IF NOT EXISTS FOR (c:Claim) REQUIRE c.name IS UNIQUE",
        # The cookbook's recipes start from bodies of a kind (toekomsttuin, jeugdbeschermingstafel, ...).
        "CREATE INDEX body_kind IF NOT EXISTS FOR (b:Body) ON (b.kind)",
    ]
    return out


_CONSTRAINTS = _constraints()

AWAIT_INDEXES: LiteralString = "CALL db.awaitIndexes(300)"
# What exists already: every constraint and index by name (a constraint's own index has its name).
SHOW_CONSTRAINTS: LiteralString = "SHOW CONSTRAINTS YIELD name"
SHOW_INDEXES: LiteralString = "SHOW INDEXES YIELD name, state"


def constraint_statements() -> list[str]:
    """Constraints and indexes the store needs (also written by ``jbnet export neo4j``)."""
    return list(_CONSTRAINTS)


def schema_names() -> dict[str, LiteralString]:
    """Each constraint or index statement by the name it creates (``CREATE CONSTRAINT <name> IF ...``)."""
    return {statement.split()[2]: statement for statement in _CONSTRAINTS}


# ----------------------------------------------------------------------------- nodes
# A statement ending in ``WITH collect(...) AS rows`` + _CHUNKED sends its rows $size to a record: the
# driver's cost is per record (two socket reads, a message, a Record), not per row of a list.
_CHUNKED = " UNWIND range(0, size(rows) - 1, $size) AS i RETURN rows[i..i + $size] AS rows"
# Keyed lookups carry USING INDEX SEEK hints: a plan made while a label was still empty (first import,
# one big transaction) would otherwise scan the whole index per key and make imports quadratic.
# Current state of some keys, whatever their label: the diff base of an upsert. One index seek per
# label (keys are unique across labels); one statement shape, so one plan, for every write.
NODE_STATE_ANY: LiteralString = _lit(
    "UNWIND $keys AS k CALL (k) { "
    + " UNION ALL ".join(f"MATCH (n:{lab} {{key: k}}) USING INDEX SEEK n:{lab}(key) RETURN n" for lab in _LABELS)
    + " } RETURN n.key AS key, labels(n) AS labels, properties(n) AS props, elementId(n) AS id"
)

# The state of every domain node, _CHUNKED: a large write that names more keys than the domain holds (a first
# national import after the reference data: 156 000 keys, 600 nodes) reads the domain instead of seeking
# each key in every label.
NODE_STATE_ALL: LiteralString = _lit(
    "CALL () { " + " UNION ALL ".join(f"MATCH (n:{lab}) RETURN n" for lab in _LABELS) + " } "
    "WITH collect([n.key, labels(n), properties(n), elementId(n)]) AS rows" + _CHUNKED
)

# A small write's first statement: the change-log lock (LOCK_LOG) and then, under it, the state of its node
# keys, in one round trip. The subquery imports ``seq``, so it runs after the lock for that one row.
LOCK_LOG_NODE_STATE: LiteralString = _lit(
    "MERGE (m:Meta {name: 'changelog'}) ON CREATE SET m.seq = 0 SET m.locked_at = $ts WITH m.seq AS seq "
    "CALL (seq) { UNWIND $keys AS k CALL (k) { "
    + " UNION ALL ".join(f"MATCH (n:{lab} {{key: k}}) USING INDEX SEEK n:{lab}(key) RETURN n" for lab in _LABELS)
    + " } RETURN collect({key: n.key, labels: labels(n), props: properties(n), id: elementId(n)}) AS nodes } "
    "RETURN seq, nodes"
)

# A small write's first statement when it names relationships too: the lock, its node keys' state and its
# relationship keys' state (EDGE_STATE_ANY's shape), all in one round trip.
LOCK_LOG_STATE: LiteralString = _lit(
    LOCK_LOG_NODE_STATE.removesuffix("RETURN seq, nodes")
    + "CALL (seq) { UNWIND $edge_keys AS k CALL (k) { "
    + " UNION ALL ".join(f"MATCH (a)-[r:{typ} {{key: k}}]->(b) USING INDEX SEEK r:{typ}(key) RETURN a, r, b"
                         for typ in _TYPES)
    + " } RETURN collect({key: r.key, type: type(r), src: a.key, dst: b.key, src_labels: labels(a), "
    "dst_labels: labels(b), props: properties(r), id: elementId(r)}) AS edges } "
    "RETURN seq, nodes, edges"
)

# Writes of the complete property map the store computed, few statement shapes whatever the label (a few
# plans instead of one per label and per (type, endpoint labels): on a fresh server each plan costs
# ~0.1 s, the demo load made 50 of them). The transaction's prefetch said, under the log lock, which keys
# exist: a new node is CREATEd with its label as a parameter (always a ``Label`` value; the unique-key
# constraints still guard), an existing node or relationship is found by the element id the same
# transaction read. Element ids are only used inside the transaction that read them.
NODE_CREATE: LiteralString = (
    "UNWIND $rows AS row CREATE (n:$(row.label)) SET n = row.props RETURN row.key AS key, elementId(n) AS id"
)
NODE_UPDATE: LiteralString = (
    "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id SET n = row.props"
)

# One page of a label in key order (keyset pagination on the unique-key index).
NODE_PAGE: dict[Label, LiteralString] = {
    label: _lit(f"MATCH (n:{label.value}) USING INDEX SEEK n:{label.value}(key) WHERE n.key > $after "
                "RETURN n.key AS key, properties(n) AS props ORDER BY n.key LIMIT $limit")
    for label in Label
}

# Full loads (the projection's cold start): unordered, one pass per label/type, no paging, _CHUNKED (one record
# per row made a national cold start 10 s of Python for 430 000 rows).
NODE_ALL: dict[Label, LiteralString] = {
    label: _lit(f"MATCH (n:{label.value}) WITH collect([n.key, properties(n)]) AS rows" + _CHUNKED)
    for label in Label
}

# One row, a column per label and type, each from the count store. Not a UNION of 29 branches: that form
# took 1.8-2.8 s to plan on a fresh server against 0.7-1.0 s for this one (and ``jbnet init`` ends with it).
COUNTS: LiteralString = _lit(
    "RETURN "
    + ", ".join(f"COUNT {{ MATCH (n:{lab}) }} AS {lab}" for lab in _LABELS)
    + ", "
    + ", ".join(f"COUNT {{ MATCH ()-[r:{typ}]->() }} AS {typ}" for typ in _TYPES)
)

IS_EMPTY: LiteralString = _lit(
    "CALL () { "
    + " UNION ALL ".join(f"MATCH (n:{lab}) RETURN n LIMIT 1" for lab in _LABELS)
    + " } RETURN count(n) = 0 AS empty"
)

# How many domain nodes and relationships there are, from the count store (constant time): a write into an
# empty domain (``jbnet init``, a first import) knows every key is new without looking each one up.
# Bookkeeping nodes are subtracted; bookkeeping never has relationships (tests/graph/test_neo4j_separation.py).
DOMAIN_COUNTS: LiteralString = _lit(
    "RETURN COUNT { MATCH (n) } "
    + "".join(f"- COUNT {{ MATCH (n:{lab}) }} " for lab in BOOKKEEPING_LABELS)
    + "AS nodes, COUNT { MATCH ()-[r]->() } AS edges"
)
# A large write's first statement: the change-log lock (LOCK_LOG), then under it DOMAIN_COUNTS (one round trip).
LOCK_LOG_COUNTS: LiteralString = _lit(
    "MERGE (m:Meta {name: 'changelog'}) ON CREATE SET m.seq = 0 SET m.locked_at = $ts WITH m.seq AS seq "
    + DOMAIN_COUNTS.replace("RETURN ", "RETURN seq, ", 1)
)

# ----------------------------------------------------------------------------- relationships
_EDGE_RETURN = ("RETURN r.key AS key, type(r) AS type, a.key AS src, b.key AS dst, labels(a) AS src_labels, "
                "labels(b) AS dst_labels, properties(r) AS props")
_EDGE_STATE_RETURN = _EDGE_RETURN + ", elementId(r) AS id, elementId(a) AS src_id, elementId(b) AS dst_id"

# Current state of some relationship keys, whatever their type (one shape for every write).
EDGE_STATE_ANY: LiteralString = _lit(
    "UNWIND $keys AS k CALL (k) { "
    + " UNION ALL ".join(f"MATCH (a)-[r:{typ} {{key: k}}]->(b) USING INDEX SEEK r:{typ}(key) RETURN a, r, b"
                         for typ in _TYPES)
    + " } " + _EDGE_STATE_RETURN
)

# The state of every domain relationship, _CHUNKED (see NODE_STATE_ALL), as EDGE_STATE_ANY's rows.
EDGE_STATE_ALL: LiteralString = _lit(
    "CALL () { " + " UNION ALL ".join(f"MATCH (a)-[r:{typ}]->(b) RETURN a, r, b" for typ in _TYPES) + " } "
    "WITH collect({key: r.key, type: type(r), src: a.key, dst: b.key, src_labels: labels(a), "
    "dst_labels: labels(b), props: properties(r), id: elementId(r)}) AS rows" + _CHUNKED
)


def edge_upsert_name(rel: RelType, src: Label, dst: Label) -> str:
    return f"{rel.value}.{src.value}.{dst.value}"


# The relationships the schema allows, by (type, source label, target label): the store checks every
# written relationship against it (its endpoints' labels are known from the same transaction).
EDGE_SIGNATURES: frozenset[tuple[RelType, Label, Label]] = frozenset(
    (rel, src, dst) for rel, pairs in EDGE_ENDPOINTS.items() for src, dst in pairs
)
# ``row.props`` is the whole property map, the key and validity included (one SET: a cheaper plan, fewer operators).
_EDGE_SET = "SET r = row.props"
# One statement per type: a dynamic type (``-[r:$(row.type)]->``) is not an option, since Neo4j 5.26 resolves
# it once per plan and gives every later row, and every later run, the first row's type
# (tests/graph/test_store_batches.py). The endpoints are found by element id, whatever their labels.
EDGE_CREATE: dict[RelType, LiteralString] = {
    rel: _lit("UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.src_id MATCH (b) WHERE elementId(b) = row.dst_id "
              f"CREATE (a)-[r:{rel.value}]->(b) " + _EDGE_SET + " RETURN count(r) AS n")
    for rel in RelType
}
EDGE_UPDATE: LiteralString = _lit(
    "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.id " + _EDGE_SET + " RETURN count(r) AS n"
)
CLOSE_EDGE: LiteralString = (
    "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.id SET r.valid_to = row.valid_to"
)


# A small write (fewer than the store's _EMPTY_CHECK keys) in ONE statement after its prefetch: its node creates
# and updates, its new relationships (one subquery per type it creates, as EDGE_CREATE), relationship updates,
# closes and its change-log entries with the counter, each part a subquery over its own list parameter.
# The text depends only on which parts the write has (its shape), never on the values: a handful of plans
# (a confirmed contact: updates + log; a new holder: creates + HOLDS + log). A new relationship's endpoint
# is an existing node by element id (``src_id``) or one this statement creates (``src_i``, its place in
# ``$node_creates``; the key is checked, so a miscounted endpoint refuses the write instead of linking
# another node). ``written`` counts relationships created and updated: fewer than sent means an endpoint or
# relationship vanished, and the store refuses the write.
@functools.cache
def write_statement(node_creates: bool, node_updates: bool, edge_creates: tuple[RelType, ...],
                    edge_updates: bool, closes: bool) -> LiteralString:
    parts: list[str] = []
    counts: list[str] = []
    if node_creates:
        parts.append("CALL () { UNWIND $node_creates AS row CREATE (n:$(row.label)) SET n = row.props "
                     "RETURN collect({key: row.key, n: n}) AS made }")
    if node_updates:
        parts.append("CALL () { UNWIND $node_updates AS row MATCH (n) WHERE elementId(n) = row.id SET n = row.props }")
    for i, rel in enumerate(sorted(set(edge_creates), key=list(RelType).index)):
        if node_creates:
            ends = ("CALL (made) { UNWIND $edge_creates." + rel.value + " AS row "
                    "OPTIONAL MATCH (x) WHERE elementId(x) = row.src_id "
                    "OPTIONAL MATCH (y) WHERE elementId(y) = row.dst_id "
                    "WITH row, coalesce(x, made[row.src_i].n) AS a, coalesce(y, made[row.dst_i].n) AS b "
                    "WHERE a.key = row.src AND b.key = row.dst ")
        else:
            ends = ("CALL () { UNWIND $edge_creates." + rel.value + " AS row "
                    "MATCH (a) WHERE elementId(a) = row.src_id MATCH (b) WHERE elementId(b) = row.dst_id ")
        parts.append(ends + f"CREATE (a)-[r:{rel.value}]->(b) {_EDGE_SET} RETURN count(r) AS c{i} }}")
        counts.append(f"c{i}")
    if edge_updates:
        parts.append("CALL () { UNWIND $edge_updates AS row MATCH ()-[r]->() WHERE elementId(r) = row.id "
                     + _EDGE_SET + " RETURN count(r) AS updated }")
        counts.append("updated")
    if closes:
        parts.append("CALL () { UNWIND $closes AS row MATCH ()-[r]->() WHERE elementId(r) = row.id "
                     "SET r.valid_to = row.valid_to }")
    parts.append("CALL () { MATCH (m:Meta {name: 'changelog'}) SET m.seq = $seq "
                 "WITH m UNWIND $log AS row CREATE (c:ChangeLog) SET c = row, c.ts = $ts }")
    parts.append("RETURN " + (" + ".join(counts) or "0") + " AS written")
    return _lit(" ".join(parts))


EDGE_PAGE: dict[RelType, LiteralString] = {
    rel: _lit(f"MATCH (a)-[r:{rel.value}]->(b) USING INDEX SEEK r:{rel.value}(key) WHERE r.key > $after " + _EDGE_RETURN
              + " ORDER BY r.key LIMIT $limit")
    for rel in RelType
}

EDGE_ALL: dict[RelType, LiteralString] = {
    rel: _lit(f"MATCH (a)-[r:{rel.value}]->(b) WITH collect([r.key, a.key, b.key, properties(r)]) AS rows" + _CHUNKED)
    for rel in RelType
}

# ----------------------------------------------------------------------------- change log
# First statement of every write: takes the write lock on the counter node, so writers are
# serialised and log entries become visible in seq order (pollers never skip a gap).
LOCK_LOG: LiteralString = (
    "MERGE (m:Meta {name: 'changelog'}) ON CREATE SET m.seq = 0 "
    "SET m.locked_at = $ts RETURN m.seq AS seq"
)
# Appends entries and moves the counter to the last of them in one statement (one round trip).
INSERT_CHANGES: LiteralString = (
    "MATCH (m:Meta {name: 'changelog'}) SET m.seq = $seq "
    "WITH m UNWIND $rows AS row CREATE (c:ChangeLog) SET c = row, c.ts = $ts"
)
LAST_SEQ: LiteralString = "OPTIONAL MATCH (m:Meta {name: 'changelog'}) RETURN coalesce(m.seq, 0) AS seq"
_CHANGE_RETURN: LiteralString = (
    "RETURN c.seq AS seq, c.ts AS ts, c.actor AS actor, c.op AS op, c.key AS key, c.kind AS kind, "
    "c.before AS before, c.after AS after"
)
CHANGES_SINCE: LiteralString = (
    "MATCH (c:ChangeLog) USING INDEX SEEK c:ChangeLog(seq) WHERE c.seq > $seq "
    + _CHANGE_RETURN + " ORDER BY c.seq LIMIT $limit"
)
CHANGE_HISTORY: LiteralString = (
    "MATCH (c:ChangeLog {key: $key}) USING INDEX SEEK c:ChangeLog(key) " + _CHANGE_RETURN + " ORDER BY c.seq"
)
# The entries about any of some keys (a node and its relationships) in one read; _LAST: the last $last of them,
# newest first.
CHANGE_HISTORY_OF: LiteralString = (
    "UNWIND $keys AS k MATCH (c:ChangeLog {key: k}) USING INDEX SEEK c:ChangeLog(key) " + _CHANGE_RETURN
    + " ORDER BY c.seq"
)
CHANGE_HISTORY_LAST: LiteralString = (
    "UNWIND $keys AS k MATCH (c:ChangeLog {key: k}) USING INDEX SEEK c:ChangeLog(key) " + _CHANGE_RETURN
    + " ORDER BY c.seq DESC LIMIT $last"
)

# ----------------------------------------------------------------------------- tokens
PUT_TOKEN: LiteralString = (
    "MERGE (t:ApiToken {token_hash: $token.token_hash}) SET t = $token"
)
_TOKEN_RETURN: LiteralString = (
    "RETURN t.token_hash AS token_hash, t.name AS name, t.role AS role, t.scope AS scope, "
    "t.professional_key AS professional_key, t.created AS created, t.revoked AS revoked"
)
GET_TOKEN: LiteralString = "MATCH (t:ApiToken {token_hash: $token_hash}) " + _TOKEN_RETURN
TOKENS: LiteralString = "MATCH (t:ApiToken) " + _TOKEN_RETURN + " ORDER BY t.created, t.token_hash"

# ----------------------------------------------------------------------------- claims
# Writing locked_at takes the node's write lock before the holder is read, so two transactions cannot
# both see the claim free; the decision is then made in Python and written by SET_CLAIM.
LOCK_CLAIM: LiteralString = (
    "MERGE (c:Claim {name: $name}) SET c.locked_at = $now RETURN c.holder AS holder, c.until AS until"
)
SET_CLAIM: LiteralString = "MATCH (c:Claim {name: $name}) SET c.holder = $holder, c.until = $until"
CLAIMS: LiteralString = "MATCH (c:Claim) RETURN c.name AS name, c.holder AS holder, c.until AS until ORDER BY c.name"
RELEASE_CLAIM: LiteralString = "MATCH (c:Claim {name: $name, holder: $holder}) DELETE c"

# ----------------------------------------------------------------------------- erasure (AVG art. 17)
ERASE_NODE: dict[Label, LiteralString] = {
    label: _lit(f"UNWIND $keys AS k MATCH (n:{label.value} {{key: k}}) DETACH DELETE n") for label in Label
}
ERASE_EDGE: dict[RelType, LiteralString] = {
    rel: _lit(f"UNWIND $keys AS k MATCH ()-[r:{rel.value} {{key: k}}]->() DELETE r") for rel in RelType
}
REPLACE_NODE: dict[Label, LiteralString] = {
    label: _lit(f"UNWIND $rows AS row MATCH (n:{label.value} {{key: row.key}}) SET n = row.props SET n.key = row.key")
    for label in Label
}
REWRITE_LOG: LiteralString = (
    "UNWIND $rows AS row MATCH (c:ChangeLog {seq: row.seq}) "
    "SET c.key = row.key, c.actor = row.actor, c.before = row.before, c.after = row.after"
)
DELETE_TOKENS: LiteralString = "UNWIND $hashes AS h MATCH (t:ApiToken {token_hash: h}) DELETE t"
DELETE_CLAIMS_NAMING: LiteralString = (
    "MATCH (c:Claim) WHERE any(t IN $texts WHERE c.name CONTAINS t OR c.holder CONTAINS t) DELETE c"
)

# ----------------------------------------------------------------------------- maintenance
# Empties the database (tests and benchmarks); batched so a large graph does not need one huge tx.
WIPE: LiteralString = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n"


# ----------------------------------------------------------------------------- native types (neo4j_values)
# A database written before dates were DATE is converted once on start: the marker says which version
# of the stored representation the data has; pages are read with NODE_PAGE/EDGE_PAGE.
TYPES_VERSION_READ: LiteralString = "OPTIONAL MATCH (m:Meta {name: 'types'}) RETURN m.version AS version"
TYPES_VERSION_SET: LiteralString = "MERGE (m:Meta {name: 'types'}) SET m.version = $version"
RETYPE_NODE: dict[Label, LiteralString] = {
    label: _lit(f"UNWIND $rows AS row MATCH (n:{label.value} {{key: row.key}}) USING INDEX SEEK n:{label.value}(key) "
                "SET n += row.props")
    for label in Label
}
RETYPE_EDGE: dict[RelType, LiteralString] = {
    rel: _lit(f"UNWIND $rows AS row MATCH ()-[r:{rel.value} {{key: row.key}}]->() USING INDEX SEEK r:{rel.value}(key) "
              "SET r += row.props")
    for rel in RelType
}
# Bookkeeping timestamps still stored as text, a page at a time (the change log can be long).
RETYPE_LOG_PAGE: LiteralString = (
    "MATCH (c:ChangeLog) USING INDEX SEEK c:ChangeLog(seq) WHERE c.seq > $after AND c.ts IS :: STRING "
    "RETURN c.seq AS seq, c.ts AS ts ORDER BY c.seq LIMIT $limit"
)
RETYPE_LOG: LiteralString = "UNWIND $rows AS row MATCH (c:ChangeLog {seq: row.seq}) SET c.ts = row.ts"
RETYPE_TOKENS_READ: LiteralString = (
    "MATCH (t:ApiToken) WHERE t.created IS :: STRING RETURN t.token_hash AS id, t.created AS value"
)
RETYPE_TOKENS: LiteralString = "UNWIND $rows AS row MATCH (t:ApiToken {token_hash: row.id}) SET t.created = row.value"
RETYPE_CLAIMS_READ: LiteralString = "MATCH (c:Claim) WHERE c.until IS :: STRING RETURN c.name AS id, c.until AS value"
RETYPE_CLAIMS: LiteralString = "UNWIND $rows AS row MATCH (c:Claim {name: row.id}) SET c.until = row.value"


def all_statements() -> dict[str, str]:
    """Every statement by a unique name (for the lint test)."""
    out: dict[str, str] = {f"constraint.{i}": s for i, s in enumerate(_CONSTRAINTS)}
    out["await_indexes"] = AWAIT_INDEXES
    out["show_constraints"] = SHOW_CONSTRAINTS
    out["show_indexes"] = SHOW_INDEXES
    for label in Label:
        out[f"node_page.{label.value}"] = NODE_PAGE[label]
        out[f"node_all.{label.value}"] = NODE_ALL[label]
        out[f"erase_node.{label.value}"] = ERASE_NODE[label]
        out[f"replace_node.{label.value}"] = REPLACE_NODE[label]
    out["node_state_any"] = NODE_STATE_ANY
    out["node_state_all"] = NODE_STATE_ALL
    out["lock_log_node_state"] = LOCK_LOG_NODE_STATE
    out["lock_log_state"] = LOCK_LOG_STATE
    # The one-statement writes: each part alone (with the change log every write has) and all parts at once.
    out["write.log"] = write_statement(False, False, (), False, False)
    out["write.node_creates"] = write_statement(True, False, (), False, False)
    out["write.node_updates"] = write_statement(False, True, (), False, False)
    out["write.edge_updates"] = write_statement(False, False, (), True, False)
    out["write.closes"] = write_statement(False, False, (), False, True)
    for rel in RelType:
        out[f"write.edge_creates.{rel.value}"] = write_statement(False, False, (rel,), False, False)
        out[f"write.node_and_edge_creates.{rel.value}"] = write_statement(True, False, (rel,), False, False)
    out["write.everything"] = write_statement(True, True, tuple(RelType), True, True)
    out["counts"] = COUNTS
    out["lock_log_counts"] = LOCK_LOG_COUNTS
    out["is_empty"] = IS_EMPTY
    for rel in RelType:
        out[f"edge_page.{rel.value}"] = EDGE_PAGE[rel]
        out[f"edge_all.{rel.value}"] = EDGE_ALL[rel]
        out[f"erase_edge.{rel.value}"] = ERASE_EDGE[rel]
    out["edge_state_any"] = EDGE_STATE_ANY
    out["edge_state_all"] = EDGE_STATE_ALL
    out.update({"node_create": NODE_CREATE, "node_update": NODE_UPDATE, "edge_update": EDGE_UPDATE,
                "close_edge": CLOSE_EDGE})
    for rel in RelType:
        out[f"edge_create.{rel.value}"] = EDGE_CREATE[rel]
    out.update({
        "lock_log": LOCK_LOG, "insert_changes": INSERT_CHANGES, "last_seq": LAST_SEQ,
        "changes_since": CHANGES_SINCE, "change_history": CHANGE_HISTORY,
        "change_history_of": CHANGE_HISTORY_OF, "change_history_last": CHANGE_HISTORY_LAST, "put_token": PUT_TOKEN,
        "get_token": GET_TOKEN, "tokens": TOKENS, "wipe": WIPE, "lock_claim": LOCK_CLAIM,
        "set_claim": SET_CLAIM, "release_claim": RELEASE_CLAIM,
        "rewrite_log": REWRITE_LOG, "delete_tokens": DELETE_TOKENS, "delete_claims_naming": DELETE_CLAIMS_NAMING,
    })
    for label in Label:
        out[f"retype_node.{label.value}"] = RETYPE_NODE[label]
    for rel in RelType:
        out[f"retype_edge.{rel.value}"] = RETYPE_EDGE[rel]
    out.update({
        "types_version_read": TYPES_VERSION_READ, "types_version_set": TYPES_VERSION_SET,
        "retype_log_page": RETYPE_LOG_PAGE, "retype_log": RETYPE_LOG, "retype_tokens_read": RETYPE_TOKENS_READ,
        "retype_tokens": RETYPE_TOKENS, "retype_claims_read": RETYPE_CLAIMS_READ, "retype_claims": RETYPE_CLAIMS,
    })
    return out
