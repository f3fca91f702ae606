"""A small, hand-made Gelderland graph for the query tests, written through a real SQLite store.

Food Valley (JZ21: Ede, Wageningen, Barneveld) and Centraal Gelderland (JZ28: Arnhem, Renkum), both
in veiligheidsregio Gelderland-Midden (VR07), plus 's-Hertogenbosch elsewhere for search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.projection import Projection
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch
from graph.store.sqlite_store import SQLiteStore

TODAY = "2026-04-01"


@dataclass
class Builder:
    """Collects nodes and edges; ``service(tmp_path)`` writes them as one batch into a fresh SQLite file."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def node(self, label: Label, key: str, **props: Any) -> str:
        self.nodes[key] = Node(label=label, key=key, props=props)
        return key

    def edge(self, rel: RelType, src: str, dst: str, valid_from: str | None = None,
             valid_to: str | None = None, **props: Any) -> None:
        self.edges.append(Edge(type=rel, src=src, dst=dst, src_label=self.nodes[src].label,
                               dst_label=self.nodes[dst].label, props=props, valid_from=valid_from,
                               valid_to=valid_to))

    def gemeente(self, code: str, name: str, *, jz: str, vr: str, pv: str, sub: str | None = None) -> str:
        self.node(Label.GEMEENTE, code, name=name, lat=52.0, lon=5.7)
        self.edge(RelType.IN_JEUGDHULPREGIO, code, jz)
        self.edge(RelType.IN_VEILIGHEIDSREGIO, code, vr)
        self.edge(RelType.IN_PROVINCIE, code, pv)
        if sub:
            self.edge(RelType.IN_SUBREGIO, code, sub)
        return code

    def org(self, key: str, name: str, type: str, *, serves: tuple[str, ...] = (), **props: Any) -> str:
        self.node(Label.ORGANISATION, key, name=name, type=type, **props)
        for region in serves:
            self.edge(RelType.SERVES, key, region)
        return key

    def position(self, key: str, name: str, role: str, org: str, covers: tuple[str, ...] = (),
                 **props: Any) -> str:
        org_type = self.nodes[org].props["type"]
        self.node(Label.POSITION, key, name=name, role=role, org_type=org_type, **props)
        self.edge(RelType.AT, key, org)
        for region in covers:
            self.edge(RelType.COVERS, key, region)
        return key

    def prof(self, key: str, name: str, *, org: str, holds: tuple[tuple[str, str, int], ...] = (),
             **props: Any) -> str:
        self.node(Label.PROFESSIONAL, key, name=name, email=f"{key}@example.nl", phone="088 123 4567",
                  **props)
        self.edge(RelType.WORKS_AT, key, org)
        for pos, priority, rank in holds:
            self.edge(RelType.HOLDS, key, pos, priority=priority, rank=rank)
        return key

    def service(self, tmp_path: Path) -> GraphService:
        store = SQLiteStore(tmp_path / "jbnet.sqlite")
        store.apply(ChangeBatch(nodes=list(self.nodes.values()), edges=self.edges), "test")
        return GraphService(store, Projection.build(store))


def mini_gelderland() -> Builder:
    b = Builder()
    b.node(Label.PROVINCIE, "PV25", name="Gelderland")
    b.node(Label.PROVINCIE, "PV30", name="Noord-Brabant")
    b.node(Label.VEILIGHEIDSREGIO, "VR07", name="Gelderland-Midden")
    b.node(Label.VEILIGHEIDSREGIO, "VR21", name="Brabant-Noord")
    b.node(Label.JEUGDHULPREGIO, "JZ21", name="Food Valley")
    b.node(Label.JEUGDHULPREGIO, "JZ28", name="Centraal Gelderland", aanmeldroute="315", update_rhythm_months=6)
    b.node(Label.JEUGDHULPREGIO, "JZ31", name="Noordoost-Brabant")
    b.node(Label.JEUGDHULPREGIO, "JZ12", name="Noord-Veluwe")
    for jz, vr in (("JZ21", "VR07"), ("JZ28", "VR07"), ("JZ31", "VR21")):
        b.edge(RelType.IN_VEILIGHEIDSREGIO, jz, vr)
    b.node(Label.SUBREGIO, "SR-JZ28-arnhem-e-o", name="Arnhem e.o.", version=1)
    b.edge(RelType.IN_JEUGDHULPREGIO, "SR-JZ28-arnhem-e-o", "JZ28")
    b.gemeente("GM0228", "Ede", jz="JZ21", vr="VR07", pv="PV25")
    b.gemeente("GM0289", "Wageningen", jz="JZ21", vr="VR07", pv="PV25")
    b.gemeente("GM0203", "Barneveld", jz="JZ21", vr="VR07", pv="PV25")
    b.gemeente("GM0202", "Arnhem", jz="JZ28", vr="VR07", pv="PV25", sub="SR-JZ28-arnhem-e-o")
    b.gemeente("GM0274", "Renkum", jz="JZ28", vr="VR07", pv="PV25", sub="SR-JZ28-arnhem-e-o")
    b.gemeente("GM0796", "'s-Hertogenbosch", jz="JZ31", vr="VR21", pv="PV30")

    vt = b.org("org-vt-gelderland-midden", "Veilig Thuis Gelderland-Midden", "veilig_thuis", serves=("VR07",),
               short="VT GM")
    lt_ede = b.org("org-lt-ede", "Lokaal Team Ede", "lokaal_team", serves=("GM0228",))
    lt_wag = b.org("org-lt-wageningen", "Lokaal Team Wageningen", "lokaal_team", serves=("GM0289",))
    lt_arn = b.org("org-lt-arnhem", "Sociaal Wijkteam Arnhem", "lokaal_team", serves=("GM0202",))
    jbg = b.org("org-jbg", "Jeugdbescherming Gelderland", "gi", serves=("PV25",), short="JBG")
    b.org("org-rvdk", "Raad voor de Kinderbescherming", "rvdk", serves=("PV25", "PV30"), short="RvdK")
    jhr = b.org("org-jhr-food-valley", "Regio Food Valley", "jeugdhulpregio", serves=("JZ21",))
    gem_ede = b.org("org-gemeente-ede", "Gemeente Ede", "gemeente", serves=("GM0228",))
    gem_arn = b.org("org-gemeente-arnhem", "Gemeente Arnhem", "gemeente", serves=("GM0202",))
    b.org("org-vt-brabant-noord", "Veilig Thuis Brabant Noordoost", "veilig_thuis", serves=("VR21",))

    # Veilig Thuis: the whole veiligheidsregio, but Ede has its own (more specific) contact.
    b.position("pos-vt-gm", "VT contactpersoon Gelderland-Midden", "vt_contactpersoon", vt, ("VR07",))
    b.position("pos-vt-ede", "VT contactpersoon Ede", "vt_contactpersoon", vt, ("GM0228",))
    b.position("pos-vt-manager", "Manager VT", "leidinggevende", vt)
    # Lokaal Team
    b.position("pos-lt-ede", "LT medewerker Ede", "lt_medewerker", lt_ede, ("GM0228",))
    b.position("pos-lt-wageningen", "LT medewerker Wageningen", "lt_medewerker", lt_wag, ("GM0289",),
               vacant_since="2026-01-10")
    b.position("pos-lt-arnhem-1", "Wijkteam Arnhem Noord", "lt_medewerker", lt_arn, ("SR-JZ28-arnhem-e-o",))
    b.position("pos-lt-arnhem-2", "Wijkteam Arnhem Zuid", "lt_medewerker", lt_arn, ("GM0202",))
    b.position("pos-gw-lt-ede", "Gedragswetenschapper LT Ede", "gedragswetenschapper", lt_ede)
    b.position("pos-lg-lt-ede", "Teamleider LT Ede", "leidinggevende", lt_ede)
    # GI with an explicit escalation chain
    b.position("pos-jb-fv", "Jeugdbeschermer Food Valley", "jeugdbeschermer", jbg, ("JZ21",))
    b.position("pos-gw-jbg", "Gedragswetenschapper JBG", "gedragswetenschapper", jbg)
    b.position("pos-tl-jbg", "Teamleider JBG Food Valley", "teamleider", jbg)
    b.position("pos-bestuur-jbg", "Bestuurder JBG", "bestuurder", jbg)
    b.edge(RelType.ESCALATES_TO, "pos-jb-fv", "pos-gw-jbg", step=1)
    b.edge(RelType.ESCALATES_TO, "pos-gw-jbg", "pos-tl-jbg", step=2)
    b.edge(RelType.ESCALATES_TO, "pos-tl-jbg", "pos-bestuur-jbg", step=3)
    # Region and gemeente
    b.position("pos-rc-fv", "Regionale contactpersoon Food Valley", "regionale_contactpersoon", jhr, ("JZ21",))
    b.position("pos-zb-fv", "Zorgbemiddelaar Food Valley", "zorgbemiddelaar", jhr, ("JZ21",))
    b.position("pos-bo-ede", "Backoffice Jeugd Ede", "backoffice", gem_ede)
    b.position("pos-af-ede", "Aangewezen functionaris Ede", "aangewezen_functionaris", gem_ede, ("GM0228",))
    b.position("pos-weth-ede", "Wethouder Jeugd Ede", "wethouder", gem_ede, ("GM0228",))
    b.position("pos-bo-arnhem", "Backoffice Jeugd Arnhem", "backoffice", gem_arn, ("GM0202",))
    b.position("pos-cb-ede", "Contactbeheer Food Valley", "contactbeheer_coordinator", gem_ede)

    b.prof("prof-vt1", "Anouk de Vries", org=vt, holds=(("pos-vt-gm", "primary", 1),), function="VT medewerker",
           last_verified="2026-02-01")
    b.prof("prof-vt2", "Bram Bakker", org=vt, holds=(("pos-vt-gm", "backup", 2),), last_verified="2025-06-01")
    b.prof("prof-vt4", "Carla Smit", org=vt, holds=(("pos-vt-gm", "backup", 1),), last_verified="2026-03-01")
    b.prof("prof-vt3", "Daan Mulder", org=vt, holds=(("pos-vt-ede", "primary", 1),), last_verified="2026-03-15")
    b.prof("prof-vtm", "Eva Visser", org=vt, holds=(("pos-vt-manager", "primary", 1),))
    b.prof("prof-lt1", "Pieter Janssen", org=lt_ede, holds=(("pos-lt-ede", "primary", 1),),
           function="Jeugd- en gezinsprofessional", last_verified="2026-03-20")
    b.prof("prof-lt2", "Fatima el Amrani", org=lt_ede, holds=(("pos-lt-ede", "backup", 1),),
           last_verified="2026-03-20")
    b.prof("prof-lt3", "Gert Hendriks", org=lt_arn, holds=(("pos-lt-arnhem-2", "primary", 1),))
    b.prof("prof-lt4", "Hanna Peters", org=lt_arn, holds=(("pos-lt-arnhem-1", "primary", 1),))
    b.prof("prof-gw-lt", "Ilse Dekker", org=lt_ede, holds=(("pos-gw-lt-ede", "primary", 1),))
    b.prof("prof-lg-lt", "Joost Brouwer", org=lt_ede, holds=(("pos-lg-lt-ede", "primary", 1),))
    b.prof("prof-jb", "Karin de Boer", org=jbg, holds=(("pos-jb-fv", "primary", 1),), function="Jeugdbeschermer")
    b.prof("prof-jb-old", "Lars Willems", org=jbg, holds=(("pos-jb-fv", "backup", 1),), active=False,
           inactive_since="2025-12-01")
    b.prof("prof-gw-jbg", "Maartje Kok", org=jbg, holds=(("pos-gw-jbg", "primary", 1),))
    b.prof("prof-tl-jbg", "Niels Jacobs", org=jbg, holds=(("pos-tl-jbg", "primary", 1),))
    b.prof("prof-bestuur-jbg", "Olga Vermeulen", org=jbg, holds=(("pos-bestuur-jbg", "primary", 1),))
    b.prof("prof-rc", "Ruud van Dijk", org=jhr, holds=(("pos-rc-fv", "primary", 1),), last_verified="2026-01-15")
    b.prof("prof-zb", "Sara Koster", org=jhr, holds=(("pos-zb-fv", "primary", 1),))
    b.prof("prof-bo", "Tom Prins", org=gem_ede, holds=(("pos-bo-ede", "primary", 1),))
    b.prof("prof-af", "Ulla Vos", org=gem_ede, holds=(("pos-af-ede", "primary", 1),))
    b.prof("prof-weth", "Vera Smits", org=gem_ede, holds=(("pos-weth-ede", "primary", 1),), function="Wethouder")
    b.prof("prof-bo-arn", "Wim Meijer", org=gem_arn, holds=(("pos-bo-arnhem", "primary", 1),))
    b.prof("prof-cb", "Yara Bos", org=gem_ede, holds=(("pos-cb-ede", "primary", 1),))

    b.edge(RelType.RESPONSIBLE_FOR_CONTACTBEHEER, gem_ede, "JZ21", inferred=True)
    b.edge(RelType.CENTRALE_GEMEENTE, "JZ21", "GM0228", inferred=True)
    b.edge(RelType.CENTRALE_GEMEENTE, "JZ28", "GM0202", inferred=True)

    # Bodies: RET, BOEG, Jeugdbeschermingstafels
    b.node(Label.BODY, "body-ret-food-valley", name="RET Food Valley", kind="ret", local_name="Expertteam Food Valley",
           note="aanmelden via het Gelderse aanmeldformulier")
    b.edge(RelType.COVERS, "body-ret-food-valley", "JZ21")
    b.node(Label.BODY, "body-boeg", name="BOEG", kind="boeg")
    b.edge(RelType.COVERS, "body-boeg", "PV25")
    b.node(Label.BODY, "body-jbt-food-valley", name="Jeugdbeschermingstafel Food Valley",
           kind="jeugdbeschermingstafel")
    b.edge(RelType.COVERS, "body-jbt-food-valley", "JZ21")
    b.node(Label.BODY, "body-jbt-centraal-gelderland", name="Jeugdbeschermingstafel Centraal Gelderland",
           kind="jeugdbeschermingstafel", local_name="Beschermingstafel")
    b.edge(RelType.COVERS, "body-jbt-centraal-gelderland", "JZ28")
    b.node(Label.BODY, "body-jbt-noordoost-brabant", name="Jeugdbeschermingstafel Noordoost-Brabant",
           kind="jeugdbeschermingstafel")
    b.edge(RelType.COVERS, "body-jbt-noordoost-brabant", "JZ31")
    b.prof("prof-ret-chair", "Xander de Wit", org=jhr)
    b.edge(RelType.MEMBER_OF, "prof-ret-chair", "body-ret-food-valley", role="voorzitter")
    b.prof("prof-jbt-chair", "Zoë Maas", org=gem_arn)
    b.edge(RelType.MEMBER_OF, "prof-jbt-chair", "body-jbt-centraal-gelderland", role="voorzitter")

    # Cases: opened on the Friday before Koningsdag and the day before Christmas Eve.
    b.node(Label.CASE, "JB-7KQ2-M4PX", ref="JB-7KQ2-M4PX", route="301", status="open", opened="2026-04-24", step=1)
    b.edge(RelType.FOR_GEMEENTE, "JB-7KQ2-M4PX", "GM0228")
    b.edge(RelType.ON_CASE, "prof-jb", "JB-7KQ2-M4PX", role="jeugdbeschermer")
    b.node(Label.CASE, "JB-9RTW-3HNC", ref="JB-9RTW-3HNC", route="315", status="open", opened="2026-12-23", step=1)
    b.edge(RelType.FOR_GEMEENTE, "JB-9RTW-3HNC", "GM0202")
    b.edge(RelType.ON_CASE, "prof-jb", "JB-9RTW-3HNC", role="jeugdbeschermer")
    return b


@pytest.fixture
def builder() -> Builder:
    return mini_gelderland()


@pytest.fixture
def service(builder: Builder, tmp_path: Path) -> GraphService:
    svc = builder.service(tmp_path)
    yield svc
    svc.close()


@pytest.fixture
def p(service: GraphService) -> Projection:
    return service.projection
