"""OpenID Connect sign-in for organisations with their own identity provider (authorization code + PKCE).

Providers are configured per organisation in a TOML file named by ``JBNET_OIDC_CONFIG``::

    [[provider]]
    organisation = "org-jb-gelderland"        # the organisation's key in the directory
    issuer = "https://login.jbgelderland.example"
    client_id = "jbnet"
    client_secret_env = "JBNET_OIDC_JBG_SECRET" # or client_secret = "…" (keep the file private)
    email_domains = ["jbgelderland.example"]  # addresses this provider may vouch for
    # name = "Jeugdbescherming Gelderland"    # button text; default: the organisation's name

The flow: discovery (the metadata's ``issuer`` must be the configured one), a redirect to the provider
with state, nonce and a PKCE challenge, the code exchanged at the token endpoint (authlib's httpx
client), and the ID token verified with joserfc against the provider's JWKS: signature, ``iss``,
``aud``, ``exp``, ``iat`` and ``nonce``. The person is the professional with the token's *verified*
e-mail address in one of the provider's domains (``graph.queries.signin.match_identity``).
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError
from joserfc.jwk import KeySet

from graph.settings import Settings

__all__ = ["AuthRequest", "OidcError", "OidcProvider", "begin", "finish", "load_providers", "verify_id_token"]

_ALGORITHMS = ["RS256", "PS256", "ES256"]
_LEEWAY = 60  # seconds of clock difference allowed


class OidcError(Exception):
    """A sign-in that cannot go on. ``code``: oidc.config / oidc.discovery / oidc.provider_error /
    oidc.token_failed / oidc.wrong_issuer / oidc.wrong_audience / oidc.expired / oidc.invalid_token / oidc.nonce."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class OidcProvider:
    organisation: str
    issuer: str
    client_id: str
    client_secret: str
    email_domains: tuple[str, ...]
    name: str = ""
    scope: str = "openid email profile"


@dataclass(frozen=True)
class AuthRequest:
    """What the browser is sent to, and what must come back (kept in a signed cookie meanwhile)."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def load_providers(settings: Settings) -> dict[str, OidcProvider]:
    """The configured providers by organisation key (empty without ``JBNET_OIDC_CONFIG``)."""
    path = settings.oidc_config
    if not path:
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OidcError("oidc.config", f"{path}: {exc}") from exc
    providers: dict[str, OidcProvider] = {}
    for i, entry in enumerate(data.get("provider", []), start=1):
        secret = entry.get("client_secret") or os.environ.get(str(entry.get("client_secret_env", "")), "")
        missing = [k for k in ("organisation", "issuer", "client_id") if not entry.get(k)]
        if missing or not secret:
            raise OidcError("oidc.config", f"{path}: provider {i} lacks {', '.join(missing or ['client_secret'])}")
        domains = entry.get("email_domains") or []
        if not domains:
            raise OidcError("oidc.config", f"{path}: provider {i} needs email_domains (the addresses it may vouch for)")
        providers[str(entry["organisation"])] = OidcProvider(
            str(entry["organisation"]), str(entry["issuer"]).rstrip("/"), str(entry["client_id"]), str(secret),
            tuple(str(d).lower().lstrip("@") for d in domains), str(entry.get("name", "")),
            str(entry.get("scope", "openid email profile")))
    return providers


async def _metadata(http: httpx.AsyncClient, provider: OidcProvider) -> dict[str, Any]:
    try:
        r = await http.get(f"{provider.issuer}/.well-known/openid-configuration")
        r.raise_for_status()
        meta: dict[str, Any] = r.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise OidcError("oidc.discovery", f"{provider.issuer}: {exc}") from exc
    if str(meta.get("issuer", "")).rstrip("/") != provider.issuer:
        raise OidcError("oidc.wrong_issuer", f"metadata names {meta.get('issuer')!r}, configured {provider.issuer!r}")
    return meta


def _client(provider: OidcProvider, redirect_uri: str) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(provider.client_id, provider.client_secret, scope=provider.scope,
                             redirect_uri=redirect_uri, code_challenge_method="S256",
                             token_endpoint_auth_method="client_secret_basic", timeout=10)


async def begin(provider: OidcProvider, redirect_uri: str) -> AuthRequest:
    """Where to send the browser: the provider's authorization endpoint with state, nonce and PKCE."""
    async with httpx.AsyncClient(timeout=10) as http:
        meta = await _metadata(http, provider)
    state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    async with _client(provider, redirect_uri) as client:
        url, _ = client.create_authorization_url(meta["authorization_endpoint"], state=state, nonce=nonce,
                                                 code_verifier=verifier)
    return AuthRequest(url, state, nonce, verifier)


async def finish(provider: OidcProvider, redirect_uri: str, code: str, *, nonce: str,
                 code_verifier: str) -> dict[str, Any]:
    """Exchange the code and return the verified ID token's claims (``OidcError`` when anything is off)."""
    async with httpx.AsyncClient(timeout=10) as http:
        meta = await _metadata(http, provider)
        try:
            r = await http.get(meta["jwks_uri"])
            r.raise_for_status()
            keys = KeySet.import_key_set(r.json())
        except (httpx.HTTPError, ValueError, KeyError, JoseError) as exc:
            raise OidcError("oidc.discovery", f"jwks: {exc}") from exc
    async with _client(provider, redirect_uri) as client:
        try:
            token = await client.fetch_token(meta["token_endpoint"], code=code, code_verifier=code_verifier)
        except Exception as exc:  # authlib raises OAuthError, httpx errors, JSON errors
            raise OidcError("oidc.token_failed", str(exc)) from exc
    id_token = token.get("id_token")
    if not id_token:
        raise OidcError("oidc.invalid_token", "the token response has no id_token")
    return verify_id_token(str(id_token), keys, provider, nonce)


def verify_id_token(id_token: str, keys: KeySet, provider: OidcProvider, nonce: str) -> dict[str, Any]:
    """The claims of a signed ID token issued by ``provider`` for us, unexpired, with our nonce."""
    try:
        decoded = jwt.decode(id_token, keys, algorithms=_ALGORITHMS)
    except JoseError as exc:
        raise OidcError("oidc.invalid_token", f"signature: {exc}") from exc
    claims = dict(decoded.claims)
    if str(claims.get("iss", "")).rstrip("/") != provider.issuer:
        raise OidcError("oidc.wrong_issuer", f"token issued by {claims.get('iss')!r}")
    aud = claims.get("aud")
    if provider.client_id not in (aud if isinstance(aud, list) else [aud]):
        raise OidcError("oidc.wrong_audience", f"token for {aud!r}")
    registry = jwt.JWTClaimsRegistry(leeway=_LEEWAY, exp={"essential": True}, iat={"essential": True},
                                     sub={"essential": True})
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise OidcError("oidc.expired", str(exc)) from exc
    except (InvalidClaimError, MissingClaimError, JoseError) as exc:
        raise OidcError("oidc.invalid_token", str(exc)) from exc
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError("oidc.nonce", "the token's nonce is not this sign-in's")
    return claims
