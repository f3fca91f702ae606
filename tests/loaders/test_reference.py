"""The national reference graph built from the shipped CBS files."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from graph.schema import Edge, Label, Node, RelType
from loaders.reference import data_dir, national_org_key, reference_batches

DATA = Path(__file__).resolve().parents[2] / "data"


def _rows() -> list[dict[str, str]]:
    with (DATA / "gemeenten_regios.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def graph() -> tuple[dict[str, Node], list[Edge]]:
    batches = reference_batches()
    nodes = {n.key: n for b in batches for n in b.nodes}
    edges = [e for b in batches for e in b.edges]
    return nodes, edges


def _targets(edges: list[Edge], rel: RelType, src_label: Label = Label.GEMEENTE) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e.type is rel and e.src_label is src_label:
            out[e.src].append(e.dst)
    return out


def test_data_is_found_inside_the_repository() -> None:
    assert data_dir() == DATA
    for name in ("gemeenten_regios.csv", "gemeente_punten.csv", "gemeenten_2026_simplified.geojson",
                 "organisaties_indicatief.csv", "jeugdregios_2026.csv", "gelderland_seed.yaml", "README.md"):
        assert (DATA / name).is_file(), name
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "86247NED" in readme and "Bron: CBS" in readme


def test_every_cbs_gemeente_with_one_region_of_each_kind(graph) -> None:
    nodes, edges = graph
    rows = _rows()
    gemeenten = [n for n in nodes.values() if n.label is Label.GEMEENTE]
    assert len(gemeenten) == len(rows) == 342
    labels = Counter(n.label for n in nodes.values())
    assert (labels[Label.PROVINCIE], labels[Label.JEUGDHULPREGIO], labels[Label.VEILIGHEIDSREGIO]) == (12, 42, 25)
    by_code = {r["gemeente_code"]: r for r in rows}
    for rel, column in ((RelType.IN_PROVINCIE, "provincie_code"), (RelType.IN_JEUGDHULPREGIO, "jeugdregio_code"),
                        (RelType.IN_VEILIGHEIDSREGIO, "veiligheidsregio_code")):
        targets = _targets(edges, rel)
        assert set(targets) == set(by_code)
        for code, dsts in targets.items():
            assert dsts == [by_code[code][column]], (rel, code)
    ede = nodes["GM0228"]
    assert ede.props["name"] == "Ede" and 51.9 < ede.props["lat"] < 52.2 and 5.5 < ede.props["lon"] < 5.9


def test_gelderland_has_51_gemeenten_in_7_jeugdhulpregios(graph) -> None:
    nodes, edges = graph
    provincie = _targets(edges, RelType.IN_PROVINCIE)
    jz = _targets(edges, RelType.IN_JEUGDHULPREGIO)
    gelders = [g for g, p in provincie.items() if p == ["PV25"]]
    assert len(gelders) == 51
    assert sorted({jz[g][0] for g in gelders}) == ["JZ12", "JZ17", "JZ21", "JZ25", "JZ28", "JZ30", "JZ32"]
    assert nodes["JZ28"].props["aanmeldroute"] == "315"
    assert "aanmeldroute" not in nodes["JZ21"].props


def test_jeugdhulpregio_in_one_veiligheidsregio_cross_border_marked_inferred(graph) -> None:
    _, edges = graph
    jz_vr = [e for e in edges if e.type is RelType.IN_VEILIGHEIDSREGIO and e.src_label is Label.JEUGDHULPREGIO]
    assert len(jz_vr) == 42 and len({e.src for e in jz_vr}) == 42
    by_src = {e.src: e for e in jz_vr}
    assert by_src["JZ28"].dst == "VR07" and not by_src["JZ28"].props.get("inferred")
    assert by_src["JZ12"].dst == "VR06" and by_src["JZ12"].props["inferred"] is True  # Zeewolde is VR25


def test_contactbeheer_per_domain_rule_2_4(graph) -> None:
    nodes, edges = graph
    responsible = {e.dst: e for e in edges if e.type is RelType.RESPONSIBLE_FOR_CONTACTBEHEER}
    for jz in ("JZ12", "JZ17", "JZ25"):
        assert responsible[jz].src == "org-vt-noord-oost-gelderland"
        assert nodes[responsible[jz].src].props["type"] == "veilig_thuis"
    expected = {"JZ28": ("Arnhem", "GM0202"), "JZ21": ("Ede", "GM0228"),
                "JZ32": ("Nijmegen", "GM0268"), "JZ30": ("Tiel", "GM0281")}
    centrale = {e.src: e for e in edges if e.type is RelType.CENTRALE_GEMEENTE}
    assert len(centrale) == 7
    for jz, (name, code) in expected.items():
        org = nodes[responsible[jz].src]
        assert org.key == f"org-gemeente-{name.lower()}" and org.props["type"] == "gemeente"
        assert centrale[jz].dst == code
    assert all(e.props["inferred"] is True for e in [*responsible.values(), *centrale.values()])
    assert {centrale[jz].dst for jz in ("JZ12", "JZ17", "JZ25")} == {"GM0243", "GM0200", "GM0222"}


def test_national_organisations_serve_mapped_regions(graph) -> None:
    nodes, edges = graph
    serves = _targets(edges, RelType.SERVES, Label.ORGANISATION)
    rows = _rows()
    vt05 = {r["gemeente_code"] for r in rows if r["veilig_thuis_regio_code"] == "VT05"}
    assert set(serves["org-vt-gelderland-midden"]) == vt05 and "GM0228" in vt05
    oost = {r["gemeente_code"] for r in rows if r["arrondissement_code"] in ("AR03", "AR06")}
    assert set(serves["org-rvdk-oost-nederland"]) == oost
    assert sorted(serves["org-wss"]) == sorted({r["provincie_code"] for r in rows})  # NL -> every provincie
    assert set(serves["org-gi-jb-noord"]) == {"PV20", "PV22", "JZ01", "JZ04"}
    wss = nodes["org-wss"].props
    assert wss["certainty"] == "zeker" and wss["type"] == "gi" and "williamschrikker" in wss["source"]
    ret = nodes[national_org_key("ret_regio_alkmaar")].props
    assert (ret["type"], ret["subtype"]) == ("other", "ret")
    vt = [n for n in nodes.values() if n.props.get("type") == "veilig_thuis"]
    assert len(vt) == 25 and all(n.props["phone"] == "0800-2000" for n in vt)


def test_reference_is_deterministic() -> None:
    a = [(n.key, n.props) for b in reference_batches() for n in b.nodes]
    b = [(n.key, n.props) for b in reference_batches() for n in b.nodes]
    assert a == b
