"""Cases are pseudonymous: refuse anything in a case field that looks like a BSN or a personal name.

A case carries a generated reference (``JB-XXXX-XXXX``), a gemeente, a route, dates and a status.
There is no field for a child's name, BSN, birth date or address; these checks catch such data
typed into the fields that do exist (AVG data minimisation), before it reaches the store.
"""

from __future__ import annotations

import random
import re
from functools import cache
from importlib import resources

__all__ = [
    "CASE_REF_ALPHABET",
    "PrivacyError",
    "check_case_value",
    "generate_case_ref",
    "is_bsn",
    "looks_like_personal_name",
    "validate_case_ref",
]

# No 0/O, 1/I/L: references are read aloud on the phone and typed over from paper.
CASE_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CASE_REF = re.compile(rf"^JB-[{CASE_REF_ALPHABET}]{{4}}-[{CASE_REF_ALPHABET}]{{4}}$")

# A BSN is 9 digits (old ones 8, written with a leading zero dropped); people type dots/spaces/dashes.
_BSN_CANDIDATE = re.compile(r"(?<![\w.-])\d(?:[ .]?\d){7,8}(?![\w-])")
_NON_DIGIT = re.compile(r"\D+")
_DIGIT = re.compile(r"\d")
# Dates are not BSNs even when their 8 digits happen to pass the eleven-test.
_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})(?:[T ][\d:.]+)?$")

# Dutch surname particles, longest first so "van der" wins over "van".
TUSSENVOEGSELS = (
    "van der", "van den", "van de", "van het", "van 't", "in 't", "in het", "op de", "op den", "uit de",
    "van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "la", "le", "du", "von", "el",
)
_NAME_WORD = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[-'][A-Za-zÀ-ÿ][a-zà-ÿ]+)*\.?"
_INITIALS = r"(?:[A-Z]\.){1,4}"
_PARTICLES = "|".join(re.escape(t) for t in TUSSENVOEGSELS)
# "Jan Jansen", "J.P. de Vries", "Sanne van der Berg", "de Vries", "van Dijk-Jansen"
_FULL_NAME = re.compile(
    rf"^(?:{_NAME_WORD}|{_INITIALS})(?:\s+(?:(?:{_PARTICLES})\s+)?{_NAME_WORD})+$"
)
_PARTICLE_NAME = re.compile(rf"^(?:{_PARTICLES})\s+{_NAME_WORD}(?:-{_NAME_WORD})?$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
# Capitalised words of the domain that make "Two Words" an institution or a step, not a person.
_DOMAIN_WORDS = frozenset({
    "veilig", "thuis", "raad", "kinderbescherming", "jeugdbescherming", "jeugdbeschermingstafel", "tafel",
    "lokaal", "team", "wijkteam", "gemeente", "jeugdhulpregio", "regio", "toekomsttuin", "expertteam",
    "zorgaanbieder", "jeugdzorg", "politie", "rechtbank", "kinderrechter", "ministerie", "onderzoek",
    "aanmelding", "overdracht", "plan", "beschermingsplan", "zitting", "uitvoering", "afsluiting",
    "ondertoezichtstelling", "uithuisplaatsing", "voogdij", "gezag", "casus", "overleg", "stuurgroep",
})


class PrivacyError(ValueError):
    """A value in a case field looks like personal data; the message names the field and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: refused, {reason}; cases are pseudonymous (no names, no BSN)")
        self.field = field
        self.reason = reason


def _eleven_test(digits: str) -> bool:
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or set(digits) == {"0"}:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0


def is_bsn(value: str) -> bool:
    """True when ``value`` contains a number of 8-9 digits (separators allowed) passing the eleven-test."""
    if len(_NON_DIGIT.sub("", value)) < 8 or _DATE.match(value.strip()):
        return False  # fewer than 8 digits is the common case: skip the candidate scan
    return any(_eleven_test(re.sub(r"\D", "", m.group())) for m in _BSN_CANDIDATE.finditer(value))


@cache
def _first_names() -> frozenset[str]:
    text = resources.files("graph").joinpath("data/voornamen.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def looks_like_personal_name(value: str) -> bool:
    """Heuristic: a known first name, or capitalised words shaped like a Dutch full name."""
    text = value.strip()
    if not text or _DIGIT.search(text):
        return False  # references, codes, dates and routes all contain digits
    names = _first_names()
    # A capitalised known first name anywhere ("Sanne", "kind van Sanne"); lowercase "jan" is not one.
    if any(word in names for word in _WORD.findall(text)):
        return True
    if {w.lower() for w in _WORD.findall(text)} & _DOMAIN_WORDS:
        return False  # "Veilig Thuis", "Jeugdbeschermingstafel Arnhem": institutions, not people
    return bool(_FULL_NAME.match(text) or _PARTICLE_NAME.match(text))


def check_case_value(field: str, value: str) -> None:
    """Raise ``PrivacyError`` when a case field value looks like a BSN or a personal name."""
    text = str(value).strip()
    if not text:
        return
    if is_bsn(text):
        raise PrivacyError(field, "looks like a BSN (passes the eleven-test)")
    if looks_like_personal_name(text):
        raise PrivacyError(field, "looks like a personal name")


def generate_case_ref(rng: random.Random) -> str:
    """A fresh pseudonymous reference ``JB-XXXX-XXXX`` (31^8 ≈ 8.5e11 possibilities)."""
    chars = "".join(rng.choice(CASE_REF_ALPHABET) for _ in range(8))
    return f"JB-{chars[:4]}-{chars[4:]}"


def validate_case_ref(ref: str) -> str:
    """Return the normalised reference (upper case, trimmed) or raise ``ValueError``."""
    norm = ref.strip().upper()
    if not _CASE_REF.match(norm):
        raise ValueError(
            f"{ref!r} is not a case reference: expected JB-XXXX-XXXX with letters/digits from "
            f"{CASE_REF_ALPHABET}"
        )
    return norm
