"""The import's and the store's fast builders give exactly what validation gives: trusted_node/trusted_edge
against Node/Edge, and the change log's cached JSON scanner against json.dumps."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from graph.schema import Edge, Label, Node, RelType, trusted_edge, trusted_node
from graph.store._common import dumps


def test_trusted_node_is_the_validated_node() -> None:
    props = {"email": "a@b.nl", "name": "Team Zuid", "verified": True}
    built, validated = trusted_node(Label.ORGANISATION, "org-1", props), Node(label=Label.ORGANISATION,
                                                                              key="org-1", props=props)
    assert built == validated and built.model_dump() == validated.model_dump() and built.name == "Team Zuid"
    assert built.model_fields_set == validated.model_fields_set | {"props"}
    with pytest.raises(ValidationError):  # frozen like any Node
        built.key = "org-2"  # type: ignore[misc]


def test_trusted_edge_is_the_validated_edge_and_checks_its_endpoints() -> None:
    fields: dict[str, Any] = {"type": RelType.HOLDS, "src": "prof-1", "dst": "pos-1", "src_label": Label.PROFESSIONAL,
                              "dst_label": Label.POSITION, "props": {"priority": "backup", "rank": 2},
                              "valid_from": "2026-01-01", "valid_to": None}
    built, validated = trusted_edge(**fields), Edge(**fields)
    assert built == validated and built.key == validated.key == "prof-1|HOLDS|pos-1"
    assert built.model_dump() == validated.model_dump() and built.active_on("2026-06-01")
    assert trusted_edge(**fields, key="given").key == "given"
    with pytest.raises(ValueError, match="cannot connect"):
        trusted_edge(**{**fields, "src_label": Label.CASE})


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                     max_leaves=20)


@given(st.dictionaries(st.text(), _json, max_size=6))
def test_change_log_json_is_json_dumps(state: dict[str, Any]) -> None:
    assert dumps(state) == json.dumps(state, ensure_ascii=False, sort_keys=True)
    assert dumps(None) is None
