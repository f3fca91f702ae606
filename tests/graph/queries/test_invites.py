"""Invite lists on the hand-made graph of ``conftest.py`` (real SQLite file), extended for Centraal Gelderland.

Subregio "Arnhem e.o." = Arnhem + Renkum. Veilig Thuis Gelderland-Midden covers both through the
veiligheidsregio (one person for two gemeenten: the dedupe case); the GI covers the subregio, but
Renkum has its own GI position, vacant since 2026-09-01 (the most specific coverage wins, so Renkum
has a named gap); the Raad covers JZ28 with a primary and a backup.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from api.i18n import render
from graph.messages import msg
from graph.queries.contacts import counterparts
from graph.queries.invites import (
    attendance_history,
    chairs_invite_list,
    freeze_invite_list,
    hours_in_year,
    invite_diff,
    invite_list,
    invite_rules,
    preview_invite_list,
    record_attendance,
    rsvp,
)
from graph.queries.meetings import MeetingError, create_meeting
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch
from tests.graph.queries.conftest import Builder

SR = "SR-JZ28-arnhem-e-o"
ARNHEM, RENKUM = "GM0202", "GM0274"


def extend_centraal_gelderland(b: Builder) -> Builder:
    jbg, rvdk = "org-jbg", "org-rvdk"
    b.position("pos-jb-arnhem-eo", "Jeugdbeschermer Arnhem e.o.", "jeugdbeschermer", jbg, (SR,))
    b.position("pos-jb-renkum", "Jeugdbeschermer Renkum", "jeugdbeschermer", jbg, (RENKUM,),
               vacant_since="2026-09-01")
    b.position("pos-rvdk-jz28", "RvdK contactpersoon Centraal Gelderland", "rvdk_contactpersoon", rvdk, ("JZ28",))
    b.prof("prof-jb-arn", "Rik Arends", org=jbg, holds=(("pos-jb-arnhem-eo", "primary", 1),),
           function="Jeugdbeschermer")
    b.prof("prof-rvdk1", "Saskia Raad", org=rvdk, holds=(("pos-rvdk-jz28", "primary", 1),))
    b.prof("prof-rvdk2", "Timo Raad", org=rvdk, holds=(("pos-rvdk-jz28", "backup", 1),))
    b.prof("prof-coord", "Coby Coördinator", org="org-gemeente-arnhem")
    return b


@pytest.fixture
def svc(builder: Builder, tmp_path: Path) -> GraphService:
    service = extend_centraal_gelderland(builder).service(tmp_path)
    yield service
    service.close()


def _meeting(svc: GraphService, date: str, region: str = SR, **kw: object) -> str:
    return create_meeting(svc, "test", region=region, date=date, start="13:00", end="16:00", place="Arnhem",
                          organiser="prof-coord", **kw)  # type: ignore[arg-type]


def test_composition_uses_counterparts_for_each_gemeente_and_core_type(svc: GraphService) -> None:
    il = preview_invite_list(svc.projection, SR, "2026-10-01")
    assert set(invite_rules(svc.projection, SR).types) == {"lokaal_team", "gi", "veilig_thuis", "rvdk"}
    cov = {(c.gemeente, c.org_type): c for c in il.coverage}
    assert len(cov) == 8  # 2 gemeenten x 4 types
    # the same person counterparts() names first, per gemeente and type
    for (gm, org_type), c in cov.items():
        first = next((x.professional.key for x in counterparts(svc.projection, gm, org_type, on="2026-10-01").contacts
                      if x.professional and x.priority == "primary"), None)
        assert (first in c.professionals) if first else c.status == "missing"
    assert cov[(ARNHEM, "lokaal_team")].professionals == ("prof-lt3",)  # gemeente-level position wins
    assert cov[(RENKUM, "lokaal_team")].professionals == ("prof-lt4",)
    assert cov[(ARNHEM, "gi")].professionals == ("prof-jb-arn",)


def test_dedupe_one_person_for_several_gemeenten_is_invited_once(svc: GraphService) -> None:
    il = preview_invite_list(svc.projection, SR, "2026-10-01")
    keys = [i.professional for i in il.invitees]
    assert len(keys) == len(set(keys))
    vt = il.get("prof-vt1")
    assert vt is not None and vt.gemeenten == (ARNHEM, RENKUM) and vt.org_types == ("veilig_thuis",)
    assert il.get("prof-rvdk1").gemeenten == (ARNHEM, RENKUM)  # type: ignore[union-attr]
    assert il.get("prof-rvdk2") is None  # the backup is not invited while the primary is there


def test_vacancy_is_a_named_gap(svc: GraphService) -> None:
    il = preview_invite_list(svc.projection, SR, "2026-10-01")
    renkum_gi = next(c for c in il.coverage if c.gemeente == RENKUM and c.org_type == "gi")
    assert renkum_gi.status == "missing" and renkum_gi.professionals == ()
    assert [render(g) for g in il.gaps] == ["Renkum: geen contact van Gecertificeerde instelling (GI); functie vacant "
                                            "sinds 1 september 2026 (Jeugdbeschermer Renkum) bij Jeugdbescherming "
                                            "Gelderland"]
    assert renkum_gi.vacancies == (msg("invite.gap.vacant_at", since="2026-09-01",
                                       positions=("Jeugdbeschermer Renkum",),
                                       organisation="Jeugdbescherming Gelderland"),)
    assert all(c.ok for c in il.coverage if c.gemeente == ARNHEM)


def test_inactive_professionals_are_never_invited(svc: GraphService) -> None:
    svc.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key="prof-rvdk1",
                                      props={"active": False, "inactive_since": "2026-09-15"})]), "test")
    il = preview_invite_list(svc.projection, SR, "2026-10-01")
    assert il.get("prof-rvdk1") is None
    assert il.get("prof-rvdk2") is not None  # the backup stands in ...
    cov = next(c for c in il.coverage if c.gemeente == ARNHEM and c.org_type == "rvdk")
    assert cov.status == "backup"  # ... and the check says so
    assert cov.note == msg("invite.note.stands_in", gemeente="Arnhem", org_type="rvdk", priority="backup")


def test_region_adds_a_type_and_minimum_count_as_data(svc: GraphService) -> None:
    svc.write(ChangeBatch(nodes=[Node(label=Label.JEUGDHULPREGIO, key="JZ28",
                                      props={"invite_rules": {"types": {"rvdk": 2, "politie": 1}}})]), "test")
    il = preview_invite_list(svc.projection, SR, "2026-10-01")
    rvdk = next(c for c in il.coverage if c.gemeente == ARNHEM and c.org_type == "rvdk")
    assert rvdk.professionals == ("prof-rvdk1", "prof-rvdk2") and rvdk.status == "backup"
    politie = [c for c in il.coverage if c.org_type == "politie"]
    assert len(politie) == 2 and all(c.status == "missing" for c in politie)
    assert msg("invite.note.no_contact", gemeente="Arnhem", org_type="politie") in il.gaps
    # the subregio overrides its jeugdhulpregio key by key; 0 drops a type
    svc.write(ChangeBatch(nodes=[Node(label=Label.SUBREGIO, key=SR,
                                      props={"invite_rules": {"types": {"politie": 0}}})]), "test")
    types = invite_rules(svc.projection, SR).types
    assert types == {"lokaal_team": 1, "gi": 1, "veilig_thuis": 1, "rvdk": 2}


def test_unknown_type_in_rules_is_a_clear_error(svc: GraphService) -> None:
    svc.write(ChangeBatch(nodes=[Node(label=Label.SUBREGIO, key=SR,
                                      props={"invite_rules": {"types": {"polite": 1}}})]), "test")
    with pytest.raises(MeetingError) as refused:
        preview_invite_list(svc.projection, SR, "2026-10-01")
    assert refused.value.message == msg("invite.rules.unknown_org_type", region=SR, value="polite")


def test_eight_hour_rule_across_meetings_flags_and_proposes_backup(svc: GraphService) -> None:
    p = svc.projection
    first, second = _meeting(svc, "2026-03-10"), _meeting(svc, "2026-10-06")
    freeze_invite_list(svc, "test", first)
    assert hours_in_year(p, "prof-vt1", 2026) == 4
    il2 = invite_list(p, second)
    assert il2.get("prof-vt1").hours_other == 4 and not il2.over_budget  # type: ignore[union-attr]  # 4 + 4 = 8
    freeze_invite_list(svc, "test", second)
    third = _meeting(svc, "2026-11-24")
    il3 = invite_list(p, third)
    vt = il3.get("prof-vt1")
    assert vt is not None and vt.over_budget and vt.hours_other == 8
    assert vt.proposed_backup == "prof-vt4"  # backup rank 1 of the same VT position
    # online drops the travel hour, but 8 + 3 is still over budget
    online = _meeting(svc, "2026-12-01", online=True)
    assert invite_list(p, online).get("prof-vt1").hours == 3  # type: ignore[union-attr]
    # the planned online meeting counts for the third one too (3 h, marked planned)
    vt = invite_list(p, third).get("prof-vt1")
    assert vt is not None and vt.hours_planned == 3 and vt.hours_other == 11
    # a declined meeting frees its hours, a cancelled one too; next calendar year starts at zero
    rsvp(svc, "test", first, "prof-vt1", "declined")
    svc.write(ChangeBatch(nodes=[Node(label=Label.MEETING, key=online, props={"status": "cancelled"})]), "test")
    assert not invite_list(p, third).get("prof-vt1").over_budget  # type: ignore[union-attr]
    assert hours_in_year(p, "prof-vt1", 2027) == 0


def test_freeze_with_backups_swaps_the_over_budget_person(svc: GraphService) -> None:
    for day in ("2026-03-10", "2026-06-10"):
        freeze_invite_list(svc, "test", _meeting(svc, day))
    third = _meeting(svc, "2026-11-24")
    frozen = freeze_invite_list(svc, "test", third, use_backups=True)
    assert frozen.get("prof-vt1") is None
    stand_in = frozen.get("prof-vt4")
    assert stand_in is not None and stand_in.gemeenten == (ARNHEM, RENKUM) and stand_in.priority == "backup"


def test_region_can_raise_the_hours_budget(svc: GraphService) -> None:
    svc.write(ChangeBatch(nodes=[Node(label=Label.JEUGDHULPREGIO, key="JZ28",
                                      props={"invite_rules": {"max_hours_per_year": 12}})]), "test")
    for day in ("2026-03-10", "2026-06-10"):
        freeze_invite_list(svc, "test", _meeting(svc, day))
    assert not invite_list(svc.projection, _meeting(svc, "2026-11-24")).over_budget


def test_freeze_then_directory_change_then_diff(svc: GraphService) -> None:
    p = svc.projection
    mtg = _meeting(svc, "2026-10-06")
    frozen = freeze_invite_list(svc, "test", mtg)
    assert frozen.frozen and p.node(mtg)["status"] == "frozen"
    invited = {src for src, _ in p.in_edges(mtg, RelType.INVITED, all_time=True)}
    assert invited == {i.professional for i in frozen.invitees}
    assert all(d["status"] == "invited" and d["hours"] == 4 for _, d in p.in_edges(mtg, RelType.INVITED, all_time=True))
    # the Renkum GI vacancy is filled and the VT contact changes e-mail
    svc.write(ChangeBatch(
        nodes=[Node(label=Label.PROFESSIONAL, key="prof-vt1", props={"email": "anouk.nieuw@example.nl"}),
               Node(label=Label.PROFESSIONAL, key="prof-jb-new", props={"name": "Nina Nieuw", "email": "n@x.nl"})],
        edges=[_holds("prof-jb-new", "pos-jb-renkum")]), "test")
    again = invite_list(p, mtg)
    assert again.frozen and again.get("prof-jb-new") is None  # the frozen list did not silently change
    assert again.get("prof-vt1").email == "prof-vt1@example.nl"  # type: ignore[union-attr]
    diff = invite_diff(p, mtg)
    assert [i.professional for i in diff.added] == ["prof-jb-new"]
    assert diff.removed == ()
    assert [(a.email, b.email) for a, b in diff.changed] == [("prof-vt1@example.nl", "anouk.nieuw@example.nl")]
    assert diff.closed_gaps == frozen.gaps and diff.new_gaps == ()
    with pytest.raises(MeetingError) as refused:
        freeze_invite_list(svc, "test", mtg)
    assert refused.value.message.code == "invite.already_frozen"


def _holds(prof: str, pos: str) -> Edge:
    return Edge(type=RelType.HOLDS, src=prof, dst=pos, src_label=Label.PROFESSIONAL, dst_label=Label.POSITION,
                props={"priority": "primary", "rank": 1}, valid_from="2026-10-01")


def test_rsvp_attendance_and_history(svc: GraphService) -> None:
    p = svc.projection
    mtg = _meeting(svc, "2026-10-06")
    with pytest.raises(MeetingError) as refused:
        rsvp(svc, "test", mtg, "prof-vt1", "accepted")
    assert refused.value.message == msg("invite.not_frozen.freeze_first", meeting=mtg)
    freeze_invite_list(svc, "test", mtg)
    assert rsvp(svc, "test", mtg, "prof-vt1", "accepted").status == "accepted"
    assert rsvp(svc, "test", mtg, "prof-rvdk1", "tentative").status == "tentative"
    with pytest.raises(MeetingError) as refused:
        rsvp(svc, "test", mtg, "prof-vt1", "maybe")
    assert refused.value.message.code == "invite.unknown_rsvp" and refused.value.message.args["status"] == "maybe"
    with pytest.raises(MeetingError) as refused:
        rsvp(svc, "test", mtg, "prof-zb", "accepted")
    assert refused.value.message == msg("invite.not_invited", professional="prof-zb", meeting=mtg)
    done = record_attendance(svc, "test", mtg, "prof-vt1", attended=True, hours=3.5)
    assert done.attended is True and done.hours == 3.5
    absent = record_attendance(svc, "test", mtg, "prof-rvdk1", attended=False)
    assert absent.attended is False and absent.hours == 0
    hist = attendance_history(p, "prof-vt1")
    assert [(h.meeting, h.status, h.attended, h.hours) for h in hist] == [(mtg, "accepted", True, 3.5)]
    # every change is in the change log (the history of the INVITED relationship)
    entries = svc.store.history(f"prof-vt1|INVITED|{mtg}")
    assert [e.op for e in entries] == ["edge.create", "edge.update", "edge.update"]


def test_chairs_lists_of_the_province(svc: GraphService) -> None:
    jbt = chairs_invite_list(svc.projection, "jeugdbeschermingstafel", provincie="PV25")
    assert [i.professional for i in jbt.invitees] == ["prof-jbt-chair"]  # the Brabant table is out of scope
    ret = chairs_invite_list(svc.projection, "ret", provincie="PV25")
    assert [i.professional for i in ret.invitees] == ["prof-ret-chair"]
