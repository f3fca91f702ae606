"""The contact index after a write equals a full rebuild — updated in place for holder-only writes — and
its memoised counterpart answers are never stale: after a write (in this process or another one on the
same store) every answer equals that of a projection built from the store afresh, while the answers of
gemeenten outside the write's reach stay memoised."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from graph.projection import Projection
from graph.queries.contacts import counterparts
from graph.queries.index import ContactIndex, _build, contact_index, served_by
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch, EdgeClose
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store

ROOT = Path(__file__).resolve().parents[3]
TYPES = ("lokaal_team", "gi", "veilig_thuis", "rvdk", "jeugdhulpregio")
TABLES = [f.name for f in fields(ContactIndex) if f.name not in ("version", "answers", "serves", "_names")]


@pytest.fixture
def service(tmp_path: Path) -> GraphService:
    store = SQLiteStore(tmp_path / "db.sqlite")
    init_store(store, demo=True)
    return GraphService(store)


def same_as_rebuild(service: GraphService, idx: ContactIndex) -> None:
    fresh = _build(service.projection, idx.day)
    for name in TABLES:
        assert getattr(idx, name) == getattr(fresh, name), name
    for (region, org_type), served in idx.serves.items():  # filled on use: each entry kept is still right
        assert served_by(service.projection, fresh, region, org_type) == served, (region, org_type)
    assert idx.version == service.projection.version


def held_position(service: GraphService) -> tuple[str, str]:
    idx = contact_index(service.projection)
    pos, hs = next((pos, hs) for pos, hs in sorted(idx.holders.items()) if hs)
    return pos, hs[0].professional


def test_holder_only_writes_update_the_index_without_a_rebuild(service: GraphService) -> None:
    p = service.projection
    pos, prof = held_position(service)
    before = contact_index(p)
    before.answers[("x",)] = "memo"

    # Confirm the contact, make its holder inactive, and let another professional hold it as backup.
    service.write(ChangeBatch(nodes=[Node(label=Label.POSITION, key=pos, props={"last_verified": "2031-01-01"})]), "t")
    service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=prof, props={"active": False})]), "t")
    other = next(k for k in p.keys(Label.PROFESSIONAL) if k != prof)
    service.write(ChangeBatch(edges=[Edge(type=RelType.HOLDS, src=other, dst=pos, src_label=Label.PROFESSIONAL,
                                          dst_label=Label.POSITION, props={"priority": "backup", "rank": 1},
                                          valid_from="2000-01-01")]), "t")
    after = contact_index(p)
    assert after is not before and after.chain is before.chain  # updated, the coverage tables shared
    assert ("x",) not in after.answers  # a memo not tied to one gemeente may read anything: dropped
    assert prof not in {h.professional for h in after.holders[pos]}
    assert other in {h.professional for h in after.holders[pos]}
    same_as_rebuild(service, after)


def test_a_coverage_change_moves_the_position_in_place(service: GraphService, monkeypatch: pytest.MonkeyPatch) -> None:
    p = service.projection
    pos, _ = held_position(service)
    before = contact_index(p)
    answers = all_answers(p)
    builds = count_builds(monkeypatch, p)
    service.write(ChangeBatch(edges=[Edge(type=RelType.COVERS, src=pos, dst="GM0228", src_label=Label.POSITION,
                                          dst_label=Label.GEMEENTE, valid_from="2000-01-01")]), "t")
    after = contact_index(p)
    assert builds == [] and after.chain is before.chain  # the position's row moved; the region tables shared
    assert "GM0228" in after.covers[pos]
    same_as_rebuild(service, after)
    assert_fresh_and_kept(service, answers)
    # and no longer covering it (the relationship closed today): moved back
    cover = next(k for k, d in p.g._succ[pos]["GM0228"].items() if d["type"] == RelType.COVERS.value)  # type: ignore[attr-defined]
    service.write(ChangeBatch(closes=[EdgeClose(key=cover, valid_to=after.day)]), "t")
    again = contact_index(p)
    assert builds == [] and "GM0228" not in again.covers[pos]
    same_as_rebuild(service, again)
    assert all_answers(p) == all_answers(Projection.build(service.store))


@pytest.mark.parametrize("role", ["regionale_contactpersoon", "gedragswetenschapper"])
def test_a_role_change_moves_the_position_in_place(service: GraphService, monkeypatch: pytest.MonkeyPatch,
                                                   role: str) -> None:
    p = service.projection
    before = all_answers(p)
    pos, _ = answered_contact(before)
    idx = contact_index(p)
    builds = count_builds(monkeypatch, p)
    service.write(ChangeBatch(nodes=[Node(label=Label.POSITION, key=pos, props={"role": role})]), "t")
    after = contact_index(p)
    assert builds == [] and after.chain is idx.chain and after.kind[pos][0] == role
    same_as_rebuild(service, after)
    assert_fresh_and_kept(service, before)


def test_a_new_position_with_its_holder_is_tabled_in_place(service: GraphService,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A coordinator adds a contact: a new position at an organisation, covering a region, held by someone new."""
    p = service.projection
    before = all_answers(p)
    pos, _ = answered_contact(before)
    idx = contact_index(p)
    org, region = idx.position_org[pos], idx.covers[pos][0]
    builds = count_builds(monkeypatch, p)
    service.write(ChangeBatch(
        nodes=[Node(label=Label.POSITION, key="pos-new-contact", props={"name": "Nieuw aanspreekpunt",
                                                                        "role": idx.kind[pos][0]}),
               Node(label=Label.PROFESSIONAL, key="prof-new-contact", props={"name": "Nieuwe Collega"})],
        edges=[Edge(type=RelType.AT, src="pos-new-contact", dst=org, src_label=Label.POSITION,
                    dst_label=Label.ORGANISATION, valid_from="2000-01-01"),
               Edge(type=RelType.COVERS, src="pos-new-contact", dst=region, src_label=Label.POSITION,
                    dst_label=p.label_of(region), valid_from="2000-01-01"),  # type: ignore[arg-type]
               Edge(type=RelType.HOLDS, src="prof-new-contact", dst="pos-new-contact", src_label=Label.PROFESSIONAL,
                    dst_label=Label.POSITION, props={"priority": "backup", "rank": 9}, valid_from="2000-01-01")]),
        "t")
    recomputed = assert_fresh_and_kept(service, before)
    after = contact_index(p)
    assert builds == [] and after.chain is idx.chain and after.serves is idx.serves
    assert "pos-new-contact" in after.positions_at[org] and after.holders["pos-new-contact"]
    same_as_rebuild(service, after)
    assert any("pos-new-contact" in {c.position.key for c in a.contacts}  # type: ignore[attr-defined]
               for (gm, _), a in all_answers(p).items() if gm in recomputed)


def test_a_new_organisation_with_a_position_is_tabled_in_place(service: GraphService,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    p = service.projection
    idx = contact_index(p)
    region = next(r for r in p.keys(Label.JEUGDHULPREGIO))
    builds = count_builds(monkeypatch, p)
    service.write(ChangeBatch(
        nodes=[Node(label=Label.ORGANISATION, key="org-new", props={"name": "Nieuwe Zorg", "type": "zorgaanbieder"}),
               Node(label=Label.POSITION, key="pos-new", props={"name": "Contact", "role": "contactpersoon"})],
        edges=[Edge(type=RelType.AT, src="pos-new", dst="org-new", src_label=Label.POSITION,
                    dst_label=Label.ORGANISATION, valid_from="2000-01-01"),
               Edge(type=RelType.COVERS, src="pos-new", dst=region, src_label=Label.POSITION,
                    dst_label=Label.JEUGDHULPREGIO, valid_from="2000-01-01")]), "t")
    after = contact_index(p)
    assert builds == [] and after.chain is idx.chain and after.org_types["org-new"] == "zorgaanbieder"
    same_as_rebuild(service, after)
    assert all_answers(p) == all_answers(Projection.build(service.store))


def all_answers(p: Projection) -> dict[tuple[str, str], object]:
    return {(gm, t): counterparts(p, gm, t) for gm in p.keys(Label.GEMEENTE) for t in TYPES}


def answered_contact(answers: dict[tuple[str, str], object]) -> tuple[str, str]:
    """A (position, professional) that some answer names: a write to it must show."""
    return next((c.position.key, c.professional.key) for a in answers.values()
                for c in a.contacts if c.professional)  # type: ignore[attr-defined]


def assert_fresh_and_kept(service: GraphService, before: dict[tuple[str, str], object]) -> set[str]:
    """Every answer equals a fresh projection's; returns the gemeenten whose answers were recomputed and
    checks that the others are the very objects memoised before the write."""
    p = service.projection
    after = all_answers(p)
    fresh = all_answers(Projection.build(service.store))
    assert after == fresh
    recomputed = {gm for (gm, t), a in after.items() if a is not before[(gm, t)]}
    assert recomputed  # the written gemeenten were answered anew
    assert recomputed < set(p.keys(Label.GEMEENTE))  # and the rest were not
    return recomputed


def test_after_a_holder_write_answers_outside_its_reach_stay_memoised_and_none_is_stale(
    service: GraphService,
) -> None:
    p = service.projection
    pos, prof = answered_contact(all_answers(p))
    day = "2031-01-01"
    writes = [  # a contact confirmed, its holder's phone number changed, the holder gone inactive
        ChangeBatch(nodes=[Node(label=Label.POSITION, key=pos, props={"last_verified": day})]),
        ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=prof, props={"phone": "0612345678"})]),
        ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=prof, props={"active": False})]),
    ]
    for batch in writes:
        before = all_answers(p)
        service.write(batch, "t")
        recomputed = assert_fresh_and_kept(service, before)
        covered = {gm for region in contact_index(p).covers[pos] for gm in contact_index(p).gemeenten_of[region]}
        assert covered <= recomputed


WRITER = """
import sys
from graph.schema import Label, Node
from graph.store.base import ChangeBatch, EdgeClose
from graph.store.sqlite_store import SQLiteStore
path, position = sys.argv[1:]
store = SQLiteStore(path)
store.apply(ChangeBatch(nodes=[Node(label=Label.POSITION, key=position, props={"last_verified": "2031-03-04"})]),
            "other")
store.close()
"""


def test_a_write_by_another_process_leaves_no_stale_memoised_answer_after_the_poll(service: GraphService) -> None:
    p = service.projection
    before = all_answers(p)
    pos, _ = answered_contact(before)
    proc = subprocess.run([sys.executable, "-c", WRITER, str(service.store.path), pos], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert service.refresh() == 1  # the poller's step
    recomputed = assert_fresh_and_kept(service, before)
    answers = [a for (gm, _), a in all_answers(p).items() if gm in recomputed]
    assert any(c.position is not None and c.position.key == pos and c.last_verified == "2031-03-04"
               for a in answers for c in a.contacts)  # type: ignore[attr-defined]


# ------------------------------------------------------------------ organisation writes
def count_builds(monkeypatch: pytest.MonkeyPatch, projection: Projection) -> list[str]:
    """The days ``contact_index`` rebuilds the tables of ``projection`` for from now on (a fresh
    projection to compare with builds its own)."""
    import graph.queries.index as index

    calls: list[str] = []

    def counting(p: Projection, day: str) -> ContactIndex:
        if p is projection:
            calls.append(day)
        return _build(p, day)

    monkeypatch.setattr(index, "_build", counting)
    return calls


def organisation_level(answers: dict[tuple[str, str], object]) -> tuple[str, str, str]:
    """(gemeente, type, organisation) of an answer that names an organisation's general line, for an
    organisation that does not reach every gemeente."""
    reach: dict[str, set[str]] = {}
    for (gm, _), a in answers.items():
        for ol in a.organisation_level:  # type: ignore[attr-defined]
            reach.setdefault(ol.organisation.key, set()).add(gm)
    everywhere = {gm for gm, _ in answers}
    return next((gm, t, ol.organisation.key) for (gm, t), a in sorted(answers.items())
                for ol in a.organisation_level  # type: ignore[attr-defined]
                if reach[ol.organisation.key] < everywhere)


def test_an_organisation_phone_edit_updates_the_index_in_place_and_no_answer_is_stale(
    service: GraphService, monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = service.projection
    before = all_answers(p)
    gm, t, org = organisation_level(before)
    idx = contact_index(p)
    builds = count_builds(monkeypatch, p)
    service.write(ChangeBatch(nodes=[Node(label=Label.ORGANISATION, key=org, props={"phone": "030-1234567"})]), "t")
    answer = counterparts(p, gm, t)
    assert [ol.phone for ol in answer.organisation_level if ol.organisation.key == org] == ["030-1234567"]
    after = contact_index(p)
    assert builds == []  # updated, not rebuilt: the tables are the very same objects
    assert after is not idx and after.holders is idx.holders and after.chain is idx.chain
    assert after.serves is idx.serves
    same_as_rebuild(service, after)
    recomputed = assert_fresh_and_kept(service, before)  # the gemeenten it does not reach stay memoised
    assert gm in recomputed
    # Its name too: every answer naming the organisation shows the new one, in this process and a fresh one.
    before = all_answers(p)
    service.write(ChangeBatch(nodes=[Node(label=Label.ORGANISATION, key=org, props={"name": "Nieuwe naam"})]), "t")
    assert_fresh_and_kept(service, before)
    assert "Nieuwe naam" in {ol.organisation.name for ol in counterparts(p, gm, t).organisation_level}
    assert builds == []


def test_a_region_or_gemeente_property_edit_keeps_the_tables(service: GraphService,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    p = service.projection
    before = all_answers(p)
    gm = p.keys(Label.GEMEENTE)[0]
    builds = count_builds(monkeypatch, p)
    service.write(ChangeBatch(nodes=[Node(label=Label.GEMEENTE, key=gm, props={"name": "Nieuwnaam"})]), "t")
    recomputed = assert_fresh_and_kept(service, before)
    assert recomputed == {gm}
    assert counterparts(p, gm, "gi").gemeente_name == "Nieuwnaam"
    assert builds == []
    same_as_rebuild(service, contact_index(p))


def test_an_organisation_type_change_rebuilds_and_answers_right(service: GraphService,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    p = service.projection
    before = all_answers(p)
    gm, t, org = organisation_level(before)
    other = next(x for x in TYPES if x != t)
    builds = count_builds(monkeypatch, p)
    service.write(ChangeBatch(nodes=[Node(label=Label.ORGANISATION, key=org, props={"type": other})]), "t")
    assert org not in {ol.organisation.key for ol in counterparts(p, gm, t).organisation_level}
    assert builds  # the tables group by organisation type: rebuilt
    same_as_rebuild(service, contact_index(p))
    assert all_answers(p) == all_answers(Projection.build(service.store))


def test_a_position_moved_to_another_organisation_of_the_same_type_answers_right(
    service: GraphService, monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = service.projection
    before = all_answers(p)
    idx = contact_index(p)
    # A position some answer names, and another organisation of its organisation's type.
    pos, _ = answered_contact(before)
    old = idx.position_org[pos]
    typ = (p.node(old) or {}).get("type")
    new = next(o for o in p.keys(Label.ORGANISATION) if o != old and (p.node(o) or {}).get("type") == typ)
    at = next(k for k, d in p.g._succ[pos][old].items() if d["type"] == RelType.AT.value)  # type: ignore[attr-defined]
    today = contact_index(p).day
    builds = count_builds(monkeypatch, p)
    service.write(ChangeBatch(
        closes=[EdgeClose(key=at, valid_to=today)],
        edges=[Edge(type=RelType.AT, src=pos, dst=new, src_label=Label.POSITION, dst_label=Label.ORGANISATION,
                    valid_from=today)]), "t")
    after = contact_index(p)
    assert builds == [] and after.chain is idx.chain  # the position's row moved, the rest shared
    assert after.position_org[pos] == new and pos in after.positions_at[new]
    assert pos not in after.positions_at.get(old, ())
    same_as_rebuild(service, after)
    assert all_answers(p) == all_answers(Projection.build(service.store))
    named = {(c.position.key, g.organisation.key) for a in all_answers(p).values()
             for g in a.organisations if g.organisation for c in g.contacts if c.position}  # type: ignore[attr-defined]
    assert (pos, new) in named and (pos, old) not in named


def test_a_case_or_meeting_write_keeps_the_tables_and_no_answer_is_stale(service: GraphService,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A case registered or a meeting planned: labels no table reads. The tables stand; the memoised answers
    are dropped (an answer with a caseRef reads the case) and every answer is right."""
    p = service.projection
    idx = contact_index(p)
    gm = p.keys(Label.GEMEENTE)[0]
    builds = count_builds(monkeypatch, p)
    service.write(ChangeBatch(nodes=[Node(label=Label.MEETING, key="mtg-bench-new", props={
        "name": "Bijeenkomst", "kind": "samenwerkingsbijeenkomst", "date": "2031-03-01"})]), "t")
    after = contact_index(p)
    assert builds == [] and after.chain is idx.chain and after.holders is idx.holders
    same_as_rebuild(service, after)
    assert all_answers(p) == all_answers(Projection.build(service.store))
    assert counterparts(p, gm, "gi") == counterparts(Projection.build(service.store), gm, "gi")


def test_someone_starting_at_an_organisation_keeps_the_tables(service: GraphService,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A new professional working at an organisation (addProfessional): a WORKS_AT relationship, which no
    table reads; the organisation's own relationships otherwise unchanged."""
    p = service.projection
    before = all_answers(p)
    _, _, org = organisation_level(before)
    idx = contact_index(p)
    builds = count_builds(monkeypatch, p)
    service.write(ChangeBatch(
        nodes=[Node(label=Label.PROFESSIONAL, key="prof-new-starter", props={"name": "Nieuwe Collega"})],
        edges=[Edge(type=RelType.WORKS_AT, src="prof-new-starter", dst=org, src_label=Label.PROFESSIONAL,
                    dst_label=Label.ORGANISATION, valid_from="2000-01-01")]), "t")
    assert_fresh_and_kept(service, before)
    after = contact_index(p)
    assert builds == [] and after.chain is idx.chain and after.serves is idx.serves
    same_as_rebuild(service, after)
    # Serving one more region: that region's SERVES entries are looked up again, the tables stand; answered right.
    region = next(gm for gm in p.keys(Label.GEMEENTE)
                  if org not in {ol.organisation.key for a in (counterparts(p, gm, t) for t in TYPES)
                                 for ol in a.organisation_level})
    kind = str((p.node(org) or {}).get("type"))
    assert served_by(p, contact_index(p), region, kind) == ()  # the entry filled before the write
    service.write(ChangeBatch(edges=[Edge(type=RelType.SERVES, src=org, dst=region, src_label=Label.ORGANISATION,
                                          dst_label=Label.GEMEENTE, valid_from="2000-01-01")]), "t")
    assert all_answers(p) == all_answers(Projection.build(service.store))
    served = contact_index(p)
    assert builds == [] and served.chain is idx.chain and served.serves is not idx.serves
    assert [o for o, _ in served_by(p, served, region, kind)] == [org]
    same_as_rebuild(service, served)
    # and no longer: closed today
    serves = next(k for k, d in p.g._succ[org][region].items() if d["type"] == RelType.SERVES.value)  # type: ignore[attr-defined]
    service.write(ChangeBatch(closes=[EdgeClose(key=serves, valid_to=served.day)]), "t")
    assert all_answers(p) == all_answers(Projection.build(service.store))
    assert builds == [] and served_by(p, contact_index(p), region, kind) == ()
    same_as_rebuild(service, contact_index(p))
