"""Who is my counterpart? Counterpart lookup with backups, fallback and reason; the LT side; escalation.

Coverage may be declared at any region level. Specificity is resolved PER ORGANISATION: every
organisation of the asked type that covers the gemeente answers, each at its own most specific level
(gemeente > subregio > jeugdhulpregio > veiligheidsregio > provincie) with its own primary/backup;
the groups are ordered by that level, then by organisation name, and the organisation that holds a
given case comes first. So a GI covering a gemeente directly does not hide another GI that covers the
whole jeugdhulpregio. When nobody reachable covers the gemeente, the regionale contactpersoon of its
jeugdhulpregio is the fallback (000:2109-2113).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from graph.messages import Message, msg
from graph.projection import Projection
from graph.queries.index import (
    LEVEL_ORDER,
    ContactIndex,
    QueryError,
    contact_index,
    name_of,
    require,
    served_by,
    today_iso,
)
from graph.schema import Label, OrgType, RelType
from graph.settings import DomainRules

__all__ = [
    "ANSWERED_AT",
    "PROVENANCE_MARKERS",
    "Contact",
    "CounterpartAnswer",
    "CounterpartGap",
    "EscalationPath",
    "EscalationStep",
    "EscalationTerms",
    "LokaalTeamAnswer",
    "OrganisationAnswer",
    "OrganisationLevelAnswer",
    "OrganisationRef",
    "PersonRef",
    "PositionRef",
    "Provenance",
    "contact_for_position",
    "counterpart_gaps",
    "counterparts",
    "escalation_path",
    "is_stale",
    "lokaal_team_contacts",
    "org_type_value",
    "organisation_ref",
    "provenance_of",
    "regionale_contactpersonen",
    "rhythm_months",
    "role_contacts",
]

_DEFAULT_RULES = DomainRules()
# Who answers a counterpart question (``CounterpartAnswer.answered_at``): a person, the regionale
# contactpersoon standing in, only the organisation's general line, or nobody.
ANSWERED_AT = ("person", "fallback", "organisation", "none")

# What an answer's provenance is marked (``Provenance.marker``; none when a source states it): invented for
# the demo, or an assumption. Pages show "(demo)"/"(aanname)"; the aanmeldroute.<marker> messages word it.
PROVENANCE_MARKERS = ("demo", "inferred")


@dataclass(frozen=True)
class PersonRef:
    key: str
    name: str
    function: str | None
    email: str | None
    phone: str | None
    email_unreachable: str | None = None  # since when mail to ``email`` is refused (a permanent bounce)


@dataclass(frozen=True)
class PositionRef:
    key: str
    name: str
    role: str | None


@dataclass(frozen=True)
class OrganisationRef:
    key: str
    name: str
    type: str | None


def organisation_ref(p: Projection, key: str) -> OrganisationRef:
    """Key, name (the key when the node has none or is missing) and type of an organisation."""
    node = p.node(key) or {}
    return OrganisationRef(key, str(node.get("name", key)), node.get("type"))


@dataclass(frozen=True)
class Provenance:
    """What an answer rests on: its ``source`` (document:lines, reference file, workbook), and whether it
    is an assumption (``inferred``) or invented for the demo (``demo``). Pages show "(aanname)"/"(demo)"."""

    source: str | None
    inferred: bool
    demo: bool
    note: str | None = None
    keys: tuple[str, ...] = ()  # the entries it was read from (the change log names who entered them)

    @property
    def marker(self) -> str | None:
        """``demo`` (invented for the demo), ``inferred`` (an assumption) or None (stated)."""
        demo, inferred = PROVENANCE_MARKERS
        return demo if self.demo else (inferred if self.inferred else None)


def provenance_of(p: Projection, *keys: str | None, prefix: str = "") -> Provenance:
    """The provenance of a fact read from ``keys`` (the first source found; inferred/demo if any says so).

    ``prefix`` reads a fact's own markers on a node, e.g. ``aanmeldroute_`` for ``aanmeldroute_source``."""
    source = note = None
    inferred = demo = False
    present = tuple(k for k in keys if k)
    for key in present:
        n = p.node(key) or {}
        source = source or n.get(f"{prefix}source")
        note = note or n.get(f"{prefix}note")
        inferred = inferred or bool(n.get(f"{prefix}inferred"))
        demo = demo or bool(n.get(f"{prefix}demo"))
    return Provenance(source, inferred, demo, note, present)


@dataclass(frozen=True)
class Contact:
    """One line of an answer: a person in a position (or a vacant position) and why it is the answer."""

    professional: PersonRef | None  # None: the position is vacant
    position: PositionRef
    organisation: OrganisationRef | None
    priority: str  # primary / backup / fallback (fallback = regionale contactpersoon)
    rank: int
    reason: Message  # coverage.direct / coverage.via_region / coverage.fallback
    path: tuple[tuple[str, str], ...]  # (region key, region name) from the gemeente to the covering region
    last_verified: str | None
    verified_by: str | None
    stale: bool
    vacant_since: str | None
    provenance: Provenance | None = None  # of the position and the person holding it


@dataclass(frozen=True)
class OrganisationAnswer:
    """One organisation of the asked type that covers the gemeente, at its own most specific level."""

    organisation: OrganisationRef | None  # None: a position without an organisation (AT) on record
    covered_at: str
    contacts: tuple[Contact, ...]
    on_case: bool = False  # holds the case the question was asked for


@dataclass(frozen=True)
class OrganisationLevelAnswer:
    """An organisation serving the gemeente of which no reachable person is on record: call its general line."""

    organisation: OrganisationRef
    phone: str | None
    email: str | None
    website: str | None
    source: str | None  # where the fact that it serves the gemeente comes from
    source_date: str | None
    certainty: str | None  # zeker / waarschijnlijk / … as stated in the reference data
    inferred: bool
    demo: bool
    serves_at: str  # level of the region through which it serves the gemeente
    path: tuple[tuple[str, str], ...]  # (region key, region name) from the gemeente to that region


@dataclass(frozen=True)
class CounterpartAnswer:
    gemeente: str
    gemeente_name: str
    organisation_type: str
    covered_at: str | None  # the most specific level of any answering organisation, None when nobody covers
    contacts: tuple[Contact, ...]  # the organisations' contacts in group order, then the fallback
    used_fallback: bool
    note: Message  # counterparts.*: what the answer amounts to
    organisations: tuple[OrganisationAnswer, ...] = ()
    organisation_level: tuple[OrganisationLevelAnswer, ...] = ()  # serving organisations without a person

    @property
    def answered_at(self) -> str:
        """``person``, ``fallback`` (regionale contactpersoon), ``organisation`` (general line only) or ``none``."""
        if any(c.professional is not None and c.priority != "fallback" for c in self.contacts):
            return "person"
        if self.used_fallback and any(c.professional is not None for c in self.contacts):
            return "fallback"
        return "organisation" if self.organisation_level else "none"


@dataclass(frozen=True)
class CounterpartGap:
    """A named gap: an organisation covering the gemeente without a reachable person.

    ``code``: ``vacant_fallback`` (the regionale contactpersoon only stands in: still a gap),
    ``vacant_other_organisation`` (another organisation of the type still answers), ``vacant`` (nobody
    stands in). A stand-in never closes the gap: the vacancy stays visible with its date."""

    code: str
    organisation: OrganisationRef | None
    positions: tuple[PositionRef, ...]
    vacant_since: str | None  # earliest vacancy date of the positions ("unknown" when not recorded)
    stand_ins: tuple[Contact, ...]  # who answers meanwhile (fallback or other organisations' primaries)


def counterpart_gaps(answer: CounterpartAnswer) -> tuple[CounterpartGap, ...]:
    """The named gaps of a counterpart answer: every answering organisation whose positions are all vacant."""
    gaps = []
    fallback = tuple(c for c in answer.contacts if c.priority == "fallback" and c.professional is not None)
    for group in answer.organisations:
        if any(c.professional is not None for c in group.contacts):
            continue
        others = tuple(c for g in answer.organisations if g is not group for c in g.contacts
                       if c.professional is not None and c.priority == "primary")
        code = "vacant_fallback" if fallback else ("vacant_other_organisation" if others else "vacant")
        dates = sorted(str(c.vacant_since) for c in group.contacts if c.vacant_since)
        known = [d for d in dates if d != "unknown"]
        gaps.append(CounterpartGap(code, group.organisation, tuple(dict.fromkeys(c.position for c in group.contacts)),
                                   next(iter(known or dates), None), fallback or others))
    return tuple(gaps)


def org_type_value(org_type: OrgType | str) -> str:
    if type(org_type) is OrgType:  # the common case, without the lookup by value (a memoised answer's cost)
        return org_type._value_
    try:
        return OrgType(str(getattr(org_type, "value", org_type)).lower()).value
    except ValueError:
        raise QueryError(msg("query.unknown_org_type", value=str(getattr(org_type, "value", org_type)),
                             known=tuple(t.value for t in OrgType))) from None


def rhythm_months(p: Projection, jeugdhulpregio: str | None, rules: DomainRules = _DEFAULT_RULES) -> int:
    """The contactbeheer update rhythm of a region (data overrides the configured default)."""
    node = p.node(jeugdhulpregio) if jeugdhulpregio else None
    value = node.get("update_rhythm_months") if node else None
    return int(value) if value else rules.update_rhythm_months


def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(y, m, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@lru_cache(maxsize=256)
def _stale_before(today: str, months: int) -> str:
    return _months_before(dt.date.fromisoformat(today[:10]), months).isoformat()


def is_stale(last_verified: str | None, months: int, today: str) -> bool:
    """Stale = never confirmed, or confirmed before ``today`` minus the rhythm."""
    if not last_verified:
        return True
    return last_verified[:10] < _stale_before(today, months)


def _person(p: Projection, key: str) -> PersonRef:
    n = p.node(key) or {}
    return PersonRef(key, str(n.get("name", key)), n.get("function"), n.get("email"), n.get("phone"),
                     n.get("email_unreachable"))


def _latest(*dates: str | None) -> str | None:
    present = [d for d in dates if d]
    return max(present) if present else None


def contact_for_position(p: Projection, idx: ContactIndex, position: str, *, reason: Message,
                         path: tuple[tuple[str, str], ...], rhythm: int, today: str,
                         priority_override: str | None = None) -> list[Contact]:
    """The holders of one position as contacts (a single vacant line when nobody holds it)."""
    pos = p.node(position) or {}
    pref = PositionRef(position, str(pos.get("name", position)), pos.get("role"))
    org_key = idx.position_org.get(position)
    org = None
    if org_key:
        org = organisation_ref(p, org_key)
    holders = idx.holders.get(position, ())
    if not holders:
        verified = pos.get("last_verified")
        return [Contact(None, pref, org, priority_override or "primary", 1, reason, path, verified,
                        pos.get("verified_by"), is_stale(verified, rhythm, today),
                        pos.get("vacant_since") or "unknown", provenance_of(p, position))]
    out = []
    for h in holders:
        prof = p.node(h.professional) or {}
        verified = _latest(prof.get("last_verified"), pos.get("last_verified"))
        by = prof.get("verified_by") if verified == prof.get("last_verified") else pos.get("verified_by")
        out.append(Contact(_person(p, h.professional), pref, org, priority_override or h.priority, h.rank,
                           reason, path, verified, by, is_stale(verified, rhythm, today), None,
                           provenance_of(p, position, h.professional)))
    return out


def _covering(idx: ContactIndex, table: dict[tuple[str, str], tuple[str, ...]], what: str,
              gemeente: str) -> tuple[str | None, list[tuple[str, str]]]:
    """(winning level, [(position, via region)]) for the most specific level with a covering position."""
    for level, regions in idx.chain.get(gemeente, ()):
        found = [(pos, region) for region in regions for pos in table.get((what, region), ())]
        if found:
            return level, found
    return None, []


def _covering_per_org(idx: ContactIndex, table: dict[tuple[str, str], tuple[str, ...]], what: str,
                      gemeente: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """[(organisation, its most specific level, [(position, via region)])]: specificity per organisation.

    A position without an organisation on record is its own group (keyed by the position)."""
    groups: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for level, regions in idx.chain.get(gemeente, ()):
        for region in regions:
            for pos in table.get((what, region), ()):
                org = idx.position_org.get(pos, pos)
                if org not in groups:
                    groups[org] = (level, [])
                if groups[org][0] == level:
                    groups[org][1].append((pos, region))
    return [(org, level, found) for org, (level, found) in groups.items()]


def _case_organisations(p: Projection, idx: ContactIndex, case_ref: str) -> set[str]:
    """Organisations of the professionals on a case (through the positions they hold and WORKS_AT)."""
    require(p, case_ref, Label.CASE)
    orgs: set[str] = set()
    for prof, _ in p.in_edges(case_ref, RelType.ON_CASE, on=idx.day):
        orgs.update(idx.position_org[pos] for pos in idx.held_by.get(prof, ()) if pos in idx.position_org)
        orgs.update(dst for dst, _ in p.out_edges(prof, RelType.WORKS_AT, on=idx.day))
    return orgs


def _organisation_level(p: Projection, idx: ContactIndex, gemeente: str, org_type: str,
                        answered: set[str]) -> list[OrganisationLevelAnswer]:
    """Organisations of ``org_type`` SERVING the gemeente (directly or via a region) not in ``answered``.

    The organisations an answering one is part of (e.g. the national Raad above its regional office)
    are answered too: their person is the regional one."""
    frontier = list(answered)
    while frontier:
        parents = [dst for org in frontier for dst, _ in p.out_edges(org, RelType.PART_OF, on=idx.day)
                   if dst not in answered]
        answered |= set(parents)
        frontier = parents
    out: dict[str, OrganisationLevelAnswer] = {}
    gm_name = name_of(p, gemeente)
    for level, regions in idx.chain.get(gemeente, ()):
        for region in regions:
            for org, d in served_by(p, idx, region, org_type):
                node = p.node(org) or {}
                if org in out or org in answered or node.get("type") != org_type:
                    continue
                path = ((gemeente, gm_name),) if region == gemeente else (
                    (gemeente, gm_name), (region, name_of(p, region)))
                out[org] = OrganisationLevelAnswer(
                    organisation_ref(p, org), node.get("phone"), node.get("email"), node.get("website"),
                    d.get("source") or node.get("source"), node.get("source_date"), node.get("certainty"),
                    bool(d.get("inferred") or node.get("inferred")), bool(node.get("demo")), level, path)
    return sorted(out.values(), key=lambda a: (LEVEL_ORDER.index(a.serves_at), a.organisation.name.casefold()))


def _reason(p: Projection, gemeente: str, level: str, region: str) -> tuple[Message, tuple[tuple[str, str], ...]]:
    gm_name = name_of(p, gemeente)
    if region == gemeente:
        return msg("coverage.direct", gemeente=gm_name), ((gemeente, gm_name),)
    return (msg("coverage.via_region", gemeente=gm_name, level=level, region=name_of(p, region)),
            ((gemeente, gm_name), (region, name_of(p, region))))


def _order(contacts: list[Contact]) -> list[Contact]:
    rank = {"primary": 0, "backup": 1, "fallback": 2}
    # Stable: within one priority the position order (and holder rank) of the index is kept.
    return sorted(contacts, key=lambda c: (rank.get(c.priority, 3), c.professional is None, c.rank))


def regionale_contactpersonen(p: Projection, idx: ContactIndex, gemeente: str, rhythm: int,
                              today: str) -> list[Contact]:
    jz = idx.jeugdhulpregio_of.get(gemeente)
    if jz is None:
        return []
    positions = list(idx.by_role.get(("regionale_contactpersoon", jz), ()))
    if not positions:  # designated at the jeugdhulpregio organisation without a COVERS line
        for org, _ in p.in_edges(jz, RelType.SERVES, on=idx.day):
            positions += [pos for pos in idx.positions_at.get(org, ())
                          if (p.node(pos) or {}).get("role") == "regionale_contactpersoon"]
    gm_name = name_of(p, gemeente)
    path = ((gemeente, gm_name), (jz, name_of(p, jz)))
    reason = msg("coverage.fallback", gemeente=gm_name, region=name_of(p, jz))  # 000:2109-2113
    out: list[Contact] = []
    for pos in dict.fromkeys(positions):
        out += contact_for_position(p, idx, pos, reason=reason, path=path, rhythm=rhythm, today=today,
                                    priority_override="fallback")
    return out


def counterparts(p: Projection, gemeente_code: str, org_type: OrgType | str, *, on: str | None = None,
                 rules: DomainRules = _DEFAULT_RULES, today: str | None = None,
                 case_ref: str | None = None) -> CounterpartAnswer:
    """The contacts for ``org_type`` in ``gemeente_code``, grouped per organisation (each at its own most
    specific level, with primaries and backups by rank), then the fallback when nobody is reachable.

    With ``case_ref`` the organisation that holds the case (e.g. its GI) comes first."""
    day = on or today_iso()
    now = today or day
    idx = contact_index(p, day)
    ot = org_type_value(org_type)
    memo_key = ("counterparts", gemeente_code, ot, now, rules.update_rhythm_months, case_ref)
    hit: CounterpartAnswer | None = idx.answers.get(memo_key)
    if hit is not None:
        return hit
    gm = require(p, gemeente_code, Label.GEMEENTE)
    on_case = _case_organisations(p, idx, case_ref) if case_ref else set()
    rhythm = rhythm_months(p, idx.jeugdhulpregio_of.get(gemeente_code), rules)
    groups: list[OrganisationAnswer] = []
    level: str | None
    for org, level, found in _covering_per_org(idx, idx.by_type, ot, gemeente_code):
        contacts: list[Contact] = []
        for pos, region in found:
            reason, path = _reason(p, gemeente_code, level, region)
            contacts += contact_for_position(p, idx, pos, reason=reason, path=path, rhythm=rhythm, today=now)
        ref = organisation_ref(p, org) if p.label_of(org) == Label.ORGANISATION.value else None
        groups.append(OrganisationAnswer(ref, level, tuple(_order(contacts)), org in on_case))
    groups.sort(key=lambda g: (not g.on_case, LEVEL_ORDER.index(g.covered_at),
                               (g.organisation.name if g.organisation else "").casefold()))
    contacts = [c for g in groups for c in g.contacts]
    level = min((g.covered_at for g in groups), key=LEVEL_ORDER.index, default=None)
    reachable = any(c.professional is not None for c in contacts)
    answered = {g.organisation.key for g in groups if g.organisation
                and any(c.professional is not None for c in g.contacts)}
    org_level = _organisation_level(p, idx, gemeente_code, ot, answered)
    used_fallback = False
    gm_name = str(gm.get("name", gemeente_code))
    note = _answer_note(ot, gm_name, groups, len(contacts), level, reachable, org_level)
    if not reachable and ot != OrgType.JEUGDHULPREGIO.value:
        fallback = regionale_contactpersonen(p, idx, gemeente_code, rhythm, now)
        used_fallback = bool(fallback)
        contacts += fallback
        if not fallback:
            note = msg("counterparts.no_fallback", note=note)
    answer = CounterpartAnswer(gemeente_code, gm_name, ot, level, tuple(contacts), used_fallback, note,
                               tuple(groups), tuple(org_level))
    idx.answers[memo_key] = answer
    return answer


def _answer_note(ot: str, gm_name: str, groups: list[OrganisationAnswer], n: int, level: str | None,
                 reachable: bool, org_level: list[OrganisationLevelAnswer]) -> Message:
    """What a counterpart answer amounts to, as a counterparts.* message."""
    if not groups and org_level:
        return msg("counterparts.organisation_level", org_type=ot, gemeente=gm_name,
                   organisations=tuple(a.organisation.name for a in org_level))
    if not groups:
        return msg("counterparts.nobody", org_type=ot, gemeente=gm_name)
    if not reachable:
        return msg("counterparts.all_vacant", org_type=ot, gemeente=gm_name)
    if len(groups) == 1:
        return msg("counterparts.one_organisation", n=n, level=level)
    return msg("counterparts.organisations", n=n, organisations=len(groups))


def role_contacts(p: Projection, gemeente_code: str, role: str, *, on: str | None = None,
                  rules: DomainRules = _DEFAULT_RULES, today: str | None = None) -> tuple[str | None, list[Contact]]:
    """Holders of positions with ``role`` covering the gemeente, most specific level first."""
    day = on or today_iso()
    idx = contact_index(p, day)
    require(p, gemeente_code, Label.GEMEENTE)
    rhythm = rhythm_months(p, idx.jeugdhulpregio_of.get(gemeente_code), rules)
    level, found = _covering(idx, idx.by_role, role, gemeente_code)
    out: list[Contact] = []
    for pos, region in found:
        reason, path = _reason(p, gemeente_code, level or "", region)
        out += contact_for_position(p, idx, pos, reason=reason, path=path, rhythm=rhythm, today=today or day)
    return level, _order(out)


# --------------------------------------------------------------------------- Lokaal Team side
@dataclass(frozen=True)
class LokaalTeamAnswer:
    gemeente: str
    gemeente_name: str
    case_ref: str | None
    medewerker: Contact | None  # the primary LT contact
    koppelgenoot: Contact | None  # second LT worker: backup of the same position or another LT position
    others: tuple[Contact, ...]
    regionale_contactpersoon: tuple[Contact, ...]  # when the LT is not reached within the deadline
    note: Message  # lokaal_team.pair / lokaal_team.only_one / lokaal_team.none

    @property
    def contacts(self) -> tuple[Contact, ...]:
        return tuple(c for c in (self.medewerker, self.koppelgenoot) if c) + self.others


def _case_gemeente(p: Projection, case_ref: str) -> str:
    require(p, case_ref, Label.CASE)
    gms = [d for d, _ in p.out_edges(case_ref, RelType.FOR_GEMEENTE, all_time=True)]
    if not gms:
        raise QueryError(msg("case.no_gemeente", case=case_ref))
    return gms[0]


def lokaal_team_contacts(p: Projection, gemeente_code: str | None = None, case_ref: str | None = None, *,
                         on: str | None = None, rules: DomainRules = _DEFAULT_RULES,
                         today: str | None = None) -> LokaalTeamAnswer:
    """The LT medewerker and the koppelgenoot for a gemeente or a case (000:2102-2113), at least two where known."""
    if (gemeente_code is None) == (case_ref is None):
        raise QueryError(msg("query.gemeente_or_case"))
    gm = gemeente_code or _case_gemeente(p, str(case_ref))
    day = on or today_iso()
    idx = contact_index(p, day)
    answer = counterparts(p, gm, OrgType.LOKAAL_TEAM, on=day, rules=rules, today=today)
    people = [c for c in answer.contacts if c.professional is not None and c.priority != "fallback"]
    vacant = [c for c in answer.contacts if c.professional is None]
    if len(people) < 2:
        # Too few at the winning level: a less specific LT position still gives a second person.
        seen = {c.professional.key for c in people if c.professional}
        rhythm = rhythm_months(p, idx.jeugdhulpregio_of.get(gm), rules)
        for level, regions in idx.chain.get(gm, ()):
            for region in regions:
                for pos in idx.by_type.get((OrgType.LOKAAL_TEAM.value, region), ()):
                    reason, path = _reason(p, gm, level, region)
                    for c in contact_for_position(p, idx, pos, reason=reason, path=path, rhythm=rhythm,
                                                  today=today or day):
                        if c.professional and c.professional.key not in seen:
                            seen.add(c.professional.key)
                            people.append(c)
    if case_ref is not None:
        # The LT worker already on the case answers first; the other one is the koppelgenoot.
        on_case = {k for k, d in p.in_edges(case_ref, RelType.ON_CASE, on=day) if d.get("role") == "lt_medewerker"}
        people.sort(key=lambda c: c.professional is None or c.professional.key not in on_case)
    medewerker = people[0] if people else None
    koppelgenoot = people[1] if len(people) > 1 else None
    rhythm = rhythm_months(p, idx.jeugdhulpregio_of.get(gm), rules)
    rc = [c for c in answer.contacts if c.priority == "fallback"] or regionale_contactpersonen(
        p, idx, gm, rhythm, today or day)  # if the LT is not reached within the route's term
    note = msg("lokaal_team.pair" if koppelgenoot else "lokaal_team.only_one" if medewerker else "lokaal_team.none")
    return LokaalTeamAnswer(gm, answer.gemeente_name, case_ref, medewerker, koppelgenoot,
                            tuple(people[2:] + vacant), tuple(rc), note)


# --------------------------------------------------------------------------- escalation (bouwsteen 6)
@dataclass(frozen=True)
class EscalationTerms:
    clarity_weeks_301: int
    clarity_weeks_315: int
    ret_weeks: int
    final_escalation_weeks: int
    note: Message  # escalation.terms: bouwsteen 6 gives none; these are bouwsteen 5's, configured


@dataclass(frozen=True)
class EscalationStep:
    step: int
    title: Message  # escalation.step.<n>.title / .by / .when
    started_by: Message
    when: Message
    source: str  # where the seeds describe the step
    own_side: tuple[Contact, ...]
    counterpart_side: tuple[Contact, ...]
    wethouders: tuple[Contact, ...]  # step 3 only: the wethouder(s) of the gemeente


@dataclass(frozen=True)
class EscalationPath:
    gemeente: str
    organisation_type: str
    own_organisation_type: str | None
    steps: tuple[EscalationStep, ...]
    terms: EscalationTerms
    note: Message  # escalation.not_for_lt


_STEP_ROLES: dict[int, tuple[str, ...]] = {
    1: ("gedragswetenschapper",),
    2: ("leidinggevende", "teamleider"),
    3: ("bestuurder",),
}
# Where the seeds describe each step; its title, who starts it and when are escalation.step.<n>.* messages.
_STEP_SOURCE: dict[int, str] = {1: "000:2787-2835", 2: "000:2839-2869", 3: "000:2873-2898"}


def _escalation_positions(p: Projection, idx: ContactIndex, starts: list[str]) -> dict[int, list[str]]:
    """Positions per step: the ESCALATES_TO chains from ``starts``; else same-organisation roles."""
    per_step: dict[int, list[str]] = {1: [], 2: [], 3: []}
    frontier, seen = list(starts), set(starts)
    while frontier:
        nxt = []
        for pos in frontier:
            for dst, d in p.out_edges(pos, RelType.ESCALATES_TO, on=idx.day):
                step = int(d.get("step", 0) or 0)
                if step in per_step and dst not in per_step[step]:
                    per_step[step].append(dst)
                if dst not in seen:
                    seen.add(dst)
                    nxt.append(dst)
        frontier = nxt
    orgs = list(dict.fromkeys(idx.position_org[s] for s in starts if s in idx.position_org))
    for step, roles in _STEP_ROLES.items():
        if per_step[step]:
            continue
        for org in orgs:
            per_step[step] += [pos for pos in idx.positions_at.get(org, ())
                               if (p.node(pos) or {}).get("role") in roles]
    return per_step


def _side(p: Projection, idx: ContactIndex, gemeente: str, org_type: str) -> list[str]:
    # Every organisation of the type covering the gemeente, each at its own most specific level.
    groups = _covering_per_org(idx, idx.by_type, org_type, gemeente)
    return list(dict.fromkeys(pos for _, _, found in groups for pos, _ in found))


def escalation_path(p: Projection, gemeente_code: str | None = None, org_type: OrgType | str | None = None, *,
                    own_org_type: OrgType | str | None = None, case_ref: str | None = None,
                    on: str | None = None, rules: DomainRules = _DEFAULT_RULES,
                    today: str | None = None) -> EscalationPath:
    """Bouwsteen 6: per step the people on both sides, from the positions covering the gemeente.

    For a case the asking side is the GI (the jeugdbeschermer ON_CASE) and the counterpart the
    Lokaal Team unless ``org_type`` says otherwise.
    """
    day = on or today_iso()
    now = today or day
    idx = contact_index(p, day)
    own_starts: list[str] = []
    if case_ref is not None:
        gemeente_code = gemeente_code or _case_gemeente(p, case_ref)
        org_type = org_type or OrgType.LOKAAL_TEAM
        own_org_type = own_org_type or OrgType.GI
        for prof, d in p.in_edges(case_ref, RelType.ON_CASE, on=day):
            if d.get("role") in (None, "", "jeugdbeschermer"):  # the GI side; the LT worker is the counterpart
                own_starts += list(idx.held_by.get(prof, ()))
    if gemeente_code is None or org_type is None:
        raise QueryError(msg("query.gemeente_and_type_or_case"))
    require(p, gemeente_code, Label.GEMEENTE)
    ot = org_type_value(org_type)
    own = org_type_value(own_org_type) if own_org_type is not None else None
    if own is not None and not own_starts:
        own_starts = _side(p, idx, gemeente_code, own)
    counter_starts = _side(p, idx, gemeente_code, ot)
    rhythm = rhythm_months(p, idx.jeugdhulpregio_of.get(gemeente_code), rules)
    gm_name = name_of(p, gemeente_code)

    def people(positions: list[str], why: Message) -> tuple[Contact, ...]:
        out: list[Contact] = []
        for pos in dict.fromkeys(positions):
            out += contact_for_position(p, idx, pos, reason=why, path=((gemeente_code, gm_name),),
                                        rhythm=rhythm, today=now)
        return tuple(out)

    own_steps = _escalation_positions(p, idx, own_starts) if own_starts else {1: [], 2: [], 3: []}
    counter_steps = _escalation_positions(p, idx, counter_starts)
    _, wethouders = role_contacts(p, gemeente_code, "wethouder", on=day, rules=rules, today=now)
    steps = []
    for step in (1, 2, 3):
        steps.append(EscalationStep(
            step, msg(f"escalation.step.{step}.title"), msg(f"escalation.step.{step}.by"),
            msg(f"escalation.step.{step}.when"), _STEP_SOURCE[step],
            people(own_steps[step], (msg("escalation.own_side", step=step, org_type=own) if own
                                       else msg("escalation.own_side.any", step=step))),
            people(counter_steps[step], msg("escalation.counter_side", step=step, org_type=ot, gemeente=gm_name)),
            tuple(wethouders) if step == 3 else ()))
    # Bouwsteen 6 gives no terms for its steps (000:2686-2927): these are bouwsteen 5's, as configured.
    terms = EscalationTerms(
        rules.clarity_weeks_301, rules.clarity_weeks_315, rules.ret_weeks, rules.final_escalation_weeks,
        msg("escalation.terms", clarity_301=rules.clarity_weeks_301, clarity_315=rules.clarity_weeks_315,
            ret=rules.ret_weeks, final=rules.final_escalation_weeks))
    note = msg("escalation.not_for_lt")  # follow the aanmeldroute instead (000:2906-2910)
    return EscalationPath(gemeente_code, ot, own, tuple(steps), terms, note)

