"""GraphQL of the meetings area: samenwerkingsbijeenkomsten, invite lists, RSVP, attendance, export links.

Resolvers only call ``graph.queries.meetings`` / ``graph.queries.invites``. Who may do what:
a coordinator of the meeting's jeugdhulpregio (or an admin) plans meetings, sees and freezes invite
lists and gets export links; province-wide meetings (JBT/RET chairs) belong to governance (GVJB
project staff) and admins; a professional sees the meetings they are invited to and answers (RSVP)
for themself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from api.auth import Principal, Role
from api.graphql.context import Context
from api.graphql.errors import message_error
from api.graphql.messages import MessageType, locale_of
from api.graphql.permissions import IsAuthenticated, forbidden, principal_of, sign_in_first
from api.graphql.regions import OrgTypeEnum, SubregioType
from api.graphql.values import day, words_enum
from api.i18n import render
from graph.messages import Message, MessageError, msg
from graph.queries import exports as qe
from graph.queries import invites as qi
from graph.queries import meetings as qm
from graph.schema import OrgType

__all__ = ["MeetingsMutation", "MeetingsQuery", "export_path"]

GInfo = Info[Context, None]


MeetingKind: Any = words_enum("MeetingKind", qm.MEETING_KINDS,
                              "What a meeting is (bouwsteen 2: samenwerkingsbijeenkomst, lokale leergroep, ...).")
MeetingStatus: Any = words_enum("MeetingStatus", qm.MEETING_STATUSES,
                                "Where a meeting stands: planned, invite list frozen, held or cancelled.")
RsvpStatus: Any = words_enum("RsvpStatus", qi.RSVP_STATUSES, "The answer to an invitation.")
InviteePriority: Any = words_enum("InviteePriority", qi.INVITEE_PRIORITIES,
                                  "Why someone is on an invite list: a primary, backup or fallback contact, a chair, "
                                  "or added by hand.")
ChairsBodyKind: Any = words_enum("ChairsBodyKind", qi.CHAIRS_BODY_KINDS,
                                 "Whose chairs a province-wide invite list gathers: the jeugdbeschermingstafels' or "
                                 "the RETs'.")
CoverageStatus: Any = words_enum("CoverageStatus", qi.COVERAGE_STATUSES,
                                 "How a gemeente × organisation type is covered by an invite list: by the primary, "
                                 "only a backup, only the fallback (regionale contactpersoon), or nobody.")
ProgrammeElement: Any = words_enum("ProgrammeElement", qm.PROGRAMME_ELEMENTS,
                                   "What a samenwerkingsbijeenkomst's programme contains (rules 2.15 and 2.17).")
ExportFormat: Any = words_enum("ExportFormat", qe.EXPORT_FORMATS, "A download format (graph.queries.exports).")


def export_path(meeting_key: str, fmt: str) -> str:
    """Where ``api/exports.py`` serves a meeting's export (GET with a Bearer token)."""
    return f"/exports/meetings/{meeting_key}.{fmt}"


def _day(iso: str) -> dt.date:
    """A domain day (ISO text, as stored) as the schema's ``Date``."""
    return dt.date.fromisoformat(iso[:10])


def _on(iso: str | None) -> dt.date | None:
    return _day(iso) if iso else None


def _bad(info: GInfo, exc: MessageError) -> GraphQLError:
    return message_error(exc, locale_of(info))


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a domain function. Its expected input errors (MeetingError, QueryError: ``MessageError``) pass as
    they are; the schema's error extension renders them in the asked language with code and params."""
    return fn(*args, **kwargs)


# ---------------------------------------------------------------------------------------- access
def _signed_in(info: GInfo) -> Principal:
    principal = principal_of(info)
    if not principal.is_authenticated:
        raise sign_in_first(info)
    return principal


# What callers say they tried (``require_manage(..., "record attendance of")``) -> the catalogue's action.
_ACTIONS = {"see": "see", "plan": "plan", "create": "create", "change": "change", "freeze": "freeze",
            "record attendance of": "record_attendance", "set rules for": "set_rules",
            "define subregio's for": "define_subregios"}


def may_manage(principal: Principal, jz: str | None) -> bool:
    """Coordinators of the jeugdhulpregio and admins manage its meetings; governance the province-wide ones."""
    if principal.role is Role.ADMIN:
        return True
    if jz is None:
        return principal.role is Role.GOVERNANCE
    return principal.can_write_region(jz)


def require_manage(info: GInfo, jz: str | None, what: str) -> Principal:
    principal = _signed_in(info)
    if may_manage(principal, jz):
        return principal
    action = _ACTIONS[what]
    if jz is None:
        raise forbidden(info, msg("access.meetings.province", action=action))
    if principal.role is Role.COORDINATOR:
        raise forbidden(info, msg("access.meetings.coordinator", action=action, scope=principal.scope, region=jz))
    role = principal.role.value if principal.role else ""
    raise forbidden(info, msg("access.meetings.role", action=action, role=role, region=jz))


def _meeting_jz(info: GInfo, key: str) -> str | None:
    return qm.meeting_info(info.context.projection, key).jeugdhulpregio


def require_view(info: GInfo, meeting_key: str) -> Principal:
    """Managers see every meeting of their region; a professional only the meetings they are invited to."""
    principal = _signed_in(info)
    jz = _meeting_jz(info, meeting_key)
    if may_manage(principal, jz) or qi.is_invited(info.context.projection, meeting_key, principal.professional_key):
        return principal
    raise forbidden(info, msg("access.meeting.view", meeting=meeting_key, region=jz) if jz
                    else msg("access.meeting.view.province", meeting=meeting_key))


# ---------------------------------------------------------------------------------------- types
@strawberry.type(name="Invitee", description="One invited professional (once, whatever number of gemeenten).")
class InviteeType:
    professional: str
    name: str
    function: str | None
    email: str | None
    phone: str | None
    organisation: str | None
    organisation_name: str | None
    org_types: list[OrgTypeEnum]
    gemeenten: list[str] = strawberry.field(description="The gemeenten (or regions) this person represents.")
    positions: list[str]
    priority: InviteePriority
    hours: float = strawberry.field(description="Planned (or, after the meeting, booked) hours.")
    hours_other: float = strawberry.field(description="Hours in other samenwerkingsbijeenkomsten this year, "
                                                      "planned ones included.")
    hours_planned: float = strawberry.field(description="The part of hoursOther in planned meetings whose invite "
                                                        "list is not frozen yet (marked: planned).")
    over_budget: bool
    proposed_backup: str | None
    status: RsvpStatus | None = strawberry.field(description="RSVP once frozen.")
    attended: bool | None
    reason_messages: strawberry.Private[tuple[Message, ...]]

    @strawberry.field(description="Why this person is invited, in the asked language (several reasons joined "
                                  "by '; '); null for none.")
    def reason(self, info: GInfo) -> str | None:
        return "; ".join(render(m, locale_of(info)) for m in self.reason_messages) or None

    @strawberry.field(description="Why this person is invited, as data: coverage.* or invite.reason.* with "
                                  "parameters, each with its message in the asked language.")
    def reasons(self) -> list[MessageType]:
        return [MessageType.of(m) for m in self.reason_messages]

    @classmethod
    def of(cls, i: qi.Invitee) -> InviteeType:
        return cls(professional=i.professional, name=i.name, function=i.function, email=i.email, phone=i.phone,
                   organisation=i.organisation, organisation_name=i.organisation_name, org_types=list(i.org_types),
                   gemeenten=list(i.gemeenten), positions=list(i.positions), priority=InviteePriority(i.priority),
                   hours=i.hours, hours_other=i.hours_other, hours_planned=i.hours_planned,
                   over_budget=i.over_budget, proposed_backup=i.proposed_backup,
                   status=RsvpStatus(i.status) if i.status else None, attended=i.attended, reason_messages=i.reasons)


@strawberry.type(name="Coverage", description="Composition check of one gemeente × organisation type.")
class CoverageType:
    gemeente: str
    gemeente_name: str
    org_type: OrgTypeEnum
    required: int
    status: CoverageStatus
    professionals: list[str]
    note_message: strawberry.Private[Message | None]
    gap: bool = strawberry.field(description="missing, only the fallback standing in, or a vacancy another "
                                             "organisation papers over: a named gap either way")
    vacant_since: dt.date | None = strawberry.field(description="earliest vacancy behind this slot")

    @strawberry.field(description="The named gap or why a backup/fallback stands in, in the asked language.")
    def note(self, info: GInfo) -> str | None:
        return render(self.note_message, locale_of(info)) if self.note_message else None

    @strawberry.field(description="The note as data: invite.note.* with its parameters.")
    def note_explanation(self) -> MessageType | None:
        return MessageType.of(self.note_message) if self.note_message else None

    @classmethod
    def of(cls, c: qi.Coverage) -> CoverageType:
        return cls(gemeente=c.gemeente, gemeente_name=c.gemeente_name, org_type=c.org_type, required=c.required,
                   status=CoverageStatus(c.status), professionals=list(c.professionals), note_message=c.note, gap=c.gap,
                   vacant_since=day(c.vacant_since))


@strawberry.type(name="InviteList")
class InviteListType:
    meeting: str | None
    region: str | None
    date: dt.date
    frozen: bool
    frozen_on: dt.date | None
    invitees: list[InviteeType]
    coverage: list[CoverageType]
    gap_messages: strawberry.Private[list[Message]]
    over_budget: list[str] = strawberry.field(description="Professionals who would exceed the yearly hours.")
    hours_per_meeting: float
    max_hours_per_year: float
    required_types: list[TypeMinimumType] = strawberry.field(
        description="The organisation types the list must cover and the minimum invitees of each per gemeente "
                    "(the region's rules).")

    @strawberry.field(description='Named gaps in the asked language, e.g. "Renkum: geen contact van GI; functie '
                                  'vacant sinds …".')
    def gaps(self, info: GInfo) -> list[str]:
        return [render(m, locale_of(info)) for m in self.gap_messages]

    @classmethod
    def of(cls, il: qi.InviteList) -> InviteListType:
        return cls(meeting=il.meeting, region=il.region, date=_day(il.date), frozen=il.frozen,
                   frozen_on=_on(il.frozen_on),
                   invitees=[InviteeType.of(i) for i in il.invitees],
                   coverage=[CoverageType.of(c) for c in il.coverage],
                   gap_messages=list(il.gaps), over_budget=[i.professional for i in il.over_budget],
                   hours_per_meeting=il.rules.hours_per_meeting, max_hours_per_year=il.rules.max_hours_per_year,
                   required_types=[TypeMinimumType(org_type=OrgType(t), minimum=n) for t, n in il.rules.types.items()])


@strawberry.type(name="InviteChange")
class InviteChangeType:
    professional: str
    frozen: InviteeType
    now: InviteeType


@strawberry.type(name="InviteDiff", description="The frozen list against the directory of today.")
class InviteDiffType:
    meeting: str
    empty: bool
    added: list[InviteeType]
    removed: list[InviteeType]
    changed: list[InviteChangeType]
    new_gap_messages: strawberry.Private[list[Message]]
    closed_gap_messages: strawberry.Private[list[Message]]

    @strawberry.field(description="Gaps that opened since the list was frozen (asked language).")
    def new_gaps(self, info: GInfo) -> list[str]:
        return [render(m, locale_of(info)) for m in self.new_gap_messages]

    @strawberry.field(description="Gaps that closed since the list was frozen (asked language).")
    def closed_gaps(self, info: GInfo) -> list[str]:
        return [render(m, locale_of(info)) for m in self.closed_gap_messages]


@strawberry.type(name="ExportLink")
class ExportLinkType:
    format: ExportFormat
    url: str = strawberry.field(description="GET with 'Authorization: Bearer <token>'; each download is audited.")


@strawberry.type(name="TypeMinimum", description="An organisation type and the minimum invitees per gemeente.")
class TypeMinimumType:
    org_type: OrgTypeEnum
    minimum: int


@strawberry.input(name="TypeMinimumInput", description="0 removes a type (also one of the four defaults).")
class TypeMinimumInput:
    org_type: OrgTypeEnum
    minimum: int


@strawberry.type(name="InviteRules", description="Composition and hours rules of a region (data, not code).")
class InviteRulesType:
    types: list[TypeMinimumType]
    hours_per_meeting: float
    travel_hours: float
    max_hours_per_year: float
    meetings_per_year: int

    @classmethod
    def of(cls, r: qi.InviteRules) -> InviteRulesType:
        return cls(types=[TypeMinimumType(org_type=OrgType(t), minimum=n) for t, n in r.types.items()],
                   hours_per_meeting=r.hours_per_meeting, travel_hours=r.travel_hours,
                   max_hours_per_year=r.max_hours_per_year, meetings_per_year=r.meetings_per_year)


def _clock(value: str | None) -> dt.time | None:
    """The domain's "HH:MM" as the schema's ``Time``."""
    return dt.time.fromisoformat(value) if value else None


def _hhmm(value: dt.time | None) -> str | None:
    """The schema's ``Time`` as the domain's "HH:MM" (seconds dropped)."""
    return value.strftime("%H:%M") if value is not None else None


@strawberry.type(name="Meeting")
class MeetingType:
    key: str
    title: strawberry.Private[Message]
    kind: MeetingKind
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    place: str | None
    online: bool
    organiser: str | None
    status: MeetingStatus
    region: str | None
    jeugdhulpregio: str | None
    programme: list[ProgrammeElement]
    co_designers: list[str]
    initiative: str | None
    source_meeting: str | None
    frozen_on: dt.date | None

    @classmethod
    def of(cls, m: qm.MeetingInfo) -> MeetingType:
        return cls(key=m.key, title=m.title, kind=MeetingKind(m.kind), date=_day(m.date),
                   start=_clock(m.start), end=_clock(m.end), place=m.place, online=m.online,
                   organiser=m.organiser, status=MeetingStatus(m.status),
                   region=m.region, jeugdhulpregio=m.jeugdhulpregio,
                   programme=[ProgrammeElement(e) for e in m.programme if e in qm.PROGRAMME_ELEMENTS],
                   co_designers=list(m.co_designers), initiative=m.initiative, source_meeting=m.source_meeting,
                   frozen_on=_on(m.frozen_on))

    @strawberry.field(description="What the meeting is called, in the asked language: its given name, else "
                                  "kind, region and date (e.g. Samenwerkingsbijeenkomst Arnhem vr 12 mei 2045).")
    def name(self, info: GInfo) -> str:
        return render(self.title, locale_of(info))

    @strawberry.field(description="Download links of the attendee list (coordinators of the region and admins).")
    def export_links(self, info: GInfo) -> list[ExportLinkType]:
        if not may_manage(principal_of(info), self.jeugdhulpregio):
            return []
        return [ExportLinkType(format=ExportFormat(f), url=export_path(self.key, f)) for f in qe.EXPORT_FORMATS]

    @strawberry.field(description="The invite list: frozen (with RSVP) once frozen, else as the directory gives it.")
    def invite_list(self, info: GInfo) -> InviteListType:
        require_view(info, self.key)
        return InviteListType.of(_call(qi.invite_list, info.context.projection, self.key,
                                       rules=info.context.settings.rules))


@strawberry.type(name="PlanRow")
class PlanRowType:
    subregio: str
    name: str
    gemeenten: list[str]
    meetings: list[MeetingType]
    required: int
    short_by: int
    short: bool


@strawberry.type(name="MeetingPlan", description="Samenwerkingsbijeenkomsten of a year per subregio (rule 2.8).")
class MeetingPlanType:
    year: int
    jeugdhulpregio: str
    required: int
    met: bool
    short_subregios: list[str]
    rows: list[PlanRowType]
    regional_meetings: list[MeetingType]


@strawberry.type(name="Attendance")
class AttendanceType:
    meeting: str
    title: strawberry.Private[Message]
    kind: MeetingKind
    date: dt.date
    status: RsvpStatus
    attended: bool | None
    hours: float
    gemeenten: list[str]

    @strawberry.field(description="What the meeting is called, in the asked language: its given name, else "
                                  "kind, region and date (e.g. Samenwerkingsbijeenkomst Arnhem vr 12 mei 2045).")
    def name(self, info: GInfo) -> str:
        return render(self.title, locale_of(info))


def _plan(plan: qm.MeetingPlan) -> MeetingPlanType:
    return MeetingPlanType(
        year=plan.year, jeugdhulpregio=plan.jeugdhulpregio, required=plan.required, met=plan.met,
        short_subregios=list(plan.short_subregios),
        rows=[PlanRowType(subregio=r.subregio, name=r.name, gemeenten=list(r.gemeenten),
                          meetings=[MeetingType.of(m) for m in r.meetings], required=r.required,
                          short_by=r.short_by, short=r.short) for r in plan.rows],
        regional_meetings=[MeetingType.of(m) for m in plan.regional_meetings])


# ---------------------------------------------------------------------------------------- query
@strawberry.type
class MeetingsQuery:
    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Per subregio the samenwerkingsbijeenkomsten of the year; who falls short.")
    def meeting_plan(self, info: GInfo, year: int, jeugdhulpregio: str) -> MeetingPlanType:
        return _plan(_call(qm.meeting_plan, info.context.projection, year, jeugdhulpregio,
                           info.context.settings.rules))

    @strawberry.field(description="One meeting (its coordinators, admins and invitees).")
    def meeting(self, info: GInfo, key: str) -> MeetingType:
        info_ = _call(qm.meeting_info, info.context.projection, key)
        require_view(info, key)
        return MeetingType.of(info_)

    @strawberry.field(description="Meetings of a subregio or jeugdhulpregio (managers), or my invitations.")
    def meetings(self, info: GInfo, region: str | None = None, year: int | None = None) -> list[MeetingType]:
        principal = _signed_in(info)
        p = info.context.projection
        if region is None:
            if not principal.professional_key:
                raise _bad(info, MessageError(msg("meeting.region_needed")))
            return [MeetingType.of(qm.meeting_info(p, r.meeting))
                    for r in _call(qi.attendance_history, p, principal.professional_key)
                    if year is None or r.date.startswith(str(year))]
        _call(qm.require_meeting_region, p, region)
        require_manage(info, qm.region_jeugdhulpregio(p, region), "see")
        return [MeetingType.of(m) for m in qm.meetings_for(p, region, year=year)]

    @strawberry.field(description="The invite list of a meeting.")
    def invite_list(self, info: GInfo, meeting: str) -> InviteListType:
        _call(qm.meeting_info, info.context.projection, meeting)
        require_view(info, meeting)
        return InviteListType.of(_call(qi.invite_list, info.context.projection, meeting,
                                       rules=info.context.settings.rules))

    @strawberry.field(description="The invite list a samenwerkingsbijeenkomst of a subregio on a date would get.")
    def invite_preview(self, info: GInfo, subregio: str, date: dt.date, online: bool = False) -> InviteListType:
        p = info.context.projection
        _call(qm.require_meeting_region, p, subregio)
        require_manage(info, qm.region_jeugdhulpregio(p, subregio), "plan")
        return InviteListType.of(_call(qi.preview_invite_list, p, subregio, date, online=online,
                                       rules=info.context.settings.rules))

    @strawberry.field(description="Invite lists of all JBT chairs (jeugdbeschermingstafel) or RET chairs (ret).")
    def chairs_invite_list(self, info: GInfo, kind: ChairsBodyKind,
                           provincie: str = "PV25") -> InviteListType:
        require_manage(info, None, "plan")
        return InviteListType.of(_call(qi.chairs_invite_list, info.context.projection, kind.value, provincie=provincie,
                                       rules=info.context.settings.rules))

    @strawberry.field(description="The composition and hours rules in force for a subregio or jeugdhulpregio.")
    def invite_rules(self, info: GInfo, region: str) -> InviteRulesType:
        _signed_in(info)
        p = info.context.projection
        _call(qm.require_meeting_region, p, region)
        return InviteRulesType.of(_call(qi.invite_rules, p, region, info.context.settings.rules))

    @strawberry.field(description="Contactbeheer: download links of the region's contact list per gemeente and "
                                  "per organisation (coordinators of the region and admins).")
    def contact_directory_links(self, info: GInfo, jeugdhulpregio: str) -> list[ExportLinkType]:
        principal = _signed_in(info)
        if not principal.can_write_region(jeugdhulpregio):
            raise forbidden(info, msg("access.export_contacts", region=jeugdhulpregio))
        return [ExportLinkType(format=ExportFormat(f), url=f"/exports/contacts/{jeugdhulpregio}.{f}")
                for f in ("csv", "xlsx")]

    @strawberry.field(description="The frozen invite list against the directory of today.")
    def invite_diff(self, info: GInfo, meeting: str) -> InviteDiffType:
        p = info.context.projection
        require_manage(info, _call(qm.meeting_info, p, meeting).jeugdhulpregio, "see")
        d = _call(qi.invite_diff, p, meeting, rules=info.context.settings.rules)
        return InviteDiffType(
            meeting=d.meeting, empty=d.empty, added=[InviteeType.of(i) for i in d.added],
            removed=[InviteeType.of(i) for i in d.removed],
            changed=[InviteChangeType(professional=a.professional, frozen=InviteeType.of(a), now=InviteeType.of(b))
                     for a, b in d.changed],
            new_gap_messages=list(d.new_gaps), closed_gap_messages=list(d.closed_gaps))

    @strawberry.field(description="Which meetings a professional was invited to and attended (coordinators, "
                                  "admins, or the professional themself).")
    def attendance_history(self, info: GInfo, professional: str) -> list[AttendanceType]:
        principal = _signed_in(info)
        if not (principal.has_role(Role.COORDINATOR) or principal.professional_key == professional):
            raise forbidden(info, msg("access.attendance_history"))
        rows = _call(qi.attendance_history, info.context.projection, professional)
        return [AttendanceType(meeting=r.meeting, title=r.title, kind=MeetingKind(r.kind), date=_day(r.date),
                               status=RsvpStatus(r.status), attended=r.attended, hours=r.hours,
                               gemeenten=list(r.gemeenten)) for r in rows]


# ---------------------------------------------------------------------------------------- mutation
@strawberry.input(description="A new meeting; region = subregio or jeugdhulpregio key (none for province-wide).")
class MeetingInput:
    date: dt.date
    region: str | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    place: str | None = None
    online: bool = False
    organiser: str | None = None
    kind: MeetingKind = MeetingKind.SAMENWERKINGSBIJEENKOMST
    name: str | None = None
    initiative: str | None = None


@strawberry.type
class MeetingsMutation:
    @strawberry.mutation(description="Plan a meeting (coordinator of the region or admin).")
    def create_meeting(self, info: GInfo, input: MeetingInput) -> MeetingType:
        p = info.context.projection
        jz = None
        if input.region is not None:
            _call(qm.require_meeting_region, p, input.region)
            jz = qm.region_jeugdhulpregio(p, input.region)
        principal = require_manage(info, jz, "create")
        key = _call(qm.create_meeting, info.context.service, principal.actor, region=input.region, date=input.date,
                    start=_hhmm(input.start), end=_hhmm(input.end), place=input.place, online=input.online,
                    organiser=input.organiser, kind=input.kind.value, name=input.name, initiative=input.initiative)
        return MeetingType.of(qm.meeting_info(info.context.projection, key))

    @strawberry.mutation(description="Cancel a meeting (it stops counting for the plan and the hours budget).")
    def cancel_meeting(self, info: GInfo, meeting: str) -> MeetingType:
        principal = require_manage(info, _call(qm.meeting_info, info.context.projection, meeting).jeugdhulpregio,
                                   "change")
        qm.update_meeting(info.context.service, principal.actor, meeting, status="cancelled")
        return MeetingType.of(qm.meeting_info(info.context.projection, meeting))

    @strawberry.mutation(description="Freeze the invite list: later directory changes no longer alter it.")
    def freeze_invite_list(self, info: GInfo, meeting: str, use_backups: bool = False,
                           add: list[str] | None = None, remove: list[str] | None = None) -> InviteListType:
        principal = require_manage(info, _call(qm.meeting_info, info.context.projection, meeting).jeugdhulpregio,
                                   "freeze")
        return InviteListType.of(_call(qi.freeze_invite_list, info.context.service, principal.actor, meeting,
                                       use_backups=use_backups, add=add or (), remove=remove or (),
                                       rules=info.context.settings.rules))

    @strawberry.mutation(description="Answer an invitation (the coordinator, or the invited professional themself).")
    def rsvp(self, info: GInfo, meeting: str, professional: str,
             status: RsvpStatus) -> InviteeType:
        principal = _signed_in(info)
        jz = _call(qm.meeting_info, info.context.projection, meeting).jeugdhulpregio
        if not (may_manage(principal, jz) or principal.professional_key == professional):
            raise forbidden(info, msg("access.meeting.answer"))
        return InviteeType.of(_call(qi.rsvp, info.context.service, principal.actor, meeting, professional,
                                    status.value))

    @strawberry.mutation(description="Record attendance and hours booked (coordinator of the region or admin).")
    def record_attendance(self, info: GInfo, meeting: str, professional: str, attended: bool,
                          hours: float | None = None) -> InviteeType:
        principal = require_manage(info, _call(qm.meeting_info, info.context.projection, meeting).jeugdhulpregio,
                                   "record attendance of")
        return InviteeType.of(_call(qi.record_attendance, info.context.service, principal.actor, meeting,
                                    professional, attended, hours))

    @strawberry.mutation(description="Attach programme elements and mark invitees as programme co-designers.")
    def set_programme(self, info: GInfo, meeting: str, elements: list[ProgrammeElement] | None = None,
                      co_designers: list[str] | None = None) -> MeetingType:
        principal = require_manage(info, _call(qm.meeting_info, info.context.projection, meeting).jeugdhulpregio,
                                   "change")
        words = [e.value for e in elements] if elements is not None else None
        return MeetingType.of(_call(qm.set_programme, info.context.service, principal.actor, meeting,
                                    elements=words, co_designers=co_designers))

    @strawberry.mutation(description="Fold the meeting into an existing regional initiative (a meeting or body).")
    def link_initiative(self, info: GInfo, meeting: str, initiative: str) -> MeetingType:
        principal = require_manage(info, _call(qm.meeting_info, info.context.projection, meeting).jeugdhulpregio,
                                   "change")
        _call(qm.link_initiative, info.context.service, principal.actor, meeting, initiative)
        return MeetingType.of(qm.meeting_info(info.context.projection, meeting))

    @strawberry.mutation(description="Set up a lokale leergroep with the same professionals as a meeting.")
    def reuse_for_leergroep(self, info: GInfo, meeting: str, date: dt.date, start: dt.time | None = None,
                            end: dt.time | None = None, place: str | None = None, online: bool = False) -> MeetingType:
        principal = require_manage(info, _call(qm.meeting_info, info.context.projection, meeting).jeugdhulpregio,
                                   "create")
        key = _call(qm.reuse_for_leergroep, info.context.service, principal.actor, meeting, date=date,
                    start=_hhmm(start), end=_hhmm(end), place=place, online=online)
        return MeetingType.of(qm.meeting_info(info.context.projection, key))

    @strawberry.mutation(description="Set the composition/hours rules of a subregio or jeugdhulpregio (merged "
                                     "into what is stored; a subregio overrides its jeugdhulpregio key by key).")
    def set_invite_rules(self, info: GInfo, region: str, types: list[TypeMinimumInput] | None = None,
                         hours_per_meeting: float | None = None, travel_hours: float | None = None,
                         max_hours_per_year: float | None = None,
                         meetings_per_year: int | None = None) -> InviteRulesType:
        p = info.context.projection
        _call(qm.require_meeting_region, p, region)
        principal = require_manage(info, qm.region_jeugdhulpregio(p, region), "set rules for")
        rules = _call(qi.set_invite_rules, info.context.service, principal.actor, region,
                      types=None if types is None else {str(t.org_type): t.minimum for t in types},
                      hours_per_meeting=hours_per_meeting, travel_hours=travel_hours,
                      max_hours_per_year=max_hours_per_year, meetings_per_year=meetings_per_year)
        return InviteRulesType.of(rules)

    @strawberry.mutation(description="Define a subregio or a new version of one: its gemeenten from validFrom "
                                     "(ended memberships are closed, not deleted).")
    def define_subregio(self, info: GInfo, jeugdhulpregio: str, gemeenten: list[str], valid_from: dt.date,
                        key: str | None = None, name: str | None = None,
                        agreed_on: dt.date | None = None) -> SubregioType:
        principal = require_manage(info, jeugdhulpregio, "define subregio's for")
        return SubregioType(key=_call(qm.define_subregio, info.context.service, principal.actor,
                                      jeugdhulpregio=jeugdhulpregio, gemeenten=gemeenten, valid_from=valid_from,
                                      key=key, name=name, agreed_on=agreed_on))
