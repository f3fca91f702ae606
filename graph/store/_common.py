"""Small helpers both stores share, so the change log and edge comparison mean the same in each."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from graph.schema import Edge

__all__ = ["dumps", "edge_state", "loads", "now"]


def now() -> str:
    """Change-log timestamp: UTC, ISO 8601 with microseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def dumps(value: dict[str, Any] | None) -> str | None:
    """A before/after state as stored JSON (sorted keys, so equal states give equal text)."""
    return None if value is None else _encode(value)


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
# json.dumps builds an encoder, and the encoder its C scanner, on every call: ~half the cost of the ~850 000 states
# of a national import. The same C scanner made once writes the same text (without the circular-reference check:
# a state is plain data).
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)  # None only without CPython's _json
_scan = None if _c_make_encoder is None else _c_make_encoder(
    None, _ENCODER.default, json.encoder.encode_basestring, None, ": ", ", ", True, False, True)


def _encode(value: dict[str, Any]) -> str:
    return _ENCODER.encode(value) if _scan is None else "".join(_scan(value, 0))


def loads(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


def edge_state(e: Edge) -> dict[str, Any]:
    """An edge as the change log records it (everything but its key)."""
    # ._value_: the enum's plain attribute (.value is a descriptor call, ~1 million of them per national import)
    return {"type": e.type._value_, "src": e.src, "dst": e.dst, "src_label": e.src_label._value_,
            "dst_label": e.dst_label._value_, "props": e.props, "valid_from": e.valid_from,
            "valid_to": e.valid_to}
