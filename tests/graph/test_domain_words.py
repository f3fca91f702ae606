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


def test_every_position_role_the_domain_and_the_demo_use_is_a_position_role() -> None:
    # Position.role, PositionRef.role, CriticalSeat.role and GovernanceMember.positionRoles are the PositionRole
    # enum over POSITION_ROLES: a word the domain looks for, or the demo writes, outside it would never match
    # (or answer null).
    from graph.queries.access import ORGANISATION_CONTACT_ROLE
    from graph.queries.analytics import CRITICAL_SEATS
    from graph.queries.contacts import _STEP_ROLES
    from graph.queries.index import CONTACT_ROLES
    from graph.schema import POSITION_ROLES, Label
    from loaders import rows
    from loaders.demo import demo_batches

    assert rows.POSITION_ROLES is POSITION_ROLES  # the workbook checks the one list, not a copy of it
    used = {ORGANISATION_CONTACT_ROLE, *CRITICAL_SEATS, *(r for rs in _STEP_ROLES.values() for r in rs),
            *(r for rs in CONTACT_ROLES.values() for r in rs)}
    assert used <= set(POSITION_ROLES)
    demo = {n.props.get("role") for b in demo_batches() for n in b.nodes if n.label == Label.POSITION}
    assert demo and demo <= set(POSITION_ROLES)


def test_each_provenance_marker_is_what_a_provenance_answers_and_has_its_aanmeldroute_wording() -> None:
    # Provenance.marker is the ProvenanceMarker enum over PROVENANCE_MARKERS; the aanmeldroute is worded per marker.
    from graph.messages import MESSAGES
    from graph.queries.contacts import PROVENANCE_MARKERS, Provenance

    answered = {Provenance(None, inferred=i, demo=d).marker for i in (False, True) for d in (False, True)}
    assert answered == {None, *PROVENANCE_MARKERS}
    assert {f"aanmeldroute.{m}" for m in PROVENANCE_MARKERS} <= set(MESSAGES)
