"""Workbook import against a real SQLite store holding the national reference data."""

from __future__ import annotations

import copy
import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.i18n import render
from graph.messages import Message, msg
from graph.schema import Label, RelType, edge_key
from graph.store.sqlite_store import SQLiteStore
from loaders.example import EXAMPLE_ROWS, write_example
from loaders.reference import reference_batches
from loaders.workbook import KnownKeys, import_workbook, read_workbook, validate_workbook
from loaders.workbook_writer import write_workbook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ref") / "reference.sqlite"
    store = SQLiteStore(path)
    store.apply_many(reference_batches(), "test reference")
    store.close()
    return path


@pytest.fixture
def store(reference_db: Path, tmp_path: Path) -> Iterator[SQLiteStore]:
    path = tmp_path / "jbnet.sqlite"
    shutil.copy(reference_db, path)
    s = SQLiteStore(path)
    yield s
    s.close()


def _rows() -> dict[str, list[dict[str, object]]]:
    return copy.deepcopy(EXAMPLE_ROWS)


def _expected_counts() -> tuple[dict[Label, int], dict[RelType, int]]:
    rows = EXAMPLE_ROWS
    nodes = {Label.ORGANISATION: len(rows["organisaties"]), Label.PROFESSIONAL: len(rows["professionals"]),
             Label.POSITION: len(rows["posities"]), Label.SUBREGIO: len(rows["subregios"]),
             Label.BODY: len(rows["organen"]), Label.CASE: len(rows["casussen"])}
    edges = {RelType.HOLDS: len(rows["bezetting"]), RelType.AT: len(rows["posities"]),
             RelType.MEMBER_OF: len(rows["lidmaatschappen"]), RelType.FOR_GEMEENTE: len(rows["casussen"]),
             RelType.WORKS_AT: sum(len(str(r["organisatie"]).split(";")) for r in rows["professionals"]),
             RelType.IN_SUBREGIO: 4, RelType.ESCALATES_TO: 2, RelType.REPORTS_TO: 1, RelType.PART_OF: 3,
             RelType.ON_CASE: 4}
    return nodes, edges


@pytest.mark.parametrize("name", ["voorbeeld-werkmap.xlsx", "voorbeeld-werkmap"])
def test_shipped_example_imports_cleanly(store: SQLiteStore, name: str) -> None:
    before = store.counts()
    seq = store.last_seq()
    progress: list[tuple[int, int, Message]] = []
    result = import_workbook(EXAMPLES / name, store, actor="test import",
                             progress=lambda d, t, w: progress.append((d, t, w)))
    assert result.ok, result.report.format()
    assert result.written and result.changes == store.last_seq() - seq > 0
    after = store.counts()
    nodes, edges = _expected_counts()
    for kind, n in [*nodes.items(), *edges.items()]:
        assert after.get(kind.value, 0) - before.get(kind.value, 0) == n, kind
    assert progress and progress[-1][0] == progress[-1][1]
    # the steps are catalogue messages, worded by the CLI's language layer (no English from the loader)
    steps = [render(what, "nl") for _, _, what in progress]
    assert all(isinstance(what, Message) for _, _, what in progress)
    assert steps[-1] == "schrijven" and any(s.endswith(" gecontroleerd") for s in steps), steps


def test_example_rows_map_to_the_data_model(store: SQLiteStore) -> None:
    assert import_workbook(EXAMPLES / "voorbeeld-werkmap", store, actor="t").ok
    pos = store.get_node("pos-vb-lt-arnhem")
    assert pos is not None and pos.label is Label.POSITION
    assert pos.props == {"name": "Lokaal Team Arnhem jeugd", "role": "lt_medewerker", "org_type": "lokaal_team",
                         "critical": True, "last_verified": "2026-09-01"}
    holds = store.get_edge(edge_key(RelType.HOLDS, "prof-vb-002", "pos-vb-lt-arnhem"))
    assert holds is not None and holds.props == {"priority": "backup", "rank": 2}
    assert holds.valid_from == "2025-01-01" and holds.valid_to is None
    esc = store.get_edge(edge_key(RelType.ESCALATES_TO, "pos-vb-lt-arnhem", "pos-vb-lt-gw-arnhem"))
    assert esc is not None and esc.props == {"step": 1}
    covers = store.get_edge(edge_key(RelType.COVERS, "pos-vb-gi-jb-arnhem-eo", "SR-JZ28-vb-arnhem-e-o"))
    assert covers is not None and covers.dst_label is Label.SUBREGIO
    member = store.get_edge(edge_key(RelType.MEMBER_OF, "org-vb-gi-gelderland", "body-vb-jbt-centraal-gelderland"))
    assert member is not None and member.src_label is Label.ORGANISATION and member.props == {"role": "deelnemer"}
    case = store.get_node("JB-7KQ2-M4PX")
    assert case is not None and case.props == {"ref": "JB-7KQ2-M4PX", "route": "315", "status": "open",
                                               "opened": "2026-09-14", "step": "onderzoek"}
    on_case = store.get_edge(edge_key(RelType.ON_CASE, "prof-vb-005", "JB-7KQ2-M4PX"))
    assert on_case is not None and on_case.props == {"role": "jeugdbeschermer"}
    assert store.get_edge(edge_key(RelType.IN_SUBREGIO, "GM0274", "SR-JZ28-vb-arnhem-e-o")) is not None
    prof = store.get_node("prof-vb-011")
    assert prof is not None and prof.props["active"] is False and prof.props["inactive_since"] == "2026-06-30"


def test_reimport_changes_nothing(store: SQLiteStore) -> None:
    first = import_workbook(EXAMPLES / "voorbeeld-werkmap.xlsx", store, actor="t")
    assert first.ok and first.changes > 0
    seq, counts = store.last_seq(), store.counts()
    # The CSV folder holds the same rows as the XLSX: both re-imports must be no-ops.
    for again in ("voorbeeld-werkmap.xlsx", "voorbeeld-werkmap"):
        result = import_workbook(EXAMPLES / again, store, actor="t")
        assert result.ok and result.changes == 0
    assert store.last_seq() == seq and store.counts() == counts


def test_changed_row_is_one_logged_update(store: SQLiteStore, tmp_path: Path) -> None:
    assert import_workbook(EXAMPLES / "voorbeeld-werkmap", store, actor="t").ok
    seq = store.last_seq()
    rows = _rows()
    rows["posities"][2]["naam"] = "Lokaal Team Arnhem jeugd en gezin"
    write_workbook(tmp_path / "wb", rows)
    result = import_workbook(tmp_path / "wb", store, actor="coordinator")
    assert result.ok and result.changes == 1
    [entry] = store.changes_since(seq)
    assert (entry.op, entry.key, entry.actor) == ("node.update", "pos-vb-lt-arnhem", "coordinator")


def _broken(tmp_path: Path) -> Path:
    rows = _rows()
    rows["organisaties"][1]["type"] = "ziekenhuis"  # bad enum (row 3)
    rows["professionals"][3]["sleutel"] = "prof-vb-001"  # duplicate key (row 5)
    rows["professionals"][4]["email"] = "noor at gi"  # not an e-mail (row 6)
    rows["posities"][3]["organisatie"] = "org-vb-bestaat-niet"  # unknown organisation (row 5)
    rows["bezetting"][0]["geldig_van"] = "31-02-2026"  # not a date (row 2)
    rows["subregios"][0]["gemeenten"] = "GM0202;GM228;GM0275"  # unknown gemeente code (row 2)
    rows["subregios"].append({"sleutel": "SR-JZ28-vb-rest", "naam": "Rest", "jeugdhulpregio": "JZ28",
                              "gemeenten": "GM0221;GM0202"})  # GM0202 twice (row 3)
    rows["subregios"].append({"sleutel": "SR-JZ21-vb-ede", "naam": "Ede", "jeugdhulpregio": "JZ21",
                              "gemeenten": "GM0202"})  # not in JZ21 (row 4)
    rows["casussen"][1]["stap"] = "bsn 1112.22.333"  # passes the eleven-test (row 3)
    rows["casussen"][2]["stap"] = "Sanne de Vries"  # a personal name (row 4)
    folder = write_workbook(tmp_path / "broken", rows)
    # A required column missing: lidmaatschappen without "orgaan".
    _drop_column(folder / "lidmaatschappen.csv", "orgaan")
    return folder


def _drop_column(path: Path, column: str) -> None:
    """Rewrite the CSV sheet at ``path`` without ``column`` (a sheet missing a required column)."""
    with path.open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[c for c in table[0] if c != column], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(table)


def test_broken_workbook_reports_every_bad_row_and_writes_nothing(store: SQLiteStore, tmp_path: Path) -> None:
    seq, counts = store.last_seq(), store.counts()
    result = import_workbook(_broken(tmp_path), store, actor="t")
    assert not result.ok and not result.written and result.changes == 0
    assert store.last_seq() == seq and store.counts() == counts
    found = {(e.sheet, e.row, e.column): render(e.reason) for e in result.errors}
    assert next(e.reason for e in result.errors if e.column == "email") == msg("import.row.email_invalid",
                                                                              value="'noor at gi'")
    # the cross-row checks are codes with the facts as parameters (the words are the catalogue's)
    coded = {(e.sheet, e.row, e.column): e.reason for e in result.errors}
    assert coded["posities.csv", 5, "organisatie"] == msg("import.row.unknown_key", key="'org-vb-bestaat-niet'",
                                                          kind="organisation")
    assert coded["subregios.csv", 2, "gemeenten"] == msg("import.row.region_unknown.suggest", value="GM228",
                                                         level="Gemeente", suggestion="GM0228 (Ede)")
    assert coded["subregios.csv", 3, "gemeenten"] == msg("import.row.gemeente_two_subregios", gemeente="GM0202",
                                                         subregio="SR-JZ28-vb-arnhem-e-o", row=2)
    assert coded["subregios.csv", 4, "gemeenten"] == msg("import.row.gemeente_other_jeugdhulpregio",
                                                         gemeente="GM0202", name="Arnhem", jeugdhulpregio="JZ28",
                                                         expected="JZ21")
    expected = {
        ("organisaties.csv", 3, "type"): "'ziekenhuis' is niet toegestaan; kies uit 'lokaal_team', 'gi',",
        ("professionals.csv", 5, "sleutel"):
            "sleutel 'prof-vb-001' komt dubbel voor (eerst in professionals.csv rij 2)",
        ("professionals.csv", 6, "email"): "'noor at gi' is geen e-mailadres",
        ("posities.csv", 5, "organisatie"): "'org-vb-bestaat-niet' is geen bekende sleutel van een organisatie",
        ("bezetting.csv", 2, "geldig_van"): "'31-02-2026' is geen datum (gebruik JJJJ-MM-DD",
        ("subregios.csv", 2, "gemeenten"): "GM228 is geen bekende gemeentecode; bedoelt u GM0228 (Ede)?",
        ("subregios.csv", 3, "gemeenten"): "GM0202 zit al in subregio SR-JZ28-vb-arnhem-e-o (rij 2)",
        ("subregios.csv", 4, "gemeenten"): "GM0202 (Arnhem) hoort bij jeugdhulpregio JZ28, niet bij JZ21",
        ("casussen.csv", 3, "stap"): "geweigerd, dit lijkt op een BSN (voldoet aan de elfproef)",
        ("casussen.csv", 4, "stap"): "geweigerd, dit lijkt op een persoonsnaam",
        ("lidmaatschappen.csv", 1, "orgaan"): "verplichte kolom ontbreekt",
    }
    for where, reason in expected.items():
        assert where in found, f"no error for {where}; got {sorted(found)}"
        assert reason in found[where]
    text = result.report.format(say=render)
    assert text.startswith(f"{len(result.errors)} problemen gevonden; er is niets geschreven:\n"), text
    assert "\n  subregios.csv, rij 2, kolom gemeenten: GM228 is geen bekende gemeentecode" in text
    assert ", row " not in text and ", column " not in text and "did you mean" not in text
    short = result.report.format(limit=2, say=render).splitlines()
    assert len(short) == 4 and short[-1] == f"  … en nog {len(result.errors) - 2}"


def test_the_report_is_worded_in_english_when_asked(store: SQLiteStore, tmp_path: Path) -> None:
    result = import_workbook(_broken(tmp_path), store, actor="t")
    text = result.report.format(limit=3, say=lambda m: render(m, "en"))
    lines = text.splitlines()
    assert lines[0] == f"{len(result.errors)} problems found; nothing was written:"
    assert lines[-1] == f"  … and {len(result.errors) - 3} more"
    full = result.report.format(limit=None, say=lambda m: render(m, "en"))
    assert "  subregios.csv, row 2, column gemeenten: GM228 is not a known municipality code; did you mean " \
           "GM0228 (Ede)?" in full
    assert "posities.csv, row 5, column organisatie: 'org-vb-bestaat-niet' is not a known organisation key" in full
    assert "lidmaatschappen.csv, row 1, column orgaan: required column missing" in full
    for dutch in ("rij ", "kolom ", "geen bekende", "bedoelt u", "problemen"):
        assert dutch not in full, dutch


def test_one_problem_is_singular_and_a_good_report_says_ok(store: SQLiteStore, tmp_path: Path) -> None:
    rows = _rows()
    rows["posities"][0] |= {"escaleert_naar": rows["posities"][0]["sleutel"], "escalatiestap": 1}  # itself
    result = import_workbook(write_workbook(tmp_path / "wb", rows), store, actor="t")
    [err] = result.errors
    assert err.reason == msg("import.row.self_reference", value=repr(rows["posities"][0]["sleutel"]))
    assert result.report.format(say=render).splitlines()[0] == "1 probleem gevonden; er is niets geschreven:"
    assert result.report.format(say=lambda m: render(m, "en")).splitlines()[0] == \
        "1 problem found; nothing was written:"
    good = import_workbook(EXAMPLES / "voorbeeld-werkmap", store, actor="t").report
    assert good.lines() == [msg("import.report.ok", rows=sum(good.rows.values()), nodes=good.nodes, edges=good.edges)]
    rows = sum(good.rows.values())
    assert rows < 1000 and render(good.lines()[0]) == f"OK: rijen {rows}, gegevens {good.nodes}, relaties {good.edges}"


def test_a_reference_to_a_refused_row_is_not_reported_as_unknown(store: SQLiteStore, tmp_path: Path) -> None:
    # prof-vb-001's row is refused (its e-mail); bezetting, lidmaatschappen and casussen refer to it. Those
    # references are no news (the key IS in the workbook), a key in no row still is (#15).
    rows = _rows()
    rows["professionals"][0]["email"] = "sanne at lt"  # row 2
    rows["organisaties"][2]["naam"] = "=A1"  # a formula (row 4): its key is referred to as well
    rows["subregios"][0]["afgesproken_op"] = "gisteren"  # row 2, the subregio an orgaan's dekt names
    rows["bezetting"].append({"positie": "pos-vb-lt-arnhem", "professional": "prof-vb-999", "prioriteit": "backup"})
    refused = {"prof-vb-001", rows["organisaties"][2]["sleutel"], rows["subregios"][0]["sleutel"]}
    referring = {"bezetting": "professional", "lidmaatschappen": "lid", "posities": "organisatie",
                 "professionals": "organisatie", "organen": "dekt", "casussen": "professionals"}
    for sheet, column in referring.items():  # the example refers to the refused keys from each sheet
        assert any(set(str(r.get(column)).replace(":", ";").split(";")) & refused for r in rows[sheet]), sheet
    result = import_workbook(write_workbook(tmp_path / "wb", rows), store, actor="t")
    assert not result.written
    assert [(e.sheet, e.row, e.column, e.reason.code) for e in result.errors] == [
        ("organisaties.csv", 4, "naam", "import.row.formula"),
        ("professionals.csv", 2, "email", "import.row.email_invalid"),
        ("bezetting.csv", len(rows["bezetting"]) + 1, "professional", "import.row.unknown_key"),
        ("subregios.csv", 2, "afgesproken_op", "import.row.date_invalid")], result.report.format(say=render)
    assert result.errors[2].reason == msg("import.row.unknown_key", key="'prof-vb-999'", kind="professional")


def test_a_sheet_refused_for_its_header_is_not_reported_again_by_each_reference(store: SQLiteStore,
                                                                                tmp_path: Path) -> None:
    # professionals without its required column naam: none of its rows is read, their keys are still typed
    rows = _rows()
    rows["bezetting"].append({"positie": "pos-vb-lt-arnhem", "professional": "prof-vb-999", "prioriteit": "backup"})
    folder = write_workbook(tmp_path / "wb", rows)
    _drop_column(folder / "professionals.csv", "naam")
    result = import_workbook(folder, store, actor="t")
    assert [(e.sheet, e.row, e.column, e.reason) for e in result.errors] == [
        ("professionals.csv", 1, "naam", msg("import.row.column_missing")),
        ("bezetting.csv", len(rows["bezetting"]) + 1, "professional",
         msg("import.row.unknown_key", key="'prof-vb-999'", kind="professional"))], result.report.format(say=render)


def test_xlsx_errors_name_the_sheet(store: SQLiteStore, tmp_path: Path) -> None:
    rows = _rows()
    rows["casussen"][0]["gemeente"] = "GM9999"
    rows["casussen"][1]["route"] = "302"
    path = write_workbook(tmp_path / "wb.xlsx", rows)
    result = import_workbook(path, store, actor="t")
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("sheet casussen", 2, "gemeente"), ("sheet casussen", 3, "route")]
    assert result.errors[0].reason.code == "import.row.region_unknown.suggest"
    assert render(result.errors[0].reason).startswith("GM9999 is geen bekende gemeentecode; bedoelt u GM")
    assert render(result.errors[0].message).startswith("blad casussen, rij 2, kolom gemeente: GM9999 is geen")
    assert render(result.errors[0].message, "en").startswith("sheet casussen, row 2, column gemeente: GM9999 is not")
    assert store.get_node("org-vb-lt-arnhem") is None


def test_bsn_in_case_field_is_refused(store: SQLiteStore, tmp_path: Path) -> None:
    rows = _rows()
    rows["casussen"][0]["geopend"] = "111222333"
    rows["casussen"] = rows["casussen"][:1]
    result = import_workbook(write_workbook(tmp_path / "wb", rows), store, actor="t")
    [err] = result.errors
    assert (err.sheet, err.row, err.column) == ("casussen.csv", 2, "geopend")
    assert err.reason == msg("privacy.reason.bsn") and store.get_node("JB-7KQ2-M4PX") is None


def test_privacy_refusal_by_the_store_names_every_row(store: SQLiteStore, tmp_path: Path) -> None:
    # An otherwise good workbook is checked for child identifiers once, by the store's write; its refusal
    # rolls everything back and the report still names each row and column.
    rows = _rows()
    rows["professionals"][1]["functie"] = "bsn 1112.22.333"  # row 3
    rows["casussen"][0]["stap"] = "Sanne de Vries"  # row 2
    seq, counts = store.last_seq(), store.counts()
    result = import_workbook(write_workbook(tmp_path / "wb", rows), store, actor="t")
    assert not result.written and store.last_seq() == seq and store.counts() == counts
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("professionals.csv", 3, "functie"), ("casussen.csv", 2, "stap")]
    assert "BSN" in render(result.errors[0].reason)


def test_extra_case_column_is_refused(store: SQLiteStore, tmp_path: Path) -> None:
    folder = write_workbook(tmp_path / "wb", {"casussen": _rows()["casussen"]})
    text = (folder / "casussen.csv").read_text(encoding="utf-8").splitlines()
    text = [text[0] + ",geboortedatum"] + [line + ",2019-04-01" for line in text[1:]]
    (folder / "casussen.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    result = import_workbook(folder, store, actor="t")
    assert [(e.row, e.column) for e in result.errors] == [(1, "geboortedatum")]
    assert "casussen zijn gepseudonimiseerd" in render(result.errors[0].reason)


def test_semicolon_csv_and_references_to_stored_keys(store: SQLiteStore, tmp_path: Path) -> None:
    assert import_workbook(EXAMPLES / "voorbeeld-werkmap", store, actor="t").ok
    # A second workbook refers only to keys already in the store; Dutch Excel writes ';'-separated CSV.
    folder = tmp_path / "wb"
    folder.mkdir()
    (folder / "bezetting.csv").write_text(
        "positie;professional;prioriteit;rang\npos-vb-lt-ede;prof-vb-004;Backup;2\n"
        "pos-vb-lt-ede;prof-vb-001;fallback;\n", encoding="utf-8-sig")
    result = import_workbook(folder, store, actor="t")
    assert result.ok, result.report.format()
    edge = store.get_edge(edge_key(RelType.HOLDS, "prof-vb-004", "pos-vb-lt-ede"))
    assert edge is not None and edge.props == {"priority": "backup", "rank": 2}
    default_rank = store.get_edge(edge_key(RelType.HOLDS, "prof-vb-001", "pos-vb-lt-ede"))
    assert default_rank is not None and default_rank.props == {"priority": "fallback", "rank": 1}


def test_validate_without_reference_data_says_so(tmp_path: Path) -> None:
    empty = SQLiteStore(tmp_path / "empty.sqlite")
    batches, report = validate_workbook(read_workbook(EXAMPLES / "voorbeeld-werkmap"), KnownKeys.from_store(empty))
    assert batches == [] and [e.reason for e in report.errors] == [msg("import.no_reference")]
    assert "laad eerst de referentiegegevens (jbnet init)" in report.format(say=render)
    empty.close()


def test_shipped_example_matches_its_generator(tmp_path: Path) -> None:
    xlsx, folder = write_example(tmp_path)
    assert xlsx.read_bytes() == (EXAMPLES / "voorbeeld-werkmap.xlsx").read_bytes()
    for file in sorted(folder.iterdir()):
        assert file.read_bytes() == (EXAMPLES / "voorbeeld-werkmap" / file.name).read_bytes()


def test_windows_1252_csv_is_read_with_a_warning(store: SQLiteStore, tmp_path: Path) -> None:
    folder = tmp_path / "wb"
    folder.mkdir()
    (folder / "organisaties.csv").write_bytes(
        "sleutel;naam;type;bedient\norg-vb-cafe;Café Jeugd Één;zorgaanbieder;GM0228\n".encode("cp1252"))
    result = import_workbook(folder, store, actor="t")
    assert result.ok, result.report.format()
    assert result.report.warnings == [msg("import.warning.not_utf8", file="organisaties.csv")]
    assert render(result.report.warnings[0]) == ("organisaties.csv is geen UTF-8; gelezen als Windows-1252 "
                                                 "(controleer letters met accenten)")
    node = store.get_node("org-vb-cafe")
    assert node is not None and node.props["name"] == "Café Jeugd Één"


def test_duplicate_column_and_unreadable_workbook_are_reported(store: SQLiteStore, tmp_path: Path) -> None:
    folder = tmp_path / "wb"
    folder.mkdir()
    (folder / "organisaties.csv").write_text("sleutel,naam,type,naam\norg-a,A,gi,B\n", encoding="utf-8")
    [err] = import_workbook(folder, store, actor="t").errors
    assert (err.sheet, err.row, err.column, err.reason) == (
        "organisaties.csv", 1, "naam", msg("import.row.column_twice"))
    damaged = tmp_path / "kapot.xlsx"
    damaged.write_bytes(b"not a zip file")
    result = import_workbook(damaged, store, actor="t")
    assert not result.ok and result.errors[0].reason == msg("import.unreadable", name="kapot.xlsx")
    [missing] = import_workbook(tmp_path / "nergens", store, actor="t").errors
    assert missing.reason == msg("import.not_found", path=str(tmp_path / "nergens"))
    (tmp_path / "notitie.txt").write_text("geen werkmap", encoding="utf-8")
    [other] = import_workbook(tmp_path / "notitie.txt", store, actor="t").errors
    assert other.reason == msg("import.not_a_workbook", path=str(tmp_path / "notitie.txt"))


def test_key_escalation_subregio_and_case_team_problems_are_reported_in_dutch(store: SQLiteStore,
                                                                               tmp_path: Path) -> None:
    """Row checks that were English ValueErrors are catalogue codes: the report names the cell and words it in Dutch."""
    rows = _rows()
    rows["professionals"][0]["sleutel"] = "vb-001"
    rows["posities"][0]["escaleert_naar"] = "pos-vb-wethouder-ede"
    rows["posities"][1]["escalatiestap"] = 2
    rows["posities"][1].pop("escaleert_naar", None)
    rows["subregios"][0]["sleutel"] = "SR-JZ21-vb-arnhem-e-o"
    rows["casussen"][0]["professionals"] = "vb-005;prof-vb-001:lt_medewerker"
    result = import_workbook(write_workbook(tmp_path / "wb.xlsx", rows), store, actor="t")
    assert not result.written
    found = {(e.sheet, e.row, e.column): render(e.reason) for e in result.errors}
    expected = {
        ("sheet professionals", 2, "sleutel"): "'vb-001' is geen geldige sleutel: die begint met prof-",
        ("sheet posities", 2, "escalatiestap"): "verplicht als escaleert_naar is ingevuld",
        ("sheet posities", 3, "escaleert_naar"): "verplicht als escalatiestap is ingevuld",
        ("sheet subregios", 2, "sleutel"): "'SR-JZ21-vb-arnhem-e-o' moet beginnen met SR-JZ28-",
        ("sheet casussen", 2, "professionals"): "'vb-005' is geen professional in de vorm 'prof-…'",
    }
    for where, reason in expected.items():
        assert where in found, f"no error for {where}; got {sorted(found)}"
        assert reason in found[where], found[where]
    assert not any(isinstance(e.reason, Message) and e.reason.code == "import.row.invalid" for e in result.errors)


def test_region_codes_of_the_wrong_level_or_no_region_are_coded_with_a_suggestion(store: SQLiteStore,
                                                                                 tmp_path: Path) -> None:
    rows = _rows()
    rows["casussen"][0]["gemeente"] = "JZ28"  # a jeugdhulpregio where a gemeente belongs (row 2)
    rows["casussen"][1]["gemeente"] = "Edee"  # a misspelt name (row 3)
    rows["organisaties"][0]["bedient"] = "Arnhm"  # no region code at all (row 2)
    result = import_workbook(write_workbook(tmp_path / "wb", rows), store, actor="t")
    coded = {(e.sheet, e.row, e.column): e.reason for e in result.errors}
    assert coded == {
        ("organisaties.csv", 2, "bedient"): msg("import.row.region_invalid.suggest", value="'Arnhm'",
                                                suggestion="GM0202 (Arnhem)"),
        ("casussen.csv", 2, "gemeente"): msg("import.row.region_wrong_level", value="JZ28", level="Jeugdhulpregio",
                                             expected="Gemeente"),
        ("casussen.csv", 3, "gemeente"): msg("import.row.region_not_level.suggest", value="'Edee'",
                                             level="Gemeente", suggestion="GM0228 (Ede)"),
    }
    said = {where: render(reason) for where, reason in coded.items()}
    assert said["casussen.csv", 2, "gemeente"] == "JZ28 is een jeugdhulpregio; hier hoort een gemeentecode"
    assert said["casussen.csv", 3, "gemeente"] == "'Edee' is geen gemeentecode; bedoelt u GM0228 (Ede)?"
    assert said["organisaties.csv", 2, "bedient"].startswith("'Arnhm' is geen regiocode (GM…, JZ…")
    assert render(coded["casussen.csv", 2, "gemeente"], "en") == \
        "JZ28 is a youth care region; expected a municipality code"
