"""Retention (AVG art. 5 lid 1 e): what is kept no longer than needed, purged on the daily schedule.

- A closed case is purged ``case_retention_months`` after it closed (``DomainRules``, default 12): the
  Case node and its relationships go, its change-log entries keep only their structure.
- A professional inactive for ``inactive_erasure_months`` gets a notice to the coordinator(s) of their
  region (a ``privacy.notice`` log entry and the ``retention.erasure_notice`` event, which the mail
  layer turns into a mail); ``erasure_notice_days`` later, still inactive, they are erased
  (``graph.queries.erasure``). Becoming active again cancels it.

``purge_due(service, today=…, dry_run=…)`` is the entry point of the daily scheduler and of
``jbnet privacy purge [--dry-run]``; every run is logged (``privacy.purge.run``), dry runs too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from graph.messages import msg
from graph.queries.erasure import erase_professional, structure_only
from graph.queries.freshness import jeugdhulpregios_of
from graph.queries.index import today_iso
from graph.queries.personal_data import all_entries
from graph.schema import Label
from graph.service import GraphService
from graph.settings import DomainRules
from graph.store.base import ChangeEntry, ErasurePlan

__all__ = ["RETENTION_ACTOR", "PurgeItem", "PurgeReport", "due_for_purge", "purge_due"]

RETENTION_ACTOR = "scheduler:retention"
NOTICE_KEY = "retention:notices"
Action = Literal["purge_case", "notice", "erase"]


@dataclass(frozen=True)
class PurgeItem:
    action: Action
    key: str
    since: str  # closed on / inactive since (ISO date)
    due: str  # the day the action became due
    jeugdhulpregios: tuple[str, ...] = ()


@dataclass(frozen=True)
class PurgeReport:
    today: str
    dry_run: bool
    items: tuple[PurgeItem, ...]
    run_seq: int

    def count(self, action: Action) -> int:
        return sum(1 for i in self.items if i.action == action)


def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    for d in range(day.day, 0, -1):  # 31 March - 1 month = 28/29 February
        try:
            return dt.date(y, m, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _closed_on(service: GraphService, ref: str, props: dict[str, object]) -> str:
    """The closing day: the case's own field when set, else when the log saw its status become closed."""
    for field_name in ("closed", "closed_on"):
        if props.get(field_name):
            return str(props[field_name])[:10]
    closed = [e.ts[:10] for e in service.store.history(ref)
              if (e.after or {}).get("status") == "closed" and (e.before or {}).get("status") != "closed"]
    return closed[-1] if closed else str(props.get("opened") or "")[:10]


def _notices(service: GraphService) -> dict[str, str]:
    """Professional key -> day of the latest erasure notice still standing."""
    out: dict[str, str] = {}
    for e in service.store.history(NOTICE_KEY):
        after = e.after or {}
        if e.op == "privacy.notice":  # the run's day, not the clock's: a run may be for another day
            out[str(after.get("professional"))] = str(after.get("on") or e.ts[:10])
    return out


def due_for_purge(service: GraphService, *, today: str | None = None,
                  rules: DomainRules | None = None) -> list[PurgeItem]:
    """What a purge run today would do (reads only)."""
    rules = rules or DomainRules()
    p = service.projection
    day = dt.date.fromisoformat(today or today_iso())
    case_limit = _months_before(day, rules.case_retention_months).isoformat()
    people_limit = _months_before(day, rules.inactive_erasure_months).isoformat()
    notice_limit = (day - dt.timedelta(days=rules.erasure_notice_days)).isoformat()
    items: list[PurgeItem] = []
    for ref in p.keys(Label.CASE):
        props = p.node(ref) or {}
        if props.get("status") != "closed":
            continue
        closed = _closed_on(service, ref, props)
        if closed and closed <= case_limit:
            items.append(PurgeItem("purge_case", ref, closed, _months_after(closed, rules.case_retention_months)))
    notices = _notices(service)
    for key in p.keys(Label.PROFESSIONAL):
        props = p.node(key) or {}
        since = str(props.get("inactive_since") or "")[:10]
        if props.get("active", True) or not since or since > people_limit:
            continue
        regions = tuple(jeugdhulpregios_of(p, key, Label.PROFESSIONAL.value))
        noticed = notices.get(key)
        if noticed is None or noticed < since:  # no notice yet for this period of inactivity
            items.append(PurgeItem("notice", key, since, _months_after(since, rules.inactive_erasure_months),
                                   regions))
        elif noticed <= notice_limit:
            due = (dt.date.fromisoformat(noticed) + dt.timedelta(days=rules.erasure_notice_days)).isoformat()
            items.append(PurgeItem("erase", key, since, due, regions))
    return items


def _months_after(day: str, months: int) -> str:
    d = dt.date.fromisoformat(day)
    return _months_before(d, -months).isoformat()


def _purge_cases(service: GraphService, refs: list[str], actor: str, today: str) -> None:
    p = service.projection
    edges = sorted({k for ref in refs for g in (p.g.out_edges(ref, keys=True), p.g.in_edges(ref, keys=True))
                    for _, _, k in g})
    wanted = set(refs) | set(edges)
    rewrite = [ChangeEntry(e.seq, e.ts, e.actor, e.op, e.key, e.kind, structure_only(e.before, None),
                           structure_only(e.after, None))
               for e in all_entries(service.store) if e.key in wanted]
    plan = ErasurePlan(delete_nodes=refs, delete_edges=edges, rewrite_log=rewrite, record=(
        "privacy.purge", f"retention:{today}", "retention", {"cases": len(refs), "entries_redacted": len(rewrite),
                                                         "on": today, "rule": "case_retention_months"}))
    with service.writing():
        service.store.erase(plan, actor)
        service.projection.refresh()


def purge_due(service: GraphService, *, today: str | None = None, rules: DomainRules | None = None,
              dry_run: bool = False, actor: str = RETENTION_ACTOR) -> PurgeReport:
    """Do (or with ``dry_run`` only list) what retention requires today; the run is logged either way.

    The daily scheduler calls this with the service of the running process.
    """
    day = today or today_iso()
    items = due_for_purge(service, today=day, rules=rules)
    if not dry_run:
        cases = [i.key for i in items if i.action == "purge_case"]
        if cases:
            _purge_cases(service, cases, actor, day)
        for item in items:
            if item.action == "notice":
                erase_on = (dt.date.fromisoformat(day)
                            + dt.timedelta(days=(rules or DomainRules()).erasure_notice_days)).isoformat()
                service.store.append_log(actor, "privacy.notice", NOTICE_KEY, "retention", None, {
                    "professional": item.key, "inactive_since": item.since, "on": day, "erase_on": erase_on,
                    "jeugdhulpregios": list(item.jeugdhulpregios)})
                service.emit("retention.erasure_notice", {"professional": item.key, "erase_on": erase_on,
                                                          "jeugdhulpregios": list(item.jeugdhulpregios)})
            elif item.action == "erase":
                erase_professional(service, item.key, actor=actor, today=day,
                                   reason=msg("erasure.retention", since=item.since))
    counts = {a: sum(1 for i in items if i.action == a) for a in ("purge_case", "notice", "erase")}
    entry = service.store.append_log(actor, "privacy.purge.run", "retention", "retention", None,
                                     {"today": day, "dry_run": dry_run, **counts})
    return PurgeReport(today=day, dry_run=dry_run, items=tuple(items), run_seq=entry.seq)
