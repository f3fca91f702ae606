"""Case deadlines of the aanmeldroutes (bouwsteen 5): who must contact whom by when, and what is overdue.

Every step of DOMAIN §3.5 is listed: 1, 2, 3, 4, the clarity term (2-4 on route 301, 2-3 on 315),
5A, 5B and 6. Terms in werkdagen skip weekends and Dutch public holidays (``graph.werkdagen``); terms
in weeks are calendar weeks, and one that ends on a Saturday, Sunday or public holiday ends on the next
werkdag (Algemene termijnenwet), flagged with ``rolled_from``. The case records only its ``opened``
date: step 1 and the clarity term count from it; each later step counts from the due date of the step
it follows (the latest moment that step may be done).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph.messages import Message, msg
from graph.projection import Projection
from graph.queries.contacts import Contact, LokaalTeamAnswer, PersonRef, lokaal_team_contacts
from graph.queries.index import QueryError, active_professional, contact_index, require, today_iso
from graph.schema import Label, RelType
from graph.settings import DomainRules
from graph.werkdagen import count_werkdagen, roll_to_werkdag

__all__ = ["CASE_STATUSES", "ROUTES", "STEPS", "TERM_STARTS", "TERM_UNITS", "CaseDeadlines", "Deadline",
           "case_deadlines", "overdue_cases"]

# The aanmeldroutes a case can follow (DOMAIN §3.5), and every step of their terms in the order listed:
# 2-4 is route 301's clarity term, 2-3 route 315's.
ROUTES = ("301", "315")
STEPS = ("1", "2", "3", "4", "2-4", "2-3", "5A", "5B", "6")
# Whether a case is still running.
CASE_STATUSES = ("open", "closed")
# What a term is counted in: werkdagen (no weekends, no Dutch public holidays) or calendar weeks.
TERM_UNITS = ("werkdagen", "weeks")
# What a term is counted from: the case's opening, or the due date of step 1, step 3, the clarity term, the RET.
TERM_STARTS = ("opened", "step_1", "step_3", "clarity", "ret")

_DEFAULT_RULES = DomainRules()


@dataclass(frozen=True)
class Deadline:
    step: str  # one of STEPS, e.g. "1", "2-4", "5B", "6"
    who: Message  # case.party.*
    whom: Message
    action: Message  # case.action.<route>.<step>
    due: str  # ISO date
    basis: Message  # how the date was counted, incl. skipped holidays and rolling (case.basis.*)
    overdue: bool
    done: bool
    source: str
    # The counting as codes + parameters, for pages and mails to word in their own language:
    term: int = 0
    unit: str = "werkdagen"  # one of TERM_UNITS
    counted_from: str = ""  # ISO date the term starts after
    after: str = "opened"  # one of TERM_STARTS: what ``counted_from`` is
    not_counted: tuple[tuple[str, str], ...] = ()  # (ISO date, holiday name) skipped inside a werkdagen term
    rolled_from: str | None = None  # a week-based term ended on a non-werkdag: the date before rolling
    rolled_over: tuple[tuple[str, str], ...] = ()  # (ISO date, "weekend" or holiday name) passed over


@dataclass(frozen=True)
class CaseDeadlines:
    ref: str
    route: str
    status: str  # one of CASE_STATUSES
    opened: str
    current_step: int | None
    gemeente: str
    gemeente_name: str
    jeugdbeschermers: tuple[PersonRef, ...]
    lokaal_team: LokaalTeamAnswer
    deadlines: tuple[Deadline, ...]
    today: str

    @property
    def overdue(self) -> bool:
        return any(d.overdue for d in self.deadlines)


def _people(names: list[str], nobody: Message) -> Message:
    """The people of one side ("A / B": either of them), or ``nobody`` when none is on record."""
    return msg("case.party.people", names=" / ".join(names)) if names else nobody


def _names(contacts: tuple[Contact | None, ...]) -> list[str]:
    return [c.professional.name for c in contacts if c and c.professional]


def _step_number(step: str) -> int:
    digits = "".join(ch for ch in step.split("-")[-1] if ch.isdigit())
    return int(digits) if digits else 0


def case_deadlines(p: Projection, case_ref: str, *, today: str | None = None,
                   rules: DomainRules = _DEFAULT_RULES, on: str | None = None) -> CaseDeadlines:
    """The route's terms for one case with the people involved and ``overdue`` flags as of ``today``."""
    case = require(p, case_ref, Label.CASE)
    now = today or today_iso()
    day = on or now
    route = str(case.get("route") or "")
    if route not in ROUTES:
        raise QueryError(msg("case.no_route", case=case_ref, route=route))
    opened_s = case.get("opened")
    if not opened_s:
        raise QueryError(msg("case.no_opened", case=case_ref))
    opened = dt.date.fromisoformat(str(opened_s)[:10])
    lt = lokaal_team_contacts(p, case_ref=case_ref, on=day, rules=rules, today=now)
    jbs = tuple(PersonRef(k, str(n.get("name", k)), n.get("function"), n.get("email"), n.get("phone"))
                for k, d in p.in_edges(case_ref, RelType.ON_CASE, on=day)
                if d.get("role") in (None, "", "jeugdbeschermer")
                if active_professional(n := p.node(k) or {}, day))
    jb = _people([j.name for j in jbs], msg("case.party.jeugdbeschermer"))
    lt_people = _names((lt.medewerker, lt.koppelgenoot))
    lt_names = msg("case.party.lt", names=" / ".join(lt_people)) if lt_people else msg("case.party.lt.nobody")
    rc = _people(_names(lt.regionale_contactpersoon), msg("case.party.regionale_contactpersoon"))
    open_case = str(case.get("status", "open")) == "open"
    step_raw = case.get("step")
    current = (int(step_raw) if isinstance(step_raw, int | float)
               else int(step_raw) if isinstance(step_raw, str) and step_raw.isdigit() else None)

    rows: list[dict[str, Any]] = []

    def werkdagen(step: str, who: Message, whom: Message, start: dt.date, n: int, after: str,
                  source: str) -> dt.date:
        result = count_werkdagen(start, n)
        basis = result.explanation if after == "opened" else msg("case.basis.after", basis=result.explanation,
                                                                 after=after)
        rows.append({"step": step, "who": who, "whom": whom, "action": msg(f"case.action.{route}.{step}"),
                     "due": result.due, "basis": basis, "source": source, "term": n,
                     "unit": "werkdagen", "counted_from": start.isoformat(), "after": after,
                     "not_counted": tuple((s.day.isoformat(), s.reason) for s in result.skipped_holidays)})
        return result.due

    def weeks(step: str, who: Message, whom: Message, start: dt.date, n: int, after: str,
              source: str) -> dt.date:
        raw = start + dt.timedelta(weeks=n)
        due, passed = roll_to_werkdag(raw)
        basis = msg("case.basis.weeks", n=n, after=after, start=start)
        if passed:
            basis = msg("case.basis.rolled", basis=basis, rolled_from=raw, due=due,
                        passed=tuple(dict.fromkeys(s.reason for s in passed)))
        rows.append({"step": step, "who": who, "whom": whom, "action": msg(f"case.action.{route}.{step}"),
                     "due": due, "basis": basis,
                     "source": source, "term": n, "unit": "weeks", "counted_from": start.isoformat(),
                     "after": after, "rolled_from": raw.isoformat() if passed else None,
                     "rolled_over": tuple((s.day.isoformat(), s.reason) for s in passed)})
        return due

    P = msg  # the parties, shorter
    if route == "301":
        first = werkdagen("1", jb, lt_names, opened, rules.route_301_contact_werkdagen, "opened", "000:2118-2138")
        clarity_weeks, clarity_src = rules.clarity_weeks_301, "000:2203-2205"
        clarity = weeks("2", jb, P("case.party.application_form"), opened, clarity_weeks, "opened", "000:2156-2166")
        sent = werkdagen("3", jb, P("case.party.and_preferred_zorgaanbieder", party=lt_names), first,
                         rules.route_step_werkdagen, "step_1", "000:2168-2178")
        werkdagen("4", P("case.party.via_backoffice", party=lt_names), P("case.party.zorgaanbieder"), sent,
                  rules.route_step_werkdagen, "step_3", "000:2180-2201")
        weeks("2-4", jb, lt_names, opened, clarity_weeks, "opened", clarity_src)
        werkdagen("5A", P("case.party.or_zorgaanbieder", party=jb), P("case.party.provider_network"), clarity,
                  rules.route_step_werkdagen, "clarity", "000:2221-2237")
    else:
        first = werkdagen("1", jb, P("case.party.and_zorgaanbieder", party=lt_names), opened,
                          rules.route_315_contact_werkdagen, "opened", "000:2282-2326")
        clarity_weeks, clarity_src = rules.clarity_weeks_315, "000:2372-2374"
        clarity = weeks("2", jb, P("case.party.application_form"), opened, clarity_weeks, "opened", "000:2343-2355")
        sent = werkdagen("3", jb, P("case.party.zorgaanbieder_and", party=lt_names), first,
                         rules.route_step_werkdagen, "step_1", "000:2357-2370")
        werkdagen("4", P("case.party.zorgaanbieder_then_backoffice"), P("case.party.backoffice_then_zorgaanbieder"),
                  sent, 2 * rules.route_step_werkdagen, "step_3", "000:2376-2388")
        weeks("2-3", jb, lt_names, opened, clarity_weeks, "opened", clarity_src)
        werkdagen("5A", P("case.party.provider_network"), P("case.party.backoffice"), clarity,
                  2 * rules.route_step_werkdagen, "clarity", "000:2404-2428")
    ret = weeks("5B", P("case.party.and_zorgaanbieder", party=jb), P("case.party.ret"), clarity, rules.ret_weeks,
                "clarity", "000:2207-2259" if route == "301" else "000:2432-2450")
    weeks("6", P("case.party.via_gi_teamleider", party=jb), rc, ret, rules.final_escalation_weeks, "ret",
          "000:2263-2279" if route == "301" else "000:2454-2469")
    deadlines = []
    for row in rows:
        done = not open_case or (current is not None and current > _step_number(row["step"]))
        due = row.pop("due").isoformat()
        deadlines.append(Deadline(**row, due=due, overdue=not done and now > due, done=done))
    gm = lt.gemeente
    return CaseDeadlines(case_ref, route, str(case.get("status", "open")), opened.isoformat(), current, gm,
                         lt.gemeente_name, jbs, lt, tuple(deadlines), now)


def overdue_cases(p: Projection, jeugdhulpregio_code: str, *, today: str | None = None,
                  rules: DomainRules = _DEFAULT_RULES) -> list[CaseDeadlines]:
    """Open cases in the jeugdhulpregio's gemeenten with at least one overdue term, most overdue first."""
    require(p, jeugdhulpregio_code, Label.JEUGDHULPREGIO)
    now = today or today_iso()
    idx = contact_index(p, now)
    out = []
    for gm in idx.gemeenten_of.get(jeugdhulpregio_code, ()):
        for case, _ in p.in_edges(gm, RelType.FOR_GEMEENTE, all_time=True):
            node = p.node(case) or {}
            if node.get("label") != Label.CASE.value or node.get("status", "open") != "open" or not node.get("route"):
                continue
            answer = case_deadlines(p, case, today=now, rules=rules)
            if answer.overdue:
                out.append(answer)
    out.sort(key=lambda a: (min(d.due for d in a.deadlines if d.overdue), a.ref))
    return out
