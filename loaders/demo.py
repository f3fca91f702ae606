"""The Gelderland demo network: the real structures of ``data/gelderland_seed.yaml`` with fictional people.

Stated items carry their ``source`` (``<document>:<lines>``, see the YAML); items the sources do not
state carry ``inferred: true`` and a ``note``. Everything invented for the demo carries ``demo:
true``: all people (fictional names, e-mail at ``demo.jbnet.example``, phone numbers ``06-0000xxxx``
outside the ranges handed out to operators), positions, cases, and structures the sources leave
unnamed (subregio's, most phases).

The demo is deterministic: dates are fixed or relative to ``REFERENCE_DATE`` (not today), so
loading it twice writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from graph.privacy import generate_case_ref
from graph.schema import Edge, Label, Node, OrgType, Priority, RelType
from graph.store.base import ChangeBatch
from loaders.reference import (
    CENTRALE_GEMEENTE,
    GELDERLAND_JEUGDHULPREGIOS,
    NOORD_OOST,
    VT_NOORD_OOST_KEY,
    GemeenteRow,
    load_reference_data,
    reference_batches,
    slugify,
)

__all__ = ["DEMO_EMAIL_DOMAIN", "REFERENCE_DATE", "demo_batches"]

REFERENCE_DATE = dt.date(2026, 11, 1)  # "today" of the demo: freshness and case ages are relative to it
DEMO_EMAIL_DOMAIN = "demo.jbnet.example"
STRUCTURE_FROM = "2021-01-01"  # GVJB documents: spring-summer 2021

_FIRST = ("Anouk", "Bram", "Charlotte", "Daan", "Eva", "Floris", "Gijs", "Hanna", "Iris", "Jesse", "Kim",
          "Lotte", "Maarten", "Noor", "Olaf", "Pien", "Quinten", "Roos", "Sem", "Tessa", "Umut", "Vera",
          "Wouter", "Yara", "Zeynep", "Amira", "Bas", "Chantal", "Dewi", "Emre", "Fleur", "Hidde",
          "Ilse", "Jasper", "Karin", "Lars", "Mila", "Niels", "Esther", "Ruben")
# Surnames that say "this person does not exist".
_LAST = ("Voorbeeld", "Proefstra", "Testerink", "Demoveld", "Fictiefsma", "Verzinsel", "Oefenberg",
         "Nepveen", "Schijnhout", "Probeersma", "Denkbeeld", "Droomstra", "Fantasiaan", "Bedenkamp",
         "Zomaarwijk", "Gisweg", "Invulsma", "Lorumhof", "Ipsumbroek", "Plaatshouder", "Namaakveld",
         "Modelmaker", "Schetsstra", "Ontwerpsma", "Oefenhuis", "Nabootser", "Proefkamp", "Voorlopig",
         "Tijdelijk", "Ergenshuizen")

# Subregio's: 000:616-618 says Centraal Gelderland thinks of four, none is named. Names are demo.
_SUBREGIOS = {
    "JZ28": (("Arnhem", ("Arnhem", "Rozendaal")),
             ("De Liemers", ("Duiven", "Westervoort", "Zevenaar", "Doesburg")),
             ("Overbetuwe en Lingewaard", ("Overbetuwe", "Lingewaard")),
             ("Veluwezoom en Wageningen", ("Renkum", "Rheden", "Wageningen"))),
    "JZ21": (("Ede en Scherpenzeel", ("Ede", "Scherpenzeel")),
             ("Barneveld en Nijkerk", ("Barneveld", "Nijkerk"))),
}
_VR = {"VR06": "vt-nog", "VR07": "vt-gm", "VR08": "vt-gz"}
_VT_ORG = {"vt-gm": "org-vt-gelderland-midden", "vt-gz": "org-vt-gelderland-zuid", "vt-nog": VT_NOORD_OOST_KEY}
_VT_SERVES = {"vt-gm": ("JZ28", "JZ21"), "vt-gz": ("JZ30", "JZ32"), "vt-nog": ("JZ12", "JZ17", "JZ25")}
RVDK_OOST = "org-rvdk-oost-nederland"
_ZORGAANBIEDERS = (("org-karakter", "Karakter"), ("org-driestroom", "Driestroom"),
                   ("org-lichtenvoorde", "de Lichtenvoorde"), ("org-pluryn", "Pluryn"),
                   ("org-sheerenloo", "'s Heeren Loo"), ("org-entrea-lindenhout", "Entrea Lindenhout"),
                   ("org-pactum", "Pactum"))
_CLIENT_ORGS = (("org-zorgbelang", "Zorgbelang"), ("org-augeo", "Augeo"), ("org-moviera", "Moviera"),
                ("org-team-ed", "Team Ed"))
_CRITICAL = {"lt_medewerker", "jeugdbeschermer", "vt_contactpersoon", "rvdk_contactpersoon",
             "regionale_contactpersoon"}
_FUNCTION = {
    "lt_medewerker": "Jeugd- en gezinsprofessional", "jeugdbeschermer": "Jeugdbeschermer",
    "vt_contactpersoon": "Medewerker Veilig Thuis", "rvdk_contactpersoon": "Raadsonderzoeker",
    "gedragswetenschapper": "Gedragswetenschapper", "leidinggevende": "Teammanager", "teamleider": "Teamleider",
    "bestuurder": "Bestuurder", "wethouder": "Wethouder jeugd", "regionale_contactpersoon":
    "Regionale contactpersoon jeugd", "zorgbemiddelaar": "Zorgbemiddelaar", "backoffice": "Medewerker backoffice",
    "aangewezen_functionaris": "Aangewezen functionaris", "contactbeheer_coordinator":
    "Coördinator contactbeheer", "voorzitter": "Onafhankelijk voorzitter",
    "zorgaanbieder_contactpersoon": "Aanmeldcoördinator", "politie_contactpersoon": "Jeugdagent",
    "eerste_aanspreekpersoon": "Beleidsadviseur",
}


@dataclass
class _Builder:
    gemeenten: dict[str, GemeenteRow]  # by name
    org_types: dict[str, str]
    ref_nodes: dict[str, Node]
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)
    labels: dict[str, Label] = field(default_factory=dict)
    n_people: int = 0
    names: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.names = [(f, last) for last in _LAST for f in _FIRST]
        random.Random(2021).shuffle(self.names)

    def ref_name(self, key: str) -> str:
        return (self.nodes.get(key) or self.ref_nodes[key]).name

    # -- nodes ---------------------------------------------------------------------------------
    def node(self, label: Label, key: str, **props: Any) -> str:
        self.nodes[key] = Node(label=label, key=key, props=props)
        self.labels[key] = label
        return key

    def org(self, key: str, name: str, type: OrgType, **props: Any) -> str:
        self.org_types[key] = type.value
        return self.node(Label.ORGANISATION, key, name=name, type=type.value, **props)

    def person(self, org: str, role: str, *, since: str = "2021-03-01", **extra: Any) -> str:
        i = self.n_people
        self.n_people += 1
        first, last = self.names[i]
        key = f"prof-demo-{i + 1:04d}"
        # Every 9th person was last verified 4-9 months before the reference date: stale entries.
        days = 120 + (i * 37) % 150 if i % 9 == 4 else (i * 13) % 60
        self.node(Label.PROFESSIONAL, key, name=f"{first} {last}", function=_FUNCTION.get(role, role),
                  email=f"{first.lower()}.{slugify(last)}.{i + 1}@{DEMO_EMAIL_DOMAIN}",
                  phone=f"06-{i + 1:08d}", active=True,
                  last_verified=(REFERENCE_DATE - dt.timedelta(days=days)).isoformat(),
                  verified_by="demo", demo=True, **extra)
        self.edge(RelType.WORKS_AT, key, org, valid_from=since)
        return key

    def position(self, key: str, org: str, role: str, name: str, covers: tuple[str, ...] = (),
                 holders: int = 1, since: str = "2021-03-01", **props: Any) -> tuple[str, list[str]]:
        """A position AT ``org`` covering regions, with ``holders`` people (primary, backup, fallback)."""
        days = 150 if _stable_mod(key, 10) == 3 else _stable_mod(key, 50)
        self.node(Label.POSITION, key, name=name, role=role, org_type=self.org_types[org],
                  critical=role in _CRITICAL, demo=True,
                  last_verified=(REFERENCE_DATE - dt.timedelta(days=days)).isoformat(), **props)
        self.edge(RelType.AT, key, org, valid_from=STRUCTURE_FROM)
        for region in covers:
            self.edge(RelType.COVERS, key, region, valid_from=STRUCTURE_FROM)
        people = []
        for rank, priority in enumerate((Priority.PRIMARY, Priority.BACKUP, Priority.FALLBACK)[:holders], 1):
            who = self.person(org, role, since=since)
            self.hold(who, key, priority, rank, since)
            people.append(who)
        return key, people

    def hold(self, who: str, pos: str, priority: Priority, rank: int, since: str, until: str | None = None) -> None:
        self.edge(RelType.HOLDS, who, pos, valid_from=since, valid_to=until,
                  priority=priority.value, rank=rank)

    def escalation(self, prefix: str, org: str, label: str, covers: tuple[str, ...],
                   top: str | None = None) -> tuple[str, str, str]:
        """gedragswetenschapper -> leidinggevende -> bestuurder (or ``top``, e.g. a wethouder)."""
        gw, _ = self.position(f"{prefix}-gedragswetenschapper", org, "gedragswetenschapper",
                              f"{label} – gedragswetenschapper", covers)
        lg, _ = self.position(f"{prefix}-leidinggevende", org, "leidinggevende", f"{label} – leidinggevende", covers)
        if top is None:
            top, _ = self.position(f"{prefix}-bestuurder", org, "bestuurder", f"{label} – bestuurder")
        self.edge(RelType.ESCALATES_TO, gw, lg, step=2)
        self.edge(RelType.ESCALATES_TO, lg, top, step=3)
        return gw, lg, top

    def escalate_from(self, pos: str, gw: str) -> None:
        self.edge(RelType.ESCALATES_TO, pos, gw, step=1)

    def body(self, key: str, name: str, kind: str, covers: tuple[str, ...] = (), since: str = STRUCTURE_FROM,
             **props: Any) -> str:
        self.node(Label.BODY, key, name=name, kind=kind, **props)
        for region in covers:
            self.edge(RelType.COVERS, key, region, valid_from=since)
        return key

    def member(self, who: str, body: str, role: str, since: str = STRUCTURE_FROM, **props: Any) -> None:
        self.edge(RelType.MEMBER_OF, who, body, valid_from=since, role=role, **props)

    # -- edges ---------------------------------------------------------------------------------
    def label_of(self, key: str) -> Label:
        if key in self.labels:
            return self.labels[key]
        prefix = key[:2]
        return {"GM": Label.GEMEENTE, "JZ": Label.JEUGDHULPREGIO, "VR": Label.VEILIGHEIDSREGIO,
                "PV": Label.PROVINCIE, "SR": Label.SUBREGIO}.get(prefix, Label.ORGANISATION)

    def edge(self, rel: RelType, src: str, dst: str, *, valid_from: str | None = None,
             valid_to: str | None = None, **props: Any) -> None:
        e = Edge(type=rel, src=src, dst=dst, src_label=self.label_of(src), dst_label=self.label_of(dst),
                 props=props, valid_from=valid_from, valid_to=valid_to)
        self.edges[e.key] = e

    def gm(self, name: str) -> str:
        return self.gemeenten[name].code


def _stable_mod(text: str, n: int) -> int:
    # Stable across runs (unlike hash()): spreads demo dates deterministically.
    return sum(ord(c) * (i + 1) for i, c in enumerate(text)) % n


def _demo_gemeenten(b: _Builder) -> list[GemeenteRow]:
    return sorted((g for g in b.gemeenten.values() if g.jeugdhulpregio in GELDERLAND_JEUGDHULPREGIOS),
                  key=lambda g: (g.jeugdhulpregio, g.name))


def _regions(b: _Builder, ref_nodes: dict[str, Node]) -> None:
    for jz, subs in _SUBREGIOS.items():
        for name, members in subs:
            key = b.node(Label.SUBREGIO, f"SR-{jz}-{slugify(name)}", name=name, version=1, agreed_on="2021-09-01",
                         demo=True, note="demo: 000:616-618 mentions subregio's for Centraal Gelderland, none named")
            b.edge(RelType.IN_JEUGDHULPREGIO, key, jz, valid_from="2021-09-01")
            for gm in members:
                if b.gemeenten[gm].jeugdhulpregio != jz:
                    raise ValueError(f"demo subregio {name}: {gm} is not in {jz}")
                b.edge(RelType.IN_SUBREGIO, b.gm(gm), key, valid_from="2021-09-01")
    # The sources state no aanmeldroute outside Centraal Gelderland; the demo sets two, marked.
    for jz, route in (("JZ21", "301"), ("JZ32", "301")):
        props = {**ref_nodes[jz].props, "aanmeldroute": route, "aanmeldroute_inferred": True,
                 "aanmeldroute_demo": True,
                 "aanmeldroute_note": "demo: the sources state no aanmeldroute outside Centraal Gelderland",
                 "update_rhythm_months": 3}
        b.node(Label.JEUGDHULPREGIO, jz, **props)


def _gemeenten_and_lokale_teams(b: _Builder, existing: set[str]) -> dict[str, dict[str, str]]:
    """Per gemeente: gemeente organisation with wethouder, Lokaal Team with lt_medewerker + escalation."""
    out: dict[str, dict[str, str]] = {}
    for g in _demo_gemeenten(b):
        slug = slugify(g.name)
        gem_org = f"org-gemeente-{slug}"
        if gem_org not in existing:
            b.org(gem_org, f"Gemeente {g.name}", OrgType.GEMEENTE, short=g.name, demo=True)
            b.edge(RelType.SERVES, gem_org, g.code, valid_from=STRUCTURE_FROM)
        b.org_types.setdefault(gem_org, OrgType.GEMEENTE.value)
        weth, _ = b.position(f"pos-gemeente-{slug}-wethouder", gem_org, "wethouder",
                             f"Gemeente {g.name} – wethouder jeugd", (g.code,), since="2022-06-01")
        lt = b.org(f"org-lt-{slug}", f"Lokaal Team {g.name}", OrgType.LOKAAL_TEAM, short=f"LT {g.name}", demo=True)
        b.edge(RelType.SERVES, lt, g.code, valid_from=STRUCTURE_FROM)
        b.edge(RelType.PART_OF, lt, gem_org, valid_from=STRUCTURE_FROM)
        pos, people = b.position(f"pos-lt-{slug}", lt, "lt_medewerker",
                                 f"Lokaal Team {g.name} – jeugd- en gezinsprofessional", (g.code,), holders=2)
        gw, lg, _ = b.escalation(f"pos-lt-{slug}", lt, f"Lokaal Team {g.name}", (g.code,), top=weth)
        b.escalate_from(pos, gw)
        out[g.name] = {"gemeente_org": gem_org, "lt": lt, "lt_pos": pos, "lt_primary": people[0],
                       "lt_backup": people[1], "wethouder": weth, "lt_leidinggevende": lg}
    return out


def _centrale_gemeenten(b: _Builder, gem: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Backoffice, aangewezen functionaris, contactbeheer coordinator, eerste aanspreekpersoon."""
    out: dict[str, dict[str, str]] = {}
    for jz in GELDERLAND_JEUGDHULPREGIOS:
        name = CENTRALE_GEMEENTE[jz][0]
        org = gem[name]["gemeente_org"]
        slug = slugify(name)
        roles = ["backoffice", "aangewezen_functionaris", "eerste_aanspreekpersoon"]
        if jz not in NOORD_OOST:  # in the Noord/Oost regions Veilig Thuis runs contactbeheer (000:470-472)
            roles.append("contactbeheer_coordinator")
        out[jz] = {}
        for role in roles:
            pos, _ = b.position(f"pos-gemeente-{slug}-{role.replace('_', '-')}", org, role,
                                f"Gemeente {name} – {_FUNCTION[role].lower()}", (jz,))
            out[jz][role] = pos
        # Regional organisation of the jeugdhulpregio: regionale contactpersoon (000:2109-2113).
        regio = b.org(f"org-regio-{jz.lower()}", f"Jeugdhulpregio {b.ref_name(jz)}",
                      OrgType.JEUGDHULPREGIO, demo=True)
        b.edge(RelType.SERVES, regio, jz, valid_from=STRUCTURE_FROM)
        b.edge(RelType.PART_OF, regio, org, valid_from=STRUCTURE_FROM, note="hosted by the centrale gemeente (demo)")
        out[jz]["regionale_contactpersoon"], _ = b.position(
            f"pos-regio-{jz.lower()}-regionale-contactpersoon", regio, "regionale_contactpersoon",
            f"Jeugdhulpregio {b.ref_name(jz)} – regionale contactpersoon", (jz,), holders=2)
        if jz in ("JZ28", "JZ21", "JZ32"):
            b.position(f"pos-regio-{jz.lower()}-zorgbemiddelaar", regio, "zorgbemiddelaar",
                       f"Jeugdhulpregio {b.ref_name(jz)} – zorgbemiddelaar", (jz,))
    return out


def _gis(b: _Builder) -> dict[str, dict[str, str]]:
    """Jeugdbeschermer positions at three levels, so that 'most specific wins' can be tried."""
    out: dict[str, dict[str, str]] = {"jbg": {}, "wss": {}, "jvv": {}}
    jbg, wss, jvv = "org-jbg", "org-wss", "org-gi-jeugd-veilig-verder"
    gw, _, _ = b.escalation("pos-jbg", jbg, "Jeugdbescherming Gelderland", ("PV25",))
    b.position("pos-jbg-teamleider", jbg, "teamleider", "Jeugdbescherming Gelderland – teamleider", ("PV25",))
    for jz in GELDERLAND_JEUGDHULPREGIOS:
        pos, _ = b.position(f"pos-jbg-{jz.lower()}", jbg, "jeugdbeschermer",
                            f"Jeugdbescherming Gelderland – jeugdbeschermer {b.ref_name(jz)}", (jz,),
                            holders=2 if jz in ("JZ28", "JZ21") else 1)
        b.escalate_from(pos, gw)
        out["jbg"][jz] = pos
    for sr in sorted(k for k in b.nodes if k.startswith("SR-JZ28-")):
        pos, _ = b.position(f"pos-jbg-{sr.lower()}", jbg, "jeugdbeschermer",
                            f"Jeugdbescherming Gelderland – jeugdbeschermer subregio {b.nodes[sr].name}", (sr,),
                            holders=2)
        b.escalate_from(pos, gw)
        out["jbg"][sr] = pos
    for name in ("Arnhem", "Ede", "Nijmegen", "Apeldoorn"):
        pos, _ = b.position(f"pos-jbg-{slugify(name)}", jbg, "jeugdbeschermer",
                            f"Jeugdbescherming Gelderland – jeugdbeschermer {name}", (b.gm(name),), holders=2)
        b.escalate_from(pos, gw)
        out["jbg"][b.gm(name)] = pos
    gw, _, _ = b.escalation("pos-wss", wss, "William Schrikker Stichting", ("PV25",))
    for jz in ("JZ21", "JZ28", "JZ32"):
        pos, _ = b.position(f"pos-wss-{jz.lower()}", wss, "jeugdbeschermer",
                            f"William Schrikker Stichting – jeugdbeschermer {b.ref_name(jz)}", (jz,))
        b.escalate_from(pos, gw)
        out["wss"][jz] = pos
    pos, _ = b.position("pos-wss-ede", wss, "jeugdbeschermer", "William Schrikker Stichting – jeugdbeschermer Ede",
                        (b.gm("Ede"),), holders=2)
    b.escalate_from(pos, gw)
    out["wss"][b.gm("Ede")] = pos
    gw, _, _ = b.escalation("pos-jvv", jvv, "Jeugd Veilig Verder", ("PV25",))
    pos, _ = b.position("pos-jvv-gelderland", jvv, "jeugdbeschermer",
                        "Jeugd Veilig Verder – jeugdbeschermer Gelderland", ("PV25",), holders=2)
    b.escalate_from(pos, gw)
    out["jvv"]["PV25"] = pos
    return out


def _veilig_thuis_en_raad(b: _Builder) -> dict[str, str]:
    """VT contactpersonen at veiligheidsregio and jeugdhulpregio level; RvdK per jeugdhulpregio."""
    out: dict[str, str] = {}
    for vr, short in _VR.items():
        org = _VT_ORG[short]
        for jz in _VT_SERVES[short]:
            b.edge(RelType.SERVES, org, jz, valid_from=STRUCTURE_FROM, inferred=True,
                   note="gelderland_seed.yaml: general knowledge")
        label = b.ref_name(org)
        gw, _, _ = b.escalation(f"pos-{short}", org, label, (vr,))
        pos, _ = b.position(f"pos-{short}-{vr.lower()}", org, "vt_contactpersoon", f"{label} – contactpersoon {vr}",
                            (vr,), holders=2)
        b.escalate_from(pos, gw)
        out[vr] = pos
    for short, jz in (("vt-gm", "JZ21"), ("vt-gz", "JZ30"), ("vt-gz", "JZ32"), ("vt-nog", "JZ25")):
        org = _VT_ORG[short]
        pos, _ = b.position(f"pos-{short}-{jz.lower()}", org, "vt_contactpersoon",
                            f"{b.ref_name(org)} – contactpersoon {b.ref_name(jz)}", (jz,))
        b.escalate_from(pos, f"pos-{short}-gedragswetenschapper")
        out[jz] = pos
    pos, _ = b.position("pos-vt-gm-ede", _VT_ORG["vt-gm"], "vt_contactpersoon",
                        "Veilig Thuis Gelderland-Midden – contactpersoon Ede", (b.gm("Ede"),))
    b.escalate_from(pos, "pos-vt-gm-gedragswetenschapper")
    out[b.gm("Ede")] = pos
    # Contactbeheer in the three Noord/Oost regions lies with Veilig Thuis (000:470-472).
    pos, _ = b.position("pos-vt-nog-contactbeheer-coordinator", VT_NOORD_OOST_KEY, "contactbeheer_coordinator",
                        "Veilig Thuis Noord Oost Gelderland – coördinator contactbeheer", ("JZ12", "JZ17", "JZ25"))
    out["contactbeheer"] = pos
    gw, _, _ = b.escalation("pos-rvdk-on", RVDK_OOST, "Raad voor de Kinderbescherming Oost-Nederland", ("PV25",))
    for jz in GELDERLAND_JEUGDHULPREGIOS:
        key = f"pos-rvdk-{jz.lower()}"
        if jz == "JZ25":  # the demo vacancy: the holder left, nobody took over yet
            b.node(Label.POSITION, key, name=f"Raad voor de Kinderbescherming – contactpersoon {b.ref_name(jz)}",
                   role="rvdk_contactpersoon", org_type="rvdk", critical=True, demo=True,
                   vacant_since="2026-09-15", last_verified="2026-09-15")
            b.edge(RelType.AT, key, RVDK_OOST, valid_from=STRUCTURE_FROM)
            b.edge(RelType.COVERS, key, jz, valid_from=STRUCTURE_FROM)
            left = b.person(RVDK_OOST, "rvdk_contactpersoon", since="2021-03-01")
            b.nodes[left] = b.nodes[left].model_copy(update={"props": {
                **b.nodes[left].props, "active": False, "inactive_since": "2026-09-15"}})
            b.hold(left, key, Priority.PRIMARY, 1, "2021-03-01", until="2026-09-15")
            b.edges[f"{left}|WORKS_AT|{RVDK_OOST}"] = b.edges[f"{left}|WORKS_AT|{RVDK_OOST}"].model_copy(
                update={"valid_to": "2026-09-15"})
            out["inactive"] = left
        else:
            b.position(key, RVDK_OOST, "rvdk_contactpersoon",
                       f"Raad voor de Kinderbescherming – contactpersoon {b.ref_name(jz)}", (jz,),
                       holders=2 if jz == "JZ28" else 1)
        b.escalate_from(key, gw)
        out[jz + "-rvdk"] = key
    return out


def _zorgaanbieders_en_partners(b: _Builder) -> None:
    for i, (key, name) in enumerate(_ZORGAANBIEDERS):
        b.org(key, name, OrgType.ZORGAANBIEDER, source="000:2641-2649",
              note="one of seven providers working on one Gelders aanmeldformulier; active in Gelderland RETs")
        b.edge(RelType.SERVES, key, "PV25", valid_from=STRUCTURE_FROM, inferred=True,
               note="000:2647-2649: active in the Gelderland RETs; which regions is not stated")
        pos, _ = b.position(f"pos-{key[4:]}-aanmelding", key, "zorgaanbieder_contactpersoon",
                            f"{name} – aanmelding en plaatsing", ("PV25",), holders=2 if i < 3 else 1)
        if i < 4:
            gw, _, _ = b.escalation(f"pos-{key[4:]}", key, name, ("PV25",))
            b.escalate_from(pos, gw)
    for key, name in _CLIENT_ORGS:
        b.org(key, name, OrgType.CLIENT_ORG, source="000:1199",
              note="involves ervaringsdeskundigen in the toekomsttuinen")
    b.org("org-beschikbaarheidswijzer", "Beschikbaarheidswijzer", OrgType.OTHER, subtype="software_vendor",
          source="000:2558-2566")
    # Partners at veiligheidsregio scale (000:1407-1417 names the types, no instances): inferred.
    note = "000:1407-1417 names the organisation type at veiligheidsregio scale; organisation from general knowledge"
    partners: list[tuple[str, str, OrgType, tuple[str, ...], str]] = [
        ("org-politie-oost-nederland", "Politie eenheid Oost-Nederland", OrgType.POLITIE, ("VR06", "VR07", "VR08"),
         "politie_contactpersoon"),
        ("org-om-oost-nederland", "Openbaar Ministerie, parket Oost-Nederland", OrgType.OM, ("VR06", "VR07", "VR08"),
         "eerste_aanspreekpersoon"),
        ("org-reclassering-gelderland", "Reclassering Nederland, regio Gelderland", OrgType.RECLASSERING,
         ("VR06", "VR07", "VR08"), "eerste_aanspreekpersoon"),
    ]
    for vr, vr_name in (("VR06", "Noord- en Oost-Gelderland"), ("VR07", "Gelderland-Midden"),
                        ("VR08", "Gelderland-Zuid")):
        partners.append((f"org-zvh-{vr.lower()}", f"Zorg- en Veiligheidshuis {vr_name}",
                         OrgType.ZORG_EN_VEILIGHEIDSHUIS, (vr,), "eerste_aanspreekpersoon"))
        partners.append((f"org-ggz-{vr.lower()}", f"GGZ-partner {vr_name} (demo)", OrgType.GGZ, (vr,),
                         "eerste_aanspreekpersoon"))
    for key, name, typ, vrs, role in partners:
        b.org(key, name, typ, inferred=True, note=note, demo=key.startswith("org-ggz"))
        for vr in vrs:
            b.edge(RelType.SERVES, key, vr, valid_from=STRUCTURE_FROM)
            b.position(f"pos-{key[4:]}-{vr.lower()}", key, role, f"{name} – {_FUNCTION[role].lower()} {vr}", (vr,))


def _bodies(b: _Builder, gem: dict[str, dict[str, str]], central: dict[str, dict[str, str]],
            gis: dict[str, dict[str, str]], vt: dict[str, str]) -> None:
    holders = {e.dst: e.src for e in b.edges.values() if e.type is RelType.HOLDS and e.props["rank"] == 1
               and e.valid_to is None}
    named_jbt = {"JZ28": "001:57-66, 000:1829", "JZ21": "000:1829", "JZ32": "000:1937-1938"}
    voorzitters_overleg = b.body("body-voorzitters-jbt-gelderland", "Gelderse voorzitters Jeugdbeschermingstafels",
                                 "overleg", ("PV25",), source="000:1922-1930")
    for jz in GELDERLAND_JEUGDHULPREGIOS:
        region = b.ref_name(jz)
        slug = slugify(region)
        gem_org = gem[CENTRALE_GEMEENTE[jz][0]]["gemeente_org"]
        jbt = b.body(f"body-jbt-{slug}", f"Jeugdbeschermingstafel {region}", "jeugdbeschermingstafel", (jz,),
                     **({"local_name": "Beschermingstafel"} if jz == "JZ28" else {}),
                     **({"source": named_jbt[jz]} if jz in named_jbt else
                        {"inferred": True, "note": "000:1508: seven tables; one per region (000:1813)"}))
        # The chair is independent, employed by the gemeenten facilitating the JBT (000:1645-1649).
        _, chair = b.position(f"pos-jbt-{slug}-voorzitter", gem_org, "voorzitter",
                              f"Jeugdbeschermingstafel {region} – onafhankelijk voorzitter", (jz,))
        b.member(chair[0], jbt, "voorzitter")
        b.member(chair[0], voorzitters_overleg, "voorzitter")
        if jz + "-rvdk" in vt and vt[jz + "-rvdk"] in holders:
            b.member(holders[vt[jz + "-rvdk"]], jbt, "rvdk_medewerker")
        b.member(holders[gis["jbg"][jz]], jbt, "jeugdbeschermer", note="on call (000:1573-1577)")
        b.member(RVDK_OOST, jbt, "rvdk")
        b.member("org-jbg", jbt, "gi")
        # RET per region (bouwsteen 7, 000:2928): Perspectiefoverleg (JZ28, stated), Overleg Passende Hulp (JZ32).
        ret_props: dict[str, Any] = {"inferred": True, "note": "000:2928: one RET in every region"}
        since = STRUCTURE_FROM
        if jz == "JZ28":
            ret_props = {"local_name": "Perspectiefoverleg", "active_since": "2020-05", "source": "001:93-95"}
            since = "2020-05-01"
        elif jz == "JZ32":
            ret_props = {"local_name": "Overleg Passende Hulp", "inferred": True, "source": "000:2651-2653",
                         "note": "read as the RET's local name (medium confidence)"}
        ret = b.body(f"body-ret-{slug}", f"Regionaal Expertteam {region}", "ret", (jz,), since=since, **ret_props)
        _, ret_chair = b.position(f"pos-ret-{slug}-voorzitter", f"org-regio-{jz.lower()}", "voorzitter",
                                  f"Regionaal Expertteam {region} – voorzitter", (jz,), since=since)
        b.member(ret_chair[0], ret, "voorzitter", since=since)
        b.member(holders[central[jz]["regionale_contactpersoon"]], ret, "regionale_contactpersoon", since=since)
    for jz, providers in (("JZ28", ("org-karakter", "org-pluryn")), ("JZ32", ("org-entrea-lindenhout", "org-pactum"))):
        for org in providers:
            b.member(org, f"body-ret-{slugify(b.ref_name(jz))}", "zorgaanbieder", inferred=True,
                     note="000:2647-2649: active in Gelderland RETs; which RET is not stated")
    boeg = b.body("body-boeg-gelderland", "Bovenregionaal Expertisenetwerk Gelderland (BOEG)", "boeg", ("PV25",),
                  source="000:2255-2257, 000:2446-2448, 000:2673-2676")
    _, pl = b.position("pos-boeg-projectleider", "org-gemeente-arnhem", "eerste_aanspreekpersoon",
                       "BOEG – projectleider", ("PV25",))
    b.member(pl[0], boeg, "projectleider")
    for key, name, kind, src in (
        ("body-gvjb-overleg", "Ambtelijk en bestuurlijk overleg GVJB", "overleg", "000:581, 000:2074"),
        ("body-bovenregionaal-bestuurlijk-overleg", "Bovenregionaal Bestuurlijk Overleg", "overleg", "001:32-34"),
        ("body-werkgroep-samenwerken-in-de-praktijk", "Werkgroep Samenwerken in de praktijk", "werkgroep",
         "000:583-584"),
        ("body-werkgroep-monitoring", "Werkgroep Monitoring", "werkgroep", "000:2558, 000:2587"),
        ("body-werkgroep-contracten", "Werkgroep Contracten", "werkgroep", "000:2568"),
    ):
        b.body(key, name, kind, ("PV25",), source=src)
    b.body("body-rpo-zorg-centraal-gelderland", "RPO Zorg Centraal Gelderland", "overleg", ("JZ28",),
           source="001:4, 001:10")
    b.body("body-werkgroep-bescherming-en-veiligheid-cg", "Regionale werkgroep Bescherming en Veiligheid", "werkgroep",
           ("JZ28",), source="001:6")
    _toekomsttuinen(b, gem, gis, vt, holders)


def _toekomsttuinen(b: _Builder, gem: dict[str, dict[str, str]], gis: dict[str, dict[str, str]],
                    vt: dict[str, str], holders: dict[str, str]) -> None:
    leer = b.body("body-leerstructuur-toekomsttuinen-gelderland", "Gelderse leerstructuur toekomsttuinen",
                  "leerstructuur", ("PV25",), source="000:1397-1399")
    # Food Valley: the pilot Team Jeugdlink (000:1047-1095), evaluation expected October 2021.
    tt = b.body("body-toekomsttuin-food-valley", "Toekomsttuin Food Valley", "toekomsttuin", ("JZ21",),
                since="2019-09-01", local_name="Team Jeugdlink", phase="start", source="000:1047-1095",
                evaluation_expected="2021-10", note="pilot; evaluation source 000:789, 000:1053")
    b.edge(RelType.PART_OF, tt, leer, valid_from=STRUCTURE_FROM)
    stuur = b.body("body-jeugdlink-stuurgroep", "Team Jeugdlink – stuurgroep", "stuurgroep", ("VR07",),
                   since="2019-09-01", source="000:1403-1405", note="strategic level at veiligheidsregio scale")
    project = b.body("body-jeugdlink-projectgroep", "Team Jeugdlink – projectgroep", "projectgroep", ("JZ21",),
                     since="2019-09-01", source="000:1417-1425")
    kern = b.body("body-jeugdlink-kerngroep", "Team Jeugdlink – kerngroep", "kerngroep", (b.gm("Ede"),),
                  since="2019-09-01", source="000:1425")
    for sub in (stuur, project, kern):
        b.edge(RelType.PART_OF, sub, tt, valid_from="2019-09-01")
    b.edge(RelType.REPORTS_TO, kern, project, valid_from="2019-09-01")
    b.edge(RelType.REPORTS_TO, project, stuur, valid_from="2019-09-01")
    partners = {RVDK_OOST: "000:1049", "org-gemeente-ede": "000:1049", "org-wss": "000:1049",
                "org-jbg": "000:1049-1051", "org-vt-gelderland-midden": "000:1051"}
    for org, src in partners.items():
        b.member(org, tt, "partner", since="2019-09-01", source=src)
    for org, _ in _CLIENT_ORGS:
        b.member(org, tt, "ervaringsdeskundigheid", source="000:1199")
    # Kerngroep: the professionals around Ede, a teamleider and a gedragswetenschapper (000:1427-1429).
    _, tl = b.position("pos-jeugdlink-teamleider", "org-jbg", "teamleider", "Team Jeugdlink – teamleider",
                       (b.gm("Ede"),), since="2019-09-01")
    _, gw = b.position("pos-jeugdlink-gedragswetenschapper", "org-wss", "gedragswetenschapper",
                       "Team Jeugdlink – gedragswetenschapper", (b.gm("Ede"),), since="2019-09-01")
    b.member(tl[0], kern, "teamleider", since="2019-09-01")
    b.member(gw[0], kern, "gedragswetenschapper", since="2019-09-01")
    ede = b.gm("Ede")
    for pos in (gis["jbg"][ede], gis["wss"][ede], vt[ede], "pos-rvdk-jz21"):
        b.member(holders[pos], kern, "lid", since="2019-09-01")
    b.member(gem["Ede"]["lt_primary"], kern, "lid", since="2019-09-01", inferred=True,
             note="LT participation not explicitly stated (seed: lokaal_team_participation)")
    for pos in ("pos-jbg-leidinggevende", "pos-wss-leidinggevende", "pos-vt-gm-leidinggevende",
                "pos-rvdk-on-leidinggevende", gem["Ede"]["lt_leidinggevende"]):
        b.member(holders[pos], project, "lid", since="2019-09-01")
    for pos in ("pos-jbg-bestuurder", "pos-wss-bestuurder", "pos-vt-gm-bestuurder", "pos-rvdk-on-bestuurder",
                gem["Ede"]["wethouder"]):
        b.member(holders[pos], stuur, "lid", since="2019-09-01")
    # The other regions: exploration talks in autumn 2021 (000:751-761); later phases are demo.
    phases = {"JZ28": ("voorbereiding", True), "JZ32": ("verkenning", True), "JZ30": ("verkenning", False),
              "JZ12": ("verkenning", False), "JZ17": ("voorbereiding", True), "JZ25": ("verkenning", False)}
    for jz, (phase, demo) in phases.items():
        region = b.ref_name(jz)
        key = b.body(f"body-toekomsttuin-{slugify(region)}", f"Toekomsttuin {region}", "toekomsttuin", (jz,),
                     since="2021-10-01", phase=phase, demo=demo,
                     **({"note": "demo phase"} if demo else {"source": "000:751-761"}))
        b.edge(RelType.PART_OF, key, leer, valid_from="2021-10-01")
    # A lokale leergroep (from 2022, 000:524): the same professionals as the samenwerkingsbijeenkomst.
    lg = b.body("body-leergroep-arnhem", "Lokale leergroep subregio Arnhem", "leergroep", ("SR-JZ28-arnhem",),
                since="2022-02-01", demo=True, source="000:524, 000:532-535")
    for name in ("Arnhem", "Rozendaal"):
        b.member(gem[name]["lt_primary"], lg, "lid", since="2022-02-01")
    for pos in (gis["jbg"]["SR-JZ28-arnhem"], vt["VR07"], "pos-rvdk-jz28"):
        b.member(holders[pos], lg, "lid", since="2022-02-01")
    _flevoland(b)


def _flevoland(b: _Builder) -> None:
    """The Flevoland model (002:263-267), for comparison: stuurgroep and projectgroep with ervaringsdeskundigen."""
    src = "002:263-267"
    almere = b.org("org-gemeente-almere", "Gemeente Almere", OrgType.GEMEENTE, short="Almere", demo=True)
    lt = b.org("org-lt-almere", "Lokaal Team Almere", OrgType.LOKAAL_TEAM, demo=True)
    b.edge(RelType.SERVES, almere, "GM0034", valid_from=STRUCTURE_FROM)
    b.edge(RelType.SERVES, lt, "GM0034", valid_from=STRUCTURE_FROM)
    tt = b.body("body-toekomsttuin-flevoland", "Flevoland: Samenwerken aan veiligheid (model)", "toekomsttuin",
                ("JZ08",), phase="voorbereiding", source=src, note="comparison model; koplopergebieden 002:222-234")
    stuur = b.body("body-flevoland-stuurgroep", "Flevoland – stuurgroep", "stuurgroep", ("VR25",), source=src)
    project = b.body("body-flevoland-projectgroep", "Flevoland – projectgroep", "projectgroep", ("JZ08",), source=src)
    b.edge(RelType.PART_OF, stuur, tt, valid_from=STRUCTURE_FROM)
    b.edge(RelType.PART_OF, project, tt, valid_from=STRUCTURE_FROM)
    b.edge(RelType.REPORTS_TO, project, stuur, valid_from=STRUCTURE_FROM)
    orgs = (("org-vt-flevoland", "bestuurder"), ("org-rvdk-midden-nederland", "bestuurder"),
            ("org-gi-svmn", "bestuurder"), (almere, "wethouder"), (lt, "bestuurder"))
    for org, role in orgs:
        b.member(b.person(org, role), stuur, role, source=src)
        if role == "bestuurder" or org == almere:
            b.member(b.person(org, "leidinggevende"), project, "manager", source=src)
    for _ in range(2):
        b.member(b.person("org-zorgbelang", "ervaringsdeskundige"), project, "ervaringsdeskundige", source=src)


def _cases(b: _Builder, gem: dict[str, dict[str, str]], gis: dict[str, dict[str, str]]) -> None:
    """~40 pseudonymous cases: reference, gemeente, route of the region, dates relative to REFERENCE_DATE."""
    rng = random.Random(315)
    holders = {e.dst: e.src for e in b.edges.values() if e.type is RelType.HOLDS and e.props["rank"] == 1
               and e.valid_to is None}
    subregio = {e.src: e.dst for e in b.edges.values() if e.type is RelType.IN_SUBREGIO}
    gemeenten = _demo_gemeenten(b)
    for i in range(40):
        g = gemeenten[(i * 7) % len(gemeenten)]
        ref = generate_case_ref(rng)
        jz_props = b.nodes[g.jeugdhulpregio].props if g.jeugdhulpregio in b.nodes else {}
        route = "315" if g.jeugdhulpregio == "JZ28" else jz_props.get("aanmeldroute", "301")
        age = 2 + (i * 11) % 45  # days since opening; older open cases at step 1-2 are overdue
        closed = i % 8 == 7
        step = 6 if closed else 1 + (i % 4 if age > 10 else 0)
        opened = (REFERENCE_DATE - dt.timedelta(days=age)).isoformat()
        b.node(Label.CASE, ref, ref=ref, route=route, status="closed" if closed else "open", opened=opened,
               step=step, demo=True)
        b.edge(RelType.FOR_GEMEENTE, ref, g.code, valid_from=opened)
        # The most specific GI position for this gemeente: gemeente, subregio, jeugdhulpregio, provincie.
        gi = "jvv" if i % 10 == 9 else "jbg"
        options = gis[gi]
        pos = next(options[k] for k in (g.code, subregio.get(g.code), g.jeugdhulpregio, "PV25") if k in options)
        b.edge(RelType.ON_CASE, holders[pos], ref, valid_from=opened, role="jeugdbeschermer")
        if g.name in gem:
            b.edge(RelType.ON_CASE, gem[g.name]["lt_primary"], ref, valid_from=opened, role="lt_medewerker")


def demo_batches() -> list[ChangeBatch]:
    """The Gelderland demo network as batches, to apply after ``reference_batches()``."""
    ref = load_reference_data()
    ref_nodes = {n.key: n for batch in reference_batches() for n in batch.nodes}
    org_types = {k: str(n.props["type"]) for k, n in ref_nodes.items() if n.label is Label.ORGANISATION}
    b = _Builder(gemeenten=ref.by_name(), org_types=org_types, ref_nodes=ref_nodes)
    b.labels.update({k: n.label for k, n in ref_nodes.items()})
    _regions(b, ref_nodes)
    gem = _gemeenten_and_lokale_teams(b, set(ref_nodes))
    central = _centrale_gemeenten(b, gem)
    gis = _gis(b)
    vt = _veilig_thuis_en_raad(b)
    _zorgaanbieders_en_partners(b)
    _bodies(b, gem, central, gis, vt)
    _cases(b, gem, gis)
    return [ChangeBatch(nodes=list(b.nodes.values()), edges=list(b.edges.values()))]
