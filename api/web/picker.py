"""The person picker: search-as-you-type over people, positions and organisations (htmx), never a typed key.

A picker is one form field: ``<veld>_zoek`` is the text the user types; ``<veld>`` carries the key of
the entry chosen from the list (htmx swaps it in). Without JavaScript the form still works: on submit
the text is resolved here, and when it does not name exactly one entry the form comes back with the
candidates as choices next to the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.messages import Message, msg
from graph.projection import Projection
from graph.queries.index import QueryError
from graph.queries.search import normalise, search
from graph.schema import Label, RelType

__all__ = ["KINDS", "Pick", "PickError", "candidates", "chosen", "resolve"]

# Picker kinds in the URL (Dutch) -> search kinds.
KINDS: dict[str, tuple[str, ...]] = {
    "persoon": ("professional",),
    "functie": ("position",),
    "organisatie": ("organisation",),
    "persoon-of-functie": ("professional", "position"),
}
_LABELS = {"professional": Label.PROFESSIONAL, "position": Label.POSITION, "organisation": Label.ORGANISATION}
_SHOWN = 8


@dataclass(frozen=True)
class Pick:
    key: str
    title: str
    subtitle: Message | str  # a person's function and organisations as written; else a catalogue message


@dataclass
class PickError(Exception):
    """The picker's text names no entry, or several: shown by the field, with the candidates to choose from."""

    field: str
    message: Message | str  # a catalogue message (the page words it: ``| t``) or a text already worded for the page
    candidates: list[Pick] = dataclasses.field(default_factory=list)  # not ``field``: the attribute above
    text: str = ""


def _subtitle(p: Projection, key: str, label: str) -> Message | str:
    node = p.node(key) or {}
    if label == Label.PROFESSIONAL.value:
        orgs = [str((p.node(o) or {}).get("name", o)) for o, _ in p.out_edges(key, RelType.WORKS_AT)]
        return ", ".join(filter(None, [str(node.get("function") or ""), *orgs]))
    if label == Label.POSITION.value:
        orgs = [str((p.node(o) or {}).get("name", o)) for o, _ in p.out_edges(key, RelType.AT)]
        holders = [str((p.node(h) or {}).get("name", h)) for h, _ in p.in_edges(key, RelType.HOLDS)]
        return msg("web.pick.position", organisations=orgs, holders=holders) if holders \
            else msg("web.pick.position.vacant", organisations=orgs)
    return msg("web.pick.organisation", org_type=str(node.get("type") or "")) if node.get("type") else ""


def chosen(p: Projection, key: str, soort: str) -> Pick | None:
    """The entry ``key`` when it is of the picker's kind (and an active person), else None."""
    node = p.node(key)
    wanted = {_LABELS[k].value for k in KINDS.get(soort, ())}
    if node is None or node.get("label") not in wanted:
        return None
    if node.get("label") == Label.PROFESSIONAL.value and node.get("active", True) is False:
        return None
    return Pick(key, str(node.get("name", key)), _subtitle(p, key, str(node["label"])))


def candidates(p: Projection, text: str, soort: str, limit: int = _SHOWN) -> list[Pick]:
    """The best matches of ``text`` among the picker's kind (empty for empty or unusable text)."""
    if soort not in KINDS or not normalise(text or ""):
        return []
    try:
        page = search(p, text[:200], KINDS[soort], first=limit)
    except QueryError:
        return []
    return [c for h in page.hits if (c := chosen(p, h.key, soort)) is not None]


def resolve(p: Projection, form: Mapping[str, Any], veld: str, soort: str, *, what: str) -> Pick:
    """The entry a picker field names: the chosen key, or the one entry its text matches exactly or alone."""
    key = str(form.get(veld) or "").strip()
    text = str(form.get(f"{veld}_zoek") or "").strip()
    if key:
        pick = chosen(p, key, soort)
        if pick is None:
            raise PickError(veld, msg("web.pick.gone", what=what), [], text)
        return pick
    if not text:
        raise PickError(veld, msg("web.pick.empty", what=what), [], text)
    found = candidates(p, text, soort)
    exact = [c for c in found if normalise(c.title) == normalise(text)]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise PickError(veld, msg("web.pick.none", what=what, text=text), [], text)
    raise PickError(veld, msg("web.pick.several", what=what, text=text), found, text)


def pick_person(p: Projection, form: Mapping[str, Any], veld: str) -> Pick:
    """The professional a person picker names (successor, bulk reassignment, attendee)."""
    return resolve(p, form, veld, "persoon", what="page.pick.what.person")


def pick_state(p: Projection, form: Mapping[str, Any], veld: str, soort: str, err: PickError | None) -> dict[str, Any]:
    """What a picker shows when its form comes back: the text, the candidates, the choice, the error."""
    text = str(form.get(f"{veld}_zoek") or "")
    if err is not None:
        return {"text": err.text or text, "error": err.message, "candidates": err.candidates, "checked": None}
    key = str(form.get(veld) or "")
    pick = chosen(p, key, soort) if key else None
    return {"text": text, "error": None, "candidates": [pick] if pick else candidates(p, text, soort),
            "checked": key or None}
