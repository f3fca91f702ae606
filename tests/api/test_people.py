"""Coordinators and organisations keep their own people over GraphQL: add, edit, grants, and who may.

Coordinator tokens are scoped to JZ28 (Centraal Gelderland, e.g. Lokaal Team Arnhem); Lokaal Team
Ede is in JZ21. Rights of people signed in by e-mail link come from their positions (see
``test_principal_from_positions``).
"""

from __future__ import annotations

from typing import Any

from api.auth import Role, principal_for_professional
from graph.queries.access import ORGANISATION_CONTACT_ROLE, organisations_of
from graph.queries.turnover import assign_successor
from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch
from tests.api.conftest import Api, ok
from tests.support import writes_since

ADD = """mutation($p: PersonInput!) { addProfessional(person: $p) { key name function email phone } }"""
EDIT = """mutation($k: String!, $p: PersonInput!) { editProfessional(key: $k, person: $p) { key name email phone } }"""
COUNTERPARTS = """query($g: String!) { counterparts(gemeente: $g, organisationType: LOKAAL_TEAM) {
    contacts { professional { key name phone } } } }"""


def errors(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), body
    return body["errors"][0]


def test_coordinator_adds_a_professional_at_an_organisation_of_its_region(api: Api) -> None:
    body = ok(api.gql(ADD, "coordinator", {"p": {"name": "Noor  de Wit", "function": "Jeugdprofessional",
                                                 "email": "noor.dewit@lt-arnhem.example", "phone": "026 123 4567",
                                                 "organisation": "org-lt-arnhem"}}))
    person = body["addProfessional"]
    assert person["name"] == "Noor de Wit" and person["key"].startswith("prof-noor-de-wit-")
    node = api.service.projection.node(person["key"])
    assert node["active"] is True and node["entered_by"] == api.actor("coordinator")
    assert [o for o, _ in api.service.projection.out_edges(person["key"], RelType.WORKS_AT)] == ["org-lt-arnhem"]
    history = api.service.store.history(person["key"])
    assert history and history[0].op == "node.create" and history[0].actor == api.actor("coordinator")


def test_adding_outside_the_region_is_refused_and_nothing_is_written(api: Api) -> None:
    before = api.service.store.last_seq()
    err = errors(api.gql(ADD, "coordinator", {"p": {"name": "Buiten Regio", "email": "b@lt-ede.example",
                                                    "organisation": "org-lt-ede"}}))
    assert err["extensions"]["code"] == "FORBIDDEN" and "JZ21" in err["message"]
    err = errors(api.gql(ADD, "professional", {"p": {"name": "Geen Recht", "email": "g@lt-arnhem.example",
                                                     "organisation": "org-lt-arnhem"}}))
    assert err["extensions"]["code"] == "FORBIDDEN"
    assert not writes_since(api.service.store, before)  # only the refusal's audit entry


def test_bad_fields_are_named_one_by_one(api: Api) -> None:
    before = api.service.store.last_seq()
    taken = api.service.projection.node("prof-demo-0152")["email"]
    err = errors(api.gql(ADD, "coordinator", {"p": {"name": " ", "email": "geen-adres", "phone": "bel mij",
                                                    "organisation": "org-lt-arnhem"}}))
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert {(p["field"], p["code"]) for p in err["extensions"]["problems"]} == {
        ("name", "person.required"), ("email", "person.email_invalid"), ("phone", "person.phone_invalid")}
    # the error itself is a message too, not the debug form of the field list
    assert err["extensions"]["messageCode"] == "person.invalid" and err["message"] == "controleer: name, email en phone"
    err = errors(api.gql(ADD, "coordinator", {"p": {"name": "Dubbel Adres", "email": taken.upper(),
                                                    "organisation": "org-lt-arnhem"}}))
    assert err["extensions"]["problems"] == [{"field": "email", "code": "person.email_taken",
                                              "params": {"name": "Eva Voorlopig"}}]
    err = errors(api.gql(ADD, "coordinator", {"p": {"name": "Mijn BSN 111222333", "email": "x@y.example",
                                                    "organisation": "org-lt-arnhem"}}))
    assert err["extensions"]["problems"][0]["code"] == "person.looks_like_bsn"
    assert not writes_since(api.service.store, before)  # only the refusal's audit entry


def test_coordinator_edits_a_professional_and_the_counterpart_answer_shows_it(api: Api) -> None:
    person = ok(api.gql(EDIT, "coordinator", {"k": "prof-demo-0153", "p": {
        "name": "Sanne Voorlopig", "phone": "026 999 0000", "email": "sanne@lt-arnhem.example"}}))["editProfessional"]
    assert person["phone"] == "026 999 0000"
    contacts = ok(api.gql(COUNTERPARTS, "professional", {"g": "GM0202"}))["counterparts"]["contacts"]
    assert {"key": "prof-demo-0153", "name": "Sanne Voorlopig", "phone": "026 999 0000"} in [
        c["professional"] for c in contacts]
    err = errors(api.gql(EDIT, "coordinator", {"k": "prof-demo-0082", "p": {"name": "Zeynep O."}}))
    assert err["extensions"]["code"] == "FORBIDDEN"
    assert api.service.projection.node("prof-demo-0082")["name"] == "Zeynep Oefenberg"


def test_admin_grants_are_logged_and_only_for_admins(api: Api) -> None:
    grant = """mutation($p: String!, $r: GrantRole!, $s: String) {
        grantAccess(professional: $p, role: $r, scope: $s) }"""
    err = errors(api.gql(grant, "coordinator", {"p": "prof-demo-0082", "r": "COORDINATOR", "s": "JZ21"}))
    assert err["extensions"]["code"] == "FORBIDDEN"
    assert ok(api.gql(grant, "admin", {"p": "prof-demo-0082", "r": "COORDINATOR", "s": "JZ21"}))[
        "grantAccess"] == ["coordinator:JZ21"]
    last = api.service.store.history("prof-demo-0082")[-1]
    assert last.actor == api.actor("admin") and last.after["access_grants"] == ["coordinator:JZ21"]
    principal = principal_for_professional(api.service.projection, "prof-demo-0082")
    assert principal is not None and principal.role is Role.COORDINATOR and principal.regions == ("JZ21",)
    err = errors(api.gql(grant, "admin", {"p": "prof-demo-0082", "r": "COORDINATOR", "s": "JZ99"}))
    assert err["extensions"]["code"] == "NOT_FOUND"
    revoke = """mutation($p: String!, $r: GrantRole!, $s: String) {
        revokeAccess(professional: $p, role: $r, scope: $s) }"""
    assert ok(api.gql(revoke, "admin", {"p": "prof-demo-0082", "r": "COORDINATOR", "s": "JZ21"}))["revokeAccess"] == []
    assert principal_for_professional(api.service.projection, "prof-demo-0082").role is Role.PROFESSIONAL


def test_principal_from_positions(api: Api) -> None:
    p = api.service.projection
    coordinator = principal_for_professional(p, "prof-demo-0294")  # Gemeente Ede, coördinator contactbeheer
    assert coordinator.role is Role.COORDINATOR and coordinator.regions == ("JZ21",)
    assert coordinator.can_write_region("JZ21") and not coordinator.can_write_region("JZ28")
    vt = principal_for_professional(p, "prof-demo-0385")  # Veilig Thuis Noord Oost: three regions
    assert vt.role is Role.COORDINATOR and set(vt.regions) == {"JZ12", "JZ17", "JZ25"}
    # The organisation's own contact person of Jeugdbescherming Gelderland (serves all seven regions).
    api.service.write(ChangeBatch(
        nodes=[Node(label=Label.POSITION, key="pos-jbg-eigen-contactpersoon",
                    props={"name": "Jeugdbescherming Gelderland – eigen contactpersoon",
                           "role": ORGANISATION_CONTACT_ROLE})],
        edges=[Edge(type=RelType.AT, src="pos-jbg-eigen-contactpersoon", dst="org-jbg",
                    src_label=Label.POSITION, dst_label=Label.ORGANISATION)]), "admin:test")
    assign_successor(api.service, "pos-jbg-eigen-contactpersoon", "prof-demo-0082", actor="admin:test",
                     on="2026-01-01")
    contact = principal_for_professional(p, "prof-demo-0082")
    assert contact.role is Role.PROFESSIONAL and "org-jbg" in contact.organisations
    jb_staff = next(k for k in p.keys(Label.PROFESSIONAL)
                    if "org-jbg" in organisations_of(p, k) and k != "prof-demo-0082")
    assert contact.can_maintain(["JZ12", "JZ28"], organisations_of(p, jb_staff))
    assert not contact.can_maintain(["JZ28"], organisations_of(p, "prof-demo-0152"))  # Lokaal Team Arnhem
    assert principal_for_professional(p, "prof-does-not-exist") is None


def test_a_refused_language_is_worded_in_dutch() -> None:
    from api.web.format import person_problem_in_dutch
    assert person_problem_in_dutch("person.language_invalid", {"value": "fr"}) == (
        "‘fr’ is geen taal van jbnet (kies Nederlands of English).")
    assert "is not a language" in person_problem_in_dutch("person.language_invalid", {"value": "fr"}, "en")


def test_edit_professional_sets_the_language_and_refuses_another(api: Api) -> None:
    ok(api.gql(EDIT, "coordinator", {"k": "prof-demo-0153", "p": {"name": "Sanne Voorlopig", "language": "EN"}}))
    assert api.service.projection.node("prof-demo-0153")["language"] == "en"
    before = api.service.store.last_seq()
    for other in ("FR", "en"):  # a language jbnet does not speak, and the old lower-case string: the Language enum
        err = errors(api.gql(EDIT, "coordinator", {"k": "prof-demo-0153", "p": {"name": "Sanne Voorlopig",
                                                                                "language": other}}))
        ext = err["extensions"]
        assert ext["code"] == "BAD_USER_INPUT" and ext["messageCode"] == "input.not_in_enum", err
        assert ext["params"]["type"] == "Language" and ext["params"]["allowed"] == ["NL", "EN"]
    assert not writes_since(api.service.store, before)
    assert api.service.projection.node("prof-demo-0153")["language"] == "en"


MY_LANGUAGE = """mutation($l: Language!) { setMyLanguage(language: $l) { key } }"""


def test_a_professional_sets_the_language_of_their_own_mails(api: Api) -> None:
    from api.auth import create_token

    me = "prof-demo-0154"
    token = create_token(api.service.store, role=Role.PROFESSIONAL, name="test zelf", professional_key=me)
    verified = api.service.projection.node(me).get("last_verified")
    assert ok(api.post(MY_LANGUAGE, token, {"l": "EN"}).json())["setMyLanguage"] == {"key": me}
    node = api.service.projection.node(me)
    assert node["language"] == "en" and node.get("last_verified") == verified
    before = api.service.store.last_seq()
    err = errors(api.gql(MY_LANGUAGE, "professional", {"l": "NL"}))  # a key that is no one's: nothing to change
    assert err["extensions"]["messageCode"] == "person.no_own_entry"
    assert "geen eigen gegevens" in err["message"]
    assert not writes_since(api.service.store, before)
    ok(api.post(MY_LANGUAGE, token, {"l": "NL"}).json())
    assert api.service.projection.node(me)["language"] == "nl"
