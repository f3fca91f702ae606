"""Signing in as a person: "Stuur mij een inloglink" (a one-time link by e-mail, 15 minutes) and OpenID Connect.

Both end in a session for a professional (``{"p": key}``): the rights come from their positions and
admin grants, looked up on every request (``api.auth.principal_for_professional``). The e-mail form
gives the same answer for every address (no account enumeration) and is rate-limited per address and
per IP (``graph.queries.signin``); the mail is sent after the answer, so timing tells nothing either.
Opening the link shows a button: mail scanners that fetch links must not spend them. Every sign-in is
in the audit trail.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature

from api.links import Link, LinkError, link_secret, make_link, read_link, use_link
from api.mail import compose, link, mailer_for, recipient_locale
from api.oidc import OidcError, OidcProvider, begin, finish, load_providers
from api.web.rendering import PageError, WebRoute, page_locale, service_of
from api.web.session import check_login_csrf, login_form, safe_next, serializer, start_session
from graph.messages import msg, msg_by_code
from graph.queries.signin import ask_login_link, match_identity, record_sign_in
from graph.settings import Settings

__all__ = ["login_context", "router"]

log = logging.getLogger("jbnet.signin")
router = APIRouter(route_class=WebRoute, include_in_schema=False)
OIDC_COOKIE = "jbnet_oidc"
_OIDC_SECONDS = 600

_SENT = msg("web.signin.sent")


def _providers(request: Request) -> dict[str, OidcProvider]:
    try:
        return load_providers(service_of(request).settings)
    except OidcError:
        log.exception("JBNET_OIDC_CONFIG cannot be read")
        return {}


def login_context(request: Request) -> dict[str, Any]:
    """What the login page offers besides the token form: the organisations' identity providers."""
    p = service_of(request).projection
    providers = [(key, prov.name or str((p.node(key) or {}).get("name", key))) for key, prov in
                 _providers(request).items()]
    return {"providers": sorted(providers, key=lambda kv: kv[1])}  # the footer says where mail goes


def _secret(request: Request) -> str:
    svc = service_of(request)
    return link_secret(svc.settings, svc.store)


def _send_link(settings: Settings, to: str, name: str, url: str, locale: str) -> None:
    msg = compose("login_link", {"person_name": name, "link": url, "purpose": "login_link", "region_name": None,
                                 "minutes": 15}, to=to, to_name=name, sender=settings.mail_from, locale=locale)
    delivery = mailer_for(settings).send(msg)
    if not delivery.ok:
        log.warning("sign-in link to a professional not delivered: %s %s", delivery.status, delivery.detail)


# ------------------------------------------------------------------------------------ e-mail link
@router.post("/login/link", response_class=HTMLResponse)
async def ask_link(request: Request, background: BackgroundTasks, email: Annotated[str, Form()] = "",
                   csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    next_path = safe_next(next)
    if not check_login_csrf(request, csrf):
        return login_form(request, next_path, msg("web.signin.form_expired"), 400, email=email)
    svc = service_of(request)
    secret = _secret(request)
    ask = ask_login_link(svc.projection, svc.store, email, request.client.host if request.client else "",
                         secret=secret)
    if ask.code == "login.email_invalid":
        return login_form(request, next_path, None, 422, email=email,
                          email_error=msg("web.signin.email_invalid"))
    if ask.code == "login.rate_limited":
        return login_form(request, next_path, msg("web.signin.rate_limited"), 429, email=email)
    if ask.professional is not None:
        token = make_link(secret, "login", ask.professional, n=next_path)
        node = svc.projection.node(ask.professional) or {}
        # in the person's own language when the directory knows it, else in the language they asked from
        background.add_task(_send_link, svc.settings, str(node.get("email", email)).strip(),
                            str(node.get("name", "")), link(svc.settings, f"/login/link/{token}"),
                            recipient_locale(node, page_locale(request)))
    return login_form(request, next_path, None, 200, sent=_SENT, email=email)


def _open_link(request: Request, token: str) -> tuple[Link, str]:
    """(the link, next path) of a valid sign-in link for an active professional, or LinkError."""
    found = read_link(_secret(request), token, "login")
    node = service_of(request).projection.node(found.subject)
    if node is None or node.get("active", True) is False:
        raise LinkError("link.invalid", "link names nobody active in the directory")
    return found, safe_next(str(found.params.get("n", "/")))


@router.get("/login/link/{token}", response_class=HTMLResponse)
async def open_link(request: Request, token: str) -> Response:
    try:
        found, next_path = _open_link(request, token)
    except LinkError as exc:
        return login_form(request, "/", msg_by_code("web.signin", exc.code, fallback="link.invalid"),
                          410 if exc.code in ("link.expired", "link.used") else 400)
    name = str((service_of(request).projection.node(found.subject) or {}).get("name", ""))
    return login_form(request, next_path, None, 200, link_token=token, link_name=name)


@router.post("/login/link/{token}", response_class=HTMLResponse)
async def use_sign_in_link(request: Request, token: str, csrf: Annotated[str, Form()] = "") -> Response:
    if not check_login_csrf(request, csrf):
        return login_form(request, "/", msg("web.signin.form_expired.link"), 400)
    svc = service_of(request)
    try:
        found, next_path = _open_link(request, token)
        use_link(svc.store, found)
    except LinkError as exc:
        return login_form(request, "/", msg_by_code("web.signin", exc.code, fallback="link.invalid"),
                          410 if exc.code in ("link.expired", "link.used") else 400)
    key = found.subject
    record_sign_in(svc.store, key, "email_link", actor=f"professional:{key}")
    return start_session(request, {"p": key, "m": "email_link"}, next_path)


# ------------------------------------------------------------------------------------ OpenID Connect
def _provider(request: Request, organisation: str) -> OidcProvider:
    provider = _providers(request).get(organisation)
    if provider is None:
        raise PageError(msg("web.signin.not_configured"), 404)
    return provider


def _callback_url(request: Request, organisation: str) -> str:
    return str(request.url_for("oidc_callback", organisation=organisation))


@router.get("/login/oidc/{organisation}")
async def oidc_start(request: Request, organisation: str, next: str = "/") -> Response:
    provider = _provider(request, organisation)
    try:
        auth = await begin(provider, _callback_url(request, organisation))
    except OidcError as exc:
        log.warning("OpenID Connect sign-in with %s could not start: %s", organisation, exc)
        return login_form(request, safe_next(next), msg_by_code("web.signin", exc.code, fallback="oidc.discovery"), 502)
    response = RedirectResponse(auth.url, status_code=303)
    ticket = serializer(request, "oidc").dumps({"o": organisation, "s": auth.state, "n": auth.nonce,
                                                "v": auth.code_verifier, "x": safe_next(next)})
    response.set_cookie(OIDC_COOKIE, ticket, max_age=_OIDC_SECONDS, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/login/oidc")
    return response


@router.get("/login/oidc/{organisation}/callback", name="oidc_callback")
async def oidc_callback(request: Request, organisation: str, code: str = "", state: str = "",
                        error: str = "") -> Response:
    provider = _provider(request, organisation)
    try:
        ticket = serializer(request, "oidc").loads(request.cookies.get(OIDC_COOKIE, ""), max_age=_OIDC_SECONDS)
    except BadSignature:
        ticket = None
    next_path = safe_next(str((ticket or {}).get("x", "/")))
    try:
        if error:
            raise OidcError("oidc.provider_error", error)
        if not ticket or ticket.get("o") != organisation or not state or ticket.get("s") != state or not code:
            raise OidcError("oidc.state", "no or another sign-in in progress")
        claims = await finish(provider, _callback_url(request, organisation), code, nonce=str(ticket["n"]),
                              code_verifier=str(ticket["v"]))
    except OidcError as exc:
        log.warning("OpenID Connect sign-in with %s refused: %s", organisation, exc)
        refused = msg_by_code("web.signin", exc.code, fallback="oidc.invalid_token")
        response = login_form(request, next_path, refused, 401)
        response.delete_cookie(OIDC_COOKIE, path="/login/oidc")
        return response
    svc = service_of(request)
    key = match_identity(svc.projection, claims.get("email"), claims.get("email_verified"), provider.email_domains)
    if key is None:
        email = str(claims.get("email") or "")
        refusal = (msg("web.signin.oidc.unverified") if claims.get("email_verified") is not True
                   else msg("web.signin.oidc.unknown", email=email))
        response = login_form(request, next_path, refusal, 403)
        response.delete_cookie(OIDC_COOKIE, path="/login/oidc")
        return response
    record_sign_in(svc.store, key, f"oidc:{organisation}", actor=f"professional:{key}")
    response = start_session(request, {"p": key, "m": f"oidc:{organisation}"}, next_path)
    response.delete_cookie(OIDC_COOKIE, path="/login/oidc")
    return response
