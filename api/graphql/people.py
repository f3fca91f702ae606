"""GraphQL of keeping one's own people: add and edit professionals, and admin grants of roles.

Coordinators change people kept by their jeugdhulpregio's contactbeheer; an organisation's own
contact person changes its staff in every region it serves; admins anywhere. Input problems come
back as one BAD_USER_INPUT error with ``extensions.problems`` = [{field, code, params}].
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from api.auth import Role
from api.graphql.contacts import PersonType, domain_errors, require_write_for
from api.graphql.context import Context
from api.graphql.errors import message_error
from api.graphql.messages import locale_of
from api.graphql.permissions import HasRole, principal_of
from api.graphql.values import words_enum
from graph.messages import LANGUAGES, msg
from graph.queries import people as q
from graph.queries.access import GRANT_ROLES, grant_access, maintainers_of, organisations_of, revoke_access
from graph.queries.freshness import jeugdhulpregios_of
from graph.queries.index import QueryError, require
from graph.schema import Label

__all__ = ["PeopleMutation", "PersonInput"]

GInfo = Info[Context, None]

GrantRole: Any = words_enum("GrantRole", GRANT_ROLES,
                            "A role an admin grants on top of a professional's positions (coordinator needs a JZ "
                            "scope, organisation an organisation key).")


Language: Any = words_enum("Language", LANGUAGES, "A language jbnet writes its mails in (Dutch, the default, first).")


@strawberry.input(name="PersonInput", description="A professional's work details; the organisation by its key.")
class PersonInput:
    name: str
    function: str = ""
    email: str = ""
    phone: str = ""
    organisation: str = ""
    language: Language | None = strawberry.field(
        default=None, description="The language of mails to them; null keeps the stored one.")


def _problems(info: GInfo, exc: q.PersonInputError) -> GraphQLError:
    error = message_error(exc, locale_of(info))
    return GraphQLError(error.message, extensions={**(error.extensions or {}), "problems": [
        {"field": p.field, "code": p.code, "params": p.params} for p in exc.problems]})


def _person(info: GInfo, key: str) -> PersonType:
    n = info.context.projection.node(key) or {}
    return PersonType(key=key, name=str(n.get("name", key)), function=n.get("function"), email=n.get("email"),
                      phone=n.get("phone"))


def _domain(data: PersonInput) -> q.PersonInput:
    return q.PersonInput(name=data.name, function=data.function, email=data.email, phone=data.phone,
                         organisation=data.organisation.strip(),
                         language=None if data.language is None else data.language.value)


@strawberry.type
class PeopleMutation:
    @strawberry.mutation(description="Add a professional working at an organisation (a coordinator of a region "
                                     "it serves, its own contact person, or an admin). Returns the new person.")
    def add_professional(self, info: GInfo, person: PersonInput, on: dt.date | None = None) -> PersonType:
        p = info.context.projection
        principal = principal_of(info)
        org = person.organisation.strip()
        with domain_errors():
            if org:
                require(p, org, Label.ORGANISATION)
                jzs = jeugdhulpregios_of(p, org, Label.ORGANISATION.value)
                if not principal.can_add_staff(jzs, organisations_of(p, org)):
                    require_write_for(info, jzs, f"the staff of {org}", organisations_of(p, org))
        try:
            key = q.add_professional(info.context.service, _domain(person), actor=principal.actor, on=on)
        except q.PersonInputError as exc:
            raise _problems(info, exc) from None
        return _person(info, key)

    @strawberry.mutation(description="Correct a professional's name, function, e-mail, phone or organisation.")
    def edit_professional(self, info: GInfo, key: str, person: PersonInput, on: dt.date | None = None) -> PersonType:
        p = info.context.projection
        with domain_errors():
            require(p, key, Label.PROFESSIONAL)
            jzs, orgs = maintainers_of(p, key)
            actor = require_write_for(info, jzs, key, orgs)
            new_org = person.organisation.strip()
            if new_org:
                require(p, new_org, Label.ORGANISATION)
                # Moving someone to another organisation adds a WORKS_AT there: the same right as adding staff.
                org_jzs = jeugdhulpregios_of(p, new_org, Label.ORGANISATION.value)
                org_orgs = organisations_of(p, new_org)
                if new_org not in orgs and not principal_of(info).can_add_staff(org_jzs, org_orgs):
                    require_write_for(info, org_jzs, f"the staff of {new_org}", org_orgs)
        try:
            q.edit_professional(info.context.service, key, _domain(person), actor=actor, on=on)
        except q.PersonInputError as exc:
            raise _problems(info, exc) from None
        return _person(info, key)

    @strawberry.mutation(description="The language of one's own mails (the signed-in professional's entry; "
                                     "nothing else changes, not even when it was last confirmed).")
    def set_my_language(self, info: GInfo, language: Language) -> PersonType:
        principal = principal_of(info)
        if not principal.professional_key:
            raise QueryError(msg("person.no_own_entry"))
        try:
            q.set_language(info.context.service, principal.professional_key, language.value, actor=principal.actor)
        except q.PersonInputError as exc:
            raise _problems(info, exc) from None
        return _person(info, principal.professional_key)

    @strawberry.mutation(permission_classes=[HasRole(Role.ADMIN)],
                         description="Admins: grant a professional a role on top of their positions "
                                     "(admin, governance, coordinator with a JZ scope, organisation with an org key). "
                                     "Logged in the change log; returns the professional's grants.")
    def grant_access(self, info: GInfo, professional: str, role: GrantRole,
                     scope: str | None = None) -> list[str]:
        with domain_errors():
            return grant_access(info.context.service, professional, role.value, scope, actor=principal_of(info).actor)

    @strawberry.mutation(permission_classes=[HasRole(Role.ADMIN)],
                         description="Admins: take a granted role back. Returns the remaining grants.")
    def revoke_access(self, info: GInfo, professional: str, role: GrantRole,
                      scope: str | None = None) -> list[str]:
        with domain_errors():
            return revoke_access(info.context.service, professional, role.value, scope, actor=principal_of(info).actor)
