"""Authentication, permissions and security limits through the real app over HTTP."""

from __future__ import annotations

import dataclasses

import pytest
import strawberry
from strawberry.extensions import MaskErrors

from api.auth import Principal, Role, TokenError, authenticate, create_token, hash_token
from api.graphql.errors import MaskUnexpectedErrors
from api.graphql.permissions import HasRole
from graph.messages import Message, msg
from graph.queries.errors import NotFound
from tests.api.conftest import COORDINATOR_SCOPE, Api

CONTACT_QUERY = '{ gemeente(code: "GM0228") { organisations(type: VEILIG_THUIS) { organisation { name phone } } } }'


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text
    assert 'File "' not in text
    assert ".py" not in text


# ------------------------------------------------------------------ reading contact details
def test_without_a_token_contact_fields_are_refused(api: Api) -> None:
    r = api.post(CONTACT_QUERY)
    assert r.status_code == 200
    body = r.json()
    (serving,) = body["data"]["gemeente"]["organisations"]
    assert serving["organisation"]["name"]  # the directory structure is public …
    assert serving["organisation"]["phone"] is None  # … its contact details are not
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Authorization: Bearer" in error["message"]
    assert_no_traceback(r.text)


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_with_any_token_contact_fields_are_shown(api: Api, role: str) -> None:
    body = api.gql(CONTACT_QUERY, role=role)
    assert "errors" not in body
    (serving,) = body["data"]["gemeente"]["organisations"]
    assert serving["organisation"]["phone"]


def test_a_wrong_token_is_401_with_a_clear_message(api: Api) -> None:
    r = api.post("{ __typename }", token="jbnet_not-a-real-token")
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    (error,) = r.json()["errors"]
    assert "Ongeldig of ingetrokken API-token" in error["message"]
    assert error["extensions"]["messageCode"] == "access.bad_token"
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_malformed_authorization_header_is_401(api: Api) -> None:
    r = api.post("{ __typename }", headers={"Authorization": f"Token {api.tokens['admin']}"})
    assert r.status_code == 401
    assert "moet 'Bearer <token>' zijn" in r.json()["errors"][0]["message"]


def test_a_revoked_token_is_401(api: Api) -> None:
    store = api.service.store
    raw = create_token(store, role=Role.PROFESSIONAL, name="leaver")
    assert api.post("{ __typename }", token=raw).status_code == 200
    token = store.get_token(hash_token(raw))
    assert token is not None
    store.put_token(dataclasses.replace(token, revoked=True))
    r = api.post("{ __typename }", token=raw)
    assert r.status_code == 401
    assert r.json()["errors"][0]["extensions"]["messageCode"] == "access.bad_token"
    assert "ingetrokken" in r.json()["errors"][0]["message"]


# ------------------------------------------------------------------ tokens
def test_tokens_are_stored_hashed(api: Api) -> None:
    store = api.service.store
    raw = create_token(store, role="governance", name="analist")
    stored = [t for t in store.tokens() if t.name == "analist"]
    assert len(stored) == 1
    assert stored[0].token_hash == hash_token(raw) != raw
    assert raw not in repr(stored[0])
    principal = authenticate(store, raw)
    assert principal == Principal(role=Role.GOVERNANCE, name="analist", actor_id=f"token:{hash_token(raw)[:12]}")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"role": "wizard"}, msg("token.unknown_role", role="wizard", known=[r.value for r in Role])),
    ({"role": "coordinator"}, msg("token.needs_scope")),
    ({"role": "coordinator", "scope": "JZ99"}, msg("token.unknown_scope", scope="JZ99")),
    ({"role": "coordinator", "scope": "GM0228"}, msg("token.unknown_scope", scope="GM0228")),
    ({"role": "professional", "scope": "JZ28"}, msg("token.scope_not_for_role", role="professional")),
    ({"role": "professional", "professional_key": "prof-nobody"}, msg("token.unknown_professional", key="prof-nobody")),
])
def test_token_creation_refuses_bad_requests(api: Api, kwargs: dict, message: Message) -> None:
    before = len(api.service.store.tokens())
    with pytest.raises(TokenError) as refused:
        create_token(api.service.store, name="x", **kwargs)
    assert refused.value.message == message  # a catalogue code: the CLI words it in its language
    assert len(api.service.store.tokens()) == before


# ------------------------------------------------------------------ writing within a region
SET_RHYTHM = """mutation($jz: String!, $m: Int!) {
    setUpdateRhythm(jeugdhulpregio: $jz, months: $m) { code updateRhythmMonths } }"""


def test_principal_can_write_region() -> None:
    coordinator = Principal(role=Role.COORDINATOR, name="c", scope="JZ28")
    assert coordinator.can_write_region("JZ28")
    assert not coordinator.can_write_region("JZ21")
    assert not coordinator.can_write_region(None)
    assert Principal(role=Role.ADMIN, name="a").can_write_region("JZ21")
    for role in (Role.PROFESSIONAL, Role.GOVERNANCE):
        assert not Principal(role=role, name="p").can_write_region("JZ28")
    assert not Principal.anonymous().can_write_region("JZ28")


def test_coordinator_writes_in_its_own_region(api: Api) -> None:
    body = api.gql(SET_RHYTHM, role="coordinator", variables={"jz": COORDINATOR_SCOPE, "m": 6})
    assert body["data"]["setUpdateRhythm"] == {"code": COORDINATOR_SCOPE, "updateRhythmMonths": 6}
    (entry,) = [e for e in api.service.store.history(COORDINATOR_SCOPE) if e.actor == api.actor("coordinator")]
    assert entry.after and entry.after.get("update_rhythm_months") == 6


def test_coordinator_cannot_change_another_region(api: Api) -> None:
    before = api.gql('{ jeugdhulpregio(code: "JZ21") { updateRhythmMonths } }')["data"]["jeugdhulpregio"]
    body = api.gql(SET_RHYTHM, role="coordinator", variables={"jz": "JZ21", "m": 9})
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["message"] == f"Een coördinator van {COORDINATOR_SCOPE} kan JZ21 niet wijzigen."
    assert error["extensions"]["messageCode"] == "access.coordinator_elsewhere"
    assert error["extensions"]["params"] == {"scope": COORDINATOR_SCOPE, "region": "JZ21"}
    assert error["extensions"]["code"] == "FORBIDDEN"
    after = api.gql('{ jeugdhulpregio(code: "JZ21") { updateRhythmMonths } }')["data"]["jeugdhulpregio"]
    assert after == before


@pytest.mark.parametrize("role", ["professional", "governance"])
def test_readers_cannot_write(api: Api, role: str) -> None:
    body = api.gql(SET_RHYTHM, role=role, variables={"jz": "JZ28", "m": 4})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "een coördinator van JZ28 of een beheerder kan dat wel" in body["errors"][0]["message"]


def test_anonymous_cannot_write(api: Api) -> None:
    body = api.gql(SET_RHYTHM, variables={"jz": "JZ28", "m": 4})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_admin_writes_anywhere_and_bad_values_are_refused(api: Api) -> None:
    body = api.gql(SET_RHYTHM, role="admin", variables={"jz": "JZ21", "m": 12})
    assert body["data"]["setUpdateRhythm"]["updateRhythmMonths"] == 12
    body = api.gql(SET_RHYTHM, role="admin", variables={"jz": "JZ21", "m": 0})
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "messageCode": "input.out_of_range",
                                   "params": {"argument": "months", "min": 1, "max": 24, "value": 0}}
    assert error["message"] == "months moet tussen 1 en 24 liggen, niet 0"
    body = api.gql(SET_RHYTHM, role="admin", variables={"jz": "JZ2l", "m": 3})
    assert body["errors"][0]["message"].startswith("Geen jeugdhulpregio 'JZ2L' gevonden. Bedoelt u JZ")


# ------------------------------------------------------------------ security limits
def _error_text(api: Api, query: str) -> str:
    r = api.post(query, token=api.tokens["admin"])
    assert_no_traceback(r.text)
    body = r.json()
    assert body.get("data") is None
    return " ".join(e["message"] for e in body["errors"])


def test_query_depth_is_limited(api: Api) -> None:
    nested = "name"
    for _ in range(8):
        nested = f"jeugdhulpregio {{ centraleGemeente {{ {nested} }} }}"
    message = _error_text(api, f'{{ gemeente(code: "GM0228") {{ {nested} }} }}')
    assert "exceeds maximum operation depth of 12" in message


def test_aliases_are_limited(api: Api) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(31))
    assert "31 aliases found. Allowed: 30" in _error_text(api, f"{{ {aliases} }}")


def test_document_size_is_limited(api: Api) -> None:
    message = _error_text(api, "{ " + "__typename " * 5_001 + "}")
    assert "more than 5000 tokens" in message


def test_unexpected_errors_are_masked_and_domain_errors_kept() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        def boom(self) -> str:
            raise RuntimeError("/srv/secret/path.py line 3")

        @strawberry.field
        def missing(self) -> str:
            raise NotFound("gemeente", "GM9999", [("GM0299", "Zevenaar")])

    schema = strawberry.Schema(query=Query, extensions=[MaskUnexpectedErrors])
    boom = schema.execute_sync("{ boom }")
    assert [e.message for e in boom.errors or []] == ["Unexpected error."]
    assert boom.errors and boom.errors[0].extensions == {"code": "INTERNAL_SERVER_ERROR"}
    missing = schema.execute_sync("{ missing }")
    assert missing.errors
    assert missing.errors[0].message == "Geen gemeente 'GM9999' gevonden. Bedoelt u GM0299 (Zevenaar)?"
    assert missing.errors[0].extensions == {
        "code": "NOT_FOUND", "suggestions": [{"code": "GM0299", "name": "Zevenaar"}],
        "messageCode": "query.not_found.suggest",
        "params": {"kind": "gemeente", "key": "GM9999", "suggestions": ["GM0299 (Zevenaar)"]}}
    assert issubclass(MaskUnexpectedErrors, MaskErrors)


def test_healthz_and_graphiql(api: Api) -> None:
    health = api.client.get("/healthz").json()
    assert health["status"] == "ok" and health["nodes"] > 0
    page = api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_has_role_through_a_schema() -> None:
    @strawberry.type
    class Query:
        @strawberry.field(permission_classes=[HasRole(Role.GOVERNANCE)])
        def analytics(self) -> int:
            return 42

    schema = strawberry.Schema(query=Query)

    class Ctx:
        def __init__(self, principal: Principal) -> None:
            self.principal = principal

    def run(principal: Principal) -> tuple[int | None, str | None, str | None]:
        result = schema.execute_sync("{ analytics }", context_value=Ctx(principal))
        if result.errors:
            return None, result.errors[0].message, (result.errors[0].extensions or {}).get("code")
        return result.data["analytics"] if result.data else None, None, None

    assert run(Principal(role=Role.GOVERNANCE, name="g")) == (42, None, None)
    assert run(Principal(role=Role.ADMIN, name="a")) == (42, None, None)
    value, message, code = run(Principal(role=Role.PROFESSIONAL, name="p"))
    assert (value, code) == (None, "FORBIDDEN") and message and "governance" in message
    assert run(Principal.anonymous())[2] == "UNAUTHENTICATED"
