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

__all__ = [
    "ESCALATION_STEPS",
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
    "reason_in_dutch",
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


def reason_in_dutch(contact: Any) -> str:
    """Why this contact is the answer (the domain's ``Contact.reason``): "Werkt voor Ede via subregio Arnhem e.o."."""
    return i18n.render(getattr(contact, "reason", None), "nl")


def hours(value: float | int | None) -> str:
    """Hours the Dutch way: "4", "3,5"."""
    if value is None:
        return "0"
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}".replace(".", ",")


# Bouwsteen 6's escalation steps as catalogue codes (api/locale); (title, started by, when).
ESCALATION_STEPS: dict[int, tuple[str, str, str]] = {
    1: ("page.escalation.1.title", "page.escalation.1.by", "page.escalation.1.when"),
    2: ("page.escalation.2.title", "page.escalation.2.by", "page.escalation.2.when"),
    3: ("page.escalation.3.title", "page.escalation.3.by", "page.escalation.3.when"),
}


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


def sheet_in_dutch(source: str | None) -> str:
    """Where a workbook problem is: "sheet professionals" -> "blad professionals"; a file name as is."""
    text = str(source or "")
    return "blad " + text.removeprefix("sheet ") if text.startswith("sheet ") else text


def actor_name(actor: str | None) -> str:
    """Who did something, from an audit actor "role:name [id]" ("professional:Zeynep (test) [token:…]" -> "Zeynep
    (test)"): the unique id is for the audit trail, the name for people."""
    text = re.sub(r" \[[a-z]+:[^\]]*\]$", "", str(actor or ""))
    role, sep, name = text.partition(":")
    return name.strip() if sep and role.isidentifier() and role.islower() and name.strip() else text


# Field problems of a person's details (graph/queries/people.py FieldProblem codes), in Dutch.
PERSON_PROBLEM_TEXTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "person.required": lambda v: "Dit veld is verplicht.",
    "person.too_long": lambda v: f"Dit is te lang: hoogstens {v['max']} tekens.",
    "person.looks_like_bsn": lambda v: "Dit lijkt een burgerservicenummer; dat hoort niet in de gids.",
    "person.email_invalid": lambda v: f"‘{v['value']}’ is geen geldig e-mailadres.",
    "person.email_taken": lambda v: f"Dit e-mailadres is al van {v['name']}.",
    "person.phone_invalid": lambda v: (f"‘{v['value']}’ is geen telefoonnummer "
                                       "(alleen cijfers, spaties, + - en haakjes)."),
    "person.organisation_unknown": lambda v: "Deze organisatie staat niet in de gids.",
    "person.no_contact": lambda v: "Vul een e-mailadres of een telefoonnummer in.",
}


def person_problem_in_dutch(code: str, params: dict[str, Any]) -> str:
    text = PERSON_PROBLEM_TEXTS.get(code)
    try:
        return text(params) if text else code
    except KeyError:
        return code


# Properties a workbook changes, by the column names of the import format (docs/import-format.md).
PROPERTY_NAMES: dict[str, str] = {
    "name": "naam", "function": "functie", "email": "e-mail", "phone": "telefoon", "active": "actief",
    "inactive_since": "inactief sinds", "last_verified": "laatst bevestigd", "verified_by": "bevestigd door",
    "valid_from": "geldig van", "valid_to": "geldig tot", "priority": "prioriteit", "rank": "rang",
    "short": "korte naam", "website": "website", "role": "rol", "critical": "kritiek", "vacant_since": "vacant sinds",
    "org_type": "soort organisatie", "step": "escalatiestap", "source": "bron", "certainty": "zekerheid",
    # the audit trail's record fields (Beheer › Audit)
    "actor_id": "sleutel van wie het deed", "address": "adres", "date": "datum", "dst": "naar",
    "dst_label": "soort doel",
    "end": "einde", "kind": "soort", "label": "soort", "method": "methode", "ok": "gelukt", "operation": "bewerking",
    "place": "plaats", "professional": "persoon", "props": "eigenschappen", "reason": "reden", "scope": "bereik",
    "src": "van", "src_label": "soort bron", "start": "begin", "token_id": "sleutel-id",
}


def property_names(fields: Any) -> str:
    """'telefoon, e-mail' for the properties a change touches."""
    return ", ".join(PROPERTY_NAMES.get(str(f), str(f).replace("_", " ")) for f in fields or ())


def kind_name(kind: str | None) -> str:
    """Dutch for a node label or relationship type in a workbook preview."""
    text = str(kind or "")
    return i18n.lookup("kind", text.lower(), "nl") or rel_type_name(text)


REFUSAL_TEXTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "workbook.outside_scope": lambda v: (f"{v['name']} hoort bij het contactbeheer van {v['regions']}, niet bij "
                                         "uw regio." if v["regions"] else f"{v['name']} hoort niet bij uw regio."),
    "workbook.no_region": lambda v: (f"{v['name']} is aan geen regio van u gekoppeld (geef een organisatie, "
                                     "gemeente of regio uit uw regio op)."),
}


def refusal_in_dutch(refusal: Any) -> str:
    """Why a workbook row is outside the uploader's scope (loaders.workbook_plan.Refusal), in Dutch."""
    text = REFUSAL_TEXTS.get(str(getattr(refusal, "code", "")))
    params = {"name": getattr(refusal, "name", ""), "regions": ", ".join(getattr(refusal, "regions", ()) or ())}
    return text(params) if text else str(getattr(refusal, "code", ""))
