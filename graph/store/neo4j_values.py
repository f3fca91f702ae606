"""Python value ⇄ Neo4j value, per property: dates as ``DATE``, timestamps as ``DATETIME``, code lists as lists.

The domain sees the same values from Neo4j as from SQLite (ISO strings, ``;``-joined codes); only the
database holds native types, so a Browser or Bloom user can filter with ``date()`` and list functions.
What a property holds comes from ``graph.schema.PROPERTY_KINDS`` (domain properties) and ``SYSTEM_KINDS``
(the change log, tokens and claims). Every conversion is exact both ways: a value only becomes native
when turning it back gives the very same text, anything else (``'onbekend'`` in a date field) is kept
as it is. Reading goes by the value's Neo4j type, so a database whose dates are still strings reads the
same (and ``Neo4jStore`` converts those once on start, see ``TYPES_VERSION``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import neo4j
import neo4j.time

from graph.schema import CODES_SEPARATOR, PROPERTY_KINDS, Label, PropKind, RelType
from graph.store import cypher

__all__ = [
    "SYSTEM_KINDS",
    "TYPES_VERSION",
    "from_neo4j",
    "migrate",
    "props_from_neo4j",
    "props_to_neo4j",
    "to_neo4j",
]

# Bumped when the stored representation changes; the store migrates a database with an older marker.
TYPES_VERSION = 1

# Bookkeeping properties (ChangeLog.ts, ApiToken.created, Claim.until, the lock stamps).
SYSTEM_KINDS: dict[str, PropKind] = dict.fromkeys(("ts", "created", "until", "locked_at"), PropKind.DATETIME)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?[+-]\d{2}:\d{2}")


def _kind(name: str) -> PropKind | None:
    return PROPERTY_KINDS.get(name) or SYSTEM_KINDS.get(name)


def _date(text: str) -> dt.date | None:
    if not _DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # '2021-02-30'
        return None


def _datetime(text: str) -> dt.datetime | None:
    """A timestamp exactly as ``isoformat`` writes it, with seconds or microseconds (non-zero: a
    '.000000' would come back without its fraction, so it stays text)."""
    if not _DATETIME.fullmatch(text):
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    spec = "microseconds" if value.microsecond else "seconds"
    return value if value.isoformat(timespec=spec) == text else None


def to_neo4j(name: str, value: Any) -> Any:
    """The value Neo4j stores for property ``name``."""
    if not isinstance(value, str):
        return value
    kind = _kind(name)
    if kind is PropKind.DATE:
        day = _date(value)
        return value if day is None else day
    if kind is PropKind.DATETIME:
        moment = _datetime(value)
        return value if moment is None else moment
    if kind is PropKind.CODES:
        return value.split(CODES_SEPARATOR)  # joined again on reading: exact for every text
    return value


def from_neo4j(name: str, value: Any) -> Any:
    """The Python value of a stored property (by its Neo4j type, so old string dates read the same)."""
    if isinstance(value, neo4j.time.DateTime):
        native = value.to_native()
        return native.isoformat(timespec="microseconds" if value.nanosecond else "seconds")
    if isinstance(value, neo4j.time.Date):
        return value.iso_format()
    if isinstance(value, list) and _kind(name) is PropKind.CODES and all(isinstance(i, str) for i in value):
        return CODES_SEPARATOR.join(value)
    return value


def props_to_neo4j(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: to_neo4j(k, v) for k, v in props.items()}


# Values that are the same in Python and in Neo4j: most of a graph's properties, passed on without a call.
_AS_IS = frozenset({str, int, float, bool})


def props_from_neo4j(props: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(props)
    for k, v in props.items():
        if type(v) not in _AS_IS:
            out[k] = from_neo4j(k, v)
    return out


# ----------------------------------------------------------------------------- once per database
_PAGE = 5_000


def _retyped(props: Mapping[str, Any]) -> dict[str, Any]:
    """The properties of one stored node or relationship that are text but now have a native form."""
    out = {}
    for name, value in props.items():
        if isinstance(value, str):
            native = to_neo4j(name, value)
            if native is not value:
                out[name] = native
    return out


def _read(session: neo4j.Session, text: Any, **params: Any) -> list[neo4j.Record]:
    return session.execute_read(lambda tx: list(tx.run(text, **params)))


def _write(session: neo4j.Session, text: Any, **params: Any) -> None:
    session.execute_write(lambda tx: tx.run(text, **params).consume())


def _retype_pages(session: neo4j.Session, page: Any, write: Any) -> int:
    after, done = "", 0
    while True:
        rows = _read(session, page, after=after, limit=_PAGE)
        changed = [{"key": r["key"], "props": p} for r in rows if (p := _retyped(r["props"]))]
        if changed:
            _write(session, write, rows=changed)
            done += len(changed)
        if len(rows) < _PAGE:
            return done
        after = rows[-1]["key"]


def migrate(session: neo4j.Session) -> int | None:
    """Give the text dates, timestamps and code lists of an older database their native types, once.

    A ``:Meta {name: 'types'}`` marker records that it is done, so a start costs one read afterwards.
    Page by page in separate transactions (a national change log is large); safe to repeat or to run
    in two processes at once, since it only rewrites text into the equal native value. Returns the
    number of rewritten nodes/relationships/entries, or None when the marker said there was nothing to do.
    """
    marker = _read(session, cypher.TYPES_VERSION_READ)[0]["version"]
    if marker is not None and int(marker) >= TYPES_VERSION:
        return None
    done = 0
    for label in Label:
        done += _retype_pages(session, cypher.NODE_PAGE[label], cypher.RETYPE_NODE[label])
    for rel in RelType:
        done += _retype_pages(session, cypher.EDGE_PAGE[rel], cypher.RETYPE_EDGE[rel])
    after = 0
    while True:
        rows = _read(session, cypher.RETYPE_LOG_PAGE, after=after, limit=_PAGE)
        if not rows:
            break
        changed = [{"seq": r["seq"], "ts": to_neo4j("ts", r["ts"])} for r in rows]
        _write(session, cypher.RETYPE_LOG, rows=changed)
        done += len(changed)
        after = rows[-1]["seq"]
    for read, write, name in (
        (cypher.RETYPE_TOKENS_READ, cypher.RETYPE_TOKENS, "created"),
        (cypher.RETYPE_CLAIMS_READ, cypher.RETYPE_CLAIMS, "until"),
    ):
        fixed = [{"id": r["id"], "value": to_neo4j(name, r["value"])} for r in _read(session, read)]
        if fixed:
            _write(session, write, rows=fixed)
            done += len(fixed)
    _write(session, cypher.TYPES_VERSION_SET, version=TYPES_VERSION)
    return done
