"""Case deadlines of the aanmeldroutes (bouwsteen 5): who must contact whom by when, and what is overdue.

Terms in werkdagen skip weekends and Dutch public holidays (``graph.werkdagen``); terms in weeks are
calendar weeks. Every term is counted from the case's ``opened`` date, the only date the case
records: that gives the earliest date a step can be due, so a warning never comes too late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graph.projection import Projection
from graph.queries.contacts import Contact, LokaalTeamAnswer, PersonRef, lokaal_team_contacts
from graph.queries.index import QueryError, active_professional, contact_index, require, today_iso
from graph.schema import Label, RelType
from graph.settings import DomainRules
from graph.werkdagen import count_werkdagen

__all__ = ["CaseDeadlines", "Deadline", "case_deadlines", "overdue_cases"]

_DEFAULT_RULES = DomainRules()


@dataclass(frozen=True)
class Deadline:
    step: str  # route step, e.g. "1", "2-4", "5B", "6"
    who: str
    whom: str
    action: str
    due: str  # ISO date
    basis: str  # how the date was counted, incl. skipped holidays
    overdue: bool
    done: bool
    source: str


@dataclass(frozen=True)
class CaseDeadlines:
    ref: str
    route: str
    status: str
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


def _names(contacts: tuple[Contact | None, ...]) -> str:
    people = [c.professional.name for c in contacts if c and c.professional]
    return " / ".join(people) if people else "the Lokaal Team (nobody on record)"


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
    if route not in ("301", "315"):
        raise QueryError(f"case {case_ref} has no aanmeldroute 301/315 (route={route or 'unset'})")
    opened_s = case.get("opened")
    if not opened_s:
        raise QueryError(f"case {case_ref} has no opened date")
    opened = dt.date.fromisoformat(str(opened_s)[:10])
    lt = lokaal_team_contacts(p, case_ref=case_ref, on=day, rules=rules, today=now)
    jbs = tuple(PersonRef(k, str(n.get("name", k)), n.get("function"), n.get("email"), n.get("phone"))
                for k, d in p.in_edges(case_ref, RelType.ON_CASE, on=day)
                if d.get("role") in (None, "", "jeugdbeschermer")
                if active_professional(n := p.node(k) or {}, day))
    jb_names = " / ".join(j.name for j in jbs) or "the jeugdbeschermer"
    lt_names = _names((lt.medewerker, lt.koppelgenoot))
    rc_names = _names(lt.regionale_contactpersoon) if lt.regionale_contactpersoon else "the regionale contactpersoon"
    open_case = str(case.get("status", "open")) == "open"
    step_raw = case.get("step")
    current = int(step_raw) if isinstance(step_raw, int | float) or str(step_raw or "").isdigit() else None

    rows: list[tuple[str, str, str, str, dt.date, str, str]] = []
    if route == "301":
        first = count_werkdagen(opened, rules.route_301_contact_werkdagen)
        rows.append(("1", jb_names, f"LT medewerker {lt_names}",
                     "contact the Lokaal Team about the youth care needed (if not reached: koppelgenoot, "
                     f"then {rc_names})", first.due, first.explanation, "000:2118-2138"))
        clarity_weeks, clarity_src = rules.clarity_weeks_301, "000:2203-2205"
    else:
        first = count_werkdagen(opened, rules.route_315_contact_werkdagen)
        rows.append(("1", jb_names, f"LT medewerker {lt_names} and the zorgaanbieder",
                     "consult the Lokaal Team and the provider (advice: start with the LT)",
                     first.due, first.explanation, "000:2282-2326"))
        clarity_weeks, clarity_src = rules.clarity_weeks_315, "000:2372-2374"
    clarity = opened + dt.timedelta(weeks=clarity_weeks)
    rows.append(("2-4" if route == "301" else "2-3", jb_names, f"LT medewerker {lt_names}",
                 "clear whether suitable care will be on time", clarity,
                 f"{clarity_weeks} weeks after {opened.isoformat()}", clarity_src))
    ret = clarity + dt.timedelta(weeks=rules.ret_weeks)
    rows.append(("5B", f"{jb_names} and the zorgaanbieder", "the RET of the region",
                 "the RET discusses the case when no care was found", ret,
                 f"{rules.ret_weeks} weeks after the clarity date {clarity.isoformat()}",
                 "000:2207-2259" if route == "301" else "000:2432-2450"))
    final = ret + dt.timedelta(weeks=rules.final_escalation_weeks)
    rows.append(("6", f"{jb_names} via the GI teamleider", rc_names,
                 "analyse why no care was found; either may decide on bestuurlijke escalatie", final,
                 f"{rules.final_escalation_weeks} week(s) after the RET date {ret.isoformat()}",
                 "000:2263-2279" if route == "301" else "000:2454-2469"))
    deadlines = []
    for step, who, whom, action, due, basis, source in rows:
        done = not open_case or (current is not None and current > _step_number(step))
        deadlines.append(Deadline(step, who, whom, action, due.isoformat(), basis,
                                  overdue=not done and now > due.isoformat(), done=done, source=source))
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
