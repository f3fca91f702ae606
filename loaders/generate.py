"""Synthetic national data: a valid import workbook for all CBS gemeenten, deterministic per seed.

``national`` is the benchmark size (≥1 500 organisations, 100 000 professionals, 50 000 cases);
``small`` keeps every gemeente covered with a few hundred rows per sheet, for tests. Everything is
fictional and marked ``demo``: names are drawn from short lists (surnames are made-up syllable
combinations), e-mail addresses use ``.example`` domains and there are no phone numbers.
Keys carry ``syn`` so a synthetic set never overwrites reference or demo nodes in the same store.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from graph.messages import msg
from graph.privacy import generate_case_ref
from loaders.reference import GemeenteRow, load_reference_data, slugify
from loaders.workbook import Progress
from loaders.workbook_writer import write_workbook

__all__ = ["SCALES", "Scale", "generate_rows", "generate_workbook"]

Row = dict[str, Any]


@dataclass(frozen=True)
class Scale:
    professionals: int
    cases: int
    zorgaanbieders_per_jeugdhulpregio: int
    ggz_per_jeugdhulpregio: int
    gemeente_orgs: bool  # a gemeente organisation per gemeente (wethouder positions)
    lt_positions: int  # lt_medewerker positions per gemeente
    gemeente_roles: bool  # gedragswetenschapper/leidinggevende/GI/VT/RvdK positions per gemeente


SCALES: dict[str, Scale] = {
    "national": Scale(professionals=100_000, cases=50_000, zorgaanbieders_per_jeugdhulpregio=14,
                      ggz_per_jeugdhulpregio=2, gemeente_orgs=True, lt_positions=3, gemeente_roles=True),
    "small": Scale(professionals=2_500, cases=300, zorgaanbieders_per_jeugdhulpregio=0,
                   ggz_per_jeugdhulpregio=0, gemeente_orgs=False, lt_positions=1, gemeente_roles=False),
}

_FIRST = ("Anna", "Bram", "Daan", "Emma", "Eva", "Fenna", "Finn", "Floor", "Gijs", "Hanna", "Isa", "Jesse",
          "Joris", "Julia", "Koen", "Lars", "Lieke", "Lotte", "Luuk", "Maud", "Merel", "Milan", "Noor",
          "Olivia", "Pim", "Roos", "Ruben", "Sanne", "Sem", "Sophie", "Stijn", "Tess", "Thijs", "Vera",
          "Wessel", "Yara", "Zoë", "Ayoub", "Fatima", "Mohamed", "Imane", "Emre", "Elif", "Rachid")
_STEM = ("Ber", "Dal", "Fen", "Gro", "Hol", "Kam", "Lin", "Mor", "Naar", "Ros", "Stel", "Ter", "Vel",
         "Wes", "Zand", "Brak", "Dom", "Elz", "Kor", "Pluim", "Quast", "Rietz", "Spaan", "Tuin")
_END = ("aker", "berg", "donk", "horst", "kamp", "mer", "rink", "sma", "stra", "veld", "inga", "ema",
        "hout", "brink", "ster", "loo")
_TUSSEN = ("", "", "", "", "van ", "de ", "van der ", "ter ", "van den ")
_FUNCTIONS = {
    "lokaal_team": "Medewerker Lokaal Team", "gi": "Jeugdbeschermer", "veilig_thuis": "Medewerker Veilig Thuis",
    "rvdk": "Raadsonderzoeker", "zorgaanbieder": "Hulpverlener", "gemeente": "Beleidsmedewerker jeugd",
    "politie": "Wijkagent", "om": "Officier van justitie", "reclassering": "Reclasseringswerker",
    "ggz": "Behandelaar", "zorg_en_veiligheidshuis": "Procesregisseur", "jeugdhulpregio": "Regioadviseur",
}
_ORG_WEIGHT = {"lokaal_team": 6, "gi": 30, "veilig_thuis": 30, "rvdk": 20, "zorgaanbieder": 4,
               "gemeente": 2, "politie": 10, "om": 5, "reclassering": 8, "ggz": 8,
               "zorg_en_veiligheidshuis": 4, "jeugdhulpregio": 3}
_STEPS = ("aanmelding", "onderzoek", "beschermingsplan", "jeugdbeschermingstafel", "uitvoering", "afsluiting")


@dataclass
class _Pos:
    key: str
    name: str
    role: str
    org: str
    covers: str
    holders: int
    escalates_to: str | None = None
    step: int | None = None


class _Builder:
    def __init__(self, scale: Scale, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        ref = load_reference_data()
        self.gemeenten: tuple[GemeenteRow, ...] = tuple(sorted(ref.gemeenten, key=lambda g: g.code))
        self.orgs: list[Row] = []
        self.org_type: dict[str, str] = {}
        self.positions: list[_Pos] = []
        self.jb_for: dict[str, str] = {}  # gemeente -> the jeugdbeschermer position for its cases
        self.primary: dict[str, str] = {}  # position -> its primary holder
        self.subregio_of: dict[str, str] = {}

    # -- helpers ----------------------------------------------------------------------------------
    def by(self, attr: str) -> dict[str, list[GemeenteRow]]:
        out: dict[str, list[GemeenteRow]] = defaultdict(list)
        for g in self.gemeenten:
            out[getattr(g, attr)].append(g)
        return dict(sorted(out.items()))

    def date(self, start: dt.date, days: int) -> str:
        return (start + dt.timedelta(days=self.rng.randrange(days))).isoformat()

    def org(self, key: str, name: str, type_: str, serves: str) -> str:
        self.orgs.append({"sleutel": key, "naam": name, "type": type_,
                          "website": f"https://{key.removeprefix('org-')}.example", "bron": "synthetisch",
                          "zekerheid": "zeker", "demo": "ja", "bedient": serves})
        self.org_type[key] = type_
        return key

    def pos(self, key: str, name: str, role: str, org: str, covers: str, **kw: Any) -> _Pos:
        holders = 3 if self.rng.random() < 0.15 else 2  # primary + backup, sometimes a fallback
        p = _Pos(key, name, role, org, covers, holders, **kw)
        self.positions.append(p)
        return p

    # -- sheets -----------------------------------------------------------------------------------
    def organisations(self) -> None:
        s = self.scale
        for g in self.gemeenten:
            c = g.code.lower()
            self.org(f"org-syn-lt-{c}", f"Lokaal Team {g.name}", "lokaal_team", g.code)
            if s.gemeente_orgs:
                self.org(f"org-syn-gem-{c}", f"Gemeente {g.name}", "gemeente", g.code)
        for jz, members in self.by("jeugdhulpregio").items():
            name, c = members[0].jeugdhulpregio_name, jz.lower()
            self.org(f"org-syn-jhr-{c}", f"Jeugdhulpregio {name}", "jeugdhulpregio", jz)
            self.org(f"org-syn-gi-{c}", f"Jeugdbescherming {name}", "gi", jz)
            for i in range(1, s.ggz_per_jeugdhulpregio + 1):
                self.org(f"org-syn-ggz-{c}-{i}", f"GGZ {name} {i}", "ggz", jz)
            for i in range(1, s.zorgaanbieders_per_jeugdhulpregio + 1):
                self.org(f"org-syn-za-{c}-{i:02d}", f"Jeugdzorg {name} {i}", "zorgaanbieder", jz)
        for vr, members in self.by("veiligheidsregio").items():
            name, c = members[0].veiligheidsregio_name, vr.lower()
            self.org(f"org-syn-vt-{c}", f"Veilig Thuis {name}", "veilig_thuis", vr)
            self.org(f"org-syn-pol-{c}", f"Politie {name}", "politie", vr)
            if self.scale.gemeente_roles:
                self.org(f"org-syn-zvh-{c}", f"Zorg- en Veiligheidshuis {name}", "zorg_en_veiligheidshuis", vr)
                self.org(f"org-syn-rec-{c}", f"Reclassering {name}", "reclassering", vr)
        for pv, members in self.by("provincie").items():
            name, c = members[0].provincie_name, pv.lower()
            self.org(f"org-syn-rvdk-{c}", f"Raad voor de Kinderbescherming {name}", "rvdk", pv)
            if self.scale.gemeente_roles:
                self.org(f"org-syn-om-{c}", f"Openbaar Ministerie {name}", "om", pv)

    def subregios(self) -> list[Row]:
        rows: list[Row] = []
        for jz, members in self.by("jeugdhulpregio").items():
            k = min(len(members), self.rng.randint(2, 5))
            order = list(members)
            self.rng.shuffle(order)
            groups = [sorted(order[i::k], key=lambda g: g.code) for i in range(k)]
            for i, group in enumerate(groups, start=1):
                key = f"SR-{jz}-syn-{i}"
                rows.append({"sleutel": key, "naam": f"{group[0].name} e.o.", "jeugdhulpregio": jz,
                             "gemeenten": ";".join(g.code for g in group), "versie": 1,
                             "afgesproken_op": self.date(dt.date(2024, 1, 1), 700)})
                for g in group:
                    self.subregio_of[g.code] = key
        return rows

    def plan_positions(self, subregios: list[Row]) -> None:
        s = self.scale
        for jz, members in self.by("jeugdhulpregio").items():
            c = jz.lower()
            gi, jhr = f"org-syn-gi-{c}", f"org-syn-jhr-{c}"
            bestuurder = self.pos(f"pos-syn-gi-bestuurder-{c}", "Bestuurder GI", "bestuurder", gi, jz)
            lg = self.pos(f"pos-syn-gi-lg-{c}", "Leidinggevende GI", "leidinggevende", gi, jz,
                          escalates_to=bestuurder.key, step=3)
            gw = self.pos(f"pos-syn-gi-gw-{c}", "Gedragswetenschapper GI", "gedragswetenschapper", gi, jz,
                          escalates_to=lg.key, step=2)
            jb_region = self.pos(f"pos-syn-gi-jb-{c}", "Jeugdbeschermer (regio)", "jeugdbeschermer", gi, jz,
                                 escalates_to=gw.key, step=1)
            self.pos(f"pos-syn-rcp-{c}", "Regionale contactpersoon", "regionale_contactpersoon", jhr, jz)
            self.pos(f"pos-syn-cbc-{c}", "Coördinator contactbeheer", "contactbeheer_coordinator", jhr, jz)
            for sr in (r for r in subregios if r["jeugdhulpregio"] == jz):
                n = sr["sleutel"].rsplit("-", 1)[1]
                self.pos(f"pos-syn-zb-{c}-{n}", f"Zorgbemiddelaar {sr['naam']}", "zorgbemiddelaar", jhr,
                         sr["sleutel"])
            for g in members:
                gc = g.code.lower()
                lt = f"org-syn-lt-{gc}"
                if s.gemeente_roles:
                    top = self.pos(f"pos-syn-weth-{gc}", f"Wethouder jeugd {g.name}", "wethouder",
                                   f"org-syn-gem-{gc}", g.code)
                    lt_lg = self.pos(f"pos-syn-lt-lg-{gc}", f"Leidinggevende LT {g.name}", "leidinggevende",
                                     lt, g.code, escalates_to=top.key, step=3)
                    lt_gw = self.pos(f"pos-syn-lt-gw-{gc}", f"Gedragswetenschapper LT {g.name}",
                                     "gedragswetenschapper", lt, g.code, escalates_to=lt_lg.key, step=2)
                    self.pos(f"pos-syn-lt-eap-{gc}", f"Eerste aanspreekpersoon {g.name}",
                             "eerste_aanspreekpersoon", lt, g.code)
                    self.pos(f"pos-syn-gi-jb-{gc}", f"Jeugdbeschermer {g.name}", "jeugdbeschermer", gi, g.code,
                             escalates_to=gw.key, step=1)
                    self.pos(f"pos-syn-vt-{gc}", f"Contactpersoon VT {g.name}", "vt_contactpersoon",
                             f"org-syn-vt-{g.veiligheidsregio.lower()}", g.code)
                    self.pos(f"pos-syn-rvdk-{gc}", f"Contactpersoon Raad {g.name}", "rvdk_contactpersoon",
                             f"org-syn-rvdk-{g.provincie.lower()}", g.code)
                    escalation = lt_gw.key
                else:
                    escalation = gw.key
                for i in range(1, s.lt_positions + 1):
                    self.pos(f"pos-syn-lt-{gc}-{i}", f"Lokaal Team {g.name} jeugd {i}", "lt_medewerker", lt,
                             g.code, escalates_to=escalation, step=1)
            for g in members:
                self.jb_for[g.code] = f"pos-syn-gi-jb-{g.code.lower()}" if s.gemeente_roles else jb_region.key
        for vr in self.by("veiligheidsregio"):
            c = vr.lower()
            self.pos(f"pos-syn-vt-lg-{c}", "Leidinggevende Veilig Thuis", "leidinggevende", f"org-syn-vt-{c}", vr)
            self.pos(f"pos-syn-pol-{c}", "Contactpersoon politie", "politie_contactpersoon", f"org-syn-pol-{c}", vr)
            if s.gemeente_roles:
                self.pos(f"pos-syn-zvh-{c}", "Aangewezen functionaris", "aangewezen_functionaris",
                         f"org-syn-zvh-{c}", vr)

    def name(self) -> str:
        r = self.rng
        return f"{r.choice(_FIRST)} {r.choice(_TUSSEN)}{r.choice(_STEM)}{r.choice(_END)}"

    def professionals(self) -> tuple[list[Row], dict[str, list[str]]]:
        need: dict[str, int] = defaultdict(int)
        for p in self.positions:
            need[p.org] += p.holders
        orgs = [o["sleutel"] for o in self.orgs]
        total_needed = sum(need.values()) + len(orgs)
        if self.scale.professionals < total_needed:
            raise ValueError(f"scale too small: {total_needed} professionals needed for the positions")
        home: list[str] = []
        for org in orgs:  # everyone needed for a position first, one extra per organisation
            home += [org] * (need[org] + 1)
        weights = [_ORG_WEIGHT.get(self.org_type[o], 1) for o in orgs]
        home += self.rng.choices(orgs, weights=weights, k=self.scale.professionals - len(home))
        rows: list[Row] = []
        pool: dict[str, list[str]] = defaultdict(list)
        for i, org in enumerate(home, start=1):
            key = f"prof-syn-{i:06d}"
            full = self.name()
            first, _, last = full.partition(" ")
            mail = f"{slugify(first)}.{slugify(last).replace('-', '')}.{i}@{org.removeprefix('org-')}.example"
            rows.append({"sleutel": key, "naam": full, "functie": _FUNCTIONS.get(self.org_type[org]),
                         "email": mail, "organisatie": org,
                         "laatst_geverifieerd": self.date(dt.date(2025, 6, 1), 500),
                         "geverifieerd_door": "synthetisch", "demo": "ja"})
            pool[org].append(key)
        return rows, pool

    def holders(self, pool: dict[str, list[str]]) -> list[Row]:
        rows: list[Row] = []
        taken: dict[str, int] = defaultdict(int)
        for p in self.positions:
            for rank, priority in enumerate(("primary", "backup", "fallback")[: p.holders], start=1):
                prof = pool[p.org][taken[p.org]]
                taken[p.org] += 1
                rows.append({"positie": p.key, "professional": prof, "prioriteit": priority, "rang": rank,
                             "geldig_van": self.date(dt.date(2023, 1, 1), 900)})
                if rank == 1:
                    self.primary[p.key] = prof
        return rows

    def bodies(self, pool: dict[str, list[str]]) -> tuple[list[Row], list[Row]]:
        bodies: list[Row] = []
        members: list[Row] = []

        def member(body: str, who: str, role: str) -> None:
            members.append({"orgaan": body, "lid": who, "rol": role,
                            "geldig_van": self.date(dt.date(2022, 1, 1), 700)})

        for jz, gms in self.by("jeugdhulpregio").items():
            c, name = jz.lower(), gms[0].jeugdhulpregio_name
            gi, vt = f"org-syn-gi-{c}", f"org-syn-vt-{gms[0].veiligheidsregio.lower()}"
            rvdk = f"org-syn-rvdk-{gms[0].provincie.lower()}"
            jbt, ret = f"body-syn-jbt-{c}", f"body-syn-ret-{c}"
            tt = f"body-syn-tt-{c}"
            since = self.date(dt.date(2020, 1, 1), 1500)
            bodies += [
                {"sleutel": jbt, "naam": f"Jeugdbeschermingstafel {name}", "soort": "jeugdbeschermingstafel",
                 "actief_sinds": since, "bron": "synthetisch", "dekt": jz},
                {"sleutel": ret, "naam": f"Regionaal Expertteam {name}", "soort": "ret", "actief_sinds": since,
                 "bron": "synthetisch", "dekt": jz},
                {"sleutel": tt, "naam": f"Toekomsttuin {name}", "soort": "toekomsttuin", "fase": "pilot",
                 "actief_sinds": since, "bron": "synthetisch", "dekt": self.subregio_of[gms[0].code]},
            ]
            for part in ("stuurgroep", "kerngroep", "projectgroep"):
                bodies.append({"sleutel": f"{tt}-{part}", "naam": f"{part.capitalize()} toekomsttuin {name}",
                               "soort": part, "bron": "synthetisch", "onderdeel_van": tt,
                               "rapporteert_aan": None if part == "stuurgroep" else f"{tt}-stuurgroep"})
            for org in (gi, vt, rvdk):
                member(jbt, org, "deelnemer")
            lts = [f"org-syn-lt-{g.code.lower()}" for g in gms]
            member(jbt, self.rng.choice(pool[gi]), "voorzitter")
            for org in (vt, rvdk, self.rng.choice(lts)):
                member(jbt, self.rng.choice(pool[org]), "lid")
            for org in (gi, f"org-syn-jhr-{c}"):
                member(ret, self.rng.choice(pool[org]), "lid")
            for part, orgs in (("kerngroep", (gi, vt, lts[0])), ("projectgroep", (gi, lts[-1])),
                               ("stuurgroep", (gi, rvdk))):
                for org in orgs:
                    member(f"{tt}-{part}", self.rng.choice(pool[org]), "lid")
        # One professional may sit twice on a body through different organisations' draws: keep the first.
        unique: dict[tuple[str, str], Row] = {}
        for m in members:
            unique.setdefault((m["orgaan"], m["lid"]), m)
        return bodies, list(unique.values())

    def cases(self) -> list[Row]:
        rows: list[Row] = []
        refs: set[str] = set()
        codes = [g.code for g in self.gemeenten]
        for _ in range(self.scale.cases):
            ref = generate_case_ref(self.rng)
            while ref in refs:
                ref = generate_case_ref(self.rng)
            refs.add(ref)
            gm = self.rng.choice(codes)
            team = [f"{self.primary[self.jb_for[gm]]}:jeugdbeschermer",
                    f"{self.primary[f'pos-syn-lt-{gm.lower()}-1']}:lt_medewerker"]
            rows.append({"referentie": ref, "gemeente": gm, "route": self.rng.choice(("301", "315")),
                         "status": "open" if self.rng.random() < 0.7 else "closed",
                         "geopend": self.date(dt.date(2024, 1, 1), 1000), "stap": self.rng.choice(_STEPS),
                         "professionals": ";".join(team)})
        return rows

    def position_rows(self) -> list[Row]:
        return [{"sleutel": p.key, "naam": p.name, "rol": p.role, "organisatie": p.org, "dekt": p.covers,
                 "kritiek": "ja" if p.role in ("jeugdbeschermer", "vt_contactpersoon") else None,
                 "laatst_geverifieerd": self.date(dt.date(2025, 6, 1), 500),
                 "escaleert_naar": p.escalates_to, "escalatiestap": p.step} for p in self.positions]


def generate_rows(scale: Literal["national", "small"] | str, seed: int,
                  progress: Progress | None = None) -> dict[str, list[Row]]:
    """All sheets' rows, in import order; the same (scale, seed) always gives the same rows."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; use one of {', '.join(SCALES)}")
    b = _Builder(SCALES[scale], seed)
    steps = 6

    def step(i: int, what: str) -> None:  # what: the progress.generate.* code
        if progress:
            progress(i, steps, msg(what))

    b.organisations()
    subregios = b.subregios()
    b.plan_positions(subregios)
    step(1, "progress.generate.organisations")
    professionals, pool = b.professionals()
    step(2, "progress.generate.professionals")
    holders = b.holders(pool)
    step(3, "progress.generate.holders")
    bodies, members = b.bodies(pool)
    step(4, "progress.generate.bodies")
    cases = b.cases()
    step(5, "progress.generate.cases")
    return {"organisaties": b.orgs, "professionals": professionals, "posities": b.position_rows(),
            "bezetting": holders, "subregios": subregios, "organen": bodies, "lidmaatschappen": members,
            "casussen": cases}


def generate_workbook(out: Path, *, scale: Literal["national", "small"] | str = "small", seed: int = 1,
                      progress: Progress | None = None) -> dict[str, int]:
    """Write a synthetic workbook (CSV folder, or XLSX when ``out`` ends in .xlsx); return rows per sheet."""
    sheets = generate_rows(scale, seed, progress)
    write_workbook(Path(out), sheets)
    if progress:
        progress(6, 6, msg("progress.generate.written", path=str(out)))
    return {kind: len(rows) for kind, rows in sheets.items()}
