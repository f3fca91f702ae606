"""Governance trees, staffing checks, phases and the Flevoland comparison on the Gelderland demo network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.i18n import render
from graph.messages import MessageError, msg
from graph.projection import Projection
from graph.queries.errors import NotFound
from graph.queries.governance import governance, governance_check, governance_compare
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch, EdgeClose
from tests.support import open_demo_service

FV = "body-toekomsttuin-food-valley"


@pytest.fixture(scope="module")
def demo_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphService]:
    svc = open_demo_service(Path(tmp_path_factory.mktemp("gov")) / "jbnet.sqlite")
    yield svc
    svc.close()


@pytest.fixture(scope="module")
def demo(demo_service: GraphService) -> Projection:
    return demo_service.projection


def test_toekomsttuin_tree_has_three_levels_with_reports_to(demo: Projection) -> None:
    tree = governance(demo, FV)
    kinds = {b.kind: b for b in tree.bodies}
    assert {"toekomsttuin", "stuurgroep", "projectgroep", "kerngroep"} <= set(kinds)
    assert kinds["kerngroep"].reports_to == [kinds["projectgroep"].key]
    assert kinds["projectgroep"].reports_to == [kinds["stuurgroep"].key]
    # stuurgroep on top, kerngroep at the bottom
    assert kinds["stuurgroep"].level < kinds["projectgroep"].level < kinds["kerngroep"].level
    assert [r.label for r in kinds["stuurgroep"].covers] == ["Veiligheidsregio"]
    assert [r.label for r in kinds["projectgroep"].covers] == ["Jeugdhulpregio"]
    assert [r.label for r in kinds["kerngroep"].covers] == ["Gemeente"]


def test_tree_does_not_descend_into_other_toekomsttuinen_through_the_leerstructuur(demo: Projection) -> None:
    keys = {b.key for b in governance(demo, FV).bodies}
    assert "body-leerstructuur-toekomsttuinen-gelderland" in keys  # its parent is shown
    assert "body-toekomsttuin-centraal-gelderland" not in keys  # but not its siblings


def test_members_carry_role_and_employer(demo: Projection) -> None:
    kern = governance(demo, FV).of_kind("kerngroep")[0]
    leader = [m for m in kern.members if m.role == "teamleider"]
    assert len(leader) == 1 and leader[0].label == "Professional"
    assert leader[0].organisations and leader[0].organisations[0].type


def test_region_tree_includes_bodies_covering_it_and_above(demo: Projection) -> None:
    keys = {b.key for b in governance(demo, "JZ21").bodies}
    assert {FV, "body-jbt-food-valley", "body-ret-food-valley", "body-jeugdlink-stuurgroep"} <= keys
    assert "body-jbt-centraal-gelderland" not in keys


def test_as_of_before_the_pilot_shows_no_kerngroep(demo: Projection) -> None:
    assert governance(demo, "GM0228", as_of="2019-01-01").of_kind("kerngroep") == []
    assert governance(demo, "GM0228", as_of="2020-01-01").of_kind("kerngroep")


def test_unknown_code_is_a_clear_not_found(demo: Projection) -> None:
    with pytest.raises(NotFound) as unknown:
        governance(demo, "body-toekomsttuin-food-vally")
    assert unknown.value.message.code == "query.not_found.suggest"
    assert unknown.value.message.args["kind"] == "region_or_body"
    with pytest.raises(MessageError) as bad:
        governance(demo, FV, as_of="yesterday")
    assert bad.value.message == msg("query.invalid_date", value="yesterday")


def test_check_passes_food_valley_and_names_gaps_elsewhere(demo: Projection) -> None:
    check = governance_check(demo, "PV25")
    fv = [f for f in check.findings if f.subject == FV]
    assert fv == []
    staffing = {f.subject: f for f in check.by_rule("toekomsttuin.minimum_staffing")}
    f = staffing["body-toekomsttuin-achterhoek"]
    assert set(f.missing) == {"lokaal_team", "gi", "rvdk", "veilig_thuis"}
    assert "lokaal_team" in f.message.args["missing"] and f.source.startswith("000:1174")
    assert "Lokaal Team" in render(f.message)
    assert {f.subject for f in check.by_rule("toekomsttuin.teamleider")} >= {"body-toekomsttuin-achterhoek"}


def test_check_flags_removed_member_and_missing_tafel_roles(tmp_path: Path) -> None:
    svc = open_demo_service(tmp_path / "jbnet.sqlite")
    p = svc.projection
    # The kerngroep's teamleider leaves on 2026-01-01; the Food Valley tafel loses its voorzitter.
    kern = "body-jeugdlink-kerngroep"
    leader_key = next(k for _, _, k, d in p.g.in_edges(kern, keys=True, data=True) if d.get("role") == "teamleider")
    chair_key = next(k for s, _, k, d in p.g.in_edges("body-jbt-food-valley", keys=True, data=True)
                     if d.get("role") == "voorzitter")
    svc.write(ChangeBatch(closes=[EdgeClose(leader_key, "2026-01-01"), EdgeClose(chair_key, "2026-01-01")]), "test")
    before = governance_check(p, "JZ21", as_of="2025-12-31")
    after = governance_check(p, "JZ21", as_of="2026-02-01")
    assert not before.by_rule("toekomsttuin.teamleider")
    assert [f.subject for f in after.by_rule("toekomsttuin.teamleider")] == [FV]
    assert [f.subject for f in after.by_rule("tafel.voorzitter")] == ["body-jbt-food-valley"]
    svc.close()


def test_uncovered_gemeente_is_named(tmp_path: Path) -> None:
    svc = open_demo_service(tmp_path / "jbnet.sqlite")
    p = svc.projection
    tafel = next(k for _, dst, k, d in p.g.out_edges("body-jbt-food-valley", keys=True, data=True)
                 if d["type"] == "COVERS")
    svc.write(ChangeBatch(closes=[EdgeClose(tafel, "2026-01-01")]), "test")
    check = governance_check(p, "JZ21", as_of="2026-06-01")
    names = {f.subject_name for f in check.by_rule("coverage.no_tafel")}
    assert "Ede" in names and len(names) == len({g for g, _ in p.in_edges("JZ21", RelType.IN_JEUGDHULPREGIO)
                                                   if p.label_of(g) == "Gemeente"})
    assert all(f.message == msg("finding.coverage.no_tafel") for f in check.by_rule("coverage.no_tafel"))
    assert all("Jeugdbeschermingstafel" in render(f.message) for f in check.by_rule("coverage.no_tafel"))
    svc.close()


def test_voorzitter_employed_by_a_gi_is_not_independent(tmp_path: Path) -> None:
    svc = open_demo_service(tmp_path / "jbnet.sqlite")
    svc.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key="prof-test-chair", props={"name": "Test Chair"})],
                          edges=[Edge(type=RelType.WORKS_AT, src="prof-test-chair", dst="org-jbg",
                                      src_label=Label.PROFESSIONAL, dst_label=Label.ORGANISATION),
                                 Edge(type=RelType.MEMBER_OF, src="prof-test-chair", dst="body-jbt-achterhoek",
                                      src_label=Label.PROFESSIONAL, dst_label=Label.BODY,
                                      props={"role": "voorzitter"})]), "test")
    findings = governance_check(svc.projection, "body-jbt-achterhoek").by_rule("tafel.voorzitter_independent")
    assert len(findings) == 1 and findings[0].message == msg("finding.tafel.voorzitter_independent",
                                                             voorzitter="Test Chair", org_types=("gi",))
    svc.close()


def test_phase_per_region(demo: Projection) -> None:
    phases = {r.code: r for r in governance_check(demo, "PV25").phases}
    assert len(phases) == 7
    assert phases["JZ21"].phase == "start"
    assert phases["JZ21"].toekomsttuinen[0][0] == FV
    # before the regions started their exploration (autumn 2021) only Food Valley had one
    early = {r.code: r.phase for r in governance_check(demo, "PV25", as_of="2021-06-01").phases}
    assert early["JZ21"] == "start" and early["JZ28"] is None


def test_compare_with_flevoland(demo: Projection) -> None:
    cmp = governance_compare(demo, FV, "body-toekomsttuin-flevoland")
    rows = {r.kind: r for r in cmp.rows}
    assert rows["kerngroep"].left.bodies and not rows["kerngroep"].right.bodies
    assert "ervaringsdeskundige" in rows["projectgroep"].right.roles
    levels = next(d for d in cmp.differences if d.code == "compare.levels").args
    assert (levels["left_count"], levels["right_count"]) == (3, 2)
    assert levels["right_levels"] == ("stuurgroep", "projectgroep")
