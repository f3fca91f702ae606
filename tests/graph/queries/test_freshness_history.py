"""Freshness loop (responsible party, stale, verify, reports) and the change history of an entry."""

from __future__ import annotations

import pytest

from graph.messages import msg
from graph.privacy import PrivacyError
from graph.queries.contacts import counterparts
from graph.queries.freshness import (
    report_incorrect_contact,
    report_queue,
    resolve_report,
    responsible_party,
    stale_contacts,
    verify_contact,
)
from graph.queries.history import history
from graph.queries.index import NotFoundError, QueryError
from graph.queries.turnover import mark_inactive
from graph.service import GraphService


def test_responsible_party_and_rhythm(service: GraphService) -> None:
    party = responsible_party(service.projection, "JZ21", on="2026-04-01")
    assert party.organisation and party.organisation.key == "org-gemeente-ede" and party.inferred
    assert [c.professional.name for c in party.coordinators] == ["Yara Bos"]
    assert party.update_rhythm_months == 3 and not party.rhythm_from_region
    cg = responsible_party(service.projection, "JZ28", on="2026-04-01")
    assert cg.update_rhythm_months == 6 and cg.rhythm_from_region and cg.organisation is None
    assert (cg.note, cg.finding, party.finding) == ("", msg("contactbeheer.no_party"), None)


def test_stale_contacts_then_verify(service: GraphService) -> None:
    p = service.projection
    stale = {(s.contact.position.key, s.contact.professional.key if s.contact.professional else None)
             for s in stale_contacts(p, "JZ21", today="2026-04-01")}
    assert ("pos-vt-gm", "prof-vt2") in stale  # 2025-06-01 is older than 3 months
    assert ("pos-vt-gm", "prof-vt1") not in stale  # 2026-02-01 is recent
    assert ("pos-lt-wageningen", None) in stale  # vacant and never confirmed
    why = {(s.contact.position.key, s.contact.professional.key if s.contact.professional else None): s.reason
           for s in stale_contacts(p, "JZ21", today="2026-04-01")}
    assert why[("pos-vt-gm", "prof-vt2")] == msg("stale.older_than", last_verified="2025-06-01", months=3)
    assert why[("pos-lt-wageningen", None)] == msg("stale.never_confirmed")
    n = verify_contact(service, "prof-vt2", actor="coordinator-jz21", today="2026-04-01")
    assert n == 1
    assert p.node("prof-vt2")["last_verified"] == "2026-04-01"
    assert p.node("prof-vt2")["verified_by"] == "coordinator-jz21"
    after = {(s.contact.position.key, s.contact.professional.key if s.contact.professional else None)
             for s in stale_contacts(p, "JZ21", today="2026-04-01")}
    assert ("pos-vt-gm", "prof-vt2") not in after
    arnhem = counterparts(p, "GM0202", "veilig_thuis", on="2026-04-01")
    assert all(not c.stale for c in arnhem.contacts)
    with pytest.raises(QueryError):
        verify_contact(service, "GM0228", actor="x", today="2026-04-01")


def test_report_lands_in_the_responsible_queue_and_resolves(service: GraphService) -> None:
    reports = report_incorrect_contact(service, "prof-lt1", "  left the team in March ", actor="jb-karin")
    assert [r.jeugdhulpregio for r in reports] == ["JZ21"]
    queue = report_queue(service, "JZ21")
    assert [(r.subject, r.remark, r.reported_by, r.status) for r in queue] == [
        ("prof-lt1", "left the team in March", "jb-karin", "open")]
    assert report_queue(service, "JZ28") == []
    done = resolve_report(service, "JZ21", queue[0].id, "marked inactive", actor="coordinator-jz21")
    assert done.status == "resolved" and done.resolved_by == "coordinator-jz21"
    assert report_queue(service, "JZ21") == []
    assert len(report_queue(service, "JZ21", include_resolved=True)) == 1
    with pytest.raises(QueryError, match=r"^report\.already_resolved\("):
        resolve_report(service, "JZ21", queue[0].id, "again", actor="x")
    with pytest.raises(QueryError, match="empty"):
        report_incorrect_contact(service, "prof-lt1", "   ", actor="x")
    seq = service.store.last_seq()
    with pytest.raises(PrivacyError, match=r"privacy\.bsn"):  # one privacy check for every write path
        report_incorrect_contact(service, "prof-lt1", "case of 111222333", actor="x")
    assert service.store.last_seq() == seq and report_queue(service, "JZ21") == []


def test_history_shows_who_changed_what_when(service: GraphService) -> None:
    verify_contact(service, "prof-vt3", actor="coordinator-jz21", today="2026-04-01")
    mark_inactive(service, "prof-vt3", actor="coordinator-jz21", on="2026-05-01")
    entries = history(service, "prof-vt3")
    assert entries[0].op == "node.create" and entries[0].actor == "test"
    ops = [(e.op, e.actor) for e in entries]
    assert ("node.update", "coordinator-jz21") in ops and ("edge.close", "coordinator-jz21") in ops
    update = next(e for e in entries if e.op == "node.update" and e.actor == "coordinator-jz21")
    assert {c.field for c in update.changes} == {"last_verified", "verified_by"}
    closes = [e for e in entries if e.op == "edge.close"]
    assert {e.kind for e in closes} == {"HOLDS", "WORKS_AT"}
    assert all(e.summary.code == "history.link_ended" and e.summary.args["on"] == "2026-05-01" for e in closes)
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    with pytest.raises(NotFoundError):
        history(service, "prof-nobody")
