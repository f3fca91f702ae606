"""Every problem raised in loaders/rows.py is a catalogue code, never English text (#15)."""

from __future__ import annotations

import ast
from pathlib import Path

import loaders.rows
from api.i18n import render
from graph.messages import msg


def test_every_raise_in_rows_uses_a_code() -> None:
    tree = ast.parse(Path(loaders.rows.__file__).read_text(encoding="utf-8"))
    raised = [node.exc for node in ast.walk(tree) if isinstance(node, ast.Raise) and node.exc is not None]
    assert raised
    uncoded = [ast.unparse(exc) for exc in raised
               if not (isinstance(exc, ast.Call) and isinstance(exc.func, ast.Name)
                       and exc.func.id in ("_problem", "_coded"))]
    assert uncoded == []


def test_row_problems_are_worded_in_english_too() -> None:
    assert render(msg("import.row.key_invalid", value="'vb-001'", prefix="prof-"), "en") == (
        "'vb-001' is not a valid key: it must start with prof- and contain only letters, digits, '-', '_' or '.'")
    assert render(msg("import.row.case_team_invalid", value="'vb-005'"), "en").startswith(
        "'vb-005' is not a professional")


def test_taal_column_imports_and_a_bad_value_is_a_coded_choice(tmp_path: Path) -> None:
    import copy

    from pydantic import ValidationError

    from loaders.example import EXAMPLE_ROWS
    from loaders.rows import ProfessionalRow
    row = copy.deepcopy(EXAMPLE_ROWS["professionals"][0])
    assert ProfessionalRow.model_validate(row | {"taal": " EN "}).taal == "en"
    assert ProfessionalRow.model_validate(row).taal is None
    try:
        ProfessionalRow.model_validate(row | {"taal": "fr"})
    except ValidationError as exc:
        [(column, reason)] = loaders.rows.pydantic_errors(exc)
        assert column == "taal" and render(reason) == "'fr' is niet toegestaan; kies uit 'nl' of 'en'"
    else:
        raise AssertionError("taal 'fr' was accepted")
