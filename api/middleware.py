"""What every HTTP request passes through before the app: a body limit, a well-formed GraphQL body,
rate limits, and the security headers on every response.

Pure ASGI (no ``BaseHTTPMiddleware``): the body is read once, checked, and handed on unchanged.

- **Body limit** (``JBNET_MAX_BODY_BYTES``, default 1 MB; workbook uploads ``JBNET_MAX_UPLOAD_BYTES``,
  default 20 MB): a larger body is refused with 413 before the app sees it.
- **GraphQL body**: a POST to ``/graphql`` with a JSON body must be UTF-8 and a JSON object; ``null``,
  ``42`` or invalid UTF-8 get a 400 with a GraphQL-shaped error instead of a crash, and strawberry's
  own plain-text 4xx answers are rewritten into the same shape.
- **Rate limits** (``limits``, the engine of slowapi, in process memory): sign-in attempts per client
  address (``JBNET_RATE_LIMIT_SIGN_IN``, default ``10/minute;100/hour`` refused attempts) and API calls
  per token, or per address without one (``JBNET_RATE_LIMIT_API``, default ``1800/minute``); 429 with
  Retry-After.
- **Security headers**: a Content-Security-Policy without inline script (pages may set their own
  stricter or hash-based one), frame-ancestors/X-Frame-Options, nosniff, Referrer-Policy, and HSTS
  when the request came over HTTPS.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import time
from typing import Any

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.settings import Settings

__all__ = ["CSP", "SIGN_IN_PATHS", "RequestGuard", "graphql_error_body", "script_hashes"]

# No inline script, no plugins, no framing; styles may be inline (htmx injects its indicator style).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000; includeSubDomains"
# Where a secret is tried: the token form and the sign-in routes of e-mail link and OpenID Connect.
SIGN_IN_PATHS = ("/login", "/aanmelden", "/auth")



def script_hashes(html: str) -> str:
    """The CSP sources (``'sha256-…'``) that allow exactly the inline scripts of ``html``, nothing else."""
    found = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S | re.I)
    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in found)


def graphql_error_body(message: str, code: str, params: dict[str, Any] | None = None) -> bytes:
    extensions: dict[str, Any] = {"code": code} | ({"params": params} if params else {})
    return json.dumps({"errors": [{"message": message, "extensions": extensions}]}).encode()


def _is_graphql(scope: Scope) -> bool:
    return str(scope.get("path", "")).rstrip("/") == "/graphql"


class RequestGuard:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.max_body = settings.max_body_bytes
        self.max_upload = settings.max_upload_bytes
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.sign_in_limits = parse_many(settings.rate_limit_sign_in) if settings.rate_limit_sign_in else []
        self.api_limits = parse_many(settings.rate_limit_api) if settings.rate_limit_api else []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(scope, send)
        headers = Headers(scope=scope)
        graphql = _is_graphql(scope)

        refused, send = self._rate_limited(scope, headers, send)
        if refused is not None:
            await _respond(send, 429, "too many requests: wait a moment and try again", "RATE_LIMITED",
                           {"retry-after": str(refused)})
            return

        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, _plain_errors_as_graphql(send) if graphql else send)
            return
        ctype = headers.get("content-type", "").lower()
        limit = self.max_upload if ctype.startswith("multipart/form-data") else self.max_body
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await _too_large(send, limit)
                return
        if graphql and ctype.startswith("application/json"):
            problem = _graphql_body_problem(bytes(body))
            if problem:
                await _respond(send, 400, problem, "BAD_REQUEST")
                return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # waits for the disconnect, as the real stream would
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, _plain_errors_as_graphql(send) if graphql else send)

    # -- rate limits ------------------------------------------------------------------------------
    def _rate_limited(self, scope: Scope, headers: Headers, send: Send) -> tuple[int | None, Send]:
        """(seconds to wait when this request is over a limit, else None; the send to use).

        API calls count when they arrive. Sign-in attempts count when they are refused (4xx): someone
        trying tokens is stopped, a colleague who signs in and out all day is not."""
        path = str(scope.get("path", ""))
        client = (scope.get("client") or ("?", 0))[0]
        if scope["method"] == "POST" and path.startswith(SIGN_IN_PATHS) and self.sign_in_limits:
            key = ("sign-in", client)
            wait = self._wait(self.sign_in_limits, *key)
            if wait is not None:
                return wait, send

            async def counting(message: Message) -> None:
                if message["type"] == "http.response.start" and 400 <= message["status"] < 500:
                    for item in self.sign_in_limits:
                        self.limiter.hit(item, *key)
                await send(message)

            return None, counting
        if (_is_graphql(scope) or path.startswith("/exports/")) and self.api_limits:
            auth = headers.get("authorization", "")
            who = "token:" + hashlib.sha256(auth.encode()).hexdigest()[:32] if auth else "address:" + client
            for item in self.api_limits:
                if not self.limiter.hit(item, "api", who):
                    return self._reset(item, "api", who), send
        return None, send

    def _wait(self, items: list[RateLimitItem], *key: str) -> int | None:
        for item in items:
            if not self.limiter.test(item, *key):
                return self._reset(item, *key)
        return None

    def _reset(self, item: RateLimitItem, *key: str) -> int:
        return max(1, math.ceil(self.limiter.get_window_stats(item, *key).reset_time - time.time()))

    # -- headers ----------------------------------------------------------------------------------
    def _with_headers(self, scope: Scope, send: Send) -> Send:
        https = scope.get("scheme") == "https"

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {k.lower() for k, _ in raw}
                extra = dict(_HEADERS)
                extra["content-security-policy"] = CSP  # unless the page set its own (maps: by hash)
                if https:
                    extra["strict-transport-security"] = HSTS
                raw += [(k.encode(), v.encode()) for k, v in extra.items() if k.encode() not in present]
                message = {**message, "headers": raw}
            await send(message)

        return sending


def _graphql_body_problem(body: bytes) -> str | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"the request body is not valid UTF-8 (byte {exc.start})"
    try:
        data: Any = json.loads(text)
    except ValueError:
        return "the request body is not valid JSON"
    if not isinstance(data, dict):
        return ('the request body must be a JSON object such as {"query": "{ __typename }", "variables": {}}, '
                f"not {_JSON_KIND.get(type(data), 'that')}")
    return None


_JSON_KIND = {type(None): "null", bool: "true/false", int: "a number", float: "a number", str: "a string",
              list: "a list (batched requests are not supported)"}


def _plain_errors_as_graphql(send: Send) -> Send:
    """Rewrite strawberry's plain-text 4xx answers (batching, content type, missing query) as GraphQL errors."""
    held: Message | None = None
    chunks: list[bytes] = []

    async def sending(message: Message) -> None:
        nonlocal held
        if message["type"] == "http.response.start":
            ctype = Headers(raw=message.get("headers", [])).get("content-type", "")
            if 400 <= message["status"] < 500 and ctype.startswith("text/plain"):
                held = message
                return
        elif message["type"] == "http.response.body" and held is not None:
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            text = b"".join(chunks).decode("utf-8", "replace")
            body = graphql_error_body(text, "BAD_REQUEST")
            headers = [(k, v) for k, v in held.get("headers", [])
                       if k.lower() not in (b"content-type", b"content-length")]
            headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({**held, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await send(message)

    return sending


async def _respond(send: Send, status: int, message: str, code: str, headers: dict[str, str] | None = None) -> None:
    body = graphql_error_body(message, code)
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _too_large(send: Send, limit: int) -> None:
    await _respond(send, 413, f"the request body is larger than {_size(limit)}", "PAYLOAD_TOO_LARGE")


def _size(n: int) -> str:
    return f"{n / 1_048_576:g} MB" if n >= 1_048_576 else f"{n / 1024:g} kB" if n >= 1024 else f"{n} bytes"
