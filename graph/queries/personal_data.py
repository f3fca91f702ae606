"""The data subject's right of access (AVG art. 15): everything jbnet holds about one professional.

``personal_data`` gathers, from the graph and the whole change log: the person's node, their
organisations, positions, memberships, meetings (invitations, RSVP, attendance, meetings they
organise), cases they are on (pseudonymous references), verifications, reports about them, mails
sent to them, their tokens (never the secret or its hash) and every change-log entry that names
them (their key, name, e-mail or phone in the entry's key, actor, before or after). Plain data for
JSON; the Dutch summary is rendered by the callers (``api/privacy_text.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.queries.index import require
from graph.schema import Label, RelType
from graph.service import GraphService
from graph.store.base import ChangeEntry, GraphStore

__all__ = ["Needles", "all_entries", "entry_names", "needles_of", "personal_data"]


@dataclass(frozen=True)
class Needles:
    """What identifies a person in free text: key (exact), name, e-mail and phone (case-insensitive)."""

    key: str
    texts: tuple[str, ...]

    def found_in(self, text: str) -> bool:
        low = text.lower()
        return self.key.lower() in low or any(t in low for t in self.texts)


def needles_of(props: dict[str, Any], key: str) -> Needles:
    texts = []
    for field in ("name", "email", "phone"):
        value = str(props.get(field) or "").strip().lower()
        if len(value) >= 5:  # a very short name ("Jo") would match everywhere; the key still finds them
            texts.append(value)
    return Needles(key, tuple(texts))


def all_entries(store: GraphStore, page: int = 10_000) -> Iterator[ChangeEntry]:
    """The whole change log, oldest first, read in pages."""
    seq = 0
    while True:
        entries = store.changes_since(seq, page)
        if not entries:
            return
        yield from entries
        seq = entries[-1].seq


def entry_names(entry: ChangeEntry, needles: Needles) -> bool:
    """Whether a change-log entry names the person (in its key, actor, before or after)."""
    if needles.key in entry.key.split("|") or entry.key.endswith(f":{needles.key}"):
        return True
    text = " ".join((entry.key, entry.actor, json.dumps(entry.before, ensure_ascii=False) if entry.before else "",
                     json.dumps(entry.after, ensure_ascii=False) if entry.after else ""))
    return needles.found_in(text)


def _edge(d: dict[str, Any]) -> dict[str, Any]:
    return {"valid_from": d.get("valid_from"), "valid_to": d.get("valid_to")}


def personal_data(service: GraphService, key: str, *, now: str | None = None) -> dict[str, Any]:
    """Everything held about professional ``key`` as plain data (JSON-ready); NotFound when unknown."""
    p = service.projection
    node = require(p, key, Label.PROFESSIONAL)
    props = {k: v for k, v in node.items() if k != "label"}
    needles = needles_of(props, key)

    def name(k: str) -> str | None:
        n = p.node(k)
        return None if n is None else str(n.get("name", k))

    works_at = [{"organisation": org, "organisation_name": name(org), **_edge(d)}
                for org, d in p.out_edges(key, RelType.WORKS_AT, all_time=True)]
    positions = []
    for pos, d in p.out_edges(key, RelType.HOLDS, all_time=True):
        pnode = p.node(pos) or {}
        orgs = [o for o, _ in p.out_edges(pos, RelType.AT, all_time=True)]
        positions.append({"position": pos, "name": pnode.get("name"), "role": pnode.get("role"),
                          "organisation": orgs[0] if orgs else None, "priority": d.get("priority"),
                          "rank": d.get("rank"), **_edge(d)})
    memberships = [{"body": body, "body_name": name(body), "role": d.get("role"), **_edge(d)}
                   for body, d in p.out_edges(key, RelType.MEMBER_OF, all_time=True)]
    meetings = []
    for m, d in p.out_edges(key, RelType.INVITED, all_time=True):
        mnode = p.node(m) or {}
        meetings.append({"meeting": m, "name": mnode.get("name"), "date": mnode.get("date"),
                         "rsvp": d.get("status"), "attended": d.get("attended"), "hours": d.get("hours")})
    for m in p.keys(Label.MEETING):
        mnode = p.node(m) or {}
        if mnode.get("organiser") == key:
            meetings.append({"meeting": m, "name": mnode.get("name"), "date": mnode.get("date"), "organiser": True})
    cases = [{"case": c, "role": d.get("role"), **_edge(d)} for c, d in p.out_edges(key, RelType.ON_CASE,
                                                                                        all_time=True)]
    own = {key} | {pos for pos, _ in p.out_edges(key, RelType.HOLDS, all_time=True)}

    log: list[dict[str, Any]] = []
    verifications: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    mails: list[dict[str, Any]] = []
    for e in all_entries(service.store):
        names = entry_names(e, needles)
        if not names:
            continue
        log.append(e.as_dict())
        after = e.after or {}
        if e.key in own and e.op == "node.update" and after.get("last_verified") != (e.before or {}).get(
                "last_verified"):
            verifications.append({"seq": e.seq, "ts": e.ts, "entry": e.key, "day": after.get("last_verified"),
                                  "by": after.get("verified_by") or e.actor})
        if e.op == "report.incorrect" and after.get("subject") == key:
            reports.append({"seq": e.seq, "ts": e.ts, "subject": after.get("subject"), "remark": after.get("remark"),
                            "jeugdhulpregio": after.get("jeugdhulpregio"), "reported_by": e.actor})
        if e.op.startswith(("mail.", "update.")) and e.key == f"mail:{key}":
            mails.append({"seq": e.seq, "ts": e.ts, "op": e.op, **after})
    tokens = [{"name": t.name, "role": t.role, "scope": t.scope, "created": t.created, "revoked": t.revoked}
              for t in service.store.tokens() if t.professional_key == key]
    return {
        "professional": {"key": key, **props},
        "generated": now or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "works_at": works_at, "positions": positions, "memberships": memberships, "meetings": meetings,
        "cases": cases, "verifications": verifications, "reports": reports, "mails": mails, "tokens": tokens,
        "change_log": log,
    }
