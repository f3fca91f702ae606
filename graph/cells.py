"""Spreadsheet cells that cannot hurt: formula injection in exports and imports (OWASP "CSV injection").

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by
Excel and LibreOffice (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``). Every CSV export prefixes such
a cell with an apostrophe, the spreadsheet programs' own "this is text" mark; XLSX exports write
every text cell as a string with Excel's quote-prefix style, so the value stays exactly as stored.
Imports refuse formulas instead of evaluating or storing them.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["FORMULA_START", "is_formula", "needs_quote_prefix", "neutralise"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet would run: "=…" or "@…", a signed function call ("+SUM(", "-HYPERLINK("), or DDE
# ("…cmd|' /C calc'!A0"). Phone numbers ("+31 6 …", "-") and negative numbers are not formulas.
_FORMULA = re.compile(r"^[\s\u00a0]*(?:[=@]|[+\-]\s*[A-Za-z_][\w.]*\s*\()|^[\s\u00a0]*[+\-=@].*\|.*!", re.S)


def neutralise(value: Any) -> Any:
    """``value`` safe for a CSV cell: text that a spreadsheet would read as a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def needs_quote_prefix(value: Any) -> bool:
    """Whether an XLSX text cell needs Excel's quote prefix (shown as text even when re-edited)."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


_FORMULA_FIRST = frozenset("=@+-")


def is_formula(text: str) -> bool:
    """Whether an imported cell is (or would run as) a spreadsheet formula."""
    # Every formula starts, after white space, with one of = @ + -: most cells (names, keys, e-mail) are
    # decided by their first character without running the pattern (a national import checks ~1.5 M cells).
    if not text or (text[0] not in _FORMULA_FIRST and not text[0].isspace()):
        return False
    return bool(_FORMULA.match(text))
