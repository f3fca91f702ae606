"""GraphQL of contactbeheer: counterparts, the LT side, escalation, regional services, freshness, history.

Resolvers are thin: every answer comes from ``graph.queries`` (memoised per graph version there).
People and their contact details are only shown with a token; writes need a coordinator of the
jeugdhulpregio the entry belongs to (or an admin).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from api.auth import Role
from api.graphql.context import Context
from api.graphql.messages import MessageType, locale_of, rendered
from api.graphql.permissions import IsAuthenticated, forbidden, principal_of, sign_in_first
from api.graphql.regions import GemeenteType, JeugdhulpregioType, OrganisationType, OrgTypeEnum
from api.graphql.values import (
    AnsweredAt,
    BodyKind,
    CaseRoute,
    Certainty,
    EntryKind,
    PositionRole,
    ProvenanceMarker,
    RegionLevel,
    ReportStatus,
    body_kind,
    certainty,
    day,
    moment,
    position_role,
    route,
    words_enum,
)
from graph.messages import Message, MessageError, msg
from graph.queries import contacts as qc
from graph.queries import freshness as qf
from graph.queries import herindeling as qh
from graph.queries import network as qn
from graph.queries.access import maintainers_of
from graph.queries.history import HistoryEntry
from graph.queries.history import history as q_history
from graph.queries.index import NotFoundError
from graph.schema import Priority

__all__ = [
    "ContactType",
    "ContactsMutation",
    "ContactsQuery",
    "PersonType",
    "PositionRefType",
    "PriorityEnum",
    "domain_errors",
    "require_write_for",
]

GInfo = Info[Context, None]
PriorityEnum: Any = strawberry.enum(Priority, name="Priority", description="Order of the holders of one position.")
JbtRequestFormat: Any = words_enum("JbtRequestFormat", qn.JBT_REQUEST_FORMATS,
                                   "A format a verzoek tot bespreking at the Jeugdbeschermingstafel may take: the "
                                   "tafel's own, or the one the requester's own region uses.")
NormStatus: Any = words_enum("NormStatus", qn.NORM_STATUSES, "Where a response norm stands: proposed by the seeds; the "
                             "region decides.")


@contextmanager
def domain_errors() -> Iterator[None]:
    """Domain input errors pass as they are: the schema's error extension (api/graphql/errors.py) renders their
    message in the asked language and adds the code (NOT_FOUND with suggestions, BAD_USER_INPUT) and params."""
    yield


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _rules(info: GInfo) -> Any:
    return info.context.settings.rules


def require_write_for(info: GInfo, jeugdhulpregios: list[str], what: str,
                      organisations: list[str] | tuple[str, ...] = ()) -> str:
    """The actor, if the principal may change every listed region (or is the own contact person of one of
    ``organisations``); else a plain FORBIDDEN error."""
    principal = principal_of(info)
    if not principal.is_authenticated:
        raise sign_in_first(info, "access.sign_in.write")
    if principal.can_maintain(jeugdhulpregios, organisations):
        return principal.actor
    outside = tuple(jz for jz in jeugdhulpregios if not principal.can_write_region(jz))
    if not outside:
        raise forbidden(info, msg("access.cannot_change_unregioned", what=what))
    if principal.role is not None and principal.role.value == "coordinator":
        raise forbidden(info, msg("access.coordinator_cannot_change", scope=tuple(principal.regions), what=what,
                                  regions=outside))
    raise forbidden(info, msg("access.token_cannot_change", role=principal.role.value if principal.role else "",
                              what=what, regions=outside))


# --------------------------------------------------------------------------- types
@strawberry.type(name="Person", description="A professional as a contact (only shown with a token).")
class PersonType:
    key: str
    name: str
    function: str | None
    email: str | None
    phone: str | None
    email_unreachable: dt.date | None = strawberry.field(
        default=None, description="since when mail to this address is refused ('adres onbereikbaar'), else null")

    @staticmethod
    def of(ref: qc.PersonRef | None) -> PersonType | None:
        return None if ref is None else PersonType(key=ref.key, name=ref.name, function=ref.function,
                                                   email=ref.email, phone=ref.phone,
                                                   email_unreachable=day(ref.email_unreachable))


@strawberry.type(name="Provenance", description="What an answer rests on: its source and whether it is an "
                                                "assumption (inferred) or invented for the demo.")
class ProvenanceType:
    source: str | None = strawberry.field(description="document:lines, reference file or workbook it came from")
    inferred: bool
    demo: bool
    note: str | None
    marker: ProvenanceMarker | None = strawberry.field(
        description="DEMO, INFERRED or null (stated); pages show (demo)/(aanname)")
    keys: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="who entered the entry it rests on (first change-log entry)")
    def entered_by(self, info: GInfo) -> str | None:
        if not self.keys:
            return None
        entries = q_history(info.context.service, self.keys[0])
        return entries[0].actor if entries else None

    @staticmethod
    def of(pv: qc.Provenance | None) -> ProvenanceType | None:
        if pv is None:
            return None
        return ProvenanceType(source=pv.source, inferred=pv.inferred, demo=pv.demo, note=pv.note,
                              marker=ProvenanceMarker(pv.marker) if pv.marker else None,
                              keys=pv.keys)


@strawberry.type(name="PositionRef", description="A position: outlives the people who hold it.")
class PositionRefType:
    key: str
    name: str
    role: PositionRole | None = strawberry.field(description="null when the position records no role jbnet knows")

    @staticmethod
    def of(ref: qc.PositionRef) -> PositionRefType:
        return PositionRefType(key=ref.key, name=ref.name, role=position_role(ref.role))


@strawberry.type(name="RegionStep", description="One region on the path from the gemeente to the covering region.")
class RegionStepType:
    code: str
    name: str


@strawberry.type(name="Contact", description="A person in a position (or a vacant position) and why it answers.")
class ContactType:
    professional: PersonType | None = strawberry.field(description="null when the position is vacant")
    position: PositionRefType
    organisation_key: strawberry.Private[str | None]
    priority: PriorityEnum = strawberry.field(
        description="PRIMARY / BACKUP / FALLBACK (the regionale contactpersoon standing in)")
    rank: int
    reason_message: strawberry.Private[Message]
    path: list[RegionStepType]
    last_verified: dt.date | None
    verified_by: str | None
    stale: bool = strawberry.field(description="last confirmation older than the region's update rhythm")
    vacant_since: dt.date | None = strawberry.field(description="since when the position is vacant; null when "
                                                                "held or not recorded")
    provenance: ProvenanceType | None

    @strawberry.field
    def organisation(self) -> OrganisationType | None:
        return OrganisationType(key=self.organisation_key) if self.organisation_key else None

    @strawberry.field(description='why this contact answers, in the asked language: "Werkt voor Ede via subregio '
                      'Arnhem e.o."; the same as explanation.message')
    def reason(self, info: GInfo) -> str:
        return rendered(self.reason_message, locale_of(info))

    @strawberry.field(description="why this contact answers as data: code (coverage.direct, coverage.via_region, "
                      "coverage.fallback, escalation.*), params and the rendered message")
    def explanation(self) -> MessageType:
        return MessageType.of(self.reason_message)

    @staticmethod
    def of(c: qc.Contact) -> ContactType:
        return ContactType(
            professional=PersonType.of(c.professional),
            position=PositionRefType.of(c.position),
            organisation_key=c.organisation.key if c.organisation else None, priority=c.priority, rank=c.rank,
            reason_message=c.reason, path=[RegionStepType(code=k, name=n) for k, n in c.path],
            last_verified=day(c.last_verified), verified_by=c.verified_by, stale=c.stale,
            vacant_since=day(c.vacant_since),
            provenance=ProvenanceType.of(c.provenance))


def _contacts(items: tuple[qc.Contact, ...] | list[qc.Contact]) -> list[ContactType]:
    return [ContactType.of(c) for c in items]


@strawberry.type(name="CounterpartOrganisation",
                 description="One organisation of the asked type covering the gemeente, at its own most specific "
                             "level, with its own primaries and backups.")
class CounterpartOrganisationType:
    organisation_key: strawberry.Private[str | None]
    covered_at: RegionLevel
    on_case: bool = strawberry.field(description="this organisation holds the case asked for")
    contacts: list[ContactType]

    @strawberry.field
    def organisation(self) -> OrganisationType | None:
        return OrganisationType(key=self.organisation_key) if self.organisation_key else None

    @staticmethod
    def of(g: qc.OrganisationAnswer) -> CounterpartOrganisationType:
        return CounterpartOrganisationType(organisation_key=g.organisation.key if g.organisation else None,
                                           covered_at=RegionLevel(g.covered_at), on_case=g.on_case,
                                           contacts=_contacts(g.contacts))


@strawberry.type(name="OrganisationLevelAnswer",
                 description="An organisation serving the gemeente of which no reachable person is on record: its "
                             "general line, from the (national) reference data, with source and certainty.")
class OrganisationLevelType:
    organisation_key: strawberry.Private[str]
    organisation_level: bool = strawberry.field(description="always true: this is not a person")
    phone: str | None
    email: str | None
    website: str | None
    source: str | None
    source_date: str | None
    certainty: Certainty | None
    inferred: bool
    demo: bool
    serves_at: RegionLevel = strawberry.field(description="level of the region through which it serves the gemeente")
    path: list[RegionStepType]

    @strawberry.field
    def organisation(self) -> OrganisationType:
        return OrganisationType(key=self.organisation_key)

    @staticmethod
    def of(a: qc.OrganisationLevelAnswer) -> OrganisationLevelType:
        return OrganisationLevelType(
            organisation_key=a.organisation.key, organisation_level=True, phone=a.phone, email=a.email,
            website=a.website, source=a.source, source_date=a.source_date, certainty=certainty(a.certainty),
            inferred=a.inferred, demo=a.demo, serves_at=RegionLevel(a.serves_at),
            path=[RegionStepType(code=k, name=n) for k, n in a.path])


@strawberry.type(name="Counterparts")
class CounterpartsType:
    gemeente_code: strawberry.Private[str]
    organisation_type: OrgTypeEnum
    covered_at: RegionLevel | None = strawberry.field(
        description="most specific level of any answering organisation; null = nobody")
    used_fallback: bool
    note_message: strawberry.Private[Message]
    contacts: list[ContactType] = strawberry.field(
        description="every answering organisation's contacts in the order of `organisations`, then the fallback")
    organisations: list[CounterpartOrganisationType] = strawberry.field(
        description="every organisation of the type serving the gemeente: the case's first, then by "
                    "specificity, then by name")
    organisation_level: list[OrganisationLevelType] = strawberry.field(
        description="serving organisations without a reachable person on record: their general line")
    answered_at: AnsweredAt = strawberry.field(
        description="person, fallback (regionale contactpersoon), organisation (general line only) or none")

    @strawberry.field
    def gemeente(self) -> GemeenteType:
        return GemeenteType(key=self.gemeente_code)

    @strawberry.field(description="What the answer amounts to, in the asked language; the same as "
                      "noteExplanation.message")
    def note(self, info: GInfo) -> str:
        return rendered(self.note_message, locale_of(info))

    @strawberry.field(description="What the answer amounts to, as data: counterparts.* with its parameters")
    def note_explanation(self) -> MessageType:
        return MessageType.of(self.note_message)

    @staticmethod
    def of(a: qc.CounterpartAnswer) -> CounterpartsType:
        """The GraphQL side of a domain answer, made once per answer: ``qc.counterparts`` hands out the same
        (frozen) answer object while the graph and the day stay the same, and its wrapper is a function of it."""
        found = _COUNTERPARTS_WRAPPED.get(id(a))
        if found is not None and found[0] is a:
            return found[1]
        wrapped = CounterpartsType(gemeente_code=a.gemeente, organisation_type=a.organisation_type,
                                   covered_at=RegionLevel(a.covered_at) if a.covered_at else None,
                                   used_fallback=a.used_fallback, note_message=a.note,
                                   contacts=_contacts(a.contacts),
                                   organisations=[CounterpartOrganisationType.of(g) for g in a.organisations],
                                   organisation_level=[OrganisationLevelType.of(o) for o in a.organisation_level],
                                   answered_at=AnsweredAt(a.answered_at))
        if len(_COUNTERPARTS_WRAPPED) >= 4096:
            _COUNTERPARTS_WRAPPED.clear()
        _COUNTERPARTS_WRAPPED[id(a)] = (a, wrapped)  # the answer is kept with it: its id is not reused meanwhile
        return wrapped


# id(answer) -> (answer, wrapper); bounded, emptied when full (answers of older graph versions go with it).
_COUNTERPARTS_WRAPPED: dict[int, tuple[qc.CounterpartAnswer, CounterpartsType]] = {}


@strawberry.type(name="LokaalTeamContacts")
class LokaalTeamType:
    gemeente_code: strawberry.Private[str]
    case_ref: str | None
    medewerker: ContactType | None
    koppelgenoot: ContactType | None
    others: list[ContactType]
    regionale_contactpersoon: list[ContactType]
    note_message: strawberry.Private[Message]

    @strawberry.field
    def gemeente(self) -> GemeenteType:
        return GemeenteType(key=self.gemeente_code)

    @strawberry.field(description="Whether both LT workers are on record, in the asked language; the same as "
                      "noteExplanation.message")
    def note(self, info: GInfo) -> str:
        return rendered(self.note_message, locale_of(info))

    @strawberry.field(description="Whether both LT workers are on record, as data: lokaal_team.* with its parameters")
    def note_explanation(self) -> MessageType:
        return MessageType.of(self.note_message)

    @staticmethod
    def of(a: qc.LokaalTeamAnswer) -> LokaalTeamType:
        return LokaalTeamType(
            gemeente_code=a.gemeente, case_ref=a.case_ref,
            medewerker=ContactType.of(a.medewerker) if a.medewerker else None,
            koppelgenoot=ContactType.of(a.koppelgenoot) if a.koppelgenoot else None,
            others=_contacts(a.others), regionale_contactpersoon=_contacts(a.regionale_contactpersoon),
            note_message=a.note)


@strawberry.type(name="EscalationStep")
class EscalationStepType:
    step: int
    title_message: strawberry.Private[Message]
    started_by_message: strawberry.Private[Message]
    when_message: strawberry.Private[Message]
    source: str = strawberry.field(description="where the seeds describe the step (document:lines)")
    own_side: list[ContactType]
    counterpart_side: list[ContactType]
    wethouders: list[ContactType]

    @strawberry.field(description="who meet at this step, in the asked language (escalation.step.<n>.title)")
    def title(self, info: GInfo) -> str:
        return rendered(self.title_message, locale_of(info))

    @strawberry.field(description="who starts this step, in the asked language (escalation.step.<n>.by)")
    def started_by(self, info: GInfo) -> str:
        return rendered(self.started_by_message, locale_of(info))

    @strawberry.field(description="when to take this step, in the asked language (escalation.step.<n>.when)")
    def when(self, info: GInfo) -> str:
        return rendered(self.when_message, locale_of(info))


@strawberry.type(name="EscalationTerms", description="Terms of bouwsteen 5 (configuration); bouwsteen 6 gives none.")
class EscalationTermsType:
    clarity_weeks_301: int
    clarity_weeks_315: int
    ret_weeks: int
    final_escalation_weeks: int
    note_message: strawberry.Private[Message]

    @strawberry.field(description="Where these terms come from, in the asked language; the same as "
                      "noteExplanation.message")
    def note(self, info: GInfo) -> str:
        return rendered(self.note_message, locale_of(info))

    @strawberry.field(description="Where these terms come from, as data: escalation.terms with its parameters")
    def note_explanation(self) -> MessageType:
        return MessageType.of(self.note_message)


@strawberry.type(name="EscalationPath")
class EscalationPathType:
    gemeente_code: str
    organisation_type: OrgTypeEnum
    own_organisation_type: OrgTypeEnum | None
    steps: list[EscalationStepType]
    terms: EscalationTermsType
    note_message: strawberry.Private[Message]

    @strawberry.field(description="Whom this path is not for, in the asked language; the same as "
                      "noteExplanation.message")
    def note(self, info: GInfo) -> str:
        return rendered(self.note_message, locale_of(info))

    @strawberry.field(description="Whom this path is not for, as data: escalation.not_for_lt with its parameters")
    def note_explanation(self) -> MessageType:
        return MessageType.of(self.note_message)


@strawberry.type(name="BodyContact", description="A person who runs a body: whom to call about it.")
class BodyContactType:
    person: PersonType
    role: str


@strawberry.type(name="Body", description="A RET, BOEG, Jeugdbeschermingstafel or other body.")
class BodyType(relay.Node):
    key: relay.NodeID[str]
    name: str
    kind: BodyKind | None = strawberry.field(
        description="null when the body records no kind jbnet knows")
    local_name: str | None
    note: str | None
    source: str | None
    inferred: bool
    chairs: list[PersonType]
    covers: list[RegionStepType]
    reason_message: strawberry.Private[Message | None]
    contacts: list[BodyContactType] = strawberry.field(
        description="whoever runs it (projectleider, voorzitter, secretaris, …), most useful first")
    email: str | None
    phone: str | None
    demo: bool

    @strawberry.field(name="key", description="Stable key, e.g. body-ret-…")
    def key_field(self) -> str:
        return self.key

    @strawberry.field(description="why it is the answer, in the asked language; empty when asked for by key")
    def reason(self, info: GInfo) -> str:
        return rendered(self.reason_message, locale_of(info))

    @strawberry.field(description="why it is the answer, as data: body.covers / body.tafel_of; null when asked "
                                  "for by key")
    def explanation(self) -> MessageType | None:
        return MessageType.of(self.reason_message) if self.reason_message else None

    @classmethod
    def resolve_nodes(cls, *, info: GInfo, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        p = info.context.projection
        found = [qn.body_info(p, k) for k in node_ids]
        if required and None in found:
            raise NotFoundError("body", next(k for k, b in zip(node_ids, found, strict=True) if b is None))
        return [BodyType.of(b) for b in found]

    @staticmethod
    def of(b: qn.BodyInfo | None) -> BodyType | None:
        if b is None:
            return None
        return BodyType(key=b.key, name=b.name, kind=body_kind(b.kind), local_name=b.local_name, note=b.note,
                        source=b.source,
                        inferred=b.inferred, chairs=[p for c in b.chairs if (p := PersonType.of(c))],
                        covers=[RegionStepType(code=k, name=n) for k, n in b.covers], reason_message=b.reason,
                        contacts=_body_contacts(b.contacts), email=b.email, phone=b.phone, demo=b.demo)


def _body_contacts(items: tuple[qn.BodyContact, ...]) -> list[BodyContactType]:
    return [BodyContactType(person=p, role=c.role) for c in items if (p := PersonType.of(c.person))]


@strawberry.type(name="RetRegistration", description="How to register a case at the region's RET (step 5B).")
class RetRegistrationType:
    ret: BodyType | None
    contacts: list[BodyContactType]
    registered_by: str = strawberry.field(description="code: jeugdbeschermer_and_zorgaanbieder")
    when: str = strawberry.field(description="code: no_care_after_clarity_term")
    not_for: str = strawberry.field(description="code: lt_unreachable (use the regionale contactpersoon)")
    term_weeks: int
    source: str


@strawberry.type(name="JbtRequest", description="What a verzoek tot bespreking at the Jeugdbeschermingstafel needs.")
class JbtRequestType:
    formats: list[JbtRequestFormat] = strawberry.field(
        description="the tafel's own format, or the one the requester's own region uses (accepted too)")
    own_format: str | None = strawberry.field(description="the tafel's own request format (a document or link), "
                                                          "as on record; null when none is")
    required: list[str] = strawberry.field(description="codes: veiligheidsplan")
    parents_receive_request: bool
    parents_may_bring: str
    source: str


@strawberry.type(name="ResponseNorm")
class ResponseNormType:
    werkdagen: int
    urgent: str = strawberry.field(description="code: immediately")
    status: NormStatus = strawberry.field(
        description="PROPOSED: the seeds propose it; the region decides")
    source: str


@strawberry.type(name="ServiceContacts")
class ServiceContactsType:
    what: str
    contacts: list[ContactType]
    found_via_message: strawberry.Private[Message]

    @strawberry.field(description="How the answer was found, or why there is none, in the asked language.")
    def found_via(self, info: strawberry.Info) -> str:
        return rendered(self.found_via_message, locale_of(info))

    @strawberry.field(description="How the answer was found, as data: service.found.* with its parameters.")
    def found_via_explanation(self) -> MessageType:
        return MessageType.of(self.found_via_message)


def _service(s: qn.ServiceContacts) -> ServiceContactsType:
    return ServiceContactsType(what=s.what, contacts=_contacts(s.contacts), found_via_message=s.found_via)


@strawberry.type(name="RegionServices", description="Aanmeldroute, backoffice, RET, BOEG, JBT, zorgbemiddelaar, …")
class RegionServicesType:
    gemeente_code: strawberry.Private[str]
    jeugdhulpregio_code: strawberry.Private[str | None]
    aanmeldroute: CaseRoute | None = strawberry.field(
        description="ROUTE_301, ROUTE_315 or null when the region states none")
    aanmeldroute_message: strawberry.Private[Message]
    aanmeldroute_provenance: ProvenanceType | None = strawberry.field(
        description="where the route comes from; marker demo/inferred when no source states it")
    backoffice: ServiceContactsType
    zorgbemiddelaar: ServiceContactsType
    aangewezen_functionaris: ServiceContactsType
    regionale_contactpersoon: ServiceContactsType
    ret: BodyType | None
    boeg: BodyType | None
    jeugdbeschermingstafel: BodyType | None
    jbt_max_wait_days: int
    ret_registration: RetRegistrationType | None
    jbt_request: JbtRequestType | None
    zorgbemiddelaar_norm: ResponseNormType | None = strawberry.field(
        description="the zorgbemiddelaar answers within this many werkdagen (immediately when urgent)")

    @strawberry.field
    def gemeente(self) -> GemeenteType:
        return GemeenteType(key=self.gemeente_code)

    @strawberry.field
    def jeugdhulpregio(self) -> JeugdhulpregioType | None:
        return JeugdhulpregioType(key=self.jeugdhulpregio_code) if self.jeugdhulpregio_code else None

    @strawberry.field(description="The route and whether the region chose it, in the asked language; the same as "
                      "aanmeldrouteExplanation.message")
    def aanmeldroute_text(self, info: GInfo) -> str:
        return rendered(self.aanmeldroute_message, locale_of(info))

    @strawberry.field(description="The route and whether the region chose it, as data: aanmeldroute.* with its "
                      "parameters")
    def aanmeldroute_explanation(self) -> MessageType:
        return MessageType.of(self.aanmeldroute_message)

    @strawberry.field(description="Tafels to turn to when the wait at the own tafel exceeds 2 weeks.")
    def neighbouring_tafels(self, info: GInfo) -> list[NeighbourTafelType]:
        if not self.jeugdhulpregio_code:
            return []
        return _neighbours(info, self.jeugdhulpregio_code, None)


def _registration(r: qn.RetRegistration | None) -> RetRegistrationType | None:
    if r is None:
        return None
    return RetRegistrationType(ret=BodyType.of(r.ret), contacts=_body_contacts(r.contacts),
                               registered_by=r.registered_by, when=r.when, not_for=r.not_for,
                               term_weeks=r.term_weeks, source=r.source)


def _jbt_request(j: qn.JbtRequest | None) -> JbtRequestType | None:
    if j is None:
        return None
    return JbtRequestType(formats=[JbtRequestFormat(f) for f in j.formats], own_format=j.own_format,
                          required=list(j.required),
                          parents_receive_request=j.parents_receive_request, parents_may_bring=j.parents_may_bring,
                          source=j.source)


@strawberry.type(name="NeighbourTafel")
class NeighbourTafelType:
    jeugdhulpregio_code: str
    jeugdhulpregio_name: str
    tafel: BodyType
    distance_km: float | None
    reason_message: strawberry.Private[Message]

    @strawberry.field(description="Why it is a neighbour, in the asked language; the same as explanation.message")
    def reason(self, info: GInfo) -> str:
        return rendered(self.reason_message, locale_of(info))

    @strawberry.field(description="Why it is a neighbour, as data: tafel.shares_veiligheidsregio / tafel.nearest "
                      "with its parameters")
    def explanation(self) -> MessageType:
        return MessageType.of(self.reason_message)


def _neighbours(info: GInfo, jz: str, on: dt.date | None) -> list[NeighbourTafelType]:
    with domain_errors():
        found = qn.neighbouring_tafels(info.context.projection, jz, on=_iso(on))
    return [NeighbourTafelType(jeugdhulpregio_code=n.jeugdhulpregio, jeugdhulpregio_name=n.jeugdhulpregio_name,
                               tafel=BodyType.of(n.tafel), distance_km=n.distance_km, reason_message=n.reason)  # type: ignore[arg-type]
            for n in found]


@strawberry.type(name="ResponsibleParty")
class ResponsiblePartyType:
    jeugdhulpregio_code: str
    organisation_key: strawberry.Private[str | None]
    inferred: bool
    note_text: strawberry.Private[str]
    finding: strawberry.Private[Message | None]
    coordinators: list[ContactType]
    update_rhythm_months: int
    rhythm_from_region: bool

    @strawberry.field(description="the note on record with the responsibility; when nobody is responsible, that "
                                  "finding in the asked language")
    def note(self, info: GInfo) -> str:
        return rendered(self.finding, locale_of(info)) if self.finding else self.note_text

    @strawberry.field(description="contactbeheer.no_party when nobody is responsible on record; else null")
    def explanation(self) -> MessageType | None:
        return MessageType.of(self.finding) if self.finding else None

    @strawberry.field
    def organisation(self) -> OrganisationType | None:
        return OrganisationType(key=self.organisation_key) if self.organisation_key else None


@strawberry.type(name="StaleContact")
class StaleContactType:
    contact: ContactType
    rhythm_months: int
    reason_message: strawberry.Private[Message]

    @strawberry.field(description="Why it is stale, in the asked language; the same as explanation.message")
    def reason(self, info: GInfo) -> str:
        return rendered(self.reason_message, locale_of(info))

    @strawberry.field(description="Why it is stale, as data: stale.never_confirmed / stale.older_than with its "
                      "parameters")
    def explanation(self) -> MessageType:
        return MessageType.of(self.reason_message)


@strawberry.type(name="FieldChange")
class FieldChangeType:
    field: str
    before: str | None
    after: str | None


@strawberry.type(name="HistoryEntry", description="One change: who changed what when.")
class HistoryEntryType:
    seq: int
    ts: dt.datetime
    actor: str
    op: str
    key: str
    kind: str
    summary_message: strawberry.Private[Message]
    changes: list[FieldChangeType]

    @strawberry.field(description="what the entry did, in the asked language")
    def summary(self, info: GInfo) -> str:
        return rendered(self.summary_message, locale_of(info))

    @strawberry.field(description="what the entry did, as data: history.* with its parameters")
    def summary_explanation(self) -> MessageType:
        return MessageType.of(self.summary_message)

    @staticmethod
    def of(e: HistoryEntry) -> HistoryEntryType:
        return HistoryEntryType(seq=e.seq, ts=_moment(e.ts), actor=e.actor, op=e.op, key=e.key, kind=e.kind,
                                summary_message=e.summary,
                                changes=[FieldChangeType(field=c.field, before=_text(c.before), after=_text(c.after))
                                         for c in e.changes])


def _moment(value: str) -> dt.datetime:
    """A change-log timestamp (always written with its zone)."""
    found = moment(value)
    if found is None:
        raise ValueError(f"not a timestamp: {value!r}")
    return found


@strawberry.type(name="Report", description="A report that a contact is incorrect, in the responsible party's queue.")
class ReportType:
    id: int
    jeugdhulpregio: str
    subject: str
    subject_kind: EntryKind
    remark: str
    reported_by: str
    reported_at: dt.datetime
    status: ReportStatus
    resolved_by: str | None
    resolution: str | None

    @staticmethod
    def of(r: qf.Report, locale: str) -> ReportType:
        remark = r.remark if isinstance(r.remark, str) else rendered(r.remark, locale)  # a left-answer's code
        return ReportType(id=r.id, jeugdhulpregio=r.jeugdhulpregio, subject=r.subject,
                          subject_kind=EntryKind(r.subject_kind), remark=remark, reported_by=r.reported_by,
                          reported_at=_moment(r.reported_at), status=ReportStatus(r.status),
                          resolved_by=r.resolved_by, resolution=r.resolution)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _code(value: str) -> str:
    return value.strip().upper()


# --------------------------------------------------------------------------- root fields
@strawberry.type
class ContactsQuery:
    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Who is my counterpart? Every organisation of the type serving the gemeente "
                                  "(each at its own most specific level, with primaries and backups by rank), "
                                  "and the regionale contactpersoon when nobody is reachable. With caseRef the "
                                  "organisation holding the case comes first.")
    def counterparts(self, info: GInfo, gemeente: str, organisation_type: OrgTypeEnum,
                     on: dt.date | None = None, case_ref: str | None = None) -> CounterpartsType:
        qh.ensure_current(info.context.projection, _code(gemeente), _iso(on))  # "opgegaan in …" after a herindeling
        with domain_errors():
            a = qc.counterparts(info.context.projection, _code(gemeente), organisation_type, on=_iso(on),
                                rules=_rules(info), case_ref=_code(case_ref) if case_ref else None)
        return CounterpartsType.of(a)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="The LT medewerker and the koppelgenoot for a gemeente or a case, plus the "
                                  "regionale contactpersoon for when the LT is not reached in time.")
    def lokaal_team(self, info: GInfo, gemeente: str | None = None, case_ref: str | None = None,
                    on: dt.date | None = None) -> LokaalTeamType:
        if gemeente:
            qh.ensure_current(info.context.projection, _code(gemeente), _iso(on))
        with domain_errors():
            a = qc.lokaal_team_contacts(info.context.projection, _code(gemeente) if gemeente else None,
                                        _code(case_ref) if case_ref else None, on=_iso(on), rules=_rules(info))
        return LokaalTeamType.of(a)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Bouwsteen 6: gedragswetenschappers → leidinggevenden → bestuurders/wethouders, "
                                  "with the people on both sides.")
    def escalation_path(self, info: GInfo, gemeente: str | None = None,
                        organisation_type: OrgTypeEnum | None = None,
                        own_organisation_type: OrgTypeEnum | None = None,
                        case_ref: str | None = None, on: dt.date | None = None) -> EscalationPathType:
        if gemeente:
            qh.ensure_current(info.context.projection, _code(gemeente), _iso(on))
        with domain_errors():
            e = qc.escalation_path(info.context.projection, _code(gemeente) if gemeente else None, organisation_type,
                                   own_org_type=own_organisation_type, case_ref=_code(case_ref) if case_ref else None,
                                   on=_iso(on), rules=_rules(info))
        return EscalationPathType(
            gemeente_code=e.gemeente, organisation_type=e.organisation_type,
            own_organisation_type=e.own_organisation_type,
            steps=[EscalationStepType(step=s.step, title_message=s.title, started_by_message=s.started_by,
                                      when_message=s.when, source=s.source, own_side=_contacts(s.own_side),
                                      counterpart_side=_contacts(s.counterpart_side),
                                      wethouders=_contacts(s.wethouders)) for s in e.steps],
            terms=EscalationTermsType(clarity_weeks_301=e.terms.clarity_weeks_301,
                                      clarity_weeks_315=e.terms.clarity_weeks_315, ret_weeks=e.terms.ret_weeks,
                                      final_escalation_weeks=e.terms.final_escalation_weeks,
                                      note_message=e.terms.note),
            note_message=e.note)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Aanmeldroute, backoffice of the responsible gemeente, RET, BOEG, "
                                  "Jeugdbeschermingstafel, zorgbemiddelaar and aangewezen functionaris.")
    def region_services(self, info: GInfo, gemeente: str, on: dt.date | None = None) -> RegionServicesType:
        qh.ensure_current(info.context.projection, _code(gemeente), _iso(on))
        with domain_errors():
            s = qn.region_services(info.context.projection, _code(gemeente), on=_iso(on), rules=_rules(info))
        return RegionServicesType(
            gemeente_code=s.gemeente, jeugdhulpregio_code=s.jeugdhulpregio, aanmeldroute=route(s.aanmeldroute),
            aanmeldroute_message=s.aanmeldroute_text,
            aanmeldroute_provenance=ProvenanceType.of(s.aanmeldroute_provenance),
            backoffice=_service(s.backoffice),
            zorgbemiddelaar=_service(s.zorgbemiddelaar), aangewezen_functionaris=_service(s.aangewezen_functionaris),
            regionale_contactpersoon=_service(s.regionale_contactpersoon), ret=BodyType.of(s.ret),
            boeg=BodyType.of(s.boeg), jeugdbeschermingstafel=BodyType.of(s.jbt), jbt_max_wait_days=s.jbt_max_wait_days,
            ret_registration=_registration(s.ret_registration), jbt_request=_jbt_request(s.jbt_request),
            zorgbemiddelaar_norm=ResponseNormType(werkdagen=s.zorgbemiddelaar_norm.werkdagen,
                                                  urgent=s.zorgbemiddelaar_norm.urgent,
                                                  status=NormStatus(s.zorgbemiddelaar_norm.status),
                                                  source=s.zorgbemiddelaar_norm.source)
            if s.zorgbemiddelaar_norm else None)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Neighbouring Jeugdbeschermingstafels (shared veiligheidsregio, nearest first).")
    def neighbouring_tafels(self, info: GInfo, jeugdhulpregio: str, on: dt.date | None = None
                            ) -> list[NeighbourTafelType]:
        return _neighbours(info, _code(jeugdhulpregio), on)

    @strawberry.field(description="Who keeps the region's contacts true, and how often.")
    def responsible_party(self, info: GInfo, jeugdhulpregio: str) -> ResponsiblePartyType:
        with domain_errors():
            r = qf.responsible_party(info.context.projection, _code(jeugdhulpregio), rules=_rules(info))
        show_people = principal_of(info).is_authenticated
        return ResponsiblePartyType(
            jeugdhulpregio_code=r.jeugdhulpregio, organisation_key=r.organisation.key if r.organisation else None,
            inferred=r.inferred, note_text=r.note, finding=r.finding,
            coordinators=_contacts(r.coordinators) if show_people else [],
            update_rhythm_months=r.update_rhythm_months, rhythm_from_region=r.rhythm_from_region)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Contacts of the region past its update rhythm, oldest confirmation first.")
    def stale_contacts(self, info: GInfo, jeugdhulpregio: str, today: dt.date | None = None
                       ) -> list[StaleContactType]:
        with domain_errors():
            found = qf.stale_contacts(info.context.projection, _code(jeugdhulpregio), today=_iso(today),
                                      rules=_rules(info))
        return [StaleContactType(contact=ContactType.of(s.contact), rhythm_months=s.rhythm_months,
                                 reason_message=s.reason)
                for s in found]

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Change log of an entry and its relationships: who changed what when. Readable "
                                  "by admins, the coordinators of a region that keeps the entry, the own contact "
                                  "person of its organisation, and a professional for their own entry.")
    def history(self, info: GInfo, node_id: str, last: int | None = None) -> list[HistoryEntryType]:
        if last is not None and not 1 <= last <= info.context.settings.max_page_size:
            raise MessageError(msg("input.out_of_range", argument="last", min=1,
                                   max=info.context.settings.max_page_size, value=last))
        key = node_id.strip()
        with domain_errors():
            if info.context.projection.node(key) is not None:
                _require_history_reader(info, key)
            entries = q_history(info.context.service, key, limit=last)
        return [HistoryEntryType.of(e) for e in entries]

    @strawberry.field(description="Open reports of incorrect contacts for the region (its coordinators, admins).")
    def report_queue(self, info: GInfo, jeugdhulpregio: str, include_resolved: bool = False) -> list[ReportType]:
        code = _code(jeugdhulpregio)
        with domain_errors():
            qf.responsible_party(info.context.projection, code)  # unknown code → NOT_FOUND first
        require_write_for(info, [code], f"the report queue of {code}")
        return [ReportType.of(r, locale_of(info)) for r in qf.report_queue(info.context.service, code,
                                                          include_resolved=include_resolved)]


def _require_history_reader(info: GInfo, key: str) -> None:
    """Who changed what names colleagues and their work: not for every token (AVG, need to know)."""
    principal = principal_of(info)
    if principal.role is Role.ADMIN or principal.professional_key == key:
        return
    jzs, orgs = maintainers_of(info.context.projection, key)
    if principal.role is Role.COORDINATOR and any(principal.can_write_region(jz) for jz in jzs):
        return
    if principal.organisations and set(orgs) & set(principal.organisations):
        return
    raise forbidden(info, msg("access.history", key=key, regions=tuple(jzs)) if jzs
                    else msg("access.history.no_region", key=key))


def _regions_of_entry(info: GInfo, key: str) -> list[str]:
    p = info.context.projection
    node = p.node(key)
    if node is None:
        raise NotFoundError("entry", key)
    return qf.jeugdhulpregios_of(p, key, str(node["label"]))


@strawberry.type
class ContactsMutation:
    @strawberry.mutation(description="Confirm that a professional, position or organisation is correct "
                                     "(sets lastVerified and verifiedBy; coordinators of its region).")
    def verify_contact(self, info: GInfo, key: str, today: dt.date | None = None) -> list[HistoryEntryType]:
        with domain_errors():
            actor = require_write_for(info, _regions_of_entry(info, key), key)
            qf.verify_contact(info.context.service, key, actor=actor, today=_iso(today))
            entries = q_history(info.context.service, key, limit=1)
        return [HistoryEntryType.of(e) for e in entries]

    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="Report a contact as incorrect; it lands in the responsible party's queue.")
    def report_incorrect_contact(self, info: GInfo, key: str, remark: str) -> list[ReportType]:
        with domain_errors():
            reports = qf.report_incorrect_contact(info.context.service, key.strip(), remark,
                                                  actor=principal_of(info).actor,
                                                  reporter=principal_of(info).professional_key)
        return [ReportType.of(r, locale_of(info)) for r in reports]

    @strawberry.mutation(description="Resolve a report of the region's queue (its coordinators, admins).")
    def resolve_report(self, info: GInfo, jeugdhulpregio: str, report_id: int, resolution: str) -> ReportType:
        code = _code(jeugdhulpregio)
        actor = require_write_for(info, [code], f"the report queue of {code}")
        with domain_errors():
            return ReportType.of(qf.resolve_report(info.context.service, code, report_id, resolution, actor=actor),
                                 locale_of(info))
