"""``jbnet init``: load the national reference data (and optionally the Gelderland demo) into a store."""

from __future__ import annotations

from graph.messages import msg
from graph.queries.herindeling import keep_closed_after_herindeling
from graph.store.base import ChangeBatch, GraphStore
from loaders.reference import Progress, reference_batches

__all__ = ["init_store"]


def init_store(store: GraphStore, *, demo: bool, actor: str = "jbnet init",
               progress: Progress | None = None) -> dict[str, int]:
    """Write reference (+ demo) data in ONE transaction and return the store's counts.

    The batches are deterministic, so running init again changes nothing and adds no change-log
    entries; ``changes`` in the result is the number of entries this run wrote.
    """
    batches: list[ChangeBatch] = reference_batches(progress)
    if demo:
        from loaders.demo import demo_batches  # only needed with --demo

        batches += demo_batches()
        if progress:
            progress(msg("progress.demo"), 1, 1)
    # The reference files are the 2026 division: loading them again must not reopen what a later
    # herindeling closed (jbnet regions apply).
    keep_closed_after_herindeling(store, batches)
    changes = store.apply_many(batches, actor)
    return {"changes": changes, **store.counts()}
