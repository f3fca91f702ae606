"""The audit trail a privacy officer (FG/DPO) can use: who signed in, who was refused, who made or
revoked a token, who exported what — next to every write, all in the change log.

Every entry names its actor with a unique id (``role:name [token:<id>]`` for an API token, the id
``jbnet token list`` shows; ``[person:<key>]`` for someone signed in by e-mail link or OpenID
Connect). Entries that change no node use keys of their own (``signin:…``, ``refused:…``,
``token:…``), so they never show up in an entry's ``history``. They carry no request content
(no variables, no form fields): only the operation, the outcome and the address it came from.

The sign-in flows (token form, e-mail link, OpenID Connect) call ``record_sign_in``; the API calls
``record_refused`` for 401/403 answers; ``api.auth`` calls the token functions; exports write
``audit.export`` and privacy actions ``privacy.*`` themselves. ``audit_entries`` reads them back by
time for ``jbnet audit export`` and the admin page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from graph.cells import neutralise
from graph.messages import Message, message_data, msg
from graph.queries.index import QueryError
from graph.store.base import ChangeEntry, GraphStore

__all__ = [
    "AUDIT_KIND",
    "AUDIT_PREFIXES",
    "SIGN_IN_METHODS",
    "AuditExport",
    "audit_csv",
    "audit_entries",
    "audit_export",
    "audit_row",
    "day_range",
    "is_audit",
    "record_refused",
    "record_sign_in",
    "record_token_created",
    "record_token_revoked",
]

AUDIT_KIND = "audit"
AUDIT_PREFIXES = ("audit.", "privacy.")  # entries that are about access, not about the directory's content
SIGN_IN_METHODS = ("token", "link", "oidc")
_MAX_TEXT = 200  # a refusal's reason or operation is cut: the log is not a place for pasted input


def _cut(text: str | None) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def record_sign_in(store: GraphStore, *, actor: str, actor_id: str, method: str, ok: bool = True,
                   address: str | None = None, reason: str | None = None, via: str | None = None) -> ChangeEntry:
    """A sign-in (``ok``) or a refused sign-in attempt by ``method`` (token, link, oidc).

    ``actor_id`` identifies who signed in (``token:<id>``, ``person:<key>``) or, when refused, what was
    tried without revealing it (e.g. ``token:<id of the hash>``, ``email:<domain>``, or ``unknown``).
    """
    if method not in SIGN_IN_METHODS:
        raise QueryError(msg("audit.unknown_method", method=method, known=SIGN_IN_METHODS))
    after: dict[str, Any] = {"method": method, "actor_id": actor_id, "ok": ok}
    if address:
        after["address"] = address
    if reason:
        after["reason"] = _cut(reason)
    if via:
        after["via"] = _cut(via)  # e.g. the organisation's identity provider
    return store.append_log(actor, "audit.sign_in" if ok else "audit.sign_in_refused", f"signin:{actor_id}",
                            AUDIT_KIND, None, after)


def record_refused(store: GraphStore, *, actor: str, actor_id: str, status: int, operation: str,
                   reason: Message | str, address: str | None = None, count: int = 1) -> ChangeEntry:
    """A request answered 401/403: who (``actor_id``), what they tried (``operation``), why refused. A
    ``Message`` reason is kept as its code and params (``message_data``), worded only when shown."""
    why = message_data(reason) if isinstance(reason, Message) else _cut(reason)
    after: dict[str, Any] = {"status": status, "operation": _cut(operation), "reason": why, "actor_id": actor_id}
    if address:
        after["address"] = address
    if count > 1:
        after["count"] = count  # repeats of the same refusal folded into this entry
    return store.append_log(actor, "audit.refused", f"refused:{actor_id}", AUDIT_KIND, None, after)


def record_token_created(store: GraphStore, *, actor: str, token_id: str, name: str, role: str,
                         scope: str | None, professional: str | None) -> ChangeEntry:
    after = {"token_id": token_id, "name": name, "role": role, "scope": scope, "professional": professional}
    return store.append_log(actor, "audit.token.create", f"token:{token_id}", AUDIT_KIND, None, after)


def record_token_revoked(store: GraphStore, *, actor: str, token_id: str, name: str, role: str) -> ChangeEntry:
    return store.append_log(actor, "audit.token.revoke", f"token:{token_id}", AUDIT_KIND,
                            {"token_id": token_id, "revoked": False},
                            {"token_id": token_id, "name": name, "role": role, "revoked": True})


def is_audit(entry: ChangeEntry) -> bool:
    return entry.op.startswith(AUDIT_PREFIXES)


def audit_entries(store: GraphStore, *, start: str | None = None, end: str | None = None,
                  only_audit: bool = False, batch: int = 10_000) -> Iterator[ChangeEntry]:
    """Change-log entries with ``start <= ts < end`` (ISO dates or times, UTC), oldest first.

    ``only_audit`` keeps sign-ins, refusals, tokens, exports and privacy actions; otherwise every write
    is included too (a DPO asks "who changed this person" as often as "who looked").
    """
    seq = 0
    while entries := store.changes_since(seq, limit=batch):
        for e in entries:
            if start and e.ts < start:
                continue
            if end and e.ts >= end:
                return
            if not only_audit or is_audit(e):
                yield e
        seq = entries[-1].seq


AUDIT_COLUMNS = ("seq", "ts", "actor", "op", "key", "kind", "before", "after")


def audit_row(e: ChangeEntry) -> dict[str, Any]:
    return {"seq": e.seq, "ts": e.ts, "actor": e.actor, "op": e.op, "key": e.key, "kind": e.kind,
            "before": e.before, "after": e.after}


def audit_csv(entries: Iterable[ChangeEntry]) -> str:
    """CSV for a spreadsheet (before/after as JSON text), every cell formula-neutralised."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(AUDIT_COLUMNS)
    for e in entries:
        row = audit_row(e)
        w.writerow([neutralise(json.dumps(row[c], ensure_ascii=False, sort_keys=True)
                               if c in ("before", "after") and row[c] is not None else row[c] if row[c] is not None
                               else "") for c in AUDIT_COLUMNS])
    return buf.getvalue()


def day_range(start: str | dt.date | None, end: str | dt.date | None) -> tuple[str | None, str | None]:
    """``[start, end]`` as whole days (both inclusive) -> ISO bounds ``start <= ts < end + 1 day``."""
    def day(value: str | dt.date | None, what: str) -> dt.date | None:
        if value is None or value == "":
            return None
        try:
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise QueryError(msg("audit.not_a_date", what=what, value=str(value))) from None

    first, last = day(start, "from"), day(end, "to")
    if first and last and last < first:
        raise QueryError(msg("query.from_after_to", start=first, end=last))
    return (first.isoformat() if first else None, (last + dt.timedelta(days=1)).isoformat() if last else None)


@dataclass(frozen=True)
class AuditExport:
    content: bytes
    media_type: str
    filename: str
    count: int


def audit_export(store: GraphStore, *, actor: str, start: str | dt.date | None, end: str | dt.date | None,
                 fmt: str = "csv", only_audit: bool = False) -> AuditExport:
    """The audit trail of ``start``..``end`` (days, inclusive) as CSV or JSON; the export is itself audited."""
    if fmt not in ("csv", "json"):
        raise QueryError(msg("audit.unknown_format", format=fmt))
    lo, hi = day_range(start, end)
    entries = list(audit_entries(store, start=lo, end=hi, only_audit=only_audit))
    if fmt == "csv":
        content, media = ("\ufeff" + audit_csv(entries)).encode("utf-8"), "text/csv; charset=utf-8"
    else:
        content = json.dumps([audit_row(e) for e in entries], ensure_ascii=False, indent=1).encode("utf-8")
        media = "application/json"
    span = f"{lo or 'begin'}_{(hi and (dt.date.fromisoformat(hi) - dt.timedelta(days=1)).isoformat()) or 'nu'}"
    store.append_log(actor, "audit.export", "audit:trail", AUDIT_KIND, None,
                     {"what": "audit", "from": lo, "to": hi, "format": fmt, "count": len(entries),
                      "only_audit": only_audit})
    return AuditExport(content, media, f"jbnet-audit-{span}.{fmt}", len(entries))
