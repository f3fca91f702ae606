"""Refusals of the API (permissions, tokens, exports, maps) are catalogue messages: Dutch by default, English
when asked (``Accept-Language``), with ``extensions.code``, ``messageCode`` and ``params``; the audit trail
keeps the code and params and the admin page words them. Real server over HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from api.i18n import render
from graph.messages import msg
from tests.api.conftest import Api
from tests.support import writes_since
from tests.web.conftest import csrf_from

GOVERNANCE = '{ governance(code: "JZ28") { code } }'
CONTACT = '{ gemeente(code: "GM0228") { organisations(type: VEILIG_THUIS) { organisation { phone } } } }'
SET_RHYTHM = "mutation { setUpdateRhythm(jeugdhulpregio: \"JZ21\", months: 9) { code } }"


def _gql(api: Api, query: str, role: str | None, lang: str | None = None) -> dict[str, Any]:
    headers = {"Accept-Language": lang} if lang else {}
    r = api.post(query, api.tokens[role] if role else None, headers=headers)
    assert r.status_code == 200, r.text
    (error, *_) = r.json()["errors"]
    return error


def test_a_missing_role_is_refused_in_dutch_and_in_english(api: Api) -> None:
    nl = _gql(api, GOVERNANCE, "professional")
    assert nl["extensions"]["code"] == "FORBIDDEN"
    assert nl["extensions"]["messageCode"] == "access.needs_role"
    assert nl["extensions"]["params"] == {"roles": ["governance"]}
    assert nl["message"] == "Hiervoor is een token nodig met een van de rollen governance."
    en = _gql(api, GOVERNANCE, "professional", "en-GB,en;q=0.9")
    assert en["message"] == "This needs a token with one of the roles governance."
    assert en["extensions"] == nl["extensions"]


def test_anonymous_callers_are_asked_to_sign_in_in_their_language(api: Api) -> None:
    for query, code in ((GOVERNANCE, "access.sign_in"), (CONTACT, "access.sign_in.contacts"),
                        (SET_RHYTHM, "access.sign_in.write")):
        nl, en = _gql(api, query, None), _gql(api, query, None, "en")
        assert nl["extensions"]["code"] == en["extensions"]["code"] == "UNAUTHENTICATED"
        assert nl["extensions"]["messageCode"] == en["extensions"]["messageCode"] == code
        assert nl["message"] == render(msg(code), "nl") and nl["message"].startswith("Meld u")
        assert en["message"] == render(msg(code), "en") and en["message"].startswith("Sign in")


def test_a_write_outside_the_region_is_refused_for_a_role_without_rights(api: Api) -> None:
    error = _gql(api, SET_RHYTHM, "professional")
    assert error["extensions"]["messageCode"] == "access.role_cannot_write"
    assert error["message"] == ("Een token met de rol professional kan JZ21 niet wijzigen; een coördinator van "
                                "JZ21 of een beheerder kan dat wel.")


def test_http_refusals_of_exports_and_maps_speak_the_asked_language(api: Api) -> None:
    coordinator = {"Authorization": f"Bearer {api.tokens['coordinator']}"}
    cases = [
        ("/exports/contacts/JZ21.csv", coordinator, 403, "access.export_contacts", {"region": "JZ21"}),
        ("/exports/contacts/JZ21.pdf", coordinator, 404, "export.unknown_format",
         {"format": "pdf", "known": ["csv", "xlsx"]}),
        ("/exports/contacts/JZ99.csv", coordinator, 404, "export.no_jeugdhulpregio", {"region": "JZ99"}),
        ("/exports/contacts/JZ21.csv", {}, 401, "access.sign_in.export", {}),
        ("/maps/region/JZ28", coordinator, 403, "access.maps_governance", {}),
        ("/maps/region/JZ28", {}, 401, "access.sign_in", {}),
        ("/graphql", {"Authorization": "Token x"}, 401, "access.bad_header", {}),
    ]
    for path, headers, status, code, params in cases:
        answers = {}
        for lang in ("nl", "en"):
            r = api.client.get(path, headers={**headers, "Accept-Language": lang}) if path != "/graphql" else \
                api.client.post(path, json={"query": "{ __typename }"}, headers={**headers, "Accept-Language": lang})
            assert r.status_code == status, (path, r.text)
            (error,) = r.json()["errors"]
            assert error["extensions"]["messageCode"] == code and error["extensions"]["params"] == params, path
            answers[lang] = error["message"]
        assert answers["nl"] != answers["en"], path
        assert answers["nl"] == render(msg(code, **params), "nl"), path
        assert answers["en"] == render(msg(code, **params), "en"), path


def test_the_audit_trail_keeps_the_code_and_the_admin_page_words_it(api: Api) -> None:
    seq = api.service.store.last_seq()
    r = api.client.get("/exports/contacts/JZ21.xlsx", headers={"Authorization": f"Bearer {api.tokens['coordinator']}"})
    assert r.status_code == 403
    [entry] = [e for e in api.service.store.changes_since(seq) if e.op == "audit.refused"]
    assert entry.after is not None
    assert entry.after["reason"] == {"code": "access.export_contacts", "params": {"region": "JZ21"}}
    assert not writes_since(api.service.store, seq)  # only the refusal's audit entry
    today = dt.datetime.now(dt.UTC).date().isoformat()
    with httpx.Client(base_url=api.base_url, timeout=30, follow_redirects=False) as client:
        form = client.get("/login")
        client.post("/login", data={"token": api.tokens["admin"], "csrf": csrf_from(form.text), "next": "/"})
        page = client.get("/beheer/audit", params={"van": today})
        assert page.status_code == 200
        assert "Alleen een coördinator van JZ21 of een beheerder kan de contactlijst" in page.text
        assert "access.export_contacts" not in page.text
        english = client.get("/beheer/audit", params={"van": today, "lang": "en"})
        assert "Only a coordinator of JZ21 or an admin can export its contact list." in english.text
