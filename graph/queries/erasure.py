"""The right to erasure (AVG art. 17): remove a professional's personal data from the store AND the log.

``erase_professional`` plans one ``ErasurePlan`` and the store applies it in one transaction:

- the Professional node and all its relationships are deleted; positions they held become vacancies
  (``vacant_since`` today when nobody else holds them);
- other nodes that named them are scrubbed: frozen invite lists lose their name/e-mail/phone, a
  meeting's organiser, ``verified_by`` and free text mentioning them become a pseudonym / "[verwijderd]";
- every change-log entry naming them keeps its seq, time, operation and kind (the fact of the change)
  but its key, actor, before and after are scrubbed the same way; entries about them alone (their node,
  their relationships, their mail log) keep only the structure;
- their tokens are deleted; the erasure itself is logged (who, when, why, counts — no personal data).

The pseudonym is random (``erased-xxxxxxxx``), not derived from the key, so it cannot be reversed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from graph.messages import Message, message_data, msg
from graph.privacy import check_text, forget, opaque_id
from graph.queries.index import require, today_iso
from graph.queries.personal_data import Needles, all_entries, entry_names, needles_of
from graph.schema import Label, Node, RelType, is_active
from graph.service import GraphService
from graph.store.base import ChangeEntry, ErasurePlan

__all__ = ["ERASED", "ErasureResult", "erase_professional", "plan_erasure", "structure_only"]

ERASED = "[verwijderd]"
# In a record about them (their row of a frozen list, a report on them) these values go entirely.
_PERSONAL_FIELDS = ("name", "email", "phone", "function", "remark", "resolution")


@dataclass(frozen=True)
class ErasureResult:
    erasure: str  # the erasure's id, also in its log entry
    pseudonym: str
    seq: int  # the log entry recording the erasure
    positions_vacated: tuple[str, ...]
    relationships_removed: int
    nodes_scrubbed: tuple[str, ...]
    entries_redacted: int
    tokens_removed: int


class _Scrubber:
    def __init__(self, needles: Needles, pseudonym: str) -> None:
        self.key = needles.key
        self.pseudonym = pseudonym
        self._key_re = re.compile(rf"(?<![\w-]){re.escape(needles.key)}(?![\w-])")
        texts = sorted(needles.texts, key=len, reverse=True)
        self._text_re = re.compile("|".join(re.escape(t) for t in texts), re.IGNORECASE) if texts else None

    def text(self, value: str) -> str:
        if value[:1] in "[{":  # JSON kept in a string property (a frozen invite list)
            try:
                parsed = json.loads(value)
            except ValueError:
                pass
            else:
                return json.dumps(self.value(parsed), ensure_ascii=False, sort_keys=True)
        out = self._key_re.sub(self.pseudonym, value)
        return self._text_re.sub(ERASED, out) if self._text_re else out

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            about_them = self.key in value.values()  # e.g. their row of a frozen invite list
            return {k: (ERASED if about_them and k in _PERSONAL_FIELDS and isinstance(v, str) else self.value(v))
                    for k, v in value.items()}
        return value

    def state(self, state: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if state is None else self.value(state)


def structure_only(state: dict[str, Any] | None, scrub: _Scrubber | None = None) -> dict[str, Any] | None:
    """An entry about the erased person (or purged case) alone: keep what kind of change it was, no values."""
    if state is None:
        return None
    keep = {k: state[k] for k in ("label", "type", "src_label", "dst_label", "valid_from", "valid_to") if k in state}
    for end in ("src", "dst"):
        if end in state:
            keep[end] = scrub.text(str(state[end])) if scrub else state[end]
    if "type" in state:
        keep["props"] = {}
    return {**keep, "redacted": True}


def plan_erasure(service: GraphService, key: str, *, reason: str | Message, actor: str,
                 today: str | None = None) -> tuple[ErasurePlan, dict[str, Any]]:
    """The plan (nothing written) and the counts the erasure record will carry."""
    p = service.projection
    node = require(p, key, Label.PROFESSIONAL)
    needles = needles_of(node, key)
    erasure = opaque_id()
    pseudonym = f"erased-{erasure}"
    scrub = _Scrubber(needles, pseudonym)
    day = today or today_iso()

    edges = [(k, src, dst, d) for src, dst, k, d in p.g.out_edges(key, keys=True, data=True)]
    edges += [(k, src, dst, d) for src, dst, k, d in p.g.in_edges(key, keys=True, data=True)]
    vacated: list[str] = []
    for _k, _src, pos, d in edges:
        if d["type"] != RelType.HOLDS.value or not is_active(d.get("valid_from"), d.get("valid_to"), day):
            continue
        others = [s for s, dd in p.in_edges(pos, RelType.HOLDS, on=day) if s != key]
        if not others:
            vacated.append(pos)

    replace: list[Node] = []
    for other in p.g.nodes:
        if other == key:
            continue
        attrs = p.g.nodes[other]
        props = {k: v for k, v in attrs.items() if k != "label"}
        new = scrub.value(props)
        if other in vacated:
            new = {**new, "vacant_since": day}
        if new != props:
            replace.append(Node(label=Label(attrs["label"]), key=other, props=new))

    rewrite: list[ChangeEntry] = []
    own_keys = {key, f"mail:{key}"} | {k for k, *_ in edges}
    for e in all_entries(service.store):
        if not entry_names(e, needles):
            continue
        if e.key in own_keys:
            before, after = structure_only(e.before, scrub), structure_only(e.after, scrub)
        else:
            before, after = scrub.state(e.before), scrub.state(e.after)
        rewrite.append(ChangeEntry(e.seq, e.ts, scrub.text(e.actor), e.op, scrub.text(e.key), e.kind, before, after))

    tokens = [t.token_hash for t in service.store.tokens()
              if t.professional_key == key or (scrub.text(t.name) != t.name)]
    # The officer's own words (scrubbed, checked), else a catalogue code kept as its code and params (the audit
    # page words it; entries written before hold the Dutch text itself).
    said = scrub.text(reason.strip())[:500] if isinstance(reason, str) else ""
    if said:
        check_text("reason", said, where="privacy.erase")
    coded = reason if isinstance(reason, Message) else msg("erasure.no_reason")
    why: str | dict[str, Any] = said or message_data(coded)
    counts = {"erasure": erasure, "pseudonym": pseudonym, "reason": why, "by": actor, "on": day,
              "positions_vacated": len(vacated), "relationships_removed": len(edges),
              "nodes_scrubbed": len(replace), "entries_redacted": len(rewrite), "tokens_removed": len(tokens)}
    plan = ErasurePlan(delete_nodes=[key], delete_edges=sorted({k for k, *_ in edges}), replace_nodes=replace,
                       rewrite_log=rewrite, delete_tokens=tokens, scrub_text=[key],
                       record=("privacy.erase", f"erasure:{erasure}", "Professional", counts))
    return plan, {"vacated": vacated, "replace": [n.key for n in replace]}


def erase_professional(service: GraphService, key: str, *, reason: str | Message, actor: str,
                       today: str | None = None) -> ErasureResult:
    """Erase professional ``key`` (NotFound when unknown); returns what was done, without personal data."""
    with service.writing():  # no write can slip in between the plan and the erasure
        plan, extra = plan_erasure(service, key, reason=reason, actor=actor, today=today)
        entry = service.store.erase(plan, actor)
        service.projection.refresh()  # sees privacy.erase: reloads without the person
    forget()  # the privacy check's cache held values it checked, the person's among them
    after = entry.after or {}
    return ErasureResult(erasure=str(after["erasure"]), pseudonym=str(after["pseudonym"]), seq=entry.seq,
                         positions_vacated=tuple(extra["vacated"]), relationships_removed=len(plan.delete_edges),
                         nodes_scrubbed=tuple(extra["replace"]), entries_redacted=len(plan.rewrite_log),
                         tokens_removed=len(plan.delete_tokens))
