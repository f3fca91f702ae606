"""Counterpart lookup: order, most-specific-wins, fallback chain, inactive, vacancy, stale; LT side; escalation."""

from __future__ import annotations

import pytest

from graph.messages import msg
from graph.projection import Projection
from graph.queries.contacts import counterparts, escalation_path, lokaal_team_contacts
from graph.queries.freshness import verify_contact
from graph.queries.index import NotFoundError, QueryError
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.settings import DomainRules
from graph.store.base import ChangeBatch, EdgeClose
from tests.graph.queries.conftest import TODAY


def names(answer) -> list[str | None]:
    return [c.professional.name if c.professional else None for c in answer.contacts]


def test_primary_then_backups_by_rank_with_reason_and_path(p: Projection) -> None:
    a = counterparts(p, "GM0202", "veilig_thuis", on=TODAY)
    assert names(a) == ["Anouk de Vries", "Carla Smit", "Bram Bakker"]
    assert [c.priority for c in a.contacts] == ["primary", "backup", "backup"]
    first = a.contacts[0]
    assert first.reason == msg("coverage.via_region", gemeente="Arnhem", level="Veiligheidsregio",
                               region="Gelderland-Midden")
    assert first.path == (("GM0202", "Arnhem"), ("VR07", "Gelderland-Midden"))
    assert first.organisation and first.organisation.type == "veilig_thuis"
    assert first.professional and first.professional.email == "prof-vt1@example.nl"
    assert a.covered_at == "Veiligheidsregio" and not a.used_fallback
    assert a.note == msg("counterparts.one_organisation", n=3, level="Veiligheidsregio")


def test_most_specific_level_wins(p: Projection) -> None:
    # Ede has its own VT contact; the veiligheidsregio-wide position is not returned for Ede.
    a = counterparts(p, "GM0228", "VEILIG_THUIS", on=TODAY)
    assert names(a) == ["Daan Mulder"]
    assert a.covered_at == "Gemeente" and a.contacts[0].reason == msg("coverage.direct", gemeente="Ede")
    # Arnhem: its own LT position beats the subregio-wide one.
    lt = counterparts(p, "GM0202", "lokaal_team", on=TODAY)
    assert names(lt) == ["Gert Hendriks"]
    # Renkum has only the subregio position.
    renkum = counterparts(p, "GM0274", "lokaal_team", on=TODAY)
    assert names(renkum) == ["Hanna Peters"]
    assert renkum.contacts[0].reason == msg("coverage.via_region", gemeente="Renkum", level="Subregio",
                                            region="Arnhem e.o.")


def test_fallback_to_regionale_contactpersoon_when_nobody_covers(p: Projection) -> None:
    a = counterparts(p, "GM0203", "lokaal_team", on=TODAY)
    assert a.used_fallback and a.covered_at is None
    assert names(a) == ["Ruud van Dijk"]
    assert a.contacts[0].priority == "fallback"
    assert a.contacts[0].reason == msg("coverage.fallback", gemeente="Barneveld", region="Food Valley")
    assert a.note == msg("counterparts.nobody", org_type="lokaal_team", gemeente="Barneveld")


def test_vacant_position_is_shown_and_falls_back(p: Projection) -> None:
    a = counterparts(p, "GM0289", "lokaal_team", on=TODAY)
    assert names(a) == [None, "Ruud van Dijk"]
    assert a.contacts[0].vacant_since == "2026-01-10"
    assert a.contacts[0].position.key == "pos-lt-wageningen"
    assert a.used_fallback
    assert a.note == msg("counterparts.all_vacant", org_type="lokaal_team", gemeente="Wageningen")


def test_inactive_professionals_are_never_returned(p: Projection) -> None:
    a = counterparts(p, "GM0228", "gi", on=TODAY)
    assert names(a) == ["Karin de Boer"]  # Lars Willems (backup) is inactive


def test_stale_uses_region_rhythm_or_default(p: Projection) -> None:
    a = counterparts(p, "GM0202", "veilig_thuis", on=TODAY)
    stale = {c.professional.name: c.stale for c in a.contacts if c.professional}
    # default rhythm 3 months (Arnhem's region JZ28 says 6 months, so only Bram's 2025-06-01 is stale)
    assert stale == {"Anouk de Vries": False, "Carla Smit": False, "Bram Bakker": True}
    ede = counterparts(p, "GM0228", "veilig_thuis", on="2026-07-01")
    assert ede.contacts[0].stale  # 2026-03-15 is more than 3 months before 2026-07-01 (Food Valley: default)
    longer = counterparts(p, "GM0228", "veilig_thuis", on="2026-07-01", rules=DomainRules(update_rhythm_months=12))
    assert not longer.contacts[0].stale


def test_unknown_gemeente_and_type_give_helpful_errors(p: Projection) -> None:
    with pytest.raises(NotFoundError) as unknown:
        counterparts(p, "GM9999", "veilig_thuis", on=TODAY)
    assert unknown.value.message.code == "query.not_found" and unknown.value.message.args["key"] == "GM9999"
    with pytest.raises(NotFoundError) as typo:
        counterparts(p, "GM0229", "veilig_thuis", on=TODAY)
    assert typo.value.message.code == "query.not_found.suggest"
    assert any("GM0228" in s for s in typo.value.message.args["suggestions"])
    with pytest.raises(QueryError, match=r"^query\.unknown_org_type\("):
        counterparts(p, "GM0228", "brandweer", on=TODAY)


def test_answers_follow_graph_changes(service, p: Projection) -> None:
    from graph.schema import Label, Node
    from graph.store.base import ChangeBatch

    before = counterparts(p, "GM0228", "veilig_thuis", on=TODAY)
    service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key="prof-vt3", props={"phone": "06 1"})]), "t")
    after = counterparts(p, "GM0228", "veilig_thuis", on=TODAY)
    assert before.contacts[0].professional.phone == "088 123 4567"
    assert after.contacts[0].professional.phone == "06 1"


def test_lt_side_returns_medewerker_and_koppelgenoot(p: Projection) -> None:
    a = lokaal_team_contacts(p, "GM0228", on=TODAY)
    assert a.medewerker and a.medewerker.professional.name == "Pieter Janssen"
    assert a.koppelgenoot and a.koppelgenoot.professional.name == "Fatima el Amrani"
    assert [c.professional.name for c in a.regionale_contactpersoon] == ["Ruud van Dijk"]
    assert a.note == msg("lokaal_team.pair")
    # Arnhem: the second person comes from the less specific (subregio) LT position.
    arnhem = lokaal_team_contacts(p, case_ref="JB-9RTW-3HNC", on=TODAY)
    assert [c.professional.name for c in arnhem.contacts] == ["Gert Hendriks", "Hanna Peters"]
    with pytest.raises(QueryError):
        lokaal_team_contacts(p, on=TODAY)


def test_escalation_both_sides_per_step_with_terms(p: Projection) -> None:
    e = escalation_path(p, case_ref="JB-7KQ2-M4PX", on=TODAY)
    people = {s.step: ([c.professional.name for c in s.own_side], [c.professional.name for c in s.counterpart_side])
              for s in e.steps}
    assert people[1] == (["Maartje Kok"], ["Ilse Dekker"])  # ESCALATES_TO chain vs same-organisation role
    assert people[2] == (["Niels Jacobs"], ["Joost Brouwer"])
    assert people[3][0] == ["Olga Vermeulen"]
    assert [c.professional.name for c in e.steps[2].wethouders] == ["Vera Smits"]
    assert (e.terms.clarity_weeks_301, e.terms.clarity_weeks_315, e.terms.ret_weeks,
            e.terms.final_escalation_weeks) == (3, 2, 2, 1)
    assert e.terms.note == msg("escalation.terms", clarity_301=3, clarity_315=2, ret=2, final=1)
    assert e.note == msg("escalation.not_for_lt")
    assert [(s.title.code, s.started_by.code, s.when.code) for s in e.steps] == [
        (f"escalation.step.{n}.title", f"escalation.step.{n}.by", f"escalation.step.{n}.when") for n in (1, 2, 3)]
    by_gemeente = escalation_path(p, "GM0228", "veilig_thuis", own_org_type="lokaal_team", on=TODAY)
    assert [c.professional.name for c in by_gemeente.steps[1].counterpart_side] == ["Eva Visser"]
    assert [c.professional.name for c in by_gemeente.steps[0].own_side] == ["Ilse Dekker"]


def test_case_lt_worker_on_the_case_answers_first_and_stays_on_the_lt_side(service) -> None:
    from graph.queries.cases import case_deadlines
    from graph.schema import Edge, Label, RelType
    from graph.store.base import ChangeBatch

    service.write(ChangeBatch(edges=[Edge(type=RelType.ON_CASE, src="prof-lt2", dst="JB-7KQ2-M4PX",
                                          src_label=Label.PROFESSIONAL, dst_label=Label.CASE,
                                          props={"role": "lt_medewerker"})]), "t")
    p = service.projection
    lt = lokaal_team_contacts(p, case_ref="JB-7KQ2-M4PX", on=TODAY)
    assert (lt.medewerker.professional.name, lt.koppelgenoot.professional.name) == ("Fatima el Amrani",
                                                                                    "Pieter Janssen")
    assert [j.name for j in case_deadlines(p, "JB-7KQ2-M4PX", today=TODAY).jeugdbeschermers] == ["Karin de Boer"]
    e = escalation_path(p, case_ref="JB-7KQ2-M4PX", on=TODAY)
    assert [c.professional.name for c in e.steps[0].own_side] == ["Maartje Kok"]


def test_organisation_level_follows_serves_writes_and_survives_holder_writes(service: GraphService) -> None:
    """The contact index keeps each region's SERVES relationships per organisation type: a new serving
    organisation appears, a closed SERVES relationship disappears, a confirmed contact keeps the table."""
    p = service.projection

    def serving() -> list[str]:
        return [o.organisation.key for o in counterparts(p, "GM0202", "veilig_thuis", on=TODAY).organisation_level]

    assert "org-vt-extra" not in serving()
    org = Node(label=Label.ORGANISATION, key="org-vt-extra", props={"name": "VT Extra", "type": "veilig_thuis"})
    serves = Edge(type=RelType.SERVES, src="org-vt-extra", dst="VR07", src_label=Label.ORGANISATION,
                  dst_label=Label.VEILIGHEIDSREGIO, props={})
    service.write(ChangeBatch(nodes=[org], edges=[serves]), "test")
    assert "org-vt-extra" in serving()
    verify_contact(service, "pos-vt-gm", actor="test", today=TODAY)  # a holder-only write: the index is updated
    assert "org-vt-extra" in serving()
    service.write(ChangeBatch(closes=[EdgeClose(serves.key, "2026-01-01")]), "test")
    assert "org-vt-extra" not in serving()
