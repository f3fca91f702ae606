"""Dutch wording for pages: dates as "di 3 maart 2026", werkdagen and freshness in words.

Dates, lists and relative times come from Babel (``api/i18n.py``), which needs no OS locale; the domain's
messages are rendered from the catalogue there too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from api import i18n
from api.i18n import as_date  # re-exported: pages parse dates the way the renderer does
from graph.messages import Message, msg
from loaders.workbook_reader import sheet_name

__all__ = [
    "LEVEL_NAMES",
    "ORG_TYPE_NAMES",
    "PRIORITY_NAMES",
    "REL_TYPE_NAMES",
    "ROLE_NAMES",
    "actor_name",
    "age_in_words",
    "as_date",
    "coverage_note_in_dutch",
    "dutch_date",
    "dutch_datetime",
    "error_in_dutch",
    "hours",
    "org_type_name",
    "priority_name",
    "reason_in",
    "rel_type_name",
    "role_name",
    "sheet_in_dutch",
]

def dutch_date(value: dt.date | dt.datetime | str | None, *, weekday: bool = True) -> str:
    """"di 3 maart 2026" (or "3 maart 2026" without the weekday); "" for no date. Babel's CLDR data."""
    return i18n.date(value, "nl", weekday=weekday)


def dutch_datetime(value: dt.datetime | str | None) -> str:
    """"di 3 maart 2026 14:05" for a timestamp; "" for none."""
    return i18n.datetime(value, "nl")


def age_in_words(value: dt.date | str | None, today: dt.date | None = None) -> str:
    """How long ago a date was: "vandaag", "gisteren", "12 dagen geleden", "3 maanden geleden", "nooit"."""
    return i18n.age(value, today, "nl")


# Dutch words for the codes of the data model (docs/data-model.md).
ORG_TYPE_NAMES: dict[str, str] = {
    "lokaal_team": "Lokaal Team", "gi": "Gecertificeerde instelling (GI)", "veilig_thuis": "Veilig Thuis",
    "rvdk": "Raad voor de Kinderbescherming", "zorgaanbieder": "Zorgaanbieder", "gemeente": "Gemeente",
    "politie": "Politie", "om": "Openbaar Ministerie", "reclassering": "Reclassering", "ggz": "(O)GGZ",
    "zorg_en_veiligheidshuis": "Zorg- en Veiligheidshuis", "jeugdhulpregio": "Jeugdhulpregio",
    "client_org": "Cliëntorganisatie", "other": "Overig",
}
PRIORITY_NAMES: dict[str, str] = {"primary": "eerste contact", "backup": "vervanger", "fallback": "terugval"}
ROLE_NAMES: dict[str, str] = {
    "lt_medewerker": "Lokaal Team-medewerker", "jeugdbeschermer": "jeugdbeschermer",
    "vt_contactpersoon": "contactpersoon Veilig Thuis", "rvdk_contactpersoon": "contactpersoon Raad",
    "gedragswetenschapper": "gedragswetenschapper", "leidinggevende": "leidinggevende", "teamleider": "teamleider",
    "bestuurder": "bestuurder", "wethouder": "wethouder", "regionale_contactpersoon": "regionale contactpersoon",
    "zorgbemiddelaar": "zorgbemiddelaar", "backoffice": "backoffice", "aangewezen_functionaris":
    "aangewezen functionaris", "contactbeheer_coordinator": "coördinator contactbeheer", "voorzitter": "voorzitter",
    "zorgaanbieder_contactpersoon": "contactpersoon zorgaanbieder", "politie_contactpersoon":
    "contactpersoon politie", "eerste_aanspreekpersoon": "eerste aanspreekpersoon",
}
LEVEL_NAMES: dict[str, str] = {"Gemeente": "gemeente", "Subregio": "subregio", "Jeugdhulpregio": "jeugdhulpregio",
                               "Veiligheidsregio": "veiligheidsregio", "Provincie": "provincie"}


def org_type_name(code: str | None) -> str:
    return ORG_TYPE_NAMES.get(str(code or ""), str(code or "onbekend"))


def priority_name(code: str | None) -> str:
    return PRIORITY_NAMES.get(str(code or ""), str(code or ""))


def role_name(code: str | None) -> str:
    return ROLE_NAMES.get(str(code or ""), str(code or "").replace("_", " "))


def reason_in(locale: str) -> Callable[[Any], str]:
    """Why a contact is the answer (the domain's ``Contact.reason``) in the page's language: "Werkt voor Ede via
    subregio Arnhem e.o.", with ?lang=en "Works for Ede via subregion …"."""
    return lambda contact: i18n.render(getattr(contact, "reason", None), locale)


def hours(value: float | int | None) -> str:
    """Hours the Dutch way: "4", "3,5"."""
    if value is None:
        return "0"
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}".replace(".", ",")


def _names(codes: str | tuple[str, ...] | list[str], name: Callable[[str], str]) -> str:
    """ "a, b en c" from codes (a tuple or a comma-separated string), each in Dutch words."""
    items = [c for c in (codes.split(",") if isinstance(codes, str) else codes) if c]
    words = [name(c) for c in items]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " en " + words[-1]


def _level(label: str) -> str:
    return LEVEL_NAMES.get(label, label.lower())


# Relationship types (graph/schema.py RelType) as a network-diff line says them: "X → Y (lid van)".
REL_TYPE_NAMES: dict[str, str] = {
    "IN_PROVINCIE": "ligt in provincie", "IN_JEUGDHULPREGIO": "ligt in jeugdhulpregio",
    "IN_VEILIGHEIDSREGIO": "ligt in veiligheidsregio", "IN_SUBREGIO": "ligt in subregio", "PART_OF": "onderdeel van",
    "SERVES": "werkt voor", "WORKS_AT": "werkt bij", "HOLDS": "vervult functie", "AT": "functie bij",
    "COVERS": "werkgebied", "ESCALATES_TO": "escaleert naar",
    "RESPONSIBLE_FOR_CONTACTBEHEER": "verantwoordelijk voor contactbeheer", "CENTRALE_GEMEENTE": "centrumgemeente",
    "MEMBER_OF": "lid van", "REPORTS_TO": "legt verantwoording af aan", "INVITED": "uitgenodigd voor",
    "ON_CASE": "betrokken bij casus", "FOR_GEMEENTE": "voor gemeente",
}


def rel_type_name(code: str | None) -> str:
    """Dutch words for a relationship type; an unknown type as written, in lower case."""
    text = str(code or "")
    return REL_TYPE_NAMES.get(text, text.replace("_", " ").lower())


def error_in_dutch(error: BaseException) -> str:
    """An expected domain error for a page in Dutch: its ``message`` (a catalogue ``Message``) rendered;
    an error without one as its own text."""
    return i18n.error_text(error, "nl")


def coverage_note_in_dutch(coverage: Any) -> str:
    """The note of one cell of a meeting's coverage matrix in Dutch, from its status and counts.

    Takes the domain's ``invites.Coverage``; the cell already names the gemeente and organisation type,
    and the badge says whether a vervanger or terugval stands in, so only the gap and vacancies are worded.
    """
    if getattr(coverage, "status", "") == "covered":
        return ""
    found, required = len(getattr(coverage, "professionals", ())), int(getattr(coverage, "required", 1) or 1)
    parts: list[Message] = list(getattr(coverage, "vacancies", ()))
    if getattr(coverage, "status", "") == "missing":
        parts.insert(0, msg("invite.gap.nobody") if found == 0 else msg("invite.gap.short", found=found,
                                                                         required=required))
    return "; ".join(i18n.render(m, "nl") for m in parts)


def sheet_in_dutch(source: str | None, locale: str = i18n.DEFAULT_LOCALE) -> str:
    """Where a workbook problem is, as the import report words it (``loaders.workbook.sheet_name``): "sheet
    professionals" -> "blad professionals" (English: "sheet professionals"); a file name as is."""
    return i18n.render(sheet_name(str(source or "")), locale)


def actor_name(actor: str | None) -> str:
    """Who did something, from an audit actor "role:name [id]" ("professional:Zeynep (test) [token:…]" -> "Zeynep
    (test)"): the unique id is for the audit trail, the name for people."""
    text = re.sub(r" \[[a-z]+:[^\]]*\]$", "", str(actor or ""))
    role, sep, name = text.partition(":")
    return name.strip() if sep and role.isidentifier() and role.islower() and name.strip() else text


# Field problems of a person's details (graph/queries/people.py FieldProblem codes) -> catalogue codes (api/locale),
# whose texts take the problem's parameters as %(name)s.
PERSON_PROBLEM_TEXTS: dict[str, str] = {
    "person.required": "page.problem.required", "person.too_long": "page.problem.too_long",
    "person.looks_like_bsn": "page.problem.looks_like_bsn", "person.email_invalid": "page.problem.email_invalid",
    "person.email_taken": "page.problem.email_taken", "person.phone_invalid": "page.problem.phone_invalid",
    "person.organisation_unknown": "page.problem.organisation_unknown",
    "person.no_contact": "page.problem.no_contact",
    "person.language_invalid": "page.problem.language_invalid",
}


def _filled(code: str | None, params: dict[str, Any], locale: str, otherwise: str) -> str:
    """The catalogue text of ``code`` filled with ``params`` (%(name)s); ``otherwise`` for no code or a broken text."""
    if code is None:
        return otherwise
    try:
        return i18n.gettext(code, locale) % params
    except (KeyError, TypeError, ValueError):
        return otherwise


def person_problem_in_dutch(code: str, params: dict[str, Any], locale: str = "nl") -> str:
    return _filled(PERSON_PROBLEM_TEXTS.get(code), dict(params), locale, code)


# Properties a workbook changes, by the column names of the import format (docs/import-format.md), and the audit
# trail's record fields (Beheer › Audit): catalogue codes.
PROPERTY_NAMES: dict[str, str] = {
    "name": "page.property.name", "function": "page.property.function", "email": "page.property.email",
    "phone": "page.property.phone", "active": "page.property.active",
    "inactive_since": "page.property.inactive_since", "last_verified": "page.property.last_verified",
    "verified_by": "page.property.verified_by", "valid_from": "page.property.valid_from",
    "valid_to": "page.property.valid_to", "priority": "page.property.priority", "rank": "page.property.rank",
    "short": "page.property.short", "website": "page.property.website", "role": "page.property.role",
    "critical": "page.property.critical", "vacant_since": "page.property.vacant_since",
    "org_type": "page.property.org_type", "step": "page.property.step", "source": "page.property.source",
    "certainty": "page.property.certainty", "actor_id": "page.property.actor_id", "address": "page.property.address",
    "date": "page.property.date", "dst": "page.property.dst", "dst_label": "page.property.dst_label",
    "end": "page.property.end", "kind": "page.property.kind", "label": "page.property.label",
    "method": "page.property.method", "ok": "page.property.ok", "operation": "page.property.operation",
    "place": "page.property.place", "professional": "page.property.professional", "props": "page.property.props",
    "reason": "page.property.reason", "scope": "page.property.scope", "src": "page.property.src",
    "src_label": "page.property.src_label", "start": "page.property.start", "token_id": "page.property.token_id",
}


def property_names(fields: Any, locale: str = "nl") -> str:
    """'telefoon, e-mail' for the properties a change touches."""
    return ", ".join(i18n.gettext(PROPERTY_NAMES[str(f)], locale) if str(f) in PROPERTY_NAMES
                     else str(f).replace("_", " ") for f in fields or ())


def kind_name(kind: str | None) -> str:
    """Dutch for a node label or relationship type in a workbook preview."""
    text = str(kind or "")
    return i18n.lookup("kind", text.lower(), "nl") or rel_type_name(text)


REFUSAL_TEXTS: dict[str, str] = {  # workbook refusal codes -> catalogue codes
    "workbook.outside_scope": "page.refusal.outside_scope", "workbook.no_region": "page.refusal.no_region",
}


def refusal_in_dutch(refusal: Any, locale: str = "nl") -> str:
    """Why a workbook row is outside the uploader's scope (loaders.workbook_plan.Refusal), in words."""
    code = str(getattr(refusal, "code", ""))
    regions = ", ".join(getattr(refusal, "regions", ()) or ())
    text = REFUSAL_TEXTS.get(code)
    if code == "workbook.outside_scope" and not regions:
        text = "page.refusal.outside_scope_unnamed"
    return _filled(text, {"name": getattr(refusal, "name", ""), "regions": regions}, locale, code)
