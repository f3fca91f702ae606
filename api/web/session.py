"""Sign-in for the pages: an API token becomes a signed, HttpOnly, SameSite=Lax session cookie.

The cookie holds the token's hash (never the token itself) and this session's CSRF token, signed
with itsdangerous. Every request looks the token up again, so a revoked token ends its sessions at
once, and the principal has exactly the role and region scope the API gives the same token.
Every POST carries the CSRF token (form field ``csrf`` or header ``X-CSRF-Token`` from htmx).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from api.audit import client_address
from api.auth import (
    Principal,
    Role,
    authenticate,
    hash_token,
    principal_for_hash,
    principal_for_professional,
    token_id,
)
from api.web.rendering import Forbidden, LoginRequired, WebRoute, render, service_of
from graph.messages import Message, msg
from graph.queries.audit import record_sign_in

__all__ = [
    "LOGIN_COOKIE",
    "SESSION_COOKIE",
    "Session",
    "WebSession",
    "check_csrf",
    "check_login_csrf",
    "current_session",
    "login_form",
    "require_region",
    "require_roles",
    "require_session",
    "router",
    "safe_next",
    "serializer",
    "start_session",
]

SESSION_COOKIE = "jbnet_session"
LOGIN_COOKIE = "jbnet_login"  # CSRF for the login form itself (there is no session yet)
SESSION_SECONDS = 12 * 3600  # one working day


@dataclass(frozen=True)
class WebSession:
    principal: Principal
    csrf: str


def serializer(request: Request, salt: str) -> URLSafeTimedSerializer:
    state = request.app.state
    secret = getattr(state, "web_secret", None)
    if secret is None:
        settings = service_of(request).settings
        # Without a configured JBNET_SECRET sessions last as long as this process.
        secret = state.web_secret = settings.secret_key or secrets.token_urlsafe(32)
    return URLSafeTimedSerializer(secret, salt=salt)


def current_session(request: Request) -> WebSession | None:
    """The signed-in session of this request, or None (no, expired, forged or revoked cookie)."""
    found: WebSession | None
    if hasattr(request.state, "web_session"):
        found = request.state.web_session
        return found
    found = None
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        try:
            data = serializer(request, "session").loads(raw, max_age=SESSION_SECONDS)
            if "p" in data:  # a person signed in by e-mail link or OpenID Connect: rights from positions today
                principal = principal_for_professional(service_of(request).projection, str(data["p"]))
            else:
                principal = principal_for_hash(service_of(request).store, str(data["t"]))
            if principal is not None:
                found = WebSession(principal, str(data["c"]))
        except (BadSignature, KeyError, TypeError):
            found = None
    request.state.web_session = found
    return found


def check_csrf(request: Request, session: WebSession, submitted: str | None) -> None:
    """Refuse a POST whose CSRF token (form field or htmx header) is not this session's."""
    given = submitted or request.headers.get("X-CSRF-Token") or ""
    if not hmac.compare_digest(given.encode(), session.csrf.encode()):
        raise Forbidden(msg("web.csrf"))


async def require_session(request: Request) -> WebSession:
    """Dependency of every page: the session, or a redirect to the login page. POSTs are CSRF-checked."""
    session = current_session(request)
    if session is None:
        raise LoginRequired()
    if request.method == "POST":
        form = await request.form()
        value = form.get("csrf")
        check_csrf(request, session, value if isinstance(value, str) else None)
    return session


Session = Annotated[WebSession, Depends(require_session)]


def require_roles(session: WebSession, *roles: Role, what: str) -> None:
    """Forbidden unless the principal has one of ``roles`` (admins always); ``what`` is the page's area, an
    ``access.area.*`` code, named in the refusal."""
    if not session.principal.has_role(*roles):
        names = tuple(r.value for r in roles)
        role = session.principal.role
        raise Forbidden(msg("access.page.roles", what=msg(what), roles=names, role=role.value) if role
                        else msg("access.page.roles.guest", what=msg(what), roles=names))


def require_region(session: WebSession, jz_code: str) -> None:
    """Forbidden unless the principal may change jeugdhulpregio ``jz_code`` (same rule as the API)."""
    p = session.principal
    if p.can_write_region(jz_code):
        return
    if p.role is Role.COORDINATOR:
        raise Forbidden(msg("access.page.coordinator", scope=p.scope, region=jz_code))
    raise Forbidden(msg("access.page.region", region=jz_code, role=p.role.value) if p.role
                    else msg("access.page.region.guest", region=jz_code))


def safe_next(target: str | None) -> str:
    """Only same-site paths as a post-login target (no open redirect to another host)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


router = APIRouter(route_class=WebRoute)


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
async def login_page(request: Request, next: str = "/") -> Response:
    return _login_form(request, safe_next(next))


def _login_form(request: Request, next_path: str, error: Message | None = None, status_code: int = 200,
                **context: object) -> Response:
    from api.web.routes_signin import login_context

    nonce = secrets.token_urlsafe(24)
    response = render(request, "login.html.j2", {"next": next_path, "login_csrf": nonce, "error": error,
                                                 **login_context(request), **context}, status_code=status_code)
    response.set_cookie(LOGIN_COOKIE, serializer(request, "login").dumps(nonce), max_age=3600, httponly=True,
                        samesite="lax", secure=request.url.scheme == "https", path="/login")
    return response


@router.post("/login", include_in_schema=False)
async def login(request: Request, token: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "",
                next: Annotated[str, Form()] = "/") -> Response:
    if not check_login_csrf(request, csrf):
        return _login_form(request, safe_next(next), msg("web.signin.form_expired"), 400)
    store = service_of(request).store
    principal = authenticate(store, token) if token.strip() else None
    if principal is None:
        tried = f"token:{token_id(hash_token(token.strip()))}" if token.strip() else "empty"
        record_sign_in(store, actor="anonymous", actor_id=tried, method="token", ok=False,
                       address=client_address(request), reason="unknown or revoked token")
        return _login_form(request, safe_next(next), msg("web.signin.token_unknown"), 401)
    # (Sign-ins by e-mail link and OpenID Connect are recorded by routes_signin, graph.queries.signin.)
    record_sign_in(store, actor=principal.actor, actor_id=principal.actor_id, method="token",
                   address=client_address(request))
    return start_session(request, {"t": hash_token(token.strip())}, safe_next(next))


def start_session(request: Request, who: dict[str, str], next_path: str) -> Response:
    """Sign in: a new session cookie (who + a fresh CSRF token) and a redirect to ``next_path``.

    ``who`` is ``{"t": token hash}`` for an API token or ``{"p": professional key, "m": method}`` for a person.
    """
    cookie = serializer(request, "session").dumps({**who, "c": secrets.token_urlsafe(32)})
    response = RedirectResponse(safe_next(next_path), status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=SESSION_SECONDS, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


def login_form(request: Request, next_path: str, error: Message | None = None, status_code: int = 200,
               **context: object) -> Response:
    """The login page (public): a fresh CSRF nonce in a signed cookie for its forms."""
    return _login_form(request, next_path, error, status_code, **context)


def check_login_csrf(request: Request, csrf: str) -> bool:
    """The login page's own CSRF check (there is no session yet)."""
    try:
        expected = serializer(request, "login").loads(request.cookies.get(LOGIN_COOKIE, ""), max_age=3600)
    except BadSignature:
        return False
    return bool(expected) and hmac.compare_digest(str(expected).encode(), csrf.encode())


@router.post("/logout", include_in_schema=False)
async def logout(request: Request, session: Session) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


