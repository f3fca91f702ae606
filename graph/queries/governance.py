"""Toekomsttuin and tafel governance: the tree of bodies, who sits in them, and the staffing checks.

Rules come from the seeds: bouwsteen 3 (toekomsttuinen, 000:1174-1178, 000:1401-1431) and
bouwsteen 4 (jeugdbeschermingstafels, 000:1565-1649). Every function takes an optional ``as_of``
(ISO date): only relationships valid on that day count, so the same call answers "how was it then".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.messages import Message, MessageError, msg
from graph.projection import Projection
from graph.queries.contacts import OrganisationRef, counterpart_gaps, counterparts, organisation_ref
from graph.queries.errors import NotFound, suggest
from graph.queries.index import name_of
from graph.schema import Label, OrgType, RelType

__all__ = [
    "BODY_LEVEL",
    "SEVERITIES",
    "BodyView",
    "Finding",
    "GovernanceCheck",
    "GovernanceCompare",
    "GovernanceTree",
    "MemberView",
    "OrgRef",
    "RegionPhase",
    "as_of_day",
    "bodies_in_scope",
    "governance",
    "governance_check",
    "governance_compare",
    "region_gemeenten",
    "regions_containing",
    "resolve_scope",
]

# Vertical order of body kinds in a governance map: administrative on top, operational below
# (stuurgroep at veiligheidsregio, projectgroep at jeugdhulpregio, kerngroep local; 000:1401-1425).
BODY_LEVEL: dict[str, int] = {
    "leerstructuur": 0, "boeg": 0, "overleg": 0, "stuurgroep": 1, "projectgroep": 2, "werkgroep": 2,
    "toekomsttuin": 3, "pilot": 3, "jeugdbeschermingstafel": 3, "ret": 3, "kerngroep": 4, "leergroep": 4,
}
# Province-wide networks connect every toekomsttuin: a tree never descends through them unless asked for.
# How serious a governance finding is, most serious first.
SEVERITIES = ("error", "warning", "info")
_HUB_KINDS = frozenset({"leerstructuur", "boeg", "overleg"})
_STRUCTURE = (RelType.REPORTS_TO, RelType.PART_OF)

TOEKOMSTTUIN_ORG_TYPES = (OrgType.LOKAAL_TEAM, OrgType.GI, OrgType.RVDK, OrgType.VEILIG_THUIS)
TOEKOMSTTUIN_ROLES = ("teamleider", "gedragswetenschapper")
TOEKOMSTTUIN_LEVELS = ("stuurgroep", "projectgroep", "kerngroep")
# Partners the stuurgroep should link to at veiligheidsregio scale (000:1407-1417).
VR_PARTNER_TYPES = (OrgType.POLITIE, OrgType.OM, OrgType.RECLASSERING, OrgType.GGZ,
                    OrgType.ZORG_EN_VEILIGHEIDSHUIS, OrgType.ZORGAANBIEDER, OrgType.GEMEENTE)
# A tafel's voorzitter is independent: not employed by a youth protection or youth care organisation (000:1645-1649).
_NOT_INDEPENDENT = frozenset({OrgType.GI.value, OrgType.RVDK.value, OrgType.VEILIG_THUIS.value,
                              OrgType.ZORGAANBIEDER.value, OrgType.LOKAAL_TEAM.value})


def as_of_day(as_of: str | dt.date | None) -> str:
    if as_of is None:
        return dt.date.today().isoformat()
    if isinstance(as_of, dt.date):
        return as_of.isoformat()
    try:
        return dt.date.fromisoformat(str(as_of)[:10]).isoformat()
    except ValueError:
        raise MessageError(msg("query.invalid_date", value=str(as_of))) from None


# ---------------------------------------------------------------------------------------- views
OrgRef = OrganisationRef  # one organisation reference type across the query modules


@dataclass(frozen=True)
class MemberView:
    """One seat in a body: a professional (with the organisations employing them) or an organisation."""

    key: str
    label: str  # Professional / Organisation
    name: str
    role: str | None
    organisations: tuple[OrgRef, ...]  # employer(s); for an organisation member: itself
    position_roles: tuple[str, ...] = ()  # roles of the positions the professional holds
    function: str | None = None
    email: str | None = None
    phone: str | None = None
    note: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None

    @property
    def org_types(self) -> set[str]:
        return {o.type for o in self.organisations if o.type}

    @property
    def roles(self) -> set[str]:
        return ({self.role} if self.role else set()) | set(self.position_roles)


@dataclass(frozen=True)
class RegionRef:
    key: str
    label: str
    name: str


@dataclass
class BodyView:
    key: str
    name: str
    kind: str
    level: int
    local_name: str | None = None
    phase: str | None = None
    note: str | None = None
    props: dict[str, Any] = field(default_factory=dict)
    reports_to: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)
    covers: list[RegionRef] = field(default_factory=list)
    members: list[MemberView] = field(default_factory=list)
    partners: list[OrgRef] = field(default_factory=list)  # stuurgroep only: partners serving its region


@dataclass
class GovernanceTree:
    code: str
    name: str
    label: str
    as_of: str
    bodies: list[BodyView]

    def body(self, key: str) -> BodyView:
        for b in self.bodies:
            if b.key == key:
                return b
        raise KeyError(key)

    def of_kind(self, kind: str) -> list[BodyView]:
        return [b for b in self.bodies if b.kind == kind]


@dataclass(frozen=True)
class Finding:
    """One problem or observation, named (``rule``) and explained (``message``, with the seed source)."""

    rule: str
    severity: str  # one of SEVERITIES
    subject: str
    subject_name: str
    message: Message  # finding.<rule> with its parameters (graph/messages.py)
    source: str
    missing: tuple[str, ...] = ()
    # The values the message was built from, as (name, value) pairs, so a page can word ``rule`` in
    # another language without parsing ``message``.
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RegionPhase:
    code: str
    name: str
    phase: str | None  # most advanced phase of its toekomsttuinen; None = none yet
    toekomsttuinen: tuple[tuple[str, str, str | None], ...]  # (key, name, phase)


@dataclass
class GovernanceCheck:
    code: str
    name: str
    as_of: str
    findings: list[Finding]
    phases: list[RegionPhase]

    def by_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]


# ---------------------------------------------------------------------------------------- regions
def region_gemeenten(p: Projection, code: str, on: str | None = None) -> set[str]:
    """Gemeenten inside a region (a gemeente is inside itself)."""
    label = p.label_of(code)
    if label == Label.GEMEENTE:
        return {code}
    rel = {Label.SUBREGIO: RelType.IN_SUBREGIO, Label.JEUGDHULPREGIO: RelType.IN_JEUGDHULPREGIO,
           Label.VEILIGHEIDSREGIO: RelType.IN_VEILIGHEIDSREGIO, Label.PROVINCIE: RelType.IN_PROVINCIE}.get(label)  # type: ignore[call-overload]
    if rel is None:
        return set()
    return {src for src, _ in p.in_edges(code, rel, on=on) if p.label_of(src) == Label.GEMEENTE}


def regions_containing(p: Projection, gemeente: str, on: str | None = None) -> set[str]:
    """The gemeente and every region it lies in (subregio, jeugdhulpregio, veiligheidsregio, provincie)."""
    out = {gemeente}
    for dst, d in p.out_edges(gemeente, on=on):
        if d["type"] in (RelType.IN_SUBREGIO, RelType.IN_JEUGDHULPREGIO, RelType.IN_VEILIGHEIDSREGIO,
                         RelType.IN_PROVINCIE):
            out.add(dst)
    return out


# Views whose regions of the care side (jeugdhulpregio, subregio) may cross their border: such a
# region belongs to the view when ANY of its gemeenten lies in it (Food Valley, Rijk van Nijmegen and
# Noord-Veluwe in a Gelderland view, though each has gemeenten in another province).
_CROSS_BORDER_VIEWS = (Label.PROVINCIE.value, Label.VEILIGHEIDSREGIO.value)
_CROSS_BORDER_REGIONS = (Label.JEUGDHULPREGIO.value, Label.SUBREGIO.value)


def _inside_and_above(p: Projection, code: str, on: str) -> tuple[set[str], set[str]]:
    """(regions inside ``code`` incl. itself, regions strictly containing all of it).

    In a province or veiligheidsregio view a jeugdhulpregio or subregio that overlaps it counts as inside."""
    gemeenten = region_gemeenten(p, code, on)
    inside = {code} | gemeenten
    candidates: set[str] = set()
    for g in gemeenten:
        candidates |= regions_containing(p, g, on) - {g}
    above: set[str] = set()
    cross_border = p.label_of(code) in _CROSS_BORDER_VIEWS
    for r in candidates:
        if r == code:
            continue
        members = region_gemeenten(p, r, on)
        if members and members <= gemeenten:
            inside.add(r)
        elif gemeenten and gemeenten <= members:
            above.add(r)
        elif cross_border and p.label_of(r) in _CROSS_BORDER_REGIONS and members & gemeenten:
            inside.add(r)
    return inside, above


def resolve_scope(p: Projection, code: str) -> tuple[str, str]:
    """(label, name) of a region or body code, or NotFound with the nearest codes."""
    label = p.label_of(code)
    if label in (Label.BODY, Label.GEMEENTE, Label.SUBREGIO, Label.JEUGDHULPREGIO, Label.VEILIGHEIDSREGIO,
                 Label.PROVINCIE):
        return str(label), name_of(p, code)
    candidates = [(k, name_of(p, k)) for lab in (Label.BODY, Label.GEMEENTE, Label.JEUGDHULPREGIO,
                                               Label.VEILIGHEIDSREGIO, Label.PROVINCIE, Label.SUBREGIO)
                  for k in p.keys(lab)]
    raise NotFound("region or body", code, suggest(code, candidates))


# ---------------------------------------------------------------------------------------- bodies
def _kind(p: Projection, key: str) -> str:
    return str((p.node(key) or {}).get("kind", ""))


def _closure(p: Projection, start: Iterable[str], on: str,
             step: Callable[..., Iterable[tuple[str, dict[str, Any]]]]) -> set[str]:
    """Start keys and every body reached by repeating ``step`` (in_edges or out_edges) over _STRUCTURE."""
    seen: set[str] = set()
    stack = list(start)
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        for t in _STRUCTURE:
            stack.extend(other for other, _ in step(key, t, on=on) if p.label_of(other) == Label.BODY)
    return seen


def _down(p: Projection, roots: Iterable[str], on: str) -> set[str]:
    """Roots and every body that (transitively) reports to or is part of them."""
    return _closure(p, roots, on, p.in_edges)


def _up(p: Projection, keys: Iterable[str], on: str) -> set[str]:
    """Keys and every body they (transitively) report to or are part of."""
    return _closure(p, keys, on, p.out_edges)


def _tree(p: Projection, root: str, on: str) -> set[str]:
    # Descend from the root, then climb from everything found: a kerngroep that reports to a
    # projectgroep brings in the projectgroep and its stuurgroep, but not their other children.
    if _kind(p, root) in _HUB_KINDS:
        down = _down(p, [root], on)
    else:
        down = {root}
        stack = [root]
        while stack:  # don't descend through a hub met on the way down
            key = stack.pop()
            for t in _STRUCTURE:
                for src, _ in p.in_edges(key, t, on=on):
                    if p.label_of(src) == Label.BODY and src not in down:
                        down.add(src)
                        if _kind(p, src) not in _HUB_KINDS:
                            stack.append(src)
    return _up(p, down, on)


def bodies_in_scope(p: Projection, code: str, on: str, kinds: Iterable[str] | None = None) -> set[str]:
    """Bodies of the governance tree of a body, or of every body covering a region.

    Bodies covering the region or a region inside it bring their whole tree; bodies covering a larger
    region (a stuurgroep at veiligheidsregio scale seen from a gemeente) bring only themselves and above.
    """
    if p.label_of(code) == Label.BODY:
        found = _tree(p, code, on)
    else:
        inside, above = _inside_and_above(p, code, on)
        roots_down: set[str] = set()
        roots_up: set[str] = set()
        for region in inside | above:
            for src, _ in p.in_edges(region, RelType.COVERS, on=on):
                if p.label_of(src) == Label.BODY:
                    (roots_down if region in inside else roots_up).add(src)
        found = set().union(*(_tree(p, r, on) for r in roots_down)) if roots_down else set()
        found |= _up(p, roots_up, on)
    if kinds is not None:
        wanted = set(kinds)
        found = {b for b in found if _kind(p, b) in wanted}
    return found


def member_views(p: Projection, body: str, on: str) -> list[MemberView]:
    out: list[MemberView] = []
    for src, d in p.in_edges(body, RelType.MEMBER_OF, on=on):
        n = p.node(src) or {}
        label = str(n.get("label"))
        if label == Label.PROFESSIONAL:
            orgs = tuple(organisation_ref(p, dst) for dst, _ in p.out_edges(src, RelType.WORKS_AT, on=on))
            roles = tuple(sorted({str((p.node(pos) or {}).get("role")) for pos, _ in
                                  p.out_edges(src, RelType.HOLDS, on=on) if (p.node(pos) or {}).get("role")}))
        else:
            orgs, roles = (organisation_ref(p, src),), ()
        out.append(MemberView(
            key=src, label=label, name=str(n.get("name", src)), role=d.get("role"), organisations=orgs,
            position_roles=roles, function=n.get("function"), email=n.get("email"), phone=n.get("phone"),
            note=d.get("note"), valid_from=d.get("valid_from"), valid_to=d.get("valid_to"),
        ))
    return sorted(out, key=lambda m: (m.label != Label.ORGANISATION, m.role or "~", m.name))


def _partners(p: Projection, regions: list[RegionRef], on: str) -> list[OrgRef]:
    """Partner organisations (politie, OM, ...) serving any of the regions or a region around them."""
    targets: set[str] = set()
    for r in regions:
        inside, above = _inside_and_above(p, r.key, on)
        targets |= inside | above
    found: dict[str, OrgRef] = {}
    wanted = {t.value for t in VR_PARTNER_TYPES}
    for region in targets:
        for src, _ in p.in_edges(region, RelType.SERVES, on=on):
            ref = organisation_ref(p, src)
            if ref.type in wanted:
                found[src] = ref
    return sorted(found.values(), key=lambda o: (o.type or "", o.name))


def body_view(p: Projection, key: str, on: str, *, partners: bool = True) -> BodyView:
    n = p.node(key) or {}
    kind = str(n.get("kind", ""))
    covers = [RegionRef(dst, str(p.label_of(dst)), name_of(p, dst))
              for dst, _ in p.out_edges(key, RelType.COVERS, on=on)]
    view = BodyView(
        key=key, name=str(n.get("name", key)), kind=kind, level=BODY_LEVEL.get(kind, 3),
        local_name=n.get("local_name"), phase=n.get("phase"), note=n.get("note"),
        props={k: v for k, v in n.items() if k != "label"},
        reports_to=sorted(dst for dst, _ in p.out_edges(key, RelType.REPORTS_TO, on=on)),
        part_of=sorted(dst for dst, _ in p.out_edges(key, RelType.PART_OF, on=on)),
        covers=sorted(covers, key=lambda r: r.key), members=member_views(p, key, on),
    )
    if partners and kind == "stuurgroep":
        view.partners = _partners(p, view.covers, on)
    return view


def governance(p: Projection, code: str, *, as_of: str | dt.date | None = None,
               kinds: Iterable[str] | None = None) -> GovernanceTree:
    """The tree of bodies for a region, toekomsttuin or tafel, with members, roles and employers."""
    label, name = resolve_scope(p, code)
    on = as_of_day(as_of)
    keys = bodies_in_scope(p, code, on, kinds)
    bodies = [body_view(p, k, on) for k in keys]
    bodies.sort(key=lambda b: (b.level, b.name, b.key))
    return GovernanceTree(code=code, name=name, label=label, as_of=on, bodies=bodies)


# ---------------------------------------------------------------------------------------- checks
def _staff(p: Projection, body: str, on: str) -> list[MemberView]:
    """Members of a body and of the bodies below it (its kerngroep): the people who do the work."""
    below = _down(p, [body], on) if _kind(p, body) not in _HUB_KINDS else {body}
    return [m for b in sorted(below) for m in member_views(p, b, on)]


def _check_toekomsttuin(p: Projection, key: str, on: str) -> list[Finding]:
    name = name_of(p, key)
    staff = _staff(p, key, on)
    present = set().union(*(m.org_types for m in staff)) if staff else set()
    out: list[Finding] = []
    missing = [t for t in TOEKOMSTTUIN_ORG_TYPES if t.value not in present]
    if missing:
        out.append(Finding(
            rule="toekomsttuin.minimum_staffing", severity="error", subject=key, subject_name=name,
            message=msg("finding.toekomsttuin.minimum_staffing", missing=tuple(t.value for t in missing)),
            source="000:1174-1178, 000:1223-1225", missing=tuple(t.value for t in missing)))
    roles = set().union(*(m.roles for m in staff)) if staff else set()
    for role in ("teamleider", "gedragswetenschapper"):
        if role not in roles:
            out.append(Finding(
                rule=f"toekomsttuin.{role}", severity="error", subject=key, subject_name=name,
                message=msg(f"finding.toekomsttuin.{role}"),
                source="000:1427-1431", missing=(role,)))
    tree = _tree(p, key, on)
    kinds = {_kind(p, b) for b in tree}
    absent = [lvl for lvl in TOEKOMSTTUIN_LEVELS if lvl not in kinds]
    if absent:
        out.append(Finding(
            rule="toekomsttuin.governance_levels", severity="warning", subject=key, subject_name=name,
            message=msg("finding.toekomsttuin.governance_levels", missing=tuple(absent)),
            source="000:1401-1425", missing=tuple(absent)))
    for b in tree:
        expected = {"stuurgroep": Label.VEILIGHEIDSREGIO, "projectgroep": Label.JEUGDHULPREGIO}.get(_kind(p, b))
        covers = {p.label_of(dst) for dst, _ in p.out_edges(b, RelType.COVERS, on=on)}
        if expected and covers and expected not in covers:
            out.append(Finding(
                rule=f"toekomsttuin.{_kind(p, b)}_scale", severity="info", subject=b, subject_name=name_of(p, b),
                message=msg(f"finding.toekomsttuin.{_kind(p, b)}_scale", covers=tuple(sorted(str(c) for c in covers)),
                            expected=expected.value),
                source="000:1401-1425",
                params=(("covers", ",".join(sorted(str(c) for c in covers))), ("expected", expected.value),
                        ("kind", _kind(p, b)))))
    return out


def _check_tafel(p: Projection, key: str, on: str) -> list[Finding]:
    name = name_of(p, key)
    staff = _staff(p, key, on)
    out: list[Finding] = []
    chairs = [m for m in staff if "voorzitter" in m.roles]
    rvdk = [m for m in staff if OrgType.RVDK.value in m.org_types or "rvdk_contactpersoon" in m.roles]
    gi = [m for m in staff if m.label == Label.PROFESSIONAL and
          (OrgType.GI.value in m.org_types or "jeugdbeschermer" in m.roles)]
    for missing, ok in (("voorzitter", chairs), ("rvdk", rvdk), ("gi_jeugdbeschermer", gi)):
        if not ok:
            out.append(Finding(
                rule=f"tafel.{missing}", severity="error", subject=key, subject_name=name,
                message=msg(f"finding.tafel.{missing}"),
                source="000:1565-1593", missing=(missing,)))
    for chair in chairs:
        conflict = sorted(chair.org_types & _NOT_INDEPENDENT)
        if conflict:
            out.append(Finding(
                rule="tafel.voorzitter_independent", severity="warning", subject=key, subject_name=name,
                message=msg("finding.tafel.voorzitter_independent", voorzitter=chair.name, org_types=tuple(conflict)),
                source="000:1645-1649",
                params=(("voorzitter", chair.name), ("org_types", ",".join(conflict)))))
    return out


# The four partners every gemeente needs reachable (rule 2.10): a vacancy among them is a finding.
_CORE_PARTNERS = (OrgType.LOKAAL_TEAM.value, OrgType.GI.value, OrgType.VEILIG_THUIS.value, OrgType.RVDK.value)
_PHASE_ORDER = ("verkenning", "voorbereiding", "start", "actief")


def _phase_rank(phase: str | None) -> int:
    return _PHASE_ORDER.index(phase) if phase in _PHASE_ORDER else (0 if phase else -1)


def governance_check(p: Projection, code: str, *, as_of: str | dt.date | None = None) -> GovernanceCheck:
    """Staffing of every toekomsttuin and tafel in scope, uncovered gemeenten, and the phase per region."""
    label, name = resolve_scope(p, code)
    on = as_of_day(as_of)
    scope = bodies_in_scope(p, code, on)
    findings: list[Finding] = []
    for b in sorted(scope):
        kind = _kind(p, b)
        if kind == "toekomsttuin":
            findings += _check_toekomsttuin(p, b, on)
        elif kind == "jeugdbeschermingstafel":
            findings += _check_tafel(p, b, on)

    # Coverage: a gemeente is covered by a body covering it or any region it lies in.
    gemeenten = region_gemeenten(p, code, on) if label != Label.BODY else {
        g for b in scope for dst, _ in p.out_edges(b, RelType.COVERS, on=on) for g in region_gemeenten(p, dst, on)}
    covering: dict[str, dict[str, list[str]]] = {"toekomsttuin": {}, "jeugdbeschermingstafel": {}}
    for g in gemeenten:
        for region in regions_containing(p, g, on):
            for src, _ in p.in_edges(region, RelType.COVERS, on=on):
                k = _kind(p, src)
                if k in covering:
                    covering[k].setdefault(g, []).append(src)
    for kind, rule, severity, source in (
            ("toekomsttuin", "coverage.no_toekomsttuin", "info", "000:751-761, 000:1393-1395"),
            ("jeugdbeschermingstafel", "coverage.no_tafel", "warning", "000:1508, 000:1811-1815")):
        for g in sorted(gemeenten - set(covering[kind]), key=lambda k: name_of(p, k)):
            findings.append(Finding(rule=rule, severity=severity, subject=g, subject_name=name_of(p, g),
                                    message=msg(f"finding.{rule}"), source=source))

    # A vacancy the regionale contactpersoon (or another organisation) stands in for is still a gap.
    for g in sorted(gemeenten, key=lambda k: name_of(p, k)):
        for org_type in _CORE_PARTNERS:
            for gap in counterpart_gaps(counterparts(p, g, org_type, on=on)):
                org = gap.organisation.name if gap.organisation else org_type
                stand_in = msg("finding.stand_in.fallback" if gap.code == "vacant_fallback"
                               else "finding.stand_in.other" if gap.stand_ins else "finding.stand_in.nobody")
                findings.append(Finding(
                    rule="coverage.vacancy", severity="warning", subject=g, subject_name=name_of(p, g),
                    message=msg("finding.coverage.vacancy", organisation=org, org_type=org_type,
                                since=gap.vacant_since, positions=tuple(pos.name for pos in gap.positions),
                                stand_in=stand_in),
                    source="000:2109-2113",
                    params=(("code", gap.code), ("org_type", org_type), ("organisation", org),
                            ("vacant_since", str(gap.vacant_since)),
                            ("positions", ",".join(pos.key for pos in gap.positions)))))

    # Phase per jeugdhulpregio: the toekomsttuinen covering it or its gemeenten (000:751-761, 000:1170-1174).
    jzs = {r for g in gemeenten for r in regions_containing(p, g, on) if p.label_of(r) == Label.JEUGDHULPREGIO}
    if label == Label.JEUGDHULPREGIO:
        jzs = {code}
    phases: list[RegionPhase] = []
    for jz in sorted(jzs):
        tuinen: dict[str, None] = {}
        for region in {jz} | region_gemeenten(p, jz, on) | {
                s for s, _ in p.in_edges(jz, RelType.IN_JEUGDHULPREGIO, on=on) if p.label_of(s) == Label.SUBREGIO}:
            for src, _ in p.in_edges(region, RelType.COVERS, on=on):
                if _kind(p, src) == "toekomsttuin":
                    tuinen[src] = None
        refs = tuple(sorted((t, name_of(p, t), (p.node(t) or {}).get("phase")) for t in tuinen))
        best = max((r[2] for r in refs), key=_phase_rank, default=None)
        phases.append(RegionPhase(code=jz, name=name_of(p, jz), phase=best, toekomsttuinen=refs))
    return GovernanceCheck(code=code, name=name, as_of=on, findings=findings, phases=phases)


# ---------------------------------------------------------------------------------------- compare
@dataclass(frozen=True)
class LevelSide:
    bodies: tuple[str, ...]
    org_types: tuple[str, ...]
    roles: tuple[str, ...]
    members: tuple[str, ...]


@dataclass(frozen=True)
class LevelRow:
    kind: str
    left: LevelSide
    right: LevelSide


@dataclass
class GovernanceCompare:
    left: str
    right: str
    rows: list[LevelRow]
    differences: list[Message]  # compare.*


def _side(tree: GovernanceTree, kind: str) -> LevelSide:
    bodies = tree.of_kind(kind)
    members = [m for b in bodies for m in b.members]
    return LevelSide(
        bodies=tuple(b.name for b in bodies),
        org_types=tuple(sorted(set().union(*(m.org_types for m in members)) if members else set())),
        roles=tuple(sorted(set().union(*(m.roles for m in members)) if members else set())),
        members=tuple(f"{m.name} ({m.role})" if m.role else m.name for m in members),
    )


def governance_compare(p: Projection, left: str, right: str, *,
                       as_of: str | dt.date | None = None) -> GovernanceCompare:
    """Two governance trees side by side per body kind (e.g. a Gelderland toekomsttuin vs the Flevoland model)."""
    a, b = governance(p, left, as_of=as_of), governance(p, right, as_of=as_of)
    kinds = sorted({x.kind for x in a.bodies} | {x.kind for x in b.bodies}, key=lambda k: (BODY_LEVEL.get(k, 3), k))
    rows = [LevelRow(kind=k, left=_side(a, k), right=_side(b, k)) for k in kinds]
    diffs: list[Message] = []
    for row in rows:
        if row.left.bodies and not row.right.bodies:
            diffs.append(msg("compare.only_one_has", has=a.name, kind=row.kind, lacks=b.name))
        elif row.right.bodies and not row.left.bodies:
            diffs.append(msg("compare.only_one_has", has=b.name, kind=row.kind, lacks=a.name))
        else:
            only_l = sorted(set(row.left.roles) - set(row.right.roles))
            only_r = sorted(set(row.right.roles) - set(row.left.roles))
            if only_l:
                diffs.append(msg("compare.roles_only_in", kind=row.kind, tree=a.name, roles=only_l))
            if only_r:
                diffs.append(msg("compare.roles_only_in", kind=row.kind, tree=b.name, roles=only_r))
            lt = OrgType.LOKAAL_TEAM.value
            if (lt in row.left.org_types) != (lt in row.right.org_types):
                has = a.name if lt in row.left.org_types else b.name
                diffs.append(msg("compare.lokaal_team_only_in", kind=row.kind, tree=has))
    levels_a = [k for k in TOEKOMSTTUIN_LEVELS if a.of_kind(k)]
    levels_b = [k for k in TOEKOMSTTUIN_LEVELS if b.of_kind(k)]
    if len(levels_a) != len(levels_b):
        diffs.append(msg("compare.levels", left=a.name, left_count=len(levels_a), left_levels=levels_a,
                         right=b.name, right_count=len(levels_b), right_levels=levels_b))
    return GovernanceCompare(left=left, right=right, rows=rows, differences=diffs)
