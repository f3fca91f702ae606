"""The bench records the memory of the import alone (``tests.bench.memory``); its target is not asserted here."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store.sqlite_store import SQLiteStore
from tests.bench import run
from tests.bench.harness import FIGURES
from tests.bench.memory import RATIO_TARGET, reset_high_water_mark

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_bench_records_the_import_high_water_mark_against_the_rss_after_reading(tmp_path: Path) -> None:
    if not reset_high_water_mark():
        pytest.skip("no /proc/self/clear_refs: the bench leaves the figures out")
    store = SQLiteStore(tmp_path / "bench.sqlite")
    start = len(FIGURES)
    try:
        run.load_into(store, "memory test", EXAMPLES / "voorbeeld-werkmap")
        figures = {f.name: f for f in FIGURES[start:] if f.section == "memory test"}
    finally:
        store.close()
        del FIGURES[start:]
    after_read = figures["RSS after reading the workbook"].value
    peak = figures["import high-water mark (this import alone)"].value
    ratio = figures["import high-water mark / RSS after reading"]
    assert 0 < after_read <= peak  # the import's own peak, read after the workbook was
    assert ratio.value == pytest.approx(peak / after_read) and ratio.target == RATIO_TARGET and ratio.unit == "×"
    assert "peak RSS after import" in figures and figures["nodes"].value > 0
