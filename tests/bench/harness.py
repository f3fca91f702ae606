"""The benchmark's shared registry: figures, sections and the console (one module, imported by all)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench-out"
SEED = int(os.environ.get("JBNET_BENCH_SEED", "20261123"))
console = Console()


@dataclass
class Figure:
    section: str
    name: str
    value: float
    unit: str
    target: float | None = None  # upper bound unless higher_is_better
    higher_is_better: bool = False

    def verdict(self) -> str:
        if self.target is None:
            return ""
        ratio = self.value / self.target if self.target else float("inf")
        ok = ratio >= 1 if self.higher_is_better else ratio <= 1
        return f"{ratio:.2f}× target {'✓' if ok else '✗'}"


FIGURES: list[Figure] = []


def record(section: str, name: str, value: float, unit: str, target: float | None = None,
           higher_is_better: bool = False) -> None:
    fig = Figure(section, name, value, unit, target, higher_is_better)
    FIGURES.append(fig)
    tgt = "" if target is None else f"  (target {'≥' if higher_is_better else '≤'} {target:g} {unit}: {fig.verdict()})"
    console.print(f"  [bold]{name}[/]: {value:,.3f} {unit}{tgt}")


SECTIONS: list[tuple[str, Callable[[Path, Path], None]]] = []


def section(name: str) -> Callable[[Callable[[Path, Path], None]], Callable[[Path, Path], None]]:
    """Register a later section (lookups, invite lists, maps, pages) run against the SQLite file."""
    def deco(fn: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
        SECTIONS.append((name, fn))
        return fn
    return deco
