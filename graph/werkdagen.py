"""Dutch werkdagen: the deadlines of the aanmeldroutes (3 werkdagen on 301, 5 on 315) skip weekends and holidays.

Which days are holidays follows the ``holidays`` library's NL calendar, aligned with the Algemene
termijnenwet (art. 3), the law Dutch deadlines are counted by: Goede Vrijdag is not a day off there,
and 5 mei (Bevrijdingsdag) is one every year, not only every fifth year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import holidays

from graph.messages import Message, msg

__all__ = ["SkippedDay", "WerkdagenResult", "add_werkdagen", "count_werkdagen", "feestdagen", "is_werkdag",
           "roll_to_werkdag"]

_NOT_IN_TERMIJNENWET = ("Goede vrijdag",)


@cache
def feestdagen(year: int) -> dict[dt.date, str]:
    """The Dutch public holidays of one year that stop the counting of werkdagen (date → Dutch name)."""
    days = {d: name for d, name in holidays.country_holidays("NL", years=year, language="nl").items()
            if name not in _NOT_IN_TERMIJNENWET}
    days[dt.date(year, 5, 5)] = "Bevrijdingsdag"
    return days


def _holiday(day: dt.date) -> str | None:
    return feestdagen(day.year).get(day)


def is_werkdag(day: dt.date) -> bool:
    return day.weekday() < 5 and _holiday(day) is None


@dataclass(frozen=True)
class SkippedDay:
    day: dt.date
    reason: str  # "weekend" or the holiday's Dutch name


@dataclass(frozen=True)
class WerkdagenResult:
    start: dt.date
    werkdagen: int
    due: dt.date
    skipped_holidays: tuple[SkippedDay, ...]

    @property
    def explanation(self) -> Message:
        """How the date was counted: case.basis.werkdagen (+ the holidays not counted)."""
        if not self.skipped_holidays:
            return msg("case.basis.werkdagen", n=self.werkdagen, start=self.start, due=self.due)
        return msg("case.basis.werkdagen_skipped", n=self.werkdagen, start=self.start, due=self.due,
                   skipped=tuple(msg("case.basis.holiday", name=s.reason, day=s.day) for s in self.skipped_holidays))


def count_werkdagen(start: dt.date, n: int) -> WerkdagenResult:
    """The date ``n`` werkdagen after ``start`` (the start day itself is not counted), with the holidays skipped."""
    if n < 0:
        raise ValueError(f"werkdagen must be 0 or more, got {n}")
    day, left, skipped = start, n, []
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        name = _holiday(day)
        if name is not None:
            skipped.append(SkippedDay(day, name))
            continue
        left -= 1
    return WerkdagenResult(start, n, day, tuple(skipped))


def add_werkdagen(start: dt.date, n: int) -> dt.date:
    """``start`` + ``n`` Dutch werkdagen (weekends and public holidays excluded)."""
    return count_werkdagen(start, n).due


def roll_to_werkdag(day: dt.date) -> tuple[dt.date, tuple[SkippedDay, ...]]:
    """``day`` itself when it is a werkdag, else the next werkdag, with the days passed over.

    A term in weeks that ends on a Saturday, Sunday or public holiday ends on the next werkdag
    (Algemene termijnenwet art. 1)."""
    skipped: list[SkippedDay] = []
    while not is_werkdag(day):
        skipped.append(SkippedDay(day, _holiday(day) or "weekend"))
        day += dt.timedelta(days=1)
    return day, tuple(skipped)
