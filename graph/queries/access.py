"""Who may maintain what: rights that come from positions in the graph, or from an admin's grant.

A person signed in by e-mail link or OpenID Connect gets the rights their positions give them:

- a ``contactbeheer_coordinator`` position gives coordinator rights in every jeugdhulpregio it covers
  (the coordinator of Food Valley maintains JZ21);
- an ``organisatie_contactpersoon`` position makes the holder the organisation's own contact person:
  they maintain the organisation's staff (and its teams' staff) in every region it serves.

An admin can grant a role on top (``access_grants`` on the professional: ``admin``, ``governance``,
``coordinator:JZ28``, ``organisation:org-…``); a grant is a node update, so it is in the change log
with who granted it and when. Nothing here knows how a sign-in works; ``api.auth`` turns an
``Access`` into the request's principal.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.messages import msg
from graph.projection import Projection
from graph.queries.freshness import jeugdhulpregios_of
from graph.queries.index import QueryError, contact_index, require
from graph.schema import Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch

__all__ = [
    "COORDINATOR_ROLE",
    "GRANT_ROLES",
    "ORGANISATION_CONTACT_ROLE",
    "Access",
    "access_of",
    "grant_access",
    "maintainers_of",
    "organisations_of",
    "professional_by_email",
    "revoke_access",
]

COORDINATOR_ROLE = "contactbeheer_coordinator"
ORGANISATION_CONTACT_ROLE = "organisatie_contactpersoon"
GRANT_ROLES = ("admin", "governance", "coordinator", "organisation")
_RANK = {"admin": 3, "coordinator": 2, "governance": 1, "professional": 0}


@dataclass(frozen=True)
class Access:
    """The rights of one professional today: a role, its jeugdhulpregio's and the organisations they keep."""

    professional: str
    name: str
    role: str  # professional / coordinator / governance / admin
    scopes: tuple[str, ...]  # jeugdhulpregio codes a coordinator maintains
    organisations: tuple[str, ...]  # organisations whose own contact person this is
    sources: tuple[str, ...]  # where each right comes from: "position:pos-…" or "grant:coordinator:JZ28"


def _jeugdhulpregios_in(p: Projection, regions: tuple[str, ...]) -> list[str]:
    idx = contact_index(p)
    out: list[str] = []
    for r in regions:
        node = p.node(r) or {}
        found = [r] if node.get("label") == Label.JEUGDHULPREGIO.value else [
            idx.jeugdhulpregio_of[gm] for gm in idx.gemeenten_of.get(r, ()) if gm in idx.jeugdhulpregio_of]
        out += [jz for jz in found if jz not in out]
    return out


def _with_teams(p: Projection, organisations: list[str]) -> list[str]:
    """The organisations and every team PART_OF them (a contact person of a GI keeps its teams too)."""
    out = list(organisations)
    i = 0
    while i < len(out):
        for team, _ in p.in_edges(out[i], RelType.PART_OF):
            if team not in out and (p.node(team) or {}).get("label") == Label.ORGANISATION.value:
                out.append(team)
        i += 1
    return out


def access_of(p: Projection, professional_key: str) -> Access | None:
    """The rights of an active professional (None when unknown or no longer active)."""
    node = p.node(professional_key)
    if node is None or node.get("label") != Label.PROFESSIONAL.value or node.get("active", True) is False:
        return None
    idx = contact_index(p)
    role, scopes, orgs, sources = "professional", [], [], []
    for pos in idx.held_by.get(professional_key, ()):
        pos_role = (p.node(pos) or {}).get("role")
        if pos_role == COORDINATOR_ROLE:
            role = "coordinator"
            scopes += [jz for jz in _jeugdhulpregios_in(p, idx.covers.get(pos, ())) if jz not in scopes]
            sources.append(f"position:{pos}")
        elif pos_role == ORGANISATION_CONTACT_ROLE and idx.position_org.get(pos):
            orgs.append(idx.position_org[pos])
            sources.append(f"position:{pos}")
    for grant in node.get("access_grants") or ():
        kind, _, scope = str(grant).partition(":")
        if kind == "coordinator" and scope:
            scopes += [scope] if scope not in scopes else []
            kind = "coordinator"
        elif kind == "organisation" and scope:
            orgs.append(scope)
            sources.append(f"grant:{grant}")
            continue
        if kind in _RANK and _RANK[kind] > _RANK[role]:
            role = kind
        sources.append(f"grant:{grant}")
    if role != "coordinator" and role != "admin":
        scopes = []  # a governance grant does not keep a coordinator position's write rights apart
    return Access(professional_key, str(node.get("name", professional_key)), role, tuple(scopes),
                  tuple(_with_teams(p, orgs)), tuple(sources))


def professional_by_email(p: Projection, email: str) -> str | None:
    """The active professional with this work e-mail address (case-insensitive), or None.

    When two active entries share an address (a data error), nobody signs in with it: the link must
    reach exactly one person.
    """
    wanted = email.strip().lower()
    if not wanted or "@" not in wanted:
        return None
    found = [k for k in p.keys(Label.PROFESSIONAL)
             if str((p.node(k) or {}).get("email", "")).strip().lower() == wanted
             and (p.node(k) or {}).get("active", True) is not False]
    return found[0] if len(found) == 1 else None


def organisations_of(p: Projection, key: str) -> list[str]:
    """The organisations an entry belongs to, with the organisations they are part of (upwards)."""
    node = p.node(key) or {}
    label = node.get("label")
    if label == Label.PROFESSIONAL.value:
        start = [o for o, _ in p.out_edges(key, RelType.WORKS_AT)]
        idx = contact_index(p)
        start += [idx.position_org[pos] for pos in idx.held_by.get(key, ()) if pos in idx.position_org]
    elif label == Label.POSITION.value:
        start = [o for o, _ in p.out_edges(key, RelType.AT)]
    elif label == Label.ORGANISATION.value:
        start = [key]
    else:
        start = []
    out: list[str] = []
    for org in start:
        while org and org not in out:
            out.append(org)
            parents = [o for o, _ in p.out_edges(org, RelType.PART_OF)]
            org = parents[0] if parents else ""
    return out


def maintainers_of(p: Projection, key: str) -> tuple[list[str], list[str]]:
    """(jeugdhulpregio's whose contactbeheer keeps ``key``, organisations it belongs to).

    A change is allowed to a coordinator of every one of those regions, or to the own contact person
    of one of those organisations.
    """
    node = p.node(key)
    if node is None:
        return [], []
    return jeugdhulpregios_of(p, key, str(node.get("label"))), organisations_of(p, key)


def _grant_text(role: str, scope: str | None) -> str:
    if role not in GRANT_ROLES:
        raise QueryError(msg("access.unknown_role", role=role, known=GRANT_ROLES))
    if role in ("coordinator", "organisation") and not scope:
        raise QueryError(msg("access.scope_needed", role=role))
    if role not in ("coordinator", "organisation") and scope:
        raise QueryError(msg("access.no_scope", role=role))
    return f"{role}:{scope}" if scope else role


def _set_grants(service: GraphService, professional_key: str, grants: list[str], actor: str) -> list[str]:
    service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=professional_key,
                                          props={"access_grants": grants})]), actor)
    return grants


def grant_access(service: GraphService, professional_key: str, role: str, scope: str | None = None, *,
                 actor: str) -> list[str]:
    """Give a professional a role on top of their positions; logged as a node update. Returns the grants."""
    p = service.projection
    node = require(p, professional_key, Label.PROFESSIONAL)
    text = _grant_text(role, scope)
    if role == "coordinator":
        require(p, str(scope), Label.JEUGDHULPREGIO)
    elif role == "organisation":
        require(p, str(scope), Label.ORGANISATION)
    grants = [str(g) for g in node.get("access_grants") or ()]
    if text in grants:
        return grants
    return _set_grants(service, professional_key, [*grants, text], actor)


def revoke_access(service: GraphService, professional_key: str, role: str, scope: str | None = None, *,
                  actor: str) -> list[str]:
    """Take a granted role back (position rights end with the position). Returns the remaining grants."""
    node = require(service.projection, professional_key, Label.PROFESSIONAL)
    text = _grant_text(role, scope)
    grants = [str(g) for g in node.get("access_grants") or ()]
    if text not in grants:
        raise QueryError(msg("access.no_grant", professional=professional_key, grant=text))
    return _set_grants(service, professional_key, [g for g in grants if g != text], actor)
