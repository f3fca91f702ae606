"""Inputs that cannot hurt at the HTTP level: malformed GraphQL bodies are 400s shaped like GraphQL
errors (not 500s), large bodies 413, too many requests 429, and every response carries the security
headers. Real uvicorn over loopback."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.auth import Role, create_token
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from tests.api.conftest import Api
from tests.support import serve

TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "web" / "templates"


def _graphql_error(r: httpx.Response, status: int) -> str:
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json"), r.headers
    [error] = r.json()["errors"]
    assert error["extensions"]["code"] and error["message"]
    return str(error["message"])


@pytest.mark.parametrize("body", [b"null", b"42", b'"query"', b"true", b"[]", b"\xff\xfe{\x00",
                                  b"{\"query\": \"\xc3\x28\"}", b"{", b""])
def test_malformed_graphql_body_is_a_400_graphql_error(api: Api, body: bytes) -> None:
    r = api.client.post("/graphql", content=body, headers={"content-type": "application/json"})
    _graphql_error(r, 400)


def test_strawberry_plain_text_refusals_are_graphql_shaped_too(api: Api) -> None:
    for kwargs in ({"content": b"{}", "headers": {"content-type": "text/plain"}},
                   {"json": {"query": 5}}, {"json": {"query": "{ __typename }", "variables": 5}}):
        _graphql_error(api.client.post("/graphql", **kwargs), 400)  # type: ignore[arg-type]


def test_body_over_the_default_limit_is_413(api: Api) -> None:
    big = b'{"query": "{ __typename }", "pad": "' + b"x" * 1_100_000 + b'"}'
    assert "1 MB" in _graphql_error(api.client.post("/graphql", content=big,
                                                    headers={"content-type": "application/json"}), 413)


def test_security_headers_on_every_kind_of_response(api: Api) -> None:
    for path in ("/", "/login", "/healthz", "/graphql", "/static/jbnet.css", "/bestaat-niet",
                 "/exports/contacts/JZ28.csv"):
        r = api.client.get(path, headers={"accept": "text/html"})
        csp = r.headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, (path, csp)
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0], (path, csp)
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["referrer-policy"] == "same-origin", path
        assert "strict-transport-security" not in r.headers, path  # plain HTTP: HSTS would be meaningless


def test_hsts_when_served_over_https(api: Api) -> None:
    # uvicorn trusts X-Forwarded-Proto from loopback (its default forwarded_allow_ips): a TLS proxy in front.
    r = api.client.get("/healthz", headers={"x-forwarded-proto": "https"})
    assert r.headers["strict-transport-security"].startswith("max-age=")


def test_pages_have_no_inline_script_or_event_handlers() -> None:
    """CSP without 'unsafe-inline' for scripts only works when no page relies on inline script."""
    for template in TEMPLATES.iterdir():
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text, re.I), template.name
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), template.name
        assert "javascript:" not in text.lower(), template.name


def test_graphiql_page_has_the_strict_policy(api: Api) -> None:
    r = api.client.get("/graphql", headers={"accept": "text/html"})
    assert r.status_code == 200 and "graphiql" in r.text.lower()
    assert r.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self';")


# ------------------------------------------------------------------------- configured limits
@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    store = SQLiteStore(tmp_path_factory.mktemp("guard") / "jbnet.sqlite")
    tokens = {name: create_token(store, role=Role.PROFESSIONAL, name=name) for name in ("a", "b")}
    settings = Settings(db_path=Path(os.devnull), poll_seconds=0.2, max_body_bytes=2_000,
                        rate_limit_api="5/minute", rate_limit_sign_in="3/minute")
    with serve(create_app(settings, GraphService(store, settings=settings))) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        yield client, tokens
    store.close()


def test_body_limit_is_configurable_and_holds_without_content_length(strict: tuple[httpx.Client, dict]) -> None:
    client, _ = strict
    body = b'{"query": "{ __typename }", "pad": "' + b"x" * 3_000 + b'"}'
    _graphql_error(client.post("/graphql", content=body, headers={"content-type": "application/json"}), 413)

    def chunks() -> Iterator[bytes]:  # chunked transfer: no Content-Length to refuse up front
        for i in range(0, len(body), 500):
            yield body[i:i + 500]

    _graphql_error(client.post("/graphql", content=chunks(), headers={"content-type": "application/json"}), 413)


def test_api_rate_limit_per_token(strict: tuple[httpx.Client, dict]) -> None:
    client, tokens = strict
    statuses = [client.post("/graphql", json={"query": "{ __typename }"},
                            headers={"Authorization": f"Bearer {tokens['a']}"}).status_code for _ in range(7)]
    assert statuses[:4] == [200] * 4 and statuses[-1] == 429, statuses
    r = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Authorization": f"Bearer {tokens['a']}"})
    _graphql_error(r, 429)
    assert int(r.headers["retry-after"]) >= 1
    other = client.post("/graphql", json={"query": "{ __typename }"},
                        headers={"Authorization": f"Bearer {tokens['b']}"})
    assert other.status_code == 200  # another token has its own budget


def test_refused_sign_ins_are_rate_limited(strict: tuple[httpx.Client, dict]) -> None:
    client, tokens = strict
    statuses = [client.post("/login", data={"token": "jb_wrong", "csrf": "x"}).status_code for _ in range(5)]
    assert all(400 <= s < 500 for s in statuses) and statuses[-1] == 429, statuses
    assert "retry-after" in client.post("/login", data={"token": tokens["a"], "csrf": "x"}).headers
