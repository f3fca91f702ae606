"""Region lookups (graph/queries/regions.py) and bodies (graph/queries/network.py) on the reference + demo data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.projection import Projection
from graph.queries import network as qn
from graph.queries import regions as qr
from graph.queries.errors import NotFound
from graph.schema import Label
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store

EDE = "GM0228"  # CBS: Ede lies in jeugdhulpregio Foodvalley (JZ21), veiligheidsregio Gelderland-Midden, Gelderland


@pytest.fixture(scope="module")
def p(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Projection]:
    store = SQLiteStore(tmp_path_factory.mktemp("regions") / "jbnet.sqlite")
    init_store(store, demo=True)
    yield Projection.build(store)
    store.close()


def test_the_chain_of_regions_of_a_gemeente(p: Projection) -> None:
    path = qr.regions_of(p, EDE)
    assert (path.provincie, path.jeugdhulpregio, path.veiligheidsregio) == ("PV25", "JZ21", "VR07")
    assert qr.jeugdhulpregio_of(p, EDE) == "JZ21" and qr.veiligheidsregio_of(p, EDE) == "VR07"
    chain = qr.containing_regions(p, EDE)
    assert chain[0] == (EDE, "Gemeente") and chain[-1] == ("PV25", "Provincie")
    assert [level for _, level in chain] == ["Gemeente", "Subregio", "Jeugdhulpregio", "Veiligheidsregio", "Provincie"]
    assert chain[1][0] in qr.subregios_of(p, "JZ21") and path.subregios == (chain[1][0],)


def test_organisations_serving_run_from_the_gemeente_to_wider_regions(p: Projection) -> None:
    serving = qr.organisations_serving(p, EDE)
    levels = [s.level for s in serving]
    assert levels and levels == sorted(levels, key=["Gemeente", "Subregio", "Jeugdhulpregio", "Veiligheidsregio",
                                                      "Provincie"].index)
    assert all(p.label_of(s.organisation) == Label.ORGANISATION.value for s in serving)
    assert {s.via for s in serving if s.level == "Gemeente"} == {EDE}


def test_filters_count_gemeenten_of_the_region(p: Projection) -> None:
    in_jz = qr.filter_gemeenten(p, jeugdhulpregio="JZ21")
    assert EDE in in_jz and set(in_jz) == set(qr.gemeenten_in(p, "JZ21"))
    in_pv = qr.filter_gemeenten(p, provincie="PV25")
    assert EDE in in_pv and "GM0345" in in_jz and "GM0345" not in in_pv  # Foodvalley: Veenendaal is in Utrecht
    assert qr.filter_gemeenten(p, jeugdhulpregio="JZ21", name_contains="ede") == [EDE]


def test_centrale_gemeente_and_contactbeheer_of_a_jeugdhulpregio(p: Projection) -> None:
    centrale = qr.centrale_gemeente(p, "JZ21")
    assert centrale is not None and centrale.key in qr.gemeenten_in(p, "JZ21")
    keeper = qr.contactbeheer_responsible(p, "JZ21")
    assert keeper is not None and p.label_of(keeper.key) == Label.ORGANISATION.value


def test_require_names_the_nearest_code(p: Projection) -> None:
    assert qr.require(p, Label.GEMEENTE, EDE)["name"] == "Ede"
    with pytest.raises(NotFound) as refused:
        qr.require(p, Label.GEMEENTE, "GM0229")
    assert refused.value.code == "GM0229" and refused.value.suggestions  # the nearest codes are offered


def test_body_info_is_a_body_or_none(p: Projection) -> None:
    bodies = sorted(p.keys(Label.BODY))
    info = qn.body_info(p, bodies[0])
    assert info is not None and info.key == bodies[0] and info.name
    assert all(p.label_of(region) is not None for region, _ in info.covers)
    assert qn.body_info(p, EDE) is None and qn.body_info(p, "no-such-key") is None
    # Every field from its own prop (the demo flag, the body's own e-mail and phone were once shifted by one).
    for key in bodies:
        b, node = qn.body_info(p, key), p.node(key) or {}
        assert b is not None and b.demo is bool(node.get("demo"))
        assert (b.email, b.phone) == (node.get("email"), node.get("phone"))

