"""Coordinators and organisations keep their own people: add a professional, edit their details.

Leaving and handing over are in ``graph.queries.turnover``. Every write is one ``ChangeBatch``. The
key of a new professional is made here (``prof-<name>-<random>``): nobody ever types a key. Input
problems come back as ``PersonInputError`` with one ``FieldProblem`` (field, code, params) per
field, so a page can show each one next to its field in its own language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from graph.messages import LANGUAGES, msg
from graph.privacy import find_problem, is_bsn
from graph.projection import Projection
from graph.queries.index import QueryError, today_iso
from graph.schema import Edge, Label, Node, RelType, edge_key
from graph.service import GraphService
from graph.store.base import ChangeBatch, EdgeClose

__all__ = ["FieldProblem", "PersonInput", "PersonInputError", "add_professional", "check_person",
           "edit_professional", "set_language"]

_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,19}$")
_MAX = {"name": 120, "function": 120, "email": 200, "phone": 30}


@dataclass(frozen=True)
class FieldProblem:
    field: str  # name / function / email / phone / organisation
    code: str  # person.required, person.too_long, person.email_invalid, person.phone_invalid, ...
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


class PersonInputError(QueryError):
    """One or more fields of a person are wrong; nothing was written."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__(msg("person.invalid", fields=[p.field for p in problems]))


@dataclass(frozen=True)
class PersonInput:
    name: str
    function: str = ""
    email: str = ""
    phone: str = ""
    organisation: str = ""  # organisation key (chosen with the picker, never typed)
    language: str | None = None  # mails follow it (graph.messages.LANGUAGES); None keeps the stored one


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40] or "persoon"


def _email_owner(p: Projection, email: str, other_than: str | None) -> str | None:
    wanted = email.lower()
    for k in p.keys(Label.PROFESSIONAL):
        node = p.node(k) or {}
        if k != other_than and node.get("active", True) is not False and str(node.get("email", "")).lower() == wanted:
            return k
    return None


def _check(p: Projection, data: PersonInput, *, key: str | None) -> tuple[dict[str, str], list[FieldProblem]]:
    values = {"name": " ".join(data.name.split()), "function": " ".join(data.function.split()),
              "email": data.email.strip(), "phone": " ".join(data.phone.split())}
    problems: list[FieldProblem] = []
    if not values["name"]:
        problems.append(FieldProblem("name", "person.required"))
    for name, limit in _MAX.items():
        if len(values[name]) > limit:
            problems.append(FieldProblem(name, "person.too_long", {"max": limit}))
    for name in ("name", "function"):
        if values[name] and is_bsn(values[name]):
            problems.append(FieldProblem(name, "person.looks_like_bsn"))
    if values["email"]:
        if not _EMAIL.match(values["email"]):
            problems.append(FieldProblem("email", "person.email_invalid", {"value": values["email"]}))
        elif (owner := _email_owner(p, values["email"], key)) is not None:
            problems.append(FieldProblem("email", "person.email_taken",
                                         {"name": str((p.node(owner) or {}).get("name", owner))}))
    if values["phone"] and not _PHONE.match(values["phone"]):
        problems.append(FieldProblem("phone", "person.phone_invalid", {"value": values["phone"]}))
    if data.organisation:
        org = p.node(data.organisation)
        if org is None or org.get("label") != Label.ORGANISATION.value:
            problems.append(FieldProblem("organisation", "person.organisation_unknown"))
    elif key is None:
        problems.append(FieldProblem("organisation", "person.required"))
    if data.language is not None and data.language not in LANGUAGES:
        problems.append(FieldProblem("language", "person.language_invalid", {"value": data.language}))
    if not values["email"] and not values["phone"] and key is None:
        problems.append(FieldProblem("email", "person.no_contact"))
    return values, problems


def check_person(p: Projection, data: PersonInput, *, key: str | None) -> None:
    """Raise ``PersonInputError`` naming every wrong field of ``data`` (for the professional ``key``, or a new one)."""
    _, problems = _check(p, data, key=key)
    if problems:
        raise PersonInputError(problems)


def _works_at(org: str, key: str, day: str, p: Projection) -> Edge:
    k = edge_key(RelType.WORKS_AT, key, org)
    if p.g.has_edge(key, org, key=k):
        k = edge_key(RelType.WORKS_AT, key, org, day)
    return Edge(type=RelType.WORKS_AT, src=key, dst=org, src_label=Label.PROFESSIONAL,
                dst_label=Label.ORGANISATION, valid_from=day, key=k)


def _new_key(p: Projection, name: str) -> str:
    """``prof-<name>-<6 random hex>``, unused, and never one the privacy check would refuse: digits of the
    name and of the suffix can together read as a BSN in dashed notation ("tester-10-003988")."""
    for _ in range(100):
        key = f"prof-{_slug(name)}-{secrets.token_hex(3)}"
        if p.node(key) is None and find_problem(key) is None:
            return key
    return f"prof-{secrets.token_hex(6)}"  # the name's own digits keep tripping the check: leave it out


def add_professional(service: GraphService, data: PersonInput, *, actor: str, on: str | dt.date | None = None) -> str:
    """A new professional working at ``data.organisation`` from ``on``; returns the new key."""
    p = service.projection
    values, problems = _check(p, data, key=None)
    if problems:
        raise PersonInputError(problems)
    day = str(on or today_iso())[:10]
    key = _new_key(p, values["name"])
    if data.language:
        values = values | {"language": data.language}
    props = {k: v for k, v in values.items() if v} | {"active": True, "last_verified": day, "verified_by": actor,
                                                       "entered_by": actor}
    batch = ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=key, props=props)],
                        edges=[_works_at(data.organisation, key, day, p)])
    service.write(batch, actor)
    return key


def edit_professional(service: GraphService, key: str, data: PersonInput, *, actor: str,
                      on: str | dt.date | None = None) -> int:
    """Correct a professional's name, function, e-mail, phone and (when given) organisation. Returns changes."""
    p = service.projection
    node = p.node(key)
    if node is None or node.get("label") != Label.PROFESSIONAL.value:
        raise QueryError(msg("person.unknown", professional=key))
    if node.get("active", True) is False:
        raise QueryError(msg("person.inactive", professional=key,
                                   since=str(node.get("inactive_since", "?"))))
    values, problems = _check(p, data, key=key)
    if problems:
        raise PersonInputError(problems)
    day = str(on or today_iso())[:10]
    props = {k: v for k, v in node.items() if k != "label"}
    for name, value in values.items():
        if value:
            props[name] = value
        else:
            props.pop(name, None)
    if data.language is not None:
        props["language"] = data.language
    batch = ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=key, props=props)], replace=True)
    if data.organisation:
        current = [(o, d) for o, d in p.out_edges(key, RelType.WORKS_AT)]
        if data.organisation not in {o for o, _ in current}:
            attrs: dict[str, Any]
            for org, d in current:
                for k, attrs in p.g.get_edge_data(key, org, default={}).items():
                    if attrs is d:
                        batch.closes.append(EdgeClose(str(k), day))
            batch.edges.append(_works_at(data.organisation, key, day, p))
    changed = props != {k: v for k, v in node.items() if k != "label"} or batch.edges
    if not changed:
        return 0
    props |= {"last_verified": day, "verified_by": actor}
    batch.nodes = [Node(label=Label.PROFESSIONAL, key=key, props=props)]
    return len(service.write(batch, actor))


def set_language(service: GraphService, key: str, language: str, *, actor: str) -> bool:
    """The language of a professional's mails (one of ``LANGUAGES``), as they choose it themselves.

    Only the language changes: choosing it says nothing about whether the contact details are right, so
    ``last_verified`` stays. Returns whether anything changed; nothing is written when it did not.
    """
    node = service.projection.node(key)
    if node is None or node.get("label") != Label.PROFESSIONAL.value:
        raise QueryError(msg("person.unknown", professional=key))
    if language not in LANGUAGES:
        raise PersonInputError([FieldProblem("language", "person.language_invalid", {"value": language})])
    if (node.get("language") or LANGUAGES[0]) == language:  # none stored: Dutch, the default
        return False
    service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=key, props={"language": language})]), actor)
    return True
