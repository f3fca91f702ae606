"""A Date or enum value the schema cannot read is refused in the catalogue's words, with a code and
parameters, whether it is written in the document or sent as a variable — real documents over HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from api.graphql.inputs import SCALAR_OVERRIDES, InputValueError
from tests.api.conftest import Api

CASE = '{ case(ref: "JB-FRFC-2DMP", today: "2026-13-45") { ref } }'
CASE_VAR = 'query($d: Date) { case(ref: "JB-FRFC-2DMP", today: $d) { ref } }'
KIND = '{ counterparts(gemeente: "GM0228", organisationType: VEILIG) { coveredAt } }'
KIND_VAR = 'query($t: OrganisationKind!) { counterparts(gemeente: "GM0228", organisationType: $t) { coveredAt } }'
KINDS = ["LOKAAL_TEAM", "GI", "VEILIG_THUIS", "RVDK"]


def _refusal(api: Api, query: str, variables: dict[str, Any] | None = None, *, status: int = 200,
             headers: dict[str, str] | None = None) -> dict[str, Any]:
    r = api.client.post("/graphql", json={"query": query, "variables": variables or {}},
                        headers={"Authorization": f"Bearer {api.tokens['professional']}", **(headers or {})})
    assert r.status_code == status, r.text
    [error] = r.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return dict(error)


def test_a_date_literal_that_is_no_day_names_the_value(api: Api) -> None:
    error = _refusal(api, CASE)
    assert error["extensions"]["messageCode"] == "input.not_a_date"
    assert error["extensions"]["params"] == {"value": "2026-13-45"}
    assert error["message"] == "'2026-13-45' is geen datum: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-31"
    assert error["locations"] == [{"line": 1, "column": 36}]  # the literal itself


def test_a_date_literal_that_is_a_number_is_named_as_written(api: Api) -> None:
    error = _refusal(api, CASE.replace('"2026-13-45"', "20261231"))
    assert error["extensions"]["params"] == {"value": "20261231"} and error["locations"]


def test_a_date_variable_in_the_dutch_way_names_the_variable_and_the_value(api: Api) -> None:
    error = _refusal(api, CASE_VAR, {"d": "31-12-2026"})
    ext = error["extensions"]
    assert (ext["messageCode"], ext["params"], ext["variable"]) == ("input.not_a_date", {"value": "31-12-2026"}, "d")
    assert error["message"].startswith("variabele $d: '31-12-2026' is geen datum")


def test_a_date_variable_that_is_a_number_is_refused_as_input_not_as_an_internal_error(api: Api) -> None:
    error = _refusal(api, CASE_VAR, {"d": 20261231})
    assert error["extensions"]["params"] == {"value": "20261231"}


def test_an_unknown_enum_literal_lists_the_values_there_are(api: Api) -> None:
    error = _refusal(api, KIND)
    ext = error["extensions"]
    assert ext["messageCode"] == "input.not_in_enum" and ext["params"]["value"] == "VEILIG"
    assert ext["params"]["type"] == "OrganisationKind" and ext["params"]["allowed"][:4] == KINDS
    assert error["message"].startswith("'VEILIG' is geen waarde van OrganisationKind: kies LOKAAL_TEAM, GI, ")


def test_an_enum_variable_in_lower_case_is_refused_in_english_when_asked(api: Api) -> None:
    error = _refusal(api, KIND_VAR, {"t": "veilig_thuis"}, headers={"Accept-Language": "en"})
    assert error["extensions"]["params"]["value"] == "veilig_thuis" and error["extensions"]["variable"] == "t"
    assert error["message"].startswith("variable $t: 'veilig_thuis' is not a value of OrganisationKind: choose ")


def test_the_spec_media_type_gets_the_same_refusal_as_a_400_without_data(api: Api) -> None:
    error = _refusal(api, CASE, status=400, headers={"Accept": "application/graphql-response+json"})
    assert error["extensions"]["messageCode"] == "input.not_a_date"


def test_good_values_still_answer(api: Api) -> None:
    r = api.gql(KIND_VAR, "professional", {"t": "VEILIG_THUIS"})
    assert "errors" not in r and r["data"]["counterparts"]["coveredAt"]


@pytest.mark.parametrize(("scalar", "good", "bad"), [
    (dt.date, "2026-03-31", "2026-02-30"),
    (dt.datetime, "2026-03-31T09:30:00+02:00", "31-03-2026 09:30"),
])
def test_the_scalars_read_iso_and_refuse_the_rest_with_a_catalogue_code(scalar: type, good: str, bad: str) -> None:
    # No argument is a DateTime yet: its parser is checked here, the Date one over HTTP above as well.
    parse = SCALAR_OVERRIDES[scalar].parse_value
    assert parse is not None and parse(good) == scalar.fromisoformat(good)
    with pytest.raises(InputValueError) as refused:
        parse(bad)
    assert refused.value.extensions["params"] == {"value": bad}
    assert refused.value.extensions["messageCode"] in ("input.not_a_date", "input.not_a_datetime")


MEETING = 'mutation { createMeeting(input: {date: "31-12-2026", region: "JZ21"}) { key } }'
MEETING_VAR = "mutation($m: MeetingInput!) { createMeeting(input: $m) { key } }"
RULES = ('mutation { setInviteRules(region: "JZ21", types: [{orgType: GI, minimum: 1}, {orgType: VT, minimum: 1}]) '
         "{ hoursPerMeeting } }")
RULES_VAR = "mutation($t: [TypeMinimumInput!]) { setInviteRules(region: \"JZ21\", types: $t) { hoursPerMeeting } }"


def test_a_date_literal_inside_an_input_object_names_its_field(api: Api) -> None:
    error = _refusal(api, MEETING)
    ext = error["extensions"]
    assert (ext["messageCode"], ext["params"]) == ("input.not_a_date", {"value": "31-12-2026", "field": "input.date"})
    assert error["message"] == ("veld input.date: '31-12-2026' is geen datum: gebruik JJJJ-MM-DD, "
                                "bijvoorbeeld 2026-03-31")


def test_an_enum_literal_in_a_list_of_input_objects_names_the_item_and_field(api: Api) -> None:
    error = _refusal(api, RULES, headers={"Accept-Language": "en"})
    assert error["extensions"]["params"]["field"] == "types[1].orgType"
    assert error["message"].startswith("field types[1].orgType: 'VT' is not a value of OrganisationKind")


def test_a_variable_input_object_names_the_variable_and_the_field(api: Api) -> None:
    error = _refusal(api, MEETING_VAR, {"m": {"date": "2026-02-30", "region": "JZ21"}})
    ext = error["extensions"]
    assert (ext["variable"], ext["params"]) == ("m", {"value": "2026-02-30", "field": "date"})
    assert error["message"].startswith("variabele $m, veld date: '2026-02-30' is geen datum")


def test_a_variable_list_of_input_objects_names_the_item_and_field(api: Api) -> None:
    error = _refusal(api, RULES_VAR, {"t": [{"orgType": "GI", "minimum": 1}, {"orgType": "gi", "minimum": 1}]})
    assert error["extensions"]["params"]["field"] == "[1].orgType"
    assert error["message"].startswith("variabele $t, veld [1].orgType: 'gi' is geen waarde van OrganisationKind")


def test_a_month_is_read_as_yyyy_mm_and_anything_else_is_no_month() -> None:
    from api.graphql.values import YEAR_MONTH, month

    assert month("2021-10") == "2021-10"
    assert [month(v) for v in ("2021-13", "2021-1", "oktober 2021", "2021-10-01", None)] == [None] * 5
    parse = YEAR_MONTH.parse_value
    assert parse is not None
    assert parse("2021-10") == "2021-10"
    with pytest.raises(InputValueError) as refused:
        parse("2021-13")
    assert refused.value.extensions["messageCode"] == "input.not_a_month"
    assert refused.value.message == "'2021-13' is geen maand: gebruik JJJJ-MM, bijvoorbeeld 2021-10"


GRANT = 'mutation { grantAccess(professional: "prof-demo-0082", role: %s, scope: "JZ21") }'


def test_grant_access_refuses_a_role_outside_the_domain_list_before_it_runs(api: Api) -> None:
    # grantAccess(role:) is the GrantRole enum over graph.queries.access.GRANT_ROLES: the old lower-case
    # string and a made-up role are refused by validation, naming the values there are, and nothing is granted.
    admin = {"Authorization": f"Bearer {api.tokens['admin']}"}
    for written in ('"coordinator"', "SUPERUSER"):
        error = _refusal(api, GRANT % written, headers=admin)
        ext = error["extensions"]
        assert ext["messageCode"] == "input.not_in_enum" and ext["params"]["type"] == "GrantRole", error
        assert ext["params"]["allowed"] == ["ADMIN", "GOVERNANCE", "COORDINATOR", "ORGANISATION"]
    assert not api.service.projection.node("prof-demo-0082").get("access_grants")
    r = api.client.post("/graphql", json={"query": GRANT % "COORDINATOR"}, headers=admin)
    assert r.json() == {"data": {"grantAccess": ["coordinator:JZ21"]}}


def test_an_enum_literal_answers_the_same_every_time_and_an_unknown_one_is_still_refused(api: Api) -> None:
    """Enum literals are converted once and kept (api/graphql/inputs.py): a kept value must not leak into a refusal."""
    literal = KIND.replace("VEILIG)", "VEILIG_THUIS)")
    answers = [api.gql(literal, "professional") for _ in range(3)]
    by_variable = api.gql(KIND_VAR, "professional", {"t": "VEILIG_THUIS"})
    assert answers[0] == answers[1] == answers[2] == by_variable and "errors" not in by_variable
    assert _refusal(api, KIND)["extensions"]["params"]["value"] == "VEILIG"
