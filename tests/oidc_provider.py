"""A small, real OpenID Connect provider for the tests: discovery, authorization code + PKCE, RS256 ID tokens.

Built on Starlette and joserfc (RSA keys, JWS/JWT), served by uvicorn on a free loopback port. The
"user" who signs in at ``/authorize`` is ``provider.user`` (no login form: the test decides who it
is). Knobs for the bad cases: ``token_issuer`` (an ID token from another issuer), ``expired`` (an ID
token whose ``exp`` has passed), ``user`` with an unknown or unverified address.

    with OidcProvider.running() as idp:
        idp.register("jbnet", "secret", ["http://127.0.0.1:PORT/login/oidc/org-x/callback"])
        idp.user = {"sub": "u1", "email": "a@b.example", "email_verified": True}
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.support import serve

__all__ = ["OidcProvider"]


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    nonce: str
    challenge: str
    user: dict[str, Any]


@dataclass
class OidcProvider:
    issuer: str = ""
    user: dict[str, Any] = field(default_factory=dict)
    token_issuer: str | None = None  # sign ID tokens as this issuer instead (wrong-issuer test)
    expired: bool = False  # ID tokens that expired an hour ago
    discovery_issuer: str | None = None  # a discovery document naming another issuer
    clients: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # id -> (secret, redirect URIs)
    codes: dict[str, _Grant] = field(default_factory=dict)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "test-1", "use": "sig"},
                                                                    private=True))
    token_requests: int = 0

    def register(self, client_id: str, secret: str, redirect_uris: list[str]) -> None:
        self.clients[client_id] = (secret, redirect_uris)

    # -- endpoints --------------------------------------------------------------------------------
    async def discovery(self, request: Request) -> Response:
        return JSONResponse({
            "issuer": self.discovery_issuer or self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "scopes_supported": ["openid", "email", "profile"],
        })

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(KeySet([self.key]).as_dict(private=False))

    async def authorize(self, request: Request) -> Response:
        q = request.query_params
        client = self.clients.get(q.get("client_id", ""))
        if client is None or q.get("redirect_uri") not in client[1]:
            return JSONResponse({"error": "invalid_request", "error_description": "unknown client or redirect_uri"},
                                status_code=400)
        back = q["redirect_uri"]
        if q.get("response_type") != "code" or "openid" not in q.get("scope", "").split():
            return RedirectResponse(f"{back}?{urlencode({'error': 'invalid_scope', 'state': q.get('state', '')})}")
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return RedirectResponse(f"{back}?{urlencode({'error': 'invalid_request', 'state': q.get('state', '')})}")
        code = secrets.token_urlsafe(16)
        self.codes[code] = _Grant(q["client_id"], back, q.get("nonce", ""), q["code_challenge"], dict(self.user))
        return RedirectResponse(f"{back}?{urlencode({'code': code, 'state': q.get('state', '')})}", status_code=302)

    async def token(self, request: Request) -> Response:
        self.token_requests += 1
        auth = request.headers.get("authorization", "")
        try:
            client_id, _, secret = base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
        except ValueError:
            client_id, secret = "", ""
        known = self.clients.get(client_id)
        if known is None or not secrets.compare_digest(known[0], secret):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        form = await request.form()
        grant = self.codes.pop(str(form.get("code", "")), None)  # single use
        if form.get("grant_type") != "authorization_code" or grant is None or grant.client_id != client_id \
                or form.get("redirect_uri") != grant.redirect_uri:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        verifier = str(form.get("code_verifier", ""))
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant.challenge:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, status_code=400)
        now = int(time.time()) - (7200 if self.expired else 0)
        claims = {"iss": self.token_issuer or self.issuer, "aud": client_id, "iat": now, "exp": now + 300,
                  "nonce": grant.nonce, **grant.user}
        id_token = jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)
        return JSONResponse({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300,
                             "id_token": id_token})

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/.well-known/openid-configuration", self.discovery),
            Route("/jwks", self.jwks),
            Route("/authorize", self.authorize),
            Route("/token", self.token, methods=["POST"]),
        ])

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator[OidcProvider]:
        provider = cls()
        with serve(provider.app()) as base_url:
            provider.issuer = base_url
            yield provider
