"""A constructed herindeling for the tests: the shipped CBS division with some gemeenten replaced."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["CBS_CSV", "MERGED", "NEW", "ON", "division", "write_division"]

CBS_CSV = Path(__file__).resolve().parents[1] / "data" / "gemeenten_regios.csv"
MERGED = ("GM0274", "GM0275")  # Renkum and Rheden, both in Centraal Gelderland (JZ28)
NEW = "GM1999"  # "Veluwezoom": a code CBS has not used
ON = "2027-01-01"


def _cbs() -> tuple[list[str], list[dict[str, str]]]:
    with CBS_CSV.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def division(drop: Iterable[str] = MERGED, add: Iterable[Mapping[str, str]] | None = None, *,
             like: str = "GM0274", extra: Mapping[str, str] | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """(header, rows) of the 2026 division without ``drop``, plus ``add`` rows (default: Veluwezoom
    GM1999 with the regions of ``like``). ``extra`` adds columns to every row."""
    header, rows = _cbs()
    template = next(r for r in rows if r["gemeente_code"] == like)
    dropped = set(drop)
    out = [r for r in rows if r["gemeente_code"] not in dropped]
    new_rows = list(add) if add is not None else [{"gemeente_code": NEW, "gemeente_naam": "Veluwezoom"}]
    out += [{**template, **r} for r in new_rows]
    if extra:
        header = header + [c for c in extra if c not in header]
        out = [{**{c: "" for c in extra}, **r} for r in out]
    return header, out


def write_division(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, extrasaction="raise")
        w.writeheader()
        w.writerows(rows)
    return path
