"""The domain's lists of words (the GraphQL enums are built from them) agree with the code that writes the words."""

from __future__ import annotations

from graph.queries import network_map as qm
from graph.queries.governance import BODY_LEVEL
from graph.schema import BODY_KINDS


def test_every_body_kind_has_a_band_on_the_maps() -> None:
    assert sorted(BODY_LEVEL) == sorted(BODY_KINDS)


def test_every_kind_a_map_node_gets_is_a_map_node_kind() -> None:
    # MapNode.kind is the MapNodeKind enum over MAP_NODE_KINDS: a label drawn as a kind outside it would fail the map.
    assert {*qm._KIND_OF_LABEL.values(), "other"} == set(qm.MAP_NODE_KINDS)


def test_the_certainties_are_the_workbook_s_and_the_reference_file_s() -> None:
    import csv
    from pathlib import Path
    from typing import get_args

    from graph.schema import CERTAINTIES
    from loaders.rows import OrganisatieRow

    annotation = OrganisatieRow.model_fields["zekerheid"].annotation
    workbook = [w for arg in get_args(annotation) for w in get_args(arg)]
    assert tuple(workbook) == CERTAINTIES
    data = Path(__file__).resolve().parents[2] / "data" / "organisaties_indicatief.csv"
    with data.open(encoding="utf-8-sig") as f:
        assert {r["zekerheid"] for r in csv.DictReader(f)} <= set(CERTAINTIES)
