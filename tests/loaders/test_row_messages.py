"""Every problem raised in loaders/rows.py is a catalogue code, never English text (#15)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

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


_REPORT_MODULES = ("workbook_checks", "workbook", "workbook_reader")
_WORDS = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")  # two words in a row: a sentence for people


def _sentences(source: str) -> list[str]:
    """Every f-string with words in its literal text, and every plain string given to ``err``/``RowError`` or
    appended to a list (a reason, a warning) in ``source``."""
    tree = ast.parse(source)
    found = [ast.unparse(node) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
             and _WORDS.search("".join(v.value for v in node.values if isinstance(v, ast.Constant)))]
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        if name in ("err", "RowError", "append", "extend"):
            found += [ast.unparse(a) for a in [*call.args, *(k.value for k in call.keywords)]
                      if isinstance(a, ast.Constant | ast.BinOp) and isinstance(getattr(a, "value", ""), str)
                      and _WORDS.search(ast.unparse(a))]
    return found


def test_the_import_report_words_nothing_itself() -> None:
    """The workbook checks, the reader and the report build codes, never English reasons or warnings (#15)."""
    for module in _REPORT_MODULES:
        path = Path(loaders.rows.__file__).with_name(f"{module}.py")
        assert _sentences(path.read_text(encoding="utf-8")) == [], module


def test_the_guard_finds_an_english_reason() -> None:
    assert _sentences('self.err(s, n, "c", f"{key!r} is not a known key")\n')
    assert _sentences('self.err(s, n, "c", "is not " + "known here")\n')
    assert _sentences('book.warnings.append("read as Windows-1252")\n')
    assert not _sentences('self.err(s, n, "c", msg("import.row.formula", value=repr(v)))\nf"{key} ({name})"\n')


@pytest.mark.parametrize("sheet,model,cells,column,dutch,english", [
    ("bezetting", "BezettingRow", {"rang": "nul"}, "rang", "'nul' is geen (heel) getal",
     "'nul' is not a (whole) number"),
    ("bezetting", "BezettingRow", {"rang": "1,5"}, "rang", "'1,5' is geen (heel) getal",
     "'1,5' is not a (whole) number"),
    ("bezetting", "BezettingRow", {"rang": "0"}, "rang", "0 is te klein: minstens 1", "0 is too small: at least 1"),
    ("bezetting", "BezettingRow", {"rang": "100"}, "rang", "100 is te groot: hoogstens 99",
     "100 is too large: at most 99"),
    ("subregios", "SubregioRow", {"versie": "twee"}, "versie", "'twee' is geen (heel) getal",
     "'twee' is not a (whole) number"),
    ("professionals", "ProfessionalRow", {"naam": "x" * 301}, "naam", "te lang: hoogstens 300 tekens",
     "too long: at most 300 characters"),
])
def test_pydantic_s_own_checks_are_catalogue_codes_not_its_english(
        sheet: str, model: str, cells: dict[str, str], column: str, dutch: str, english: str) -> None:
    """A cell that pydantic itself refuses (not a number, out of range, too long) reads in the report's language,
    never as pydantic's English ("Input should be a valid integer")."""
    import copy

    from pydantic import ValidationError

    from loaders.example import EXAMPLE_ROWS
    from loaders.rows import pydantic_errors
    row = copy.deepcopy(EXAMPLE_ROWS[sheet][0]) | cells
    with pytest.raises(ValidationError) as refused:
        getattr(loaders.rows, model).model_validate(row)
    [(where, reason)] = pydantic_errors(refused.value)
    assert where == column and reason.code != "import.row.invalid"
    assert (render(reason, "nl"), render(reason, "en")) == (dutch, english)
