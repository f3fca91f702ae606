"""Synthetic workbook: deterministic per seed, valid (imports cleanly), every gemeente covered."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.schema import Label, RelType
from graph.store.sqlite_store import SQLiteStore
from loaders.generate import SCALES, generate_rows, generate_workbook
from loaders.reference import load_reference_data, reference_batches
from loaders.workbook import import_workbook


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_other_seed_differs(tmp_path: Path) -> None:
    a = generate_workbook(tmp_path / "a", scale="small", seed=7)
    generate_workbook(tmp_path / "b", scale="small", seed=7)
    generate_workbook(tmp_path / "c", scale="small", seed=8)
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")
    assert _bytes(tmp_path / "a") != _bytes(tmp_path / "c")
    assert set(_bytes(tmp_path / "a")) == {f"{kind}.csv" for kind in a}


def test_xlsx_is_byte_identical_per_seed(tmp_path: Path) -> None:
    generate_workbook(tmp_path / "a.xlsx", scale="small", seed=3)
    generate_workbook(tmp_path / "b.xlsx", scale="small", seed=3)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_small_scale_shapes_cover_every_gemeente() -> None:
    rows = generate_rows("small", seed=1)
    codes = {g.code for g in load_reference_data().gemeenten}
    served = {o["bedient"] for o in rows["organisaties"] if o["type"] == "lokaal_team"}
    assert served == codes
    in_subregio = {gm for s in rows["subregios"] for gm in str(s["gemeenten"]).split(";")}
    assert in_subregio == codes
    per_jz = Counter(s["jeugdhulpregio"] for s in rows["subregios"])
    sizes = Counter(g.jeugdhulpregio for g in load_reference_data().gemeenten)
    assert all(min(2, sizes[jz]) <= n <= 5 for jz, n in per_jz.items()) and len(per_jz) == len(sizes)
    lt_covered = {p["dekt"] for p in rows["posities"] if p["rol"] == "lt_medewerker"}
    assert lt_covered == codes
    priorities = Counter(h["prioriteit"] for h in rows["bezetting"])
    assert priorities["primary"] == len(rows["posities"]) == priorities["backup"]
    kinds = Counter(b["soort"] for b in rows["organen"])
    assert kinds["jeugdbeschermingstafel"] == kinds["ret"] == kinds["toekomsttuin"] == kinds["kerngroep"] == 42
    assert len(rows["professionals"]) == SCALES["small"].professionals
    assert len({c["referentie"] for c in rows["casussen"]}) == len(rows["casussen"]) == SCALES["small"].cases
    assert all(str(p["email"]).endswith(".example") and not p.get("telefoon") for p in rows["professionals"])


@pytest.mark.slow
def test_national_scale_promises_without_writing() -> None:
    rows = generate_rows("national", seed=1)
    assert len(rows["organisaties"]) >= 1_500
    assert len(rows["professionals"]) == 100_000
    assert len(rows["casussen"]) == 50_000
    levels = Counter(str(p["dekt"])[:2] for p in rows["posities"])
    assert {"GM", "SR", "JZ", "VR"} <= set(levels)


def test_small_workbook_imports_cleanly_and_idempotently(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "jbnet.sqlite")
    store.apply_many(reference_batches(), "reference")
    counts = generate_workbook(tmp_path / "wb", scale="small", seed=5)
    result = import_workbook(tmp_path / "wb", store, actor="generator test")
    assert result.ok, result.report.format()
    stored = store.counts()
    assert stored[Label.PROFESSIONAL.value] == counts["professionals"]
    assert stored[Label.CASE.value] == counts["casussen"]
    assert stored[Label.POSITION.value] == counts["posities"]
    assert stored[RelType.HOLDS.value] == counts["bezetting"]
    assert stored[RelType.FOR_GEMEENTE.value] == counts["casussen"]
    seq = store.last_seq()
    assert import_workbook(tmp_path / "wb", store, actor="generator test").changes == 0
    assert store.last_seq() == seq
    store.close()


@pytest.mark.parametrize("scale", ["huge", ""])
def test_unknown_scale_is_refused(tmp_path: Path, scale: str) -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        generate_workbook(tmp_path / "x", scale=scale, seed=1)
    assert not (tmp_path / "x").exists()
