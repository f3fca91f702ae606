"""No child identifiers anywhere: one check every write passes, at the store boundary.

jbnet holds professionals' contact data and pseudonymous cases (``JB-XXXX-XXXX``). A child's BSN,
birth date, address or name has no field, but people type such data into the fields that do exist:
meeting names and notes, body notes, report remarks, corrections, import cells, case fields. Both
stores call ``check_batch`` / ``check_log`` before they write anything (the change log included),
so no caller — GraphQL, pages, workbook import, CLI, mail forms — can skip it; the domain and the
import call the same functions earlier to name the row or form field.

The rules, per kind of field (``Policy``):

- every field: a BSN in any notation (8-9 digits, dots/spaces/dashes, passing the eleven-test);
  dates that are said to be birth dates ("geboren 12-03-2015", "geb. 3 mei 2016", "DOB 2015-03-12");
- free text (everything but the fields below): a Dutch postcode with a house number ("6811 AB 12"),
  a street with a number ("Kerkstraat 12a"), "woont/adres …" with a number;
- venue fields (a meeting's place, an organisation's address): addresses of buildings are allowed;
- case fields: all of the above, a bare date or postcode in free-text case fields, and name-like
  text (heuristic: known first names in any letter case, shapes of Dutch full names).

A refusal is a ``PrivacyError``: a ``MessageError`` whose ``message`` is the catalogue code
(``privacy.bsn`` …, graph/messages.py) with parameters naming the field, the rule and where; every
interface renders it in Dutch or English (``api.i18n``). What the check cannot catch (names
outside case fields, addresses without a number, dates without a birth word) is in docs/privacy.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import re
import secrets
from collections.abc import Iterable, Iterator
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from graph.messages import Message, MessageError, msg

if TYPE_CHECKING:  # graph.schema / graph.store import nothing from here; keep it that way at run time
    from graph.schema import Edge, Node
    from graph.store.base import ChangeBatch

__all__ = [
    "CASE_REF_ALPHABET",
    "Policy",
    "PrivacyError",
    "Rule",
    "check_batch",
    "check_case_value",
    "check_edge",
    "check_log",
    "check_node",
    "check_text",
    "find_problem",
    "forget",
    "generate_case_ref",
    "is_bsn",
    "looks_like_address",
    "looks_like_birth_date",
    "looks_like_personal_name",
    "opaque_id",
    "policy_for",
    "validate_case_ref",
]

# No 0/O, 1/I/L: references are read aloud on the phone and typed over from paper.
CASE_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CASE_REF = re.compile(rf"^JB-[{CASE_REF_ALPHABET}]{{4}}-[{CASE_REF_ALPHABET}]{{4}}$")


class Rule(StrEnum):
    BSN = "bsn"
    BIRTH_DATE = "birth_date"
    DATE = "date"  # any date in a free-text case field: the case has its own dates
    ADDRESS = "address"
    POSTCODE = "postcode"  # a bare postcode in a case field
    NAME = "name"


class Policy(StrEnum):
    FREE = "free"  # free text: BSN, birth dates, addresses
    VENUE = "venue"  # a building's address is the point of the field: BSN and birth dates only
    CASE = "case"  # free-text case field: everything, names and bare dates too
    CASE_DATE = "case_date"  # a case's own date/code fields: everything but the date rule


class PrivacyError(MessageError):
    """A value looks like a child identifier; nothing of its write was written.

    ``message`` is the catalogue ``Message`` (code ``privacy.<rule>``, params field/rule/where) that every
    interface renders in its language; ``code``/``params`` are the same as plain values.
    """

    def __init__(self, field: str, rule: Rule, where: str | None = None) -> None:
        self.field = field
        self.rule = Rule(rule)
        where = str(where) if where else None  # a Label/RelType arrives as its enum
        self.where = where  # the node label / relationship type / log entry kind, when known
        self.code = f"privacy.{self.rule.value}"
        self.params: dict[str, str] = {"field": field, "rule": self.rule.value, "where": where or ""}
        super().__init__(msg(self.code, **self.params))  # str(): the code and params, for logs and tracebacks

    @property
    def reason(self) -> Message:
        """The rule's reason without the field name (``privacy.reason.<rule>``), for reports that name the field
        themselves (an import row's column)."""
        return msg(f"privacy.reason.{self.rule.value}")

    def detail(self) -> Message:
        return self.reason


# ---------------------------------------------------------------------------------------------- BSN
# Stretches that contain digits but are not BSNs, blanked before the digit runs are looked at.
_NOT_BSN = re.compile(
    r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)"  # ISO date (and time)
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|(?<![\w.])(?:0?[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|1[0-2])[-./](?:(?:19|20)\d{2}|\d{2})(?![\w.]?\d)"
    r"|(?:\+|00)\d{2}[ .\-]?(?:\(0\)[ .\-]?)?\d(?:[ .\-]?\d){7,9}(?!\d)"  # +31 6 1234 5678, 0031...
    r"|(?<![\w.])0[89]0\d[ .\-]?(?:\d{7}|\d{4})(?!\d)"  # 0800-2000, 0900-1234567
    r"|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?=\s*(?:uur|u\b|h\b|-|–|$|\s))"  # 14:30, 9.30 uur
    r"|(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])"  # IPv4
    r"|€\s?\d[\d.]*(?:,\d+)?|\d[\d.]*,\d{1,2}(?!\d)",  # amounts
)
# Dutch numbers have ten digits (0 + area/mobile + subscriber): "06-12345678", "(026) 123 45 67".
_NL_PHONE = re.compile(r"(?<![\w.])\(?0\d{1,3}\)?(?:[ .\-]?\d){6,9}(?!\d)")
_DIGIT_RUN = re.compile(r"(?<![\w/])\d+(?:[ .\-]\d+)*(?![\w/])")
_GROUP = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")


def _eleven_test(digits: str) -> bool:
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or set(digits) == {"0"}:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0


def _is_compact_date(digits: str) -> bool:
    for fmt in ("%Y%m%d", "%d%m%Y"):
        try:
            day = dt.datetime.strptime(digits, fmt)
        except ValueError:
            continue
        if 1900 <= day.year <= 2100:
            return True
    return False


def _bsn_candidates(text: str) -> Iterator[str]:
    text = _NL_PHONE.sub(lambda m: " | " if len(_DIGIT.findall(m.group())) == 10 else m.group(), text)
    for run in _DIGIT_RUN.finditer(_NOT_BSN.sub(" | ", text)):
        groups = _GROUP.findall(run.group())
        whole = "".join(groups)
        # 8 digits: the old notation of a BSN with its leading zero dropped (never starts with 0).
        if len(whole) == 8 and whole[0] != "0" and not _is_compact_date(whole):
            yield whole
        # 9 digits: the whole run or any stretch of its groups ("bsn 123456782 06-…" is one run).
        for i in range(len(groups)):
            size = 0
            for j in range(i, len(groups)):
                size += len(groups[j])
                if size == 9:
                    yield "".join(groups[i:j + 1])
                if size >= 9:
                    break


def is_bsn(value: str) -> bool:
    """True when ``value`` contains an 8-9 digit number (separators allowed) passing the eleven-test.

    Phone numbers, dates, times, IP addresses and amounts are not candidates.
    """
    text = str(value)
    if len(_DIGIT.findall(text)) < 8:
        return False  # the common case: skip the candidate scan
    return any(_eleven_test(c) for c in _bsn_candidates(text))


# --------------------------------------------------------------------------------------- dates
_MONTHS = ("januari|january|jan|februari|february|feb|maart|march|mrt|mar|april|apr|mei|may|juni|june|jun|"
           "juli|july|jul|augustus|august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|december|dec")
_SEP = r"(?:\s?[-./]\s?|\s)"
_ANY_DATE = (rf"(?:\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}(?:\d{{4}}|\d{{2}})(?!\d)|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
             rf"|\d{{1,2}}(?:e|ste|de)?\s+(?:{_MONTHS})\.?\s+(?:\d{{4}}|'\d{{2}})"
             rf"|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})")
_BIRTH_WORD = (r"(?:geboren|geb\.?|geboortedatum|geb\.?\s?datum|geboortejaar|geboorte|dob|d\.o\.b\.?|born"
               r"|date\s+of\s+birth|birth\s?date|birthday|verjaardag|jarig)")
# A birth word, then within a few words a date or a year (19xx/20xx).
_BIRTH = re.compile(rf"(?<![\w-]){_BIRTH_WORD}(?![\w-])[^\d\n]{{0,25}}"
                    rf"(?:{_ANY_DATE}|(?:19|20)\d{{2}}(?!\d)|'\d{{2}}(?!\d))", re.IGNORECASE)
_DATE_SHAPED = re.compile(rf"(?<![\w.\-/])(?:{_ANY_DATE})(?![\w/])", re.IGNORECASE)


def _valid_date(text: str) -> bool:
    """A numeric date shape with a real day and month (dd-mm-yyyy, d/m/yy, yyyy-mm-dd)."""
    parts = [int(p) for p in re.findall(r"\d+", text)]
    if len(parts) != 3:
        return True  # a written month ("12 maart 2015"): the regex already checked the shape
    if parts[0] > 31:  # yyyy-mm-dd
        parts = [parts[2], parts[1], parts[0]]
    return 1 <= parts[0] <= 31 and 1 <= parts[1] <= 12


def looks_like_birth_date(value: str) -> bool:
    """A date or year introduced as a birth date ("geboren 12-03-2015", "geb. 2016", "DOB: 3 May 2015")."""
    return bool(_BIRTH.search(str(value)))


def _has_date(value: str) -> bool:
    return any(_valid_date(m.group()) for m in _DATE_SHAPED.finditer(value))


# ------------------------------------------------------------------------------------- addresses
# Postcodes: 4 digits (not starting with 0) and 2 letters; SA, SD and SS are not issued.
_POSTCODE = r"[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})"
_HOUSE_NUMBER = r"\d{1,5}(?:\s?[a-zA-Z](?![\w])|\s?-\s?\d{1,4}|\s?(?:hs|bis|zw|rd|bg|huis)\b)?"
_STREET_SUFFIX = ("straat|straatje|steeg|weg|laan|laantje|plein|gracht|kade|singel|dijk|dreef|markt|plantsoen"
                  "|boulevard|allee|burgwal|hof|park|pad|haven|vaart|sloot|erf|oord|hoven|passage|promenade")
_POSTCODE_WITH_NUMBER = re.compile(
    rf"(?<![\w-]){_POSTCODE}(?![\w])[\s,]*(?:(?:nr|no|huisnummer)\.?\s*)?{_HOUSE_NUMBER}(?![\w.,:/-]?\d)"
    rf"|(?<![\w-])(?<!postbus )(?<!Postbus )(?<!POSTBUS ){_HOUSE_NUMBER}[\s,]+{_POSTCODE}(?![\w])")
_STREET_NUMBER = re.compile(
    rf"(?<![\w-])[A-Za-zÀ-ÿ'][A-Za-zÀ-ÿ'-]*(?:{_STREET_SUFFIX})\s+(?!(?:19|20)\d\d(?!\d))"
    rf"{_HOUSE_NUMBER}(?![\w.,:/-]?\d)"
    rf"|(?<![\w-])(?:laan|plein|weg|kade|straat|dijk|singel|gracht|park)\s+(?:van|der|de|den|het|op|ten|ter|"
    rf"'t)\s+(?:[A-Za-zÀ-ÿ'-]+\s+){{0,2}}[A-Z][A-Za-zÀ-ÿ'-]+\s+{_HOUSE_NUMBER}(?![\w.,:/-]?\d)",
    re.IGNORECASE)
_LIVES_AT = re.compile(r"(?<![\w-])(?:woont|woonachtig|verblijft|woonadres|huisadres|adres|lives\s+at|address)"
                       r"(?![\w-])[^\n\d]{0,40}[A-Za-zÀ-ÿ]\s+\d{1,5}[a-zA-Z]?(?![\w.,:/-]?\d)", re.IGNORECASE)
_BARE_POSTCODE = re.compile(rf"(?<![\w-]){_POSTCODE}(?![\w])")


def looks_like_address(value: str) -> bool:
    """A Dutch postcode with a house number, a street with a number, or "woont …/adres …" with a number."""
    text = str(value)
    return bool(_POSTCODE_WITH_NUMBER.search(text) or _STREET_NUMBER.search(text) or _LIVES_AT.search(text))


# ----------------------------------------------------------------------------------------- names
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
    "open", "closed", "gesloten", "naar", "voor", "door", "met",
})
# Known first names that are also ordinary lower-case words: only capitalised they count as names.
_NAME_WORDS_THAT_ARE_WORDS = frozenset({
    "bas", "bo", "mark", "rik", "tim", "jet", "ben", "wil", "job", "roos", "fleur", "ster", "do", "may",
    "hoop", "kim", "max", "sem", "mees", "noor", "storm", "daan", "puck", "jade", "ruby", "joy", "vera",
})


@cache
def _first_names() -> frozenset[str]:
    text = resources.files("graph").joinpath("data/voornamen.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def _first_names_lower() -> frozenset[str]:
    return frozenset(n.lower() for n in _first_names()) - _NAME_WORDS_THAT_ARE_WORDS


def looks_like_personal_name(value: str) -> bool:
    """Heuristic: a known first name in any letter case, or words shaped like a Dutch full name."""
    text = str(value).strip()
    if not text or _DIGIT.search(text):
        return False  # references, codes, dates and routes all contain digits
    if text.isupper() and len(text) > 3:
        text = text.title()  # "JAN JANSEN" is written in capitals, not an abbreviation
    words = _WORD.findall(text)
    names, lower_names = _first_names(), _first_names_lower()
    # A known first name anywhere ("Sanne", "kind van sanne", "EMMA"), apart from words like "mark".
    if any(w in names or w.lower() in lower_names for w in words):
        return True
    if {w.lower() for w in words} & _DOMAIN_WORDS:
        return False  # "Veilig Thuis", "Jeugdbeschermingstafel Arnhem": institutions, not people
    return bool(_FULL_NAME.match(text) or _PARTICLE_NAME.match(text))


# --------------------------------------------------------------------------------------- the check
def find_problem(value: Any, policy: Policy = Policy.FREE) -> Rule | None:
    """The first rule ``value`` breaks under ``policy``, or None. Lists are checked item by item."""
    kind = type(value)
    if kind is str:
        return _text_problem(value, policy) if value else None
    if value is None or kind is bool or kind is float:
        return None
    if kind is int:  # a number short of 8 digits can be nothing we refuse
        return _text_problem(str(value), policy) if abs(value) >= 10_000_000 else None
    if isinstance(value, list | tuple):
        return next((r for v in value if (r := find_problem(v, policy)) is not None), None)
    if isinstance(value, dict):
        return next((r for v in value.values() if (r := find_problem(v, policy)) is not None), None)
    return _text_problem(str(value), policy)


# A national import checks ~1.5 million values, most of them repeated (dates, roles, organisation keys):
# answers are cached. ``forget()`` empties the cache (after an erasure: no copy of the person's data).
@lru_cache(maxsize=1 << 16)
def _text_problem(value: str, policy: Policy) -> Rule | None:
    text = value.strip()
    if not text:
        return None
    digits = len(text) - len(text.translate(_NO_DIGITS))
    if policy is Policy.FREE or policy is Policy.VENUE:
        if not digits:
            return None  # every rule outside cases needs a digit
        # An address needs a space or comma, a BSN 8 digits, a birth date its word: keys, e-mail
        # addresses, phone numbers and ISO dates (most values with digits) end here.
        if (digits < 8 and not _SPACE_OR_COMMA.search(text) and not _BIRTH_HINT.search(text)) \
                or _ISO_ONLY.match(text) or _PHONE_ONLY.match(text):
            return None
        if _EMAIL_ONLY.match(text):  # an e-mail address is no date or address; a BSN would be 8+ digits in a row
            return Rule.BSN if _EIGHT_IN_A_ROW.search(text) and is_bsn(text) else None
    else:
        if _CASE_REF.match(text.upper()):
            return None  # a generated reference ("JB-MSSD-HARM" spells no child's name)
        if not digits:
            return Rule.NAME if looks_like_personal_name(text) else None
        if policy is Policy.CASE_DATE and _ISO_ONLY.match(text):
            return None  # the case's own date
    case = policy is Policy.CASE or policy is Policy.CASE_DATE
    if is_bsn(text):
        return Rule.BSN
    if looks_like_birth_date(text):
        return Rule.BIRTH_DATE
    if policy is Policy.CASE and _has_date(text):
        return Rule.DATE
    if policy is not Policy.VENUE and looks_like_address(text):
        return Rule.ADDRESS
    if case and _BARE_POSTCODE.search(text):
        return Rule.POSTCODE
    if case and looks_like_personal_name(text):
        return Rule.NAME
    return None


_NO_DIGITS = str.maketrans("", "", "0123456789")
_EMAIL_ONLY = re.compile(r"[^@\s]+@[^@\s]+$")
_EIGHT_IN_A_ROW = re.compile(r"\d{8}")
_SPACE_OR_COMMA = re.compile(r"[\s,]")
_BIRTH_HINT = re.compile(r"geb|geboorte|born|dob|d\.o\.b|birth|jarig|verjaard", re.IGNORECASE)
# A whole value that is one phone number: +31 and 9 digits, 0 and 9 digits, 0800/0900 service numbers.
# (A 9-digit BSN starting with 0 has one digit too few to be a Dutch number.)
_PHONE_ONLY = re.compile(r"(?:\+\d{2}[ .-]?(?:\(0\)[ .-]?)?\d(?:[ .-]?\d){8}|0\d(?:[ .-]?\d){8}"
                         r"|0[89]0\d[ .-]?(?:\d{4}|\d{7}))$")
_ISO_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def forget() -> None:
    """Drop the cached answers (they hold checked values in memory)."""
    _text_problem.cache_clear()


def check_text(field: str, value: Any, policy: Policy = Policy.FREE, where: str | None = None) -> None:
    """Raise ``PrivacyError`` naming ``field`` and the rule when ``value`` breaks one."""
    rule = find_problem(value, policy)
    if rule is not None:
        raise PrivacyError(field, rule, where)


def check_case_value(field: str, value: str) -> None:
    """A value of a case field (import cell, case property): strict rules, dates allowed in date fields."""
    policy = policy_for("Case", field)
    if policy is not None:  # None: a system field, not checked
        check_text(field, value, policy)


# Which fields of which label get which policy; everything not named here is free text.
_CASE_STRUCTURED = frozenset({"ref", "referentie", "route", "status", "opened", "geopend", "closed", "gesloten",
                              "closed_on", "gemeente", "step", "demo", "purge_after"})
_VENUE_FIELDS = frozenset({"place", "address", "visit_address", "postal_address", "location", "adres",
                           "bezoekadres", "postadres", "locatie", "plaats"})
# Structured fields whose values are written by jbnet itself (JSON of rules, keys, timestamps).
_SYSTEM_FIELDS = frozenset({"invite_rules", "key", "ts", "seq", "token_hash", "valid_from", "valid_to"})


def policy_for(where: str | None, field: str) -> Policy | None:
    """The policy of ``field`` on a node label or relationship type (None: not checked)."""
    if field in _SYSTEM_FIELDS:
        return None
    if where in ("Case", "ON_CASE"):
        return Policy.CASE_DATE if field in _CASE_STRUCTURED else Policy.CASE
    if field in _VENUE_FIELDS or where == "Organisation":  # an organisation's own address is public
        return Policy.VENUE
    return Policy.FREE


def _check_props(where: str, props: dict[str, Any]) -> None:
    for field, value in props.items():
        kind = type(value)
        if kind is bool or kind is float or value is None:
            continue
        policy = _policy(where, field)
        if policy is None:
            continue
        if kind is str and value[:1] in "[{":  # JSON kept in a string property
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        rule = _text_problem(value, policy) if type(value) is str else find_problem(value, policy)
        if rule is not None:
            raise PrivacyError(field, rule, where)


_policy = lru_cache(maxsize=4096)(policy_for)


def check_node(node: Node) -> None:
    where = node.label  # a StrEnum: compares and hashes as its value, cheaper than .value in this loop
    rule = find_problem(node.key, Policy.CASE_DATE if where == "Case" else Policy.FREE)
    if rule is not None:
        raise PrivacyError("key", rule, where)
    _check_props(where, node.props)


def check_edge(edge: Edge) -> None:
    # A relationship touching a case is a case field (ON_CASE role, the case's FOR_GEMEENTE).
    if edge.props:
        _check_props("ON_CASE" if edge.src_label == "Case" or edge.dst_label == "Case" else edge.type, edge.props)


def check_batch(batch: ChangeBatch) -> None:
    """Refuse the whole batch when any node key or property breaks a rule (before anything is written)."""
    for node in batch.nodes:
        check_node(node)
    for edge in batch.edges:
        check_edge(edge)


def check_batches(batches: Iterable[ChangeBatch]) -> Iterator[ChangeBatch]:
    """``check_batch`` on each batch as it streams by (for ``apply_many``)."""
    for batch in batches:
        check_batch(batch)
        yield batch


def check_log(op: str, key: str, kind: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    """An audit entry that changes no node (report, resolution, export) passes the same rules."""
    where = kind if kind in ("Case", "ON_CASE") else None
    rule = find_problem(key, Policy.FREE)
    if rule is not None:
        raise PrivacyError("key", rule, kind)
    for state in (before, after):
        for field, value in (state or {}).items():
            policy = policy_for(where, field)
            if policy is not None and (rule := find_problem(value, policy)) is not None:
                raise PrivacyError(field, rule, kind)


# ------------------------------------------------------------------------------------ case refs
_OPAQUE_LETTERS = "abcdefghjkmnpqrstuvwxyz"  # no digits (and no i/l/o to misread)


def opaque_id(length: int = 8) -> str:
    """A random id for something jbnet stores (a mail round, an erasure's pseudonym): letters only, so no
    draw can ever look like a BSN or a date and be refused by the very checks that guard the store."""
    return "".join(secrets.choice(_OPAQUE_LETTERS) for _ in range(length))


def generate_case_ref(rng: random.Random) -> str:
    """A fresh pseudonymous reference ``JB-XXXX-XXXX`` (31^8 ≈ 8.5e11 possibilities)."""
    chars = "".join(rng.choice(CASE_REF_ALPHABET) for _ in range(8))
    return f"JB-{chars[:4]}-{chars[4:]}"


def validate_case_ref(ref: str) -> str:
    """Return the normalised reference (upper case, trimmed) or raise ``MessageError`` (a ``ValueError``)
    with ``privacy.case_ref_invalid``."""
    norm = ref.strip().upper()
    if not _CASE_REF.match(norm):
        raise MessageError(msg("privacy.case_ref_invalid", value=repr(ref), alphabet=CASE_REF_ALPHABET))
    return norm
