"""Whether the database answered lately, so an outage costs the request path nothing.

Without this, every request that touches the database during an outage waits for the driver's
connection timeout and retries (30 s by default) before it fails. After the first failure the store
is marked unavailable: further calls fail at once with ``StoreUnavailable`` (writes become a fast
503; token checks fall back to what the process already knows), until a ``probe`` — the change-log
poller's, once per poll interval — finds the database again.
"""

from __future__ import annotations

import datetime as dt
import threading

from graph.store.base import StoreUnavailable

__all__ = ["Availability"]


class Availability:
    """The up/down state of one store's database connection; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._down_since: dt.datetime | None = None
        self._reason = ""

    @property
    def available(self) -> bool:
        return self._down_since is None

    @property
    def down_since(self) -> dt.datetime | None:
        return self._down_since

    @property
    def reason(self) -> str:
        return self._reason

    def check(self) -> None:
        """Raise at once while the database is known to be unreachable."""
        if self._down_since is not None:
            raise StoreUnavailable(self._reason, since=self._down_since)

    def failed(self, reason: str) -> StoreUnavailable:
        """Record a failure (the first one dates the outage); return the error to raise."""
        with self._lock:
            if self._down_since is None:
                self._down_since = dt.datetime.now(dt.UTC)
            self._reason = reason
            return StoreUnavailable(reason, since=self._down_since)

    def recovered(self) -> None:
        with self._lock:
            self._down_since = None
            self._reason = ""
