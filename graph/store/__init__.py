"""Stores behind one contract: the embedded SQLite default and the Neo4j server store."""

from __future__ import annotations

from graph.settings import Settings
from graph.store.base import ChangeBatch, ChangeEntry, EdgeClose, GraphStore, StoreError, UnknownNodeError

__all__ = ["ChangeBatch", "ChangeEntry", "EdgeClose", "GraphStore", "StoreError", "UnknownNodeError", "open_store"]


def open_store(settings: Settings) -> GraphStore:
    """The store the configuration names: Neo4j when NEO4J_URI is set, else the SQLite file."""
    if settings.uses_neo4j:
        from graph.store.neo4j_store import Neo4jStore

        assert settings.neo4j_uri
        return Neo4jStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password,
                          database=settings.neo4j_database)
    from graph.store.sqlite_store import SQLiteStore

    return SQLiteStore(settings.db_path)
