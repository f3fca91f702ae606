"""Domain values (ISO text, level labels, status words) as the schema's typed values.

The domain keeps days as ISO text (``2026-03-31``) and change-log moments as ISO timestamps with a
zone; the schema answers them as ``Date`` and ``DateTime``. A stored value that is not a day (an old
``"unknown"``) is not a day to a client either: it answers null ("not recorded").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import strawberry

from graph.queries.contacts import ANSWERED_AT
from graph.queries.freshness import ENTRY_KINDS, REPORT_STATUSES
from graph.schema import REGION_LABELS

__all__ = ["AnsweredAt", "EntryKind", "RegionLevel", "ReportStatus", "day", "iso", "moment", "words_enum"]


def words_enum(name: str, words: Iterable[str], description: str, prefix: str = "") -> Any:
    """A schema enum over the domain's own list of words (kept in one place there): ``dry-run`` -> DRY_RUN;
    ``prefix`` makes a name of a word that starts with a digit (``301`` -> ROUTE_301)."""
    members = {prefix + w.upper().replace("-", "_"): w for w in words}
    return strawberry.enum(StrEnum(name, members), name=name, description=description)  # type: ignore[misc]


def day(value: str | None) -> dt.date | None:
    """The calendar day of an ISO text (a timestamp gives its day); None when there is none."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


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


AnsweredAt = words_enum("AnsweredAt", ANSWERED_AT, "Who answers a counterpart question.")
ReportStatus = words_enum("ReportStatus", REPORT_STATUSES, "Where a report of an incorrect contact stands.")
EntryKind = words_enum("EntryKind", ENTRY_KINDS, "What a contact entry is (what can be confirmed or reported).")
