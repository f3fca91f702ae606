"""The privacy check sits in both stores: a batch, an import or a log entry carrying a child identifier
is refused whole, before anything (node, relationship, change-log entry) is written."""

from __future__ import annotations

import pytest

from graph.privacy import PrivacyError
from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch, GraphStore

BSN = "111222333"  # passes the eleven-test


def _region(store: GraphStore) -> None:
    store.apply(ChangeBatch(nodes=[Node(label=Label.SUBREGIO, key="SR-t", props={"name": "Subregio T"})]), "t")


@pytest.mark.parametrize("props,field", [
    ({"name": "Overleg", "notes": f"kind bsn {BSN}"}, "notes"),
    ({"name": "Bijeenkomst, kind geboren 12-03-2015"}, "name"),
    ({"name": "Overleg", "notes": "huisbezoek Kerkstraat 12"}, "notes"),
    ({"name": "Overleg", "programme": ["welkom", "casus 6811 AB 12"]}, "programme"),
])
def test_a_batch_with_child_data_writes_nothing(any_store: GraphStore, props: dict[str, object],
                                                field: str) -> None:
    _region(any_store)
    seq, counts = any_store.last_seq(), any_store.counts()
    meeting = Node(label=Label.MEETING, key="mtg-t-1", props=props)
    edge = Edge(type=RelType.FOR_GEMEENTE, src="mtg-t-1", dst="SR-t", src_label=Label.MEETING,
                dst_label=Label.SUBREGIO)
    with pytest.raises(PrivacyError) as err:
        any_store.apply(ChangeBatch(nodes=[meeting], edges=[edge]), "t")
    assert err.value.field == field and err.value.where == "Meeting"
    assert any_store.get_node("mtg-t-1") is None
    assert any_store.last_seq() == seq and any_store.counts() == counts


def test_one_bad_batch_in_an_import_writes_none_of_them(any_store: GraphStore) -> None:
    seq = any_store.last_seq()
    good = ChangeBatch(nodes=[Node(label=Label.BODY, key="body-ok", props={"name": "Tafel", "note": "ok"})])
    bad = ChangeBatch(nodes=[Node(label=Label.BODY, key="body-bad", props={"name": "Tafel", "note": BSN})])
    with pytest.raises(PrivacyError):
        any_store.apply_many(iter([good, bad]), "import")
    assert any_store.get_node("body-ok") is None and any_store.last_seq() == seq


def test_case_fields_get_the_strict_rules(any_store: GraphStore) -> None:
    case = Node(label=Label.CASE, key="JB-7KQ2-M4PX", props={"ref": "JB-7KQ2-M4PX", "status": "open",
                                                             "opened": "2026-03-14", "note": "Sanne"})
    with pytest.raises(PrivacyError) as err:
        any_store.apply(ChangeBatch(nodes=[case]), "t")
    assert (err.value.field, err.value.code) == ("note", "privacy.name")
    assert any_store.get_node("JB-7KQ2-M4PX") is None
    ok = case.model_copy(update={"props": {**case.props, "note": "aanmelding"}})
    any_store.apply(ChangeBatch(nodes=[ok]), "t")  # the same case without the name is fine


def test_a_log_entry_with_child_data_is_refused(any_store: GraphStore) -> None:
    seq = any_store.last_seq()
    with pytest.raises(PrivacyError) as err:
        any_store.append_log("t", "report.incorrect", "queue:JZ28", "report", None,
                             {"subject": "prof-x", "remark": "moeder van kind geb. 3 mei 2016 belde"})
    assert err.value.field == "remark" and err.value.code == "privacy.birth_date"
    assert any_store.last_seq() == seq
    any_store.append_log("t", "report.incorrect", "queue:JZ28", "report", None,
                         {"subject": "prof-x", "remark": "nieuw nummer 06-12345678 sinds 12-03-2026"})
    assert any_store.last_seq() == seq + 1


def test_an_organisation_may_note_its_address_a_meeting_note_may_not(any_store: GraphStore) -> None:
    address = "Bezoekadres Stationsplein 12, 6811 AB Arnhem"
    org = Node(label=Label.ORGANISATION, key="org-t", props={"name": "Lokaal Team T", "note": address})
    any_store.apply(ChangeBatch(nodes=[org]), "t")
    assert any_store.get_node("org-t") is not None
    with pytest.raises(PrivacyError) as err:
        any_store.apply(ChangeBatch(nodes=[Node(label=Label.MEETING, key="mtg-t-2", props={"notes": address})]), "t")
    assert err.value.code == "privacy.address"
    with pytest.raises(PrivacyError):  # a BSN is refused on an organisation too
        any_store.apply(ChangeBatch(nodes=[org.model_copy(update={"props": {"note": f"bsn {BSN}"}})]), "t")
