"""The unit of work callers use: write to the store and see the write in the projection at once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from graph.projection import Progress, Projection
from graph.settings import Settings
from graph.store import open_store
from graph.store.base import ChangeBatch, ChangeEntry, GraphStore

__all__ = ["GraphService", "Listener"]

log = logging.getLogger("jbnet.service")

# Told of domain events after they are written (e.g. "report.created"): how the api layer sends mail
# without the domain knowing about mail.
Listener = Callable[[str, dict[str, Any]], None]


class GraphService:
    """One store + one projection per process; other processes' writes arrive by ``refresh()``."""

    def __init__(self, store: GraphStore, projection: Projection | None = None,
                 settings: Settings | None = None) -> None:
        self.store = store
        self.projection = projection or Projection.build(store)
        self.settings = settings or Settings()
        self._write_lock = threading.Lock()
        self.listeners: list[Listener] = []

    @classmethod
    def open(cls, settings: Settings, progress: Progress | None = None) -> GraphService:
        store = open_store(settings)
        return cls(store, Projection.build(store, progress), settings)

    def write(self, batch: ChangeBatch, actor: str) -> list[ChangeEntry]:
        """Apply one batch atomically; the projection catches up (incl. others' writes) before returning."""
        with self._write_lock:
            entries = self.store.apply(batch, actor)
            if entries and entries[0].seq == self.projection.seq + 1:
                # Nothing was logged between what the projection has and this write: apply the entries the
                # write returned instead of reading them back (a round trip less per write on Neo4j).
                self.projection.apply_entries(entries)
            else:
                self.projection.refresh()
        return entries

    def emit(self, event: str, payload: dict[str, Any]) -> None:
        """Tell the listeners about an event that has been written; a failing listener never undoes it."""
        for listener in list(self.listeners):
            try:
                listener(event, payload)
            except Exception:
                log.exception("listener for %s failed", event)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold this process's write lock (a read-then-write that must not interleave, e.g. an erasure)."""
        with self._write_lock:
            yield

    def refresh(self) -> int:
        return self.projection.refresh()

    def close(self) -> None:
        self.store.close()
