"""GraphQL of turnover: successors, leavers, bulk reassign (one transaction), vacancies per region.

Every node a write touches (``turnover.touched_by``: the position, the incoming professional, every
moved position) needs a coordinator of EVERY jeugdhulpregio that keeps it, or its organisation's own
contact person, or an admin: a coordinator of JZ28 cannot change who answers for JZ21, nor give a
JZ21 professional a position (and so a WORKS_AT) in JZ28.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.types import Info

from api.graphql.contacts import PositionRefType, PriorityEnum, domain_errors, require_write_for
from api.graphql.context import Context
from api.graphql.permissions import IsAuthenticated
from api.graphql.regions import OrganisationType
from api.graphql.values import day, words_enum
from graph.queries import turnover as q
from graph.queries.access import maintainers_of
from graph.queries.index import require
from graph.schema import Label, Priority

__all__ = ["TurnoverMutation", "TurnoverQuery", "TurnoverResultType", "VacancyType"]

GInfo = Info[Context, None]

TurnoverAction: Any = words_enum("TurnoverAction", q.ACTIONS,
                                 "Which turnover write: a successor assigned, a professional marked inactive, or all "
                                 "of one professional's positions handed to another.")


@strawberry.type(name="TurnoverResult", description="What one turnover write changed (one transaction).")
class TurnoverResultType:
    action: TurnoverAction
    on: dt.date
    changes: int
    closed: list[str]
    created: list[str]
    vacated: list[str]
    filled: list[str]

    @staticmethod
    def of(r: q.TurnoverResult) -> TurnoverResultType:
        return TurnoverResultType(action=TurnoverAction(r.action), on=dt.date.fromisoformat(r.on), changes=r.changes,
                                  closed=list(r.closed), created=list(r.created), vacated=list(r.vacated),
                                  filled=list(r.filled))


@strawberry.type(name="Vacancy")
class VacancyType:
    position: PositionRefType
    organisation_key: strawberry.Private[str | None]
    vacant_since: dt.date | None
    covers: list[str]

    @strawberry.field
    def organisation(self) -> OrganisationType | None:
        return OrganisationType(key=self.organisation_key) if self.organisation_key else None


def _day(on: dt.date | None) -> str:
    return (on or dt.date.today()).isoformat()


def require_write_each(info: GInfo, keys: tuple[str, ...]) -> str:
    """The actor, if the principal may change every one of ``keys``; else FORBIDDEN naming the first refused."""
    p = info.context.projection
    actor = ""
    for key in keys:
        jzs, orgs = maintainers_of(p, key)
        actor = require_write_for(info, jzs, key, orgs)
    return actor


@strawberry.type
class TurnoverQuery:
    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Positions without an active holder covering the region or a region inside it.")
    def vacancies(self, info: GInfo, region: str, on: dt.date | None = None) -> list[VacancyType]:
        with domain_errors():
            found = q.vacancies(info.context.projection, region.strip().upper(), on=on.isoformat() if on else None)
        return [VacancyType(position=PositionRefType.of(v.position),
                            organisation_key=v.organisation.key if v.organisation else None,
                            vacant_since=day(v.vacant_since), covers=list(v.covers)) for v in found]


@strawberry.type
class TurnoverMutation:
    @strawberry.mutation(description="A professional takes over a position (priority/rank slot) from a date.")
    def assign_successor(self, info: GInfo, position: str, professional: str, on: dt.date | None = None,
                         priority: PriorityEnum = Priority.PRIMARY,
                         rank: int = 1) -> TurnoverResultType:
        with domain_errors():
            require(info.context.projection, position, Label.POSITION)
            require(info.context.projection, professional, Label.PROFESSIONAL)
            actor = require_write_each(info, q.touched_by(info.context.projection, "assign_successor",
                                                          position=position, professional=professional))
            return TurnoverResultType.of(q.assign_successor(info.context.service, position, professional, actor=actor,
                                                            on=_day(on), priority=priority, rank=rank))

    @strawberry.mutation(description="A professional left: roles closed, marked inactive (never deleted); "
                                     "positions left without a holder become vacant.")
    def mark_inactive(self, info: GInfo, professional: str, on: dt.date | None = None) -> TurnoverResultType:
        with domain_errors():
            require(info.context.projection, professional, Label.PROFESSIONAL)
            actor = require_write_each(info, q.touched_by(info.context.projection, "mark_inactive",
                                                          professional=professional, on=_day(on)))
            return TurnoverResultType.of(q.mark_inactive(info.context.service, professional, actor=actor, on=_day(on)))

    @strawberry.mutation(description="Move all positions of one professional to another in one transaction.")
    def bulk_reassign(self, info: GInfo, from_professional: str, to_professional: str,
                      on: dt.date | None = None) -> TurnoverResultType:
        with domain_errors():
            p = info.context.projection
            require(p, from_professional, Label.PROFESSIONAL)
            require(p, to_professional, Label.PROFESSIONAL)
            actor = require_write_each(info, q.touched_by(p, "bulk_reassign", professional=from_professional,
                                                          to_professional=to_professional, on=_day(on)))
            return TurnoverResultType.of(q.bulk_reassign(info.context.service, from_professional, to_professional,
                                                         actor=actor, on=_day(on)))
