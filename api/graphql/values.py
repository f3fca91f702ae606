"""Domain values (ISO text, level labels, status words) as the schema's typed values.

The domain keeps days as ISO text (``2026-03-31``) and change-log moments as ISO timestamps with a
zone; the schema answers them as ``Date`` and ``DateTime``. A stored value that is not a day (an old
``"unknown"``) is not a day to a client either: it answers null ("not recorded").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

from api.graphql.inputs import InputValueError
from graph.messages import msg
from graph.queries.cases import ROUTES
from graph.queries.contacts import ANSWERED_AT, PROVENANCE_MARKERS
from graph.queries.freshness import ENTRY_KINDS, REPORT_STATUSES
from graph.schema import BODY_KINDS, CERTAINTIES, POSITION_ROLES, REGION_LABELS

__all__ = ["SCALAR_MAP", "YEAR_MONTH", "AnsweredAt", "BodyKind", "CaseRoute", "Certainty", "EntryKind",
           "PositionRole", "ProvenanceMarker", "RegionLevel", "ReportStatus", "YearMonth", "body_kind", "certainty",
           "day", "iso", "moment", "month", "position_role", "route", "words_enum"]


def words_enum(name: str, words: Iterable[str], description: str, prefix: str = "") -> Any:
    """A schema enum over the domain's own list of words (kept in one place there): ``dry-run`` -> DRY_RUN;
    ``prefix`` makes a name of a word that starts with a digit (``301`` -> ROUTE_301). Declare it
    ``Name: Any = words_enum(…)``: mypy then takes the name as a type (Any) in its own module too."""
    members = {prefix + w.upper().replace("-", "_"): w for w in words}
    return strawberry.enum(StrEnum(name, members), name=name, description=description)  # type: ignore[call-overload]


def day(value: str | None) -> dt.date | None:
    """The calendar day of an ISO text (a timestamp gives its day); None when there is none."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


YearMonth = NewType("YearMonth", str)
"""A calendar month as the domain keeps it (``2021-10``); the schema's ``YearMonth`` (``SCALAR_MAP``)."""


def month(value: str | None) -> YearMonth | None:
    """The ``YYYY-MM`` of a stored month (``2021-10``); None when it is not one (not recorded as a month)."""
    if not value or len(value) != 7 or value[4] != "-":
        return None
    try:
        dt.date(int(value[:4]), int(value[5:]), 1)
    except ValueError:
        return None
    return YearMonth(value)


def _read_month(value: object) -> YearMonth:
    found = month(value) if isinstance(value, str) else None
    if found is None:
        raise InputValueError(msg("input.not_a_month", value=value if isinstance(value, str) else repr(value)))
    return found


YEAR_MONTH = strawberry.scalar(
    name="YearMonth",
    description="A calendar month as ISO 8601 YYYY-MM, e.g. 2021-10: a month the sources name without a day "
                "(an evaluation expected in October 2021), so no day is invented.",
    serialize=str, parse_value=_read_month)

SCALAR_MAP: dict[object, ScalarDefinition] = {YearMonth: YEAR_MONTH}
"""The schema's own scalars by their Python type (``StrawberryConfig.scalar_map``)."""


def moment(value: str | None) -> dt.datetime | None:
    """An ISO timestamp as an aware datetime (a zone-less one is taken as UTC); None when there is none."""
    if not value:
        return None
    try:
        found = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=dt.UTC)


def iso(value: dt.date | None) -> str | None:
    """A schema ``Date`` argument as the domain's ISO text."""
    return value.isoformat() if value else None


RegionLevel = words_enum("RegionLevel", (level.value for level in REGION_LABELS),
                         "The level of a region: the most specific first.")


CaseRoute = words_enum("CaseRoute", ROUTES, "An aanmeldroute (of a case, a region): route 301 is ROUTE_301.",
                       prefix="ROUTE_")


def route(value: object) -> Any:
    """A stored aanmeldroute as the schema's enum; None when it is none of the routes (not recorded)."""
    return CaseRoute(value) if value in ROUTES else None


BodyKind = words_enum("BodyKind", BODY_KINDS, "What a body is: a toekomsttuin and its stuurgroep, projectgroep and "
                      "kerngroep, a Jeugdbeschermingstafel, a RET, the BOEG, a leergroep, a werkgroep, ...")


def body_kind(value: object) -> Any:
    """A stored body kind as the schema's enum; None when the body records none jbnet knows (not recorded)."""
    return BodyKind(value) if value in BODY_KINDS else None


Certainty = words_enum("Certainty", CERTAINTIES,
                       "How sure the source is of an entry: zeker, waarschijnlijk or onzeker.")


def certainty(value: object) -> Any:
    """A stored certainty as the schema's enum; None when the entry states none jbnet knows (not recorded)."""
    return Certainty(value) if value in CERTAINTIES else None


PositionRole = words_enum("PositionRole", POSITION_ROLES,
                          "What a position is: LT_MEDEWERKER, JEUGDBESCHERMER, REGIONALE_CONTACTPERSOON, "
                          "GEDRAGSWETENSCHAPPER, VOORZITTER, ... (the workbook's posities.rol).")


def position_role(value: object) -> Any:
    """A stored position role as the schema's enum; None when the position records none jbnet knows."""
    return PositionRole(value) if value in POSITION_ROLES else None


AnsweredAt = words_enum("AnsweredAt", ANSWERED_AT, "Who answers a counterpart question.")
ReportStatus = words_enum("ReportStatus", REPORT_STATUSES, "Where a report of an incorrect contact stands.")
EntryKind = words_enum("EntryKind", ENTRY_KINDS, "What a contact entry is (what can be confirmed or reported).")
ProvenanceMarker = words_enum("ProvenanceMarker", PROVENANCE_MARKERS,
                              "How an answer is marked when no source states it: DEMO (invented for the demo) or "
                              "INFERRED (an assumption).")
