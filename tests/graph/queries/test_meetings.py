"""Meetings, the yearly plan and versioned subregio's, on the hand-made graph (real SQLite file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.i18n import error_text
from graph.messages import msg
from graph.queries.errors import NotFound
from graph.queries.invites import freeze_invite_list, invite_list
from graph.queries.meetings import (
    MeetingError,
    create_meeting,
    define_subregio,
    link_initiative,
    meeting_info,
    meeting_plan,
    reuse_for_leergroep,
    set_programme,
    subregio_versions,
    update_meeting,
)
from graph.queries.regions import gemeenten_in
from graph.schema import Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch
from tests.graph.queries.conftest import Builder
from tests.graph.queries.test_invites import SR, extend_centraal_gelderland


@pytest.fixture
def svc(builder: Builder, tmp_path: Path) -> GraphService:
    service = extend_centraal_gelderland(builder).service(tmp_path)
    yield service
    service.close()


def test_create_meeting_writes_node_and_for_gemeente(svc: GraphService) -> None:
    key = create_meeting(svc, "coordinator:test", region=SR, date="2026-10-06", start="13:00", end="16:00",
                         place="Stadhuis Arnhem", organiser="prof-coord")
    assert key == "mtg-2026-jz28-arnhem-e-o-1"
    info = meeting_info(svc.projection, key)
    assert (info.kind, info.date, info.start, info.end, info.place, info.online, info.organiser, info.status) == (
        "samenwerkingsbijeenkomst", "2026-10-06", "13:00", "16:00", "Stadhuis Arnhem", False, "prof-coord", "planned")
    assert info.region == SR and info.jeugdhulpregio == "JZ28"
    assert [d for d, _ in svc.projection.out_edges(key, RelType.FOR_GEMEENTE, all_time=True)] == [SR]
    assert svc.store.history(key)[0].actor == "coordinator:test"
    assert create_meeting(svc, "t", region="JZ28", date="2026-10-07") == "mtg-2026-jz28-1"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"region": SR, "date": "2026-13-01"}, "datum '2026-13-01' is geen datum"),
    ({"region": SR, "date": "2026-10-06", "start": "25:00"}, "begintijd '25:00' is geen tijd (UU:MM)"),
    ({"region": SR, "date": "2026-10-06", "start": "14:00", "end": "13:00"},
     "de eindtijd 13:00 ligt niet na de begintijd 14:00"),
    ({"region": "GM0202", "date": "2026-10-06"}, "GM0202 is een gemeente, geen subregio of jeugd"),
    ({"region": SR, "date": "2026-10-06", "kind": "borrel"}, "onbekende soort bijeenkomst 'borrel'; kies "),
    ({"region": None, "date": "2026-10-06"}, "een samenwerkingsbijeenkomst hoort bij een subregio of jeugdhulpregio"),
])
def test_bad_meeting_input_is_refused_and_nothing_written(svc: GraphService, kwargs: dict, message: str) -> None:
    before = svc.store.last_seq()
    with pytest.raises(MeetingError) as refused:
        create_meeting(svc, "t", **kwargs)
    assert message in error_text(refused.value)  # the message as the pages and the API (Dutch) say it
    assert svc.store.last_seq() == before


def test_unknown_region_suggests_the_nearest(svc: GraphService) -> None:
    with pytest.raises(NotFound) as unknown:
        create_meeting(svc, "t", region="SR-JZ28-arnhem", date="2026-10-06")
    assert error_text(unknown.value).startswith(
        "Geen subregio of jeugdhulpregio 'SR-JZ28-arnhem' gevonden. Bedoelt u SR-JZ28-arnhem-e-o")


def test_meeting_plan_flags_subregios_that_fall_short(svc: GraphService) -> None:
    define_subregio(svc, "t", jeugdhulpregio="JZ28", name="Rest", gemeenten=["GM0274"], valid_from="2026-01-01")
    create_meeting(svc, "t", region=SR, date="2026-03-10")
    create_meeting(svc, "t", region=SR, date="2026-10-06")
    cancelled = create_meeting(svc, "t", region="SR-JZ28-rest", date="2026-04-01")
    update_meeting(svc, "t", cancelled, status="cancelled")
    create_meeting(svc, "t", region="SR-JZ28-rest", date="2026-05-01", kind="themabijeenkomst")  # does not count
    plan = meeting_plan(svc.projection, 2026, "JZ28")
    rows = {r.subregio: r for r in plan.rows}
    assert rows[SR].short_by == 0 and len(rows[SR].meetings) == 2
    assert rows["SR-JZ28-rest"].short_by == 2 and plan.short_subregios == ("SR-JZ28-rest",)
    assert not plan.met
    # a jeugdhulpregio-wide meeting counts for every subregio
    create_meeting(svc, "t", region="JZ28", date="2026-06-01")
    create_meeting(svc, "t", region="JZ28", date="2026-11-01")
    assert meeting_plan(svc.projection, 2026, "JZ28").met
    assert meeting_plan(svc.projection, 2027, "JZ28").short_subregios == (SR, "SR-JZ28-rest")


def test_cadence_is_configurable_per_region(svc: GraphService) -> None:
    svc.write(ChangeBatch(nodes=[Node(label=Label.JEUGDHULPREGIO, key="JZ28",
                                      props={"invite_rules": {"meetings_per_year": 1}})]), "t")
    create_meeting(svc, "t", region=SR, date="2026-03-10")
    plan = meeting_plan(svc.projection, 2026, "JZ28")
    assert plan.required == 1 and plan.met


def test_subregio_versions_close_old_memberships(svc: GraphService) -> None:
    p = svc.projection
    assert gemeenten_in(p, SR, on="2026-01-01") == ["GM0202", "GM0274"]
    define_subregio(svc, "t", jeugdhulpregio="JZ28", name="Veluwezoom", gemeenten=["GM0274"],
                    valid_from="2027-01-01", agreed_on="2026-11-15")
    new = "SR-JZ28-veluwezoom"
    assert p.node(new)["version"] == 1 and p.node(new)["agreed_on"] == "2026-11-15"
    # Renkum moved: its membership of Arnhem e.o. is closed, not deleted
    assert gemeenten_in(p, SR, on="2027-02-01") == ["GM0202"]
    assert gemeenten_in(p, SR, on="2026-12-31") == ["GM0202", "GM0274"]
    assert gemeenten_in(p, new, on="2027-02-01") == ["GM0274"]
    assert p.node(SR)["version"] == 2  # it lost Renkum
    closed = [d for src, d in p.in_edges(SR, RelType.IN_SUBREGIO, all_time=True) if src == "GM0274"]
    assert closed[0]["valid_to"] == "2027-01-01"
    # a new version of the old subregio takes Renkum back
    define_subregio(svc, "t", jeugdhulpregio="JZ28", key=SR, gemeenten=["GM0202", "GM0274"], valid_from="2028-01-01")
    assert p.node(SR)["version"] == 3
    assert [(v.valid_from, v.gemeenten) for v in subregio_versions(p, SR)] == [
        (None, ("GM0202", "GM0274")), ("2027-01-01", ("GM0202",)), ("2028-01-01", ("GM0202", "GM0274"))]
    with pytest.raises(MeetingError, match=r"^subregio\.gemeente_outside\(gemeente=GM0228, jeugdhulpregio=JZ28"):
        define_subregio(svc, "t", jeugdhulpregio="JZ28", key=SR, gemeenten=["GM0228"], valid_from="2029-01-01")


def test_programme_elements_and_co_designers(svc: GraphService) -> None:
    key = create_meeting(svc, "t", region=SR, date="2026-10-06")
    info = set_programme(svc, "t", key, elements=["leerelement", "kernwaarden", "escalatiemodel"],
                         co_designers=["prof-vt1"])
    assert info.programme == ("kernwaarden", "escalatiemodel", "leerelement")  # in the order of rule 2.15
    assert info.co_designers == ("prof-vt1",)
    with pytest.raises(MeetingError) as refused:
        set_programme(svc, "t", key, elements=["gezelligheid"])
    assert refused.value.message.code == "meeting.unknown_programme"
    assert refused.value.message.args["elements"] == ("gezelligheid",)
    with pytest.raises(MeetingError) as refused:
        set_programme(svc, "t", key, co_designers=["prof-zb"])
    assert refused.value.message == msg("meeting.co_designer_not_invited", professional="prof-zb", meeting=key)


def test_link_to_existing_initiative(svc: GraphService) -> None:
    thema = create_meeting(svc, "t", region="JZ28", date="2021-06-24", kind="themabijeenkomst",
                           name="Themabijeenkomst bescherming en veiligheid")
    key = create_meeting(svc, "t", region=SR, date="2021-06-24")
    link_initiative(svc, "t", key, thema)
    assert meeting_info(svc.projection, key).initiative == thema
    with pytest.raises(MeetingError, match=r"^meeting\.no_initiative\(initiative=mtg-nope\)"):
        link_initiative(svc, "t", key, "mtg-nope")


def test_reuse_list_for_leergroep(svc: GraphService) -> None:
    src = create_meeting(svc, "t", region=SR, date="2026-10-06")
    frozen = freeze_invite_list(svc, "t", src)
    lg = reuse_for_leergroep(svc, "t", src, date="2027-02-01")
    leer = invite_list(svc.projection, lg)
    assert leer.frozen and meeting_info(svc.projection, lg).kind == "lokale_leergroep"
    assert [i.professional for i in leer.invitees] == [i.professional for i in frozen.invitees]


def test_jbt_evaluation_invites_lts_safety_partners_and_chair(svc: GraphService) -> None:
    key = create_meeting(svc, "t", region="JZ28", date="2026-10-06", kind="jbt_evaluatie")
    il = invite_list(svc.projection, key)
    people = {i.professional for i in il.invitees}
    assert {"prof-lt3", "prof-lt4", "prof-vt1", "prof-rvdk1", "prof-jb-arn", "prof-jbt-chair"} <= people
    assert {c.org_type for c in il.coverage} == {"lokaal_team", "gi", "veilig_thuis", "rvdk"}
