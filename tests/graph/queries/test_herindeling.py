"""Herindeling as dated changes on the demo graph (real SQLite): the plan, its checks, as-of answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from rich.console import Console

from api.cli_regions import print_plan
from graph.projection import Projection
from graph.queries import herindeling as qh
from graph.queries.contacts import counterparts
from graph.queries.regions import filter_gemeenten, gemeenten_in, regions_of, voorgangers_of
from graph.schema import Label, RelType
from graph.store.base import GraphStore
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.herindeling_support import MERGED, NEW, ON, division

BEFORE, AFTER = "2026-12-31", "2027-01-02"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("herindeling") / "demo.sqlite"
    store = SQLiteStore(db)
    init_store(store, demo=True)
    store.close()
    return db


@pytest.fixture
def store(demo_db: Path, tmp_path: Path) -> Iterator[SQLiteStore]:
    """A fresh copy of the demo store per test (cheaper than loading the demo again)."""
    copy = tmp_path / "demo.sqlite"
    with closing(sqlite3.connect(demo_db)) as src, closing(sqlite3.connect(copy)) as dst:
        src.backup(dst)
    s = SQLiteStore(copy)
    yield s
    s.close()


def problems(store: GraphStore, header: list[str], rows: list[dict[str, str]], on: str = ON) -> list[qh.Problem]:
    with pytest.raises(qh.DivisionError) as info:
        qh.plan_division(store, header, rows, on)
    return info.value.problems


def test_merger_plan_ends_starts_and_carries_over(store: SQLiteStore) -> None:
    seq = store.last_seq()
    plan = qh.plan_division(store, *division(), ON)
    assert store.last_seq() == seq  # planning writes nothing
    assert [(e.gemeente, e.successor, e.by) for e in plan.endings] == [
        ("GM0274", NEW, "jeugdhulpregio"), ("GM0275", NEW, "jeugdhulpregio")]
    assert [(s.gemeente, s.voorgangers) for s in plan.starts] == [(NEW, MERGED)]
    assert dict(plan.starts[0].regions) == {"IN_PROVINCIE": "PV25", "IN_JEUGDHULPREGIO": "JZ28",
                                            "IN_VEILIGHEIDSREGIO": "VR07"}
    assert plan.moves == [] and plan.new_regions == []
    assert plan.region_counts == {"JZ28": (11, 10), "PV25": (51, 50), "VR07": (15, 14)}
    carried = {(c.relationship, c.other, c.old) for c in plan.carries}
    # Each kind of coverage on the old gemeenten: positions, the subregio membership, serving organisations.
    assert ("COVERS", "pos-lt-renkum", "GM0274") in carried
    assert ("COVERS", "pos-lt-rheden", "GM0275") in carried
    assert ("IN_SUBREGIO", "SR-JZ28-veluwezoom-en-wageningen", "GM0274") in carried
    assert ("SERVES", "org-vt-gelderland-midden", "GM0274") in carried
    # Both were in the same subregio: the second membership merges into the first instead of doubling.
    subs = [c for c in plan.carries if c.relationship == "IN_SUBREGIO"]
    assert [c.merged for c in subs] == [False, True]


def test_applied_merger_answers_as_of_both_sides(store: SQLiteStore) -> None:
    p0 = Projection.build(store)
    before_gi = counterparts(p0, "GM0274", "gi", on=BEFORE)
    plan = qh.plan_division(store, *division(), ON)
    assert qh.apply_division(store, plan, "test") == len(plan.batch)
    p = Projection.build(store)
    # Before the day: as today.
    assert len(gemeenten_in(p, "JZ28", BEFORE)) == 11
    assert NEW not in filter_gemeenten(p, on=BEFORE) and "GM0274" in filter_gemeenten(p, on=BEFORE)
    assert len(filter_gemeenten(p, on=BEFORE)) == 342
    assert counterparts(p, "GM0274", "gi", on=BEFORE) == before_gi
    assert qh.succession(p, "GM0274", BEFORE) is None
    with pytest.raises(qh.GemeenteNogNiet):
        qh.ensure_current(p, NEW, BEFORE)
    # From the day: the new gemeente, the old ones opgegaan in it, counts right.
    assert len(gemeenten_in(p, "JZ28", ON)) == 10 and NEW in gemeenten_in(p, "JZ28", ON)
    assert len(filter_gemeenten(p, on=AFTER)) == 341 and "GM0274" not in filter_gemeenten(p, on=AFTER)
    path = regions_of(p, NEW, AFTER)
    assert (path.provincie, path.jeugdhulpregio, path.subregios) == ("PV25", "JZ28",
                                                                     ("SR-JZ28-veluwezoom-en-wageningen",))
    assert regions_of(p, "GM0274", AFTER).jeugdhulpregio is None
    s = qh.succession(p, "GM0274", ON)
    assert s is not None and (s.successor, s.per, s.code) == (NEW, ON, "gemeente.opgegaan_in")
    assert s.params["successor_name"] == "Veluwezoom" and s.params["name"] == "Renkum"
    with pytest.raises(qh.GemeenteOpgegaan) as info:
        qh.ensure_current(p, "GM0275", AFTER)
    assert info.value.params["successor"] == NEW
    assert voorgangers_of(p, NEW) == list(MERGED)
    lt = counterparts(p, NEW, "lokaal_team", on=AFTER)
    assert {c.position.key for c in lt.contacts} >= {"pos-lt-renkum", "pos-lt-rheden"}
    gi = counterparts(p, NEW, "gi", on=AFTER)
    assert {c.position.key for c in gi.contacts} == {c.position.key for c in before_gi.contacts}
    # The old gemeente's own relationships are closed on the day, not deleted.
    closed = [d for _, _, d in p.g.in_edges("GM0274", data=True) if d["type"] == RelType.COVERS.value]
    assert closed and all(d["valid_to"] == ON for d in closed)
    assert p.node("GM0274")["label"] == Label.GEMEENTE.value  # kept for as-of views


def test_body_coverage_carries_over(store: SQLiteStore) -> None:
    from graph.schema import Edge, Node
    from graph.store.base import ChangeBatch

    # A tafel that covers Rheden by itself (from 2026-03-01) and Renkum until the herindeling's year ends.
    store.apply(ChangeBatch(nodes=[Node(label=Label.BODY, key="body-test-tafel", props={"name": "Testtafel"})],
                            edges=[Edge(type=RelType.COVERS, src="body-test-tafel", dst="GM0275",
                                        src_label=Label.BODY, dst_label=Label.GEMEENTE, valid_from="2026-03-01"),
                                   Edge(type=RelType.COVERS, src="body-test-tafel", dst="GM0274",
                                        src_label=Label.BODY, dst_label=Label.GEMEENTE, valid_to="2027-07-01")]),
                "test")
    plan = qh.plan_division(store, *division(), ON)
    mine = [c for c in plan.carries if c.other == "body-test-tafel"]
    assert [(c.old, c.merged) for c in mine] == [("GM0274", False), ("GM0275", True)]
    qh.apply_division(store, plan, "test")
    p = Projection.build(store)
    covered = {(dst, d.get("valid_from"), d.get("valid_to"))
               for _, dst, d in p.g.out_edges("body-test-tafel", data=True)}
    # The old ones end on the day; the successor is covered as long as either predecessor was.
    assert covered == {("GM0274", None, ON), ("GM0275", "2026-03-01", ON), (NEW, ON, None)}


def test_apply_twice_changes_nothing(store: SQLiteStore) -> None:
    qh.apply_division(store, qh.plan_division(store, *division(), ON), "test")
    seq = store.last_seq()
    again = qh.plan_division(store, *division(), ON)
    assert again.empty and qh.apply_division(store, again, "test") == 0 and store.last_seq() == seq


def test_init_again_keeps_the_herindeling(store: SQLiteStore) -> None:
    qh.apply_division(store, qh.plan_division(store, *division(), ON), "test")
    seq = store.last_seq()
    init_store(store, demo=True)  # the 2026 reference files and the demo, loaded again
    assert store.last_seq() == seq  # nothing reopened, nothing else changed
    p = Projection.build(store)
    assert len(gemeenten_in(p, "JZ28", AFTER)) == 10 and "GM0274" not in gemeenten_in(p, "JZ28", AFTER)
    assert qh.plan_division(store, *division(), ON).empty


def test_future_gemeente_is_not_searchable_or_mapped_before_its_day(store: SQLiteStore) -> None:
    from graph.queries.network_map import NATIONAL, network_map
    from graph.queries.search import search

    far = "2099-01-01"  # in the future whenever the test runs: search indexes today
    qh.apply_division(store, qh.plan_division(store, *division(), far), "test")
    p = Projection.build(store)
    assert NEW not in {h.key for h in search(p, "Veluwezoom", kinds=["gemeente"]).hits}
    assert "GM0274" in {h.key for h in search(p, "Renkum", kinds=["gemeente"]).hits}
    before = {n.id for n in network_map(p, NATIONAL, as_of="2098-12-31").nodes if n.kind == "gemeente"}
    after = {n.id for n in network_map(p, NATIONAL, as_of=far).nodes if n.kind == "gemeente"}
    assert NEW not in before and set(MERGED) <= before and len(before) == 342
    assert NEW in after and not set(MERGED) & after and len(after) == 341


def test_absorption_by_an_existing_gemeente_needs_voorgangers(store: SQLiteStore) -> None:
    # Rozendaal (GM0277) into Arnhem (GM0202): no new gemeente in JZ28, so the rule cannot choose.
    header, rows = division(drop=["GM0277"], add=[])
    [p] = problems(store, header, rows)
    assert p.code == "herindeling.no_successor" and p.params["gemeente"] == "GM0277"
    header, rows = division(drop=["GM0277"], add=[], extra={"voorgangers": ""})
    for r in rows:
        if r["gemeente_code"] == "GM0202":
            r["voorgangers"] = "GM0277"
    plan = qh.plan_division(store, header, rows, ON)
    assert [(e.gemeente, e.successor, e.by) for e in plan.endings] == [("GM0277", "GM0202", "voorgangers")]
    assert plan.starts == []
    # A subregio both were in and organisations serving both are already there for Arnhem.
    merged = {(c.relationship, c.other) for c in plan.carries if c.merged}
    assert ("IN_SUBREGIO", "SR-JZ28-arnhem") in merged
    qh.apply_division(store, plan, "test")
    p = Projection.build(store)
    assert len(gemeenten_in(p, "JZ28", AFTER)) == 10
    assert {c.position.key for c in counterparts(p, "GM0202", "lokaal_team", on=AFTER).contacts} >= {
        "pos-lt-rozendaal"}


def test_moved_membership_is_closed_and_reopened(store: SQLiteStore) -> None:
    # Renkum moves to Food Valley (JZ21); nothing else changes.
    header, rows = division(drop=[], add=[])
    for r in rows:
        if r["gemeente_code"] == "GM0274":
            r["jeugdregio_code"], r["jeugdregio_naam"] = "JZ21", "Food Valley"
    plan = qh.plan_division(store, header, rows, ON)
    assert [(m.gemeente, m.relationship, m.old, m.new) for m in plan.moves] == [
        ("GM0274", "IN_JEUGDHULPREGIO", "JZ28", "JZ21")]
    assert plan.endings == [] and plan.carries == []
    qh.apply_division(store, plan, "test")
    p = Projection.build(store)
    assert regions_of(p, "GM0274", BEFORE).jeugdhulpregio == "JZ28"
    assert regions_of(p, "GM0274", AFTER).jeugdhulpregio == "JZ21"


def test_second_herindeling_follows_the_chain(store: SQLiteStore) -> None:
    qh.apply_division(store, qh.plan_division(store, *division(), ON), "test")
    header, rows = division(drop=[NEW, "GM0289"], add=[{"gemeente_code": "GM1998", "gemeente_naam": "Zoom"}])
    rows = [r for r in rows if r["gemeente_code"] not in MERGED]
    plan = qh.plan_division(store, header, rows, "2029-01-01")
    assert {e.gemeente for e in plan.endings} == {NEW, "GM0289"}
    qh.apply_division(store, plan, "test")
    p = Projection.build(store)
    s = qh.succession(p, "GM0274", "2029-06-01")
    assert s is not None and s.successor == "GM1998" and s.chain == (NEW, "GM1998")
    assert qh.succession(p, "GM0274", "2028-01-01").successor == NEW  # type: ignore[union-attr]
    assert {c.position.key for c in counterparts(p, "GM1998", "lokaal_team", on="2029-06-01").contacts} >= {
        "pos-lt-renkum", "pos-lt-rheden", "pos-lt-wageningen"}


# --------------------------------------------------------------------------- bad input: nothing written
def test_unknown_column_names_the_column(store: SQLiteStore) -> None:
    header, rows = division(extra={"gemeentenaam_oud": ""})
    [p] = problems(store, header, rows)
    assert (p.code, p.row, p.params["column"]) == ("herindeling.unknown_column", 1, "gemeentenaam_oud")


def test_gemeente_in_two_regions_of_one_type_names_both_rows(store: SQLiteStore) -> None:
    header, rows = division()
    twin = {**next(r for r in rows if r["gemeente_code"] == NEW), "jeugdregio_code": "JZ21"}
    rows.append(twin)
    found = problems(store, header, rows)
    two = [p for p in found if p.code == "herindeling.two_regions"]
    assert len(two) == 1 and two[0].params["gemeente"] == NEW and two[0].params["regions"] == ["JZ28", "JZ21"]
    assert two[0].row == len(rows) + 1 and two[0].params["rows"] == [len(rows), len(rows) + 1]


def test_date_before_existing_changes_is_refused(store: SQLiteStore) -> None:
    qh.apply_division(store, qh.plan_division(store, *division(), ON), "test")
    seq = store.last_seq()
    header, rows = division(drop=["GM0289"], add=[])
    rows = [r for r in rows if r["gemeente_code"] not in MERGED]
    rows.append({**rows[0], "gemeente_code": NEW, "gemeente_naam": "Veluwezoom", "jeugdregio_code": "JZ28"})
    [p] = problems(store, header, rows, on="2026-06-01")
    assert p.code == "herindeling.date_before_changes" and p.params == {"on": "2026-06-01", "latest": ON}
    assert store.last_seq() == seq


def test_successor_that_does_not_exist(store: SQLiteStore) -> None:
    header, rows = division(extra={"voorgangers": ""})
    next(r for r in rows if r["gemeente_code"] == NEW)["voorgangers"] = "GM0274;GM9998"
    found = problems(store, header, rows)
    assert [(p.code, p.params["voorganger"], p.row) for p in found] == [
        ("herindeling.unknown_voorganger", "GM9998", len(rows) + 1)]


def test_two_new_gemeenten_in_one_region_ask_for_voorgangers(store: SQLiteStore) -> None:
    header, rows = division(add=[{"gemeente_code": NEW, "gemeente_naam": "Veluwezoom"},
                                 {"gemeente_code": "GM1998", "gemeente_naam": "Rhedenzoom"}])
    found = problems(store, header, rows)
    assert {(p.code, p.params["gemeente"]) for p in found} == {
        ("herindeling.ambiguous_successor", "GM0274"), ("herindeling.ambiguous_successor", "GM0275")}
    assert found[0].params["candidates"] == ["GM1998", NEW]


def test_bad_date_and_codes(store: SQLiteStore) -> None:
    assert problems(store, *division(), on="1 januari 2027")[0].code == "herindeling.bad_date"
    header, rows = division()
    rows[0]["jeugdregio_code"] = "Groningen"
    [p] = problems(store, header, rows)
    assert (p.code, p.row, p.params["column"]) == ("herindeling.bad_code", 2, "jeugdregio_code")


# --------------------------------------------------------------------------- national synthetic data
@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reference data + the synthetic workbook (loaders/generate.py; every gemeente of the country)."""
    from loaders.generate import generate_workbook
    from loaders.workbook import import_workbook

    work = tmp_path_factory.mktemp("synthetic")
    generate_workbook(work / "werkmap", scale="small", seed=11)
    store = SQLiteStore(work / "synthetic.sqlite")
    init_store(store, demo=False)
    assert import_workbook(work / "werkmap", store, actor="test").ok
    store.close()
    return work / "synthetic.sqlite"


def test_reimporting_last_years_workbook_keeps_the_herindeling(synthetic_db: Path, tmp_path: Path) -> None:
    from loaders.workbook import import_workbook

    copy = tmp_path / "copy.sqlite"
    with closing(sqlite3.connect(synthetic_db)) as src, closing(sqlite3.connect(copy)) as dst:
        src.backup(dst)
    store = SQLiteStore(copy)
    try:
        header, rows = division(drop=("GM0037", "GM0047"), add=[{"gemeente_code": "GM1997",
                                                                  "gemeente_naam": "Kanaalstreek"}], like="GM0037")
        qh.apply_division(store, qh.plan_division(store, header, rows, ON), "test")
        seq = store.last_seq()
        result = import_workbook(synthetic_db.parent / "werkmap", store, actor="test")  # covers GM0037 and GM0047
        assert result.ok and store.last_seq() == seq  # nothing reopened
        p = Projection.build(store)
        assert {c.position.key for c in counterparts(p, "GM0037", "lokaal_team", on=BEFORE).contacts}
        assert not p.in_edges("GM0037", RelType.COVERS, on=AFTER)
        assert counterparts(p, "GM1997", "lokaal_team", on=AFTER).contacts
    finally:
        store.close()


def test_dry_run_plan_on_synthetic_data_is_complete(synthetic_db: Path) -> None:
    # Stadskanaal and Veendam (Groningen, JZ01) into a new gemeente, named by voorgangers.
    old = ("GM0037", "GM0047")
    header, rows = division(drop=old, add=[{"gemeente_code": "GM1997", "gemeente_naam": "Kanaalstreek",
                                            "voorgangers": ";".join(old)}], like="GM0037",
                            extra={"voorgangers": ""})
    store = SQLiteStore(synthetic_db)
    try:
        seq = store.last_seq()
        plan = qh.plan_division(store, header, rows, ON)
        # Independently: every open relationship of a carried type touching the old gemeenten.
        expected = {(e.type.value, e.src if e.dst in old else e.dst, e.dst if e.dst in old else e.src)
                    for rel, _ in qh.CARRIED_TYPES for e in store.edges(rel)
                    if (e.dst in old or e.src in old) and e.valid_to is None}
        assert {(c.relationship, c.other, c.old) for c in plan.carries} == expected
        lt = {c.other for c in plan.carries if c.relationship == "COVERS" and c.other.startswith("pos-")}
        assert len(lt) >= 2  # at least each gemeente's Lokaal Team position
        assert [(e.gemeente, e.successor, e.by) for e in plan.endings] == [(o, "GM1997", "voorgangers") for o in old]
        assert plan.region_counts["JZ01"] == (10, 9)
        # Their subregio's differ, so the successor is in both: the plan says so, for the region to decide.
        assert [(w.code, w.params["subregios"]) for w in plan.warnings] == [
            ("herindeling.several_subregios", ["SR-JZ01-syn-3", "SR-JZ01-syn-5"])]
        # The dry run's print of this plan (the CLI's tables) names what ends, starts and carries over.
        out = Console(record=True, width=160)
        qh.name_carried(store, plan)
        print_plan(plan, out=out)
        text = out.export_text()
        for expected_text in ("eindigen op 2027-01-01 (2)", "GM1997 Kanaalstreek", "beginnen op 2027-01-01 (1)",
                              f"gaat over van 2027-01-01 ({len(plan.carries)}", "JZ01", "SR-JZ01-syn-3",
                              f"{len(plan.batch):,} wijzigingen in één transactie"):  # Dutch by default
            assert expected_text in text, text
        assert store.last_seq() == seq
    finally:
        store.close()
