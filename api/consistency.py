"""Read-your-write across replicas: every answer says which change-log position it reflects, and a
client can ask any replica for "at least position N".

Several API processes serve one store; each applies the others' writes when its poller next reads the
change log. A client that wrote through one replica and reads through another (a load balancer does
that) would otherwise see its own change missing for up to a poll interval:

- every response carries ``X-Jbnet-Seq``: the change-log sequence this process's graph has reached —
  after a write, the sequence that includes it;
- a request with ``X-Jbnet-Min-Seq: N`` is held until this process has caught up to N: it reads the
  change log itself at once (it does not wait for the poller), up to ``JBNET_MIN_SEQ_WAIT`` seconds;
  a replica that cannot reach N in time answers 503 (code ``SEQ_NOT_REACHED``, Retry-After) rather
  than a stale answer.

Entries are read in a worker thread and applied in the event-loop thread, as the poller does, so no
resolver sees the graph half-updated. Pure ASGI: nothing is buffered.
"""

from __future__ import annotations

import asyncio
import time

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.i18n import render
from api.middleware import graphql_error_body
from graph.messages import msg
from graph.service import GraphService

__all__ = ["MIN_SEQ_HEADER", "SEQ_HEADER", "SeqConsistency"]

SEQ_HEADER = "x-jbnet-seq"
MIN_SEQ_HEADER = "x-jbnet-min-seq"


class SeqConsistency:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp, wait_seconds: float = 2.0) -> None:
        self.app = app
        self.wait_seconds = wait_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        service: GraphService | None = getattr(scope["app"].state, "service", None)
        if service is None:  # before start-up finished
            await self.app(scope, receive, send)
            return
        wanted = Headers(scope=scope).get(MIN_SEQ_HEADER)
        if wanted is not None:
            refusal = await self._catch_up(service, wanted)
            if refusal is not None:
                await _respond(send, *refusal, service.projection.seq)
                return

        async def send_with_seq(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((SEQ_HEADER.encode(), str(service.projection.seq).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_seq)

    async def _catch_up(self, service: GraphService, wanted: str) -> tuple[int, bytes, dict[str, str]] | None:
        """None once the graph has reached ``wanted``; otherwise the refusal to send."""
        try:
            target = int(wanted.strip())
        except ValueError:
            body = graphql_error_body(render(msg("seq.invalid", value=wanted[:40])), "BAD_REQUEST")
            return 400, body, {}
        deadline = time.monotonic() + self.wait_seconds
        projection = service.projection
        while projection.seq < target:
            entries = await asyncio.to_thread(service.store.changes_since, projection.seq)
            if entries:
                projection.apply_entries(entries)
                continue
            if time.monotonic() >= deadline:
                params = {"seq": projection.seq, "wanted": target}
                body = graphql_error_body(render(msg("seq.not_reached", **params)), "SEQ_NOT_REACHED", params)
                return 503, body, {"retry-after": "1"}
            await asyncio.sleep(0.05)
        return None


async def _respond(send: Send, status: int, body: bytes, headers: dict[str, str], seq: int) -> None:
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
           (SEQ_HEADER.encode(), str(seq).encode()), *((k.encode(), v.encode()) for k, v in headers.items())]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
