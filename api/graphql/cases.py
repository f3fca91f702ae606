"""GraphQL of case deadlines: who must contact whom by when on routes 301/315, and what is overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.types import Info

from api.graphql.contacts import LokaalTeamType, PersonType, domain_errors
from api.graphql.context import Context
from api.graphql.messages import MessageType, locale_of
from api.graphql.permissions import IsAuthenticated
from api.graphql.regions import GemeenteType
from api.graphql.relay import Connection, paginate
from api.graphql.values import CaseRoute, day, words_enum
from api.i18n import render
from graph.messages import Message
from graph.queries import cases as q

__all__ = ["CaseDeadlinesType", "CasesQuery", "DeadlineType"]

GInfo = Info[Context, None]


CaseStep: Any = words_enum("CaseStep", q.STEPS, "A step of the aanmeldroute's terms: step 1 is STEP_1, the clarity "
                           "term STEP_2_4 (route 301) or STEP_2_3 (route 315), step 5A STEP_5A.", prefix="STEP_")
CaseStatus: Any = words_enum("CaseStatus", q.CASE_STATUSES, "Whether a case is still running.")
TermUnit: Any = words_enum("TermUnit", q.TERM_UNITS, "What a term is counted in.")
TermStart: Any = words_enum("TermStart", q.TERM_STARTS,
                            "What a term is counted from: the case's opening or an earlier step.")


def _day(value: str) -> dt.date:
    """A day the domain always computes (a term's dates, a case's opening)."""
    found = day(value)
    if found is None:
        raise ValueError(f"not a day: {value!r}")
    return found


@strawberry.type(name="Deadline", description="A term of the aanmeldroute, counted in werkdagen or weeks.")
class DeadlineType:
    step: CaseStep
    who_message: strawberry.Private[Message]
    whom_message: strawberry.Private[Message]
    action_message: strawberry.Private[Message]
    due: dt.date
    basis_message: strawberry.Private[Message]
    overdue: bool
    done: bool
    source: str
    term: int
    unit: TermUnit
    counted_from: dt.date = strawberry.field(description="the date the term starts after")
    after: TermStart = strawberry.field(description="what countedFrom is")
    rolled_from: dt.date | None = strawberry.field(
        description="a term in weeks ended on a Saturday, Sunday or public holiday: that date; due is the next "
                    "werkdag")
    rolled: bool = strawberry.field(description="the due date was moved to the next werkdag")

    @strawberry.field(description="Who acts, in the asked language.")
    def who(self, info: GInfo) -> str:
        return render(self.who_message, locale_of(info))

    @strawberry.field(description="Whom they reach, in the asked language.")
    def whom(self, info: GInfo) -> str:
        return render(self.whom_message, locale_of(info))

    @strawberry.field(description="What is to be done, in the asked language.")
    def action(self, info: GInfo) -> str:
        return render(self.action_message, locale_of(info))

    @strawberry.field(description="How the date was counted, incl. the holidays not counted (asked language).")
    def basis(self, info: GInfo) -> str:
        return render(self.basis_message, locale_of(info))

    @strawberry.field(description="How the date was counted as data: case.basis.* with its parameters.")
    def basis_explanation(self) -> MessageType:
        return MessageType.of(self.basis_message)


@strawberry.type(name="Case", description="A pseudonymous case (JB-XXXX-XXXX): route, terms and the people.")
class CaseDeadlinesType:
    ref: str
    route: CaseRoute
    status: CaseStatus
    opened: dt.date
    current_step: int | None
    gemeente_code: strawberry.Private[str]
    jeugdbeschermers: list[PersonType]
    lokaal_team: LokaalTeamType
    deadlines: list[DeadlineType]
    overdue: bool
    today: dt.date = strawberry.field(description="the day the terms were judged on")

    @strawberry.field
    def gemeente(self) -> GemeenteType:
        return GemeenteType(key=self.gemeente_code)

    @staticmethod
    def of(c: q.CaseDeadlines) -> CaseDeadlinesType:
        return CaseDeadlinesType(
            ref=c.ref, route=CaseRoute(c.route), status=CaseStatus(c.status), opened=_day(c.opened),
            current_step=c.current_step,
            gemeente_code=c.gemeente, jeugdbeschermers=[p for j in c.jeugdbeschermers if (p := PersonType.of(j))],
            lokaal_team=LokaalTeamType.of(c.lokaal_team),
            deadlines=[DeadlineType(step=CaseStep(d.step), who_message=d.who, whom_message=d.whom,
                                    action_message=d.action,
                                    due=_day(d.due), basis_message=d.basis, overdue=d.overdue, done=d.done,
                                    source=d.source, term=d.term, unit=TermUnit(d.unit),
                                    counted_from=_day(d.counted_from), after=TermStart(d.after),
                                    rolled_from=day(d.rolled_from),
                                    rolled=d.rolled_from is not None) for d in c.deadlines],
            overdue=c.overdue, today=_day(c.today))


@strawberry.type
class CasesQuery:
    @strawberry.field(name="case", permission_classes=[IsAuthenticated],
                      description="Route 301 (3 werkdagen) / 315 (5 werkdagen): who contacts whom by when; "
                                  "Dutch public holidays are not counted.")
    def case_(self, info: GInfo, ref: str, today: dt.date | None = None) -> CaseDeadlinesType:
        with domain_errors():
            c = q.case_deadlines(info.context.projection, ref.strip().upper(),
                                 today=today.isoformat() if today else None, rules=info.context.settings.rules)
        return CaseDeadlinesType.of(c)

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Open cases of the region with an overdue term, most overdue first.")
    def overdue_cases(self, info: GInfo, jeugdhulpregio: str, today: dt.date | None = None,
                      first: int | None = None, after: str | None = None) -> Connection[CaseDeadlinesType]:
        with domain_errors():
            found = q.overdue_cases(info.context.projection, jeugdhulpregio.strip().upper(),
                                    today=today.isoformat() if today else None, rules=info.context.settings.rules)
        by_ref = {c.ref: c for c in found}
        return paginate([c.ref for c in found], first=first, after=after, sorted_keys=False,
                        max_page_size=info.context.settings.max_page_size,
                        to_node=lambda ref: CaseDeadlinesType.of(by_ref[ref]))
