"""National reference data: CBS regions, the indicative national organisations, Gelderland pairings.

Everything is read from the repository's ``data/`` folder (see ``data/README.md`` for source and
licence); a user's clone has nothing else.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.messages import Message, msg
from graph.schema import Edge, Label, Node, OrgType, RelType
from graph.store.base import ChangeBatch

__all__ = [
    "CENTRALE_GEMEENTE",
    "GELDERLAND_JEUGDHULPREGIOS",
    "NOORD_OOST",
    "VT_NOORD_OOST_KEY",
    "Progress",
    "ReferenceData",
    "data_dir",
    "load_reference_data",
    "national_org_key",
    "reference_batches",
    "slugify",
]

Progress = Callable[[Message, int, int], None]  # (step: a catalogue message, done, total)

GELDERLAND = "PV25"
GELDERLAND_JEUGDHULPREGIOS = ("JZ12", "JZ17", "JZ21", "JZ25", "JZ28", "JZ30", "JZ32")

# Rule 2.4 (000:468-474): Veilig Thuis runs contactbeheer in the three Noord/Oost regions, the
# "centrale" gemeente (Tiel, Nijmegen, Ede, Arnhem) in the other four. Neither the pairing of
# gemeenten to regions nor the VT organisation is stated, hence inferred everywhere.
CENTRALE_GEMEENTE: dict[str, tuple[str, str, str]] = {
    # jeugdhulpregio: (gemeente name, certainty, reason)
    "JZ28": ("Arnhem", "waarschijnlijk", "000:472-474 lists Arnhem without pairing; central city of the region"),
    "JZ21": ("Ede", "waarschijnlijk", "000:474 lists Ede without pairing; Ede is in the Food Valley pilot (000:1049)"),
    "JZ32": ("Nijmegen", "waarschijnlijk", "000:472 lists Nijmegen without pairing"),
    "JZ30": ("Tiel", "waarschijnlijk", "000:472 lists Tiel without pairing"),
    "JZ12": ("Harderwijk", "onzeker", "not stated; candidate in the seed (low-medium confidence)"),
    "JZ17": ("Apeldoorn", "onzeker", "not stated; candidate in the seed (low-medium confidence)"),
    "JZ25": ("Doetinchem", "onzeker", "not stated; candidate in the seed (low-medium confidence)"),
}
NOORD_OOST = ("JZ12", "JZ17", "JZ25")
VT_NOORD_OOST_KEY = "org-vt-noord-oost-gelderland"
# aanmeldroute 315 is stated for Centraal Gelderland only (001:68-75); others stay absent.
_AANMELDROUTE = {"JZ28": ("315", "001:68-75")}

# Keys the Gelderland demo and the seed use for national organisations of the indicative file.
_ORG_KEY_ALIASES = {
    "gi_jb_gelderland": "org-jbg",
    "gi_wss": "org-wss",
    "rvdk_landelijk": "org-rvdk",
}
# RET's and expertisenetwerken are organisations with a service area, not bodies with members.
_ORG_TYPE = {"veilig_thuis": OrgType.VEILIG_THUIS, "gi": OrgType.GI, "rvdk": OrgType.RVDK}


def data_dir() -> Path:
    """The folder with the shipped reference files (``JBNET_DATA_DIR`` overrides, for tests)."""
    env = os.environ.get("JBNET_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "data"


def slugify(text: str) -> str:
    """``"'s-Hertogenbosch"`` -> ``"s-hertogenbosch"``, ``"Berg en Dal"`` -> ``"berg-en-dal"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def national_org_key(org_key: str) -> str:
    """Graph key of a row of ``organisaties_indicatief.csv`` (``vt05_gelderland_midden`` ->
    ``org-vt-gelderland-midden``: the VT number is a CBS code, kept as prop, not in the key)."""
    if org_key in _ORG_KEY_ALIASES:
        return _ORG_KEY_ALIASES[org_key]
    m = re.fullmatch(r"vt\d+_(.+)", org_key)
    if m:
        return "org-vt-" + slugify(m.group(1))
    return "org-" + slugify(org_key)


@dataclass(frozen=True)
class GemeenteRow:
    code: str
    name: str
    provincie: str
    provincie_name: str
    jeugdhulpregio: str
    jeugdhulpregio_name: str
    veiligheidsregio: str
    veiligheidsregio_name: str
    veilig_thuis_regio: str
    arrondissement: str
    lat: float
    lon: float


@dataclass(frozen=True)
class ReferenceData:
    gemeenten: tuple[GemeenteRow, ...]
    organisations: tuple[dict[str, str], ...]

    def by_name(self) -> dict[str, GemeenteRow]:
        return {g.name: g for g in self.gemeenten}

    def members(self, column: str, code: str) -> list[GemeenteRow]:
        return [g for g in self.gemeenten if getattr(g, column) == code]


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise FileNotFoundError(f"reference file missing: {path} (expected in the repository's data/)")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_reference_data(folder: Path | None = None) -> ReferenceData:
    """The parsed reference files of ``folder`` (default: the repository's data/), cached per folder."""
    return _load(Path(folder or data_dir()).resolve())


@lru_cache(maxsize=4)
def _load(folder: Path) -> ReferenceData:
    points = {r["gemeente_code"]: r for r in _read_csv(folder / "gemeente_punten.csv")}
    gemeenten = []
    for i, r in enumerate(_read_csv(folder / "gemeenten_regios.csv"), start=2):
        code = r["gemeente_code"]
        if code not in points:
            raise ValueError(f"gemeenten_regios.csv line {i}: no point for {code} in gemeente_punten.csv")
        for col in ("provincie_code", "jeugdregio_code", "veiligheidsregio_code"):
            if not r[col]:
                raise ValueError(f"gemeenten_regios.csv line {i}: {code} has no {col}")
        gemeenten.append(GemeenteRow(
            code=code, name=r["gemeente_naam"],
            provincie=r["provincie_code"], provincie_name=r["provincie_naam"],
            jeugdhulpregio=r["jeugdregio_code"], jeugdhulpregio_name=r["jeugdregio_naam"],
            veiligheidsregio=r["veiligheidsregio_code"], veiligheidsregio_name=r["veiligheidsregio_naam"],
            veilig_thuis_regio=r["veilig_thuis_regio_code"], arrondissement=r["arrondissement_code"],
            lat=float(points[code]["lat"]), lon=float(points[code]["lon"]),
        ))
    notes = {r["org_key"]: r["opmerking"] for r in _read_csv(folder / "organisaties_indicatief_opmerkingen.csv")}
    orgs = []
    for r in _read_csv(folder / "organisaties_indicatief.csv"):
        orgs.append({**r, "opmerking": notes.get(r["org_key"], "")})
    return ReferenceData(tuple(gemeenten), tuple(orgs))


def _region_nodes(ref: ReferenceData) -> list[Node]:
    nodes: dict[str, Node] = {}
    for g in ref.gemeenten:
        nodes.setdefault(g.provincie, Node(label=Label.PROVINCIE, key=g.provincie,
                                           props={"name": g.provincie_name}))
        nodes.setdefault(g.veiligheidsregio, Node(label=Label.VEILIGHEIDSREGIO, key=g.veiligheidsregio,
                                                  props={"name": g.veiligheidsregio_name}))
        if g.jeugdhulpregio not in nodes:
            props: dict[str, object] = {"name": g.jeugdhulpregio_name}
            if g.jeugdhulpregio in _AANMELDROUTE:
                route, source = _AANMELDROUTE[g.jeugdhulpregio]
                props |= {"aanmeldroute": route, "aanmeldroute_source": source}
            if g.jeugdhulpregio in CENTRALE_GEMEENTE:
                props["inferred_pairing"] = True
            nodes[g.jeugdhulpregio] = Node(label=Label.JEUGDHULPREGIO, key=g.jeugdhulpregio, props=props)
    gemeenten = [Node(label=Label.GEMEENTE, key=g.code, props={"name": g.name, "lat": g.lat, "lon": g.lon})
                 for g in ref.gemeenten]
    return sorted(nodes.values(), key=lambda n: n.key) + gemeenten


def _membership_edges(ref: ReferenceData) -> list[Edge]:
    edges: list[Edge] = []
    for g in ref.gemeenten:
        edges += [
            Edge(type=RelType.IN_PROVINCIE, src=g.code, dst=g.provincie,
                 src_label=Label.GEMEENTE, dst_label=Label.PROVINCIE),
            Edge(type=RelType.IN_JEUGDHULPREGIO, src=g.code, dst=g.jeugdhulpregio,
                 src_label=Label.GEMEENTE, dst_label=Label.JEUGDHULPREGIO),
            Edge(type=RelType.IN_VEILIGHEIDSREGIO, src=g.code, dst=g.veiligheidsregio,
                 src_label=Label.GEMEENTE, dst_label=Label.VEILIGHEIDSREGIO),
        ]
    # A jeugdhulpregio lies in the veiligheidsregio of its gemeenten; cross-border regions get the
    # majority (ties: lowest code) and are marked inferred.
    per_jz: dict[str, Counter[str]] = defaultdict(Counter)
    for g in ref.gemeenten:
        per_jz[g.jeugdhulpregio][g.veiligheidsregio] += 1
    for jz, counts in sorted(per_jz.items()):
        vr = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        props: dict[str, object] = {}
        if len(counts) > 1:
            split = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
            props = {"inferred": True, "note": f"cross-border jeugdhulpregio, majority veiligheidsregio ({split})"}
        edges.append(Edge(type=RelType.IN_VEILIGHEIDSREGIO, src=jz, dst=vr, src_label=Label.JEUGDHULPREGIO,
                          dst_label=Label.VEILIGHEIDSREGIO, props=props))
    return edges


def _gelderland_pairings(ref: ReferenceData) -> tuple[list[Node], list[Edge]]:
    by_name = ref.by_name()
    nodes: list[Node] = []
    edges: list[Edge] = []
    for jz in GELDERLAND_JEUGDHULPREGIOS:
        name, certainty, reason = CENTRALE_GEMEENTE[jz]
        gm = by_name[name]
        if gm.jeugdhulpregio != jz:
            raise ValueError(f"centrale gemeente {name} is not in {jz} according to gemeenten_regios.csv")
        edges.append(Edge(type=RelType.CENTRALE_GEMEENTE, src=jz, dst=gm.code, src_label=Label.JEUGDHULPREGIO,
                          dst_label=Label.GEMEENTE,
                          props={"inferred": True, "certainty": certainty, "note": reason,
                                 "source": "gelderland_seed.yaml; 000:470-474"}))
        if jz in NOORD_OOST:
            responsible = VT_NOORD_OOST_KEY
            note = "000:470-472: Veilig Thuis in the three Noord/Oost regions; organisation and regions not named"
        else:
            responsible = f"org-gemeente-{slugify(name)}"
            note = "000:472-474: the 'centrale' gemeente; pairing to the region not stated"
            nodes.append(Node(label=Label.ORGANISATION, key=responsible, props={
                "name": f"Gemeente {name}", "short": name, "type": OrgType.GEMEENTE.value,
                "source": "000:470-474", "certainty": "zeker"}))
            edges.append(Edge(type=RelType.SERVES, src=responsible, dst=gm.code,
                              src_label=Label.ORGANISATION, dst_label=Label.GEMEENTE))
        edges.append(Edge(type=RelType.RESPONSIBLE_FOR_CONTACTBEHEER, src=responsible, dst=jz,
                          src_label=Label.ORGANISATION, dst_label=Label.JEUGDHULPREGIO,
                          props={"inferred": True, "source": "000:468-474", "note": note}))
    return nodes, edges


def _serves_targets(ref: ReferenceData, code: str, provincies: list[str]) -> list[tuple[str, Label, str | None]]:
    """Region nodes one ``serves_codes`` entry stands for: (key, label, via-code or None)."""
    if code == "NL":
        return [(p, Label.PROVINCIE, "NL") for p in provincies]
    if re.fullmatch(r"PV\d\d", code):
        return [(code, Label.PROVINCIE, None)]
    if re.fullmatch(r"JZ\d\d", code):
        return [(code, Label.JEUGDHULPREGIO, None)]
    if re.fullmatch(r"VR\d\d", code):
        return [(code, Label.VEILIGHEIDSREGIO, None)]
    column = {"VT": "veilig_thuis_regio", "AR": "arrondissement"}.get(code[:2])
    if column is None:
        raise ValueError(f"organisaties_indicatief.csv: unknown region code {code!r}")
    members = ref.members(column, code)
    if not members:
        raise ValueError(f"organisaties_indicatief.csv: region code {code!r} has no gemeenten")
    return [(g.code, Label.GEMEENTE, code) for g in members]


def _national_organisations(ref: ReferenceData) -> tuple[list[Node], list[Edge]]:
    provincies = sorted({g.provincie for g in ref.gemeenten})
    nodes: list[Node] = []
    edges: list[Edge] = []
    for r in ref.organisations:
        key = national_org_key(r["org_key"])
        org_type = _ORG_TYPE.get(r["type"], OrgType.OTHER)
        props: dict[str, object] = {
            "name": r["naam"], "type": org_type.value, "source": r["bron"], "source_date": r["bron_datum"],
            "certainty": r["zekerheid"], "website": r["website"] or None, "phone": r["algemeen_telefoon"] or None,
            "note": r["opmerking"] or None, "serves_codes": r["serves_codes"], "source_key": r["org_key"],
        }
        if org_type is OrgType.OTHER:
            props["subtype"] = r["type"]
        nodes.append(Node(label=Label.ORGANISATION, key=key, props=props))
        seen: set[str] = set()
        for code in (c.strip() for c in r["serves_codes"].split(";") if c.strip()):
            for dst, label, via in _serves_targets(ref, code, provincies):
                if dst in seen:
                    continue
                seen.add(dst)
                edges.append(Edge(type=RelType.SERVES, src=key, dst=dst, src_label=Label.ORGANISATION,
                                  dst_label=label, props={"via": via} if via else {}))
    return nodes, edges


def reference_batches(progress: Progress | None = None) -> list[ChangeBatch]:
    """The national reference graph as batches: regions first, then organisations and pairings."""
    ref = load_reference_data()
    steps = 3
    regions = ChangeBatch(nodes=_region_nodes(ref), edges=_membership_edges(ref))
    if progress:
        progress(msg("progress.reference.regions"), 1, steps)
    org_nodes, org_edges = _national_organisations(ref)
    orgs = ChangeBatch(nodes=org_nodes, edges=org_edges)
    if progress:
        progress(msg("progress.reference.organisations"), 2, steps)
    pair_nodes, pair_edges = _gelderland_pairings(ref)
    pairings = ChangeBatch(nodes=pair_nodes, edges=pair_edges)
    if progress:
        progress(msg("progress.reference.pairings"), 3, steps)
    return [regions, orgs, pairings]
