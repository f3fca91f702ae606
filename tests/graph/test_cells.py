"""graph.cells.is_formula decides most cells by their first character; the shortcut must agree with the
full pattern on every text, white space and look-alikes (phone numbers, negative numbers) included."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from graph.cells import _FORMULA, is_formula

_ALPHABET = st.sampled_from([*"=+-@|!( )\t\r\n\u00a0\u2003\x1cabcSUM.01_'\"", "\u200b"])


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(_ALPHABET, max_size=14), st.text(max_size=14)))
@example("=SUM(A1)")
@example(" \u00a0@cmd")
@example("\u2003+HYPERLINK(")
@example("x|' /C calc'!A0")
@example("+31 6 1234 5678")
@example("")
def test_shortcut_agrees_with_the_pattern(text: str) -> None:
    assert is_formula(text) == bool(_FORMULA.match(text))


def test_formulas_and_look_alikes() -> None:
    assert is_formula("=1+1") and is_formula("  @A1") and is_formula("-HYPERLINK(x)")
    assert is_formula("=cmd|' /C calc'!A0")
    assert not is_formula("+31 6 1234 5678") and not is_formula("-12") and not is_formula("Ede") and not is_formula("")
