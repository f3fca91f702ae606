"""Werkdagen with Dutch holidays, and case deadlines of routes 301/315 with overdue flags."""

from __future__ import annotations

import datetime as dt

import pytest

from api.i18n import render
from graph.messages import msg
from graph.projection import Projection
from graph.queries.cases import case_deadlines, overdue_cases
from graph.queries.index import QueryError
from graph.werkdagen import add_werkdagen, count_werkdagen, is_werkdag


def test_werkdagen_skip_weekend_koningsdag_and_christmas() -> None:
    assert add_werkdagen(dt.date(2026, 4, 24), 3) == dt.date(2026, 4, 30)  # Fri; Mon 27 April is Koningsdag
    assert add_werkdagen(dt.date(2026, 4, 17), 3) == dt.date(2026, 4, 22)  # an ordinary week for comparison
    assert add_werkdagen(dt.date(2026, 12, 23), 5) == dt.date(2026, 12, 31)
    assert add_werkdagen(dt.date(2026, 12, 30), 2) == dt.date(2027, 1, 4)  # Nieuwjaarsdag, weekend
    assert add_werkdagen(dt.date(2026, 4, 2), 1) == dt.date(2026, 4, 3)  # Goede Vrijdag is a werkdag (termijnenwet)
    assert not is_werkdag(dt.date(2026, 5, 5))  # Bevrijdingsdag counts every year
    result = count_werkdagen(dt.date(2026, 4, 24), 3)
    assert result.explanation.code == "case.basis.werkdagen_skipped"
    koningsdag = msg("case.basis.holiday", name="Koningsdag", day=dt.date(2026, 4, 27))
    assert result.explanation.args["skipped"] == (koningsdag,)
    with pytest.raises(ValueError):
        add_werkdagen(dt.date(2026, 1, 1), -1)


def test_route_301_deadline_before_koningsdag_and_overdue(p: Projection) -> None:
    c = case_deadlines(p, "JB-7KQ2-M4PX", today="2026-04-30")
    first = c.deadlines[0]
    assert (c.route, first.step, first.due) == ("301", "1", "2026-04-30")
    assert first.who == msg("case.party.people", names="Karin de Boer")
    assert first.whom == msg("case.party.lt", names="Pieter Janssen / Fatima el Amrani")
    assert not first.overdue and not c.overdue
    later = case_deadlines(p, "JB-7KQ2-M4PX", today="2026-05-01")
    assert later.deadlines[0].overdue
    due = {d.step: d.due for d in later.deadlines}
    assert [due[s] for s in ("1", "2-4", "5B", "6")] == ["2026-04-30", "2026-05-15", "2026-05-29", "2026-06-05"]
    # step 3: 5 werkdagen after step 1, Bevrijdingsdag (5 mei) not counted
    assert due["3"] == "2026-05-08" and "Bevrijdingsdag" in render(later.deadlines[2].basis)


def test_route_315_over_christmas(p: Projection) -> None:
    c = case_deadlines(p, "JB-9RTW-3HNC", today="2026-12-31")
    assert c.deadlines[0].due == "2026-12-31" and "Eerste kerstdag" in render(c.deadlines[0].basis)
    assert {d.step: d.due for d in c.deadlines}["2-3"] == "2027-01-06"  # clarity 2 weeks on route 315
    assert c.deadlines[0].whom.code == "case.party.and_zorgaanbieder"


def test_overdue_cases_per_region(p: Projection) -> None:
    assert [c.ref for c in overdue_cases(p, "JZ21", today="2026-05-01")] == ["JB-7KQ2-M4PX"]
    assert overdue_cases(p, "JZ21", today="2026-04-28") == []
    assert overdue_cases(p, "JZ28", today="2026-05-01") == []  # the 315 case opens in December
    with pytest.raises(QueryError):
        overdue_cases(p, "JZ99")
