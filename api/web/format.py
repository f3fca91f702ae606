"""Dutch wording for pages: dates as "di 3 maart 2026", werkdagen and freshness in words.

Written out by hand so rendering never depends on which OS locales are installed.
"""

from __future__ import annotations

import datetime as dt

__all__ = [
    "DAY_NAMES",
    "LEVEL_NAMES",
    "MONTH_NAMES",
    "ORG_TYPE_NAMES",
    "PRIORITY_NAMES",
    "ROLE_NAMES",
    "age_in_words",
    "as_date",
    "dutch_date",
    "dutch_datetime",
    "hours",
    "org_type_name",
    "priority_name",
    "reason_in_dutch",
    "role_name",
    "werkdagen_in_words",
]

DAY_NAMES = ("ma", "di", "wo", "do", "vr", "za", "zo")  # date.weekday() order
MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december")


def as_date(value: dt.date | dt.datetime | str | None) -> dt.date | None:
    """A date from a date, datetime or ISO string ("2026-03-03" or "2026-03-03T10:00:00"); None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def dutch_date(value: dt.date | dt.datetime | str | None, *, weekday: bool = True) -> str:
    """"di 3 maart 2026" (or "3 maart 2026" without the weekday); "" for no date."""
    day = as_date(value)
    if day is None:
        return ""
    text = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    return f"{DAY_NAMES[day.weekday()]} {text}" if weekday else text


def dutch_datetime(value: dt.datetime | str | None) -> str:
    """"di 3 maart 2026 14:05" for a timestamp; "" for none."""
    if value is None or value == "":
        return ""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return f"{dutch_date(moment)} {moment:%H:%M}"


def werkdagen_in_words(n: int, start: dt.date | str | None = None, due: dt.date | str | None = None,
                       skipped: list[tuple[dt.date | str, str]] | None = None) -> str:
    """Explain a werkdagen term: "3 werkdagen na ma 2 maart 2026: uiterlijk do 5 maart 2026 (...)".

    ``skipped`` lists (day, name) of public holidays that were not counted.
    """
    unit = "werkdag" if n == 1 else "werkdagen"
    text = f"{n} {unit}"
    if start is not None:
        text += f" na {dutch_date(start)}"
    if due is not None:
        text += f": uiterlijk {dutch_date(due)}"
    text += " (weekenden en feestdagen tellen niet mee"
    if skipped:
        names = ", ".join(f"{name} {dutch_date(day, weekday=False)}" for day, name in skipped)
        text += f"; overgeslagen: {names}"
    return text + ")"


def age_in_words(value: dt.date | str | None, today: dt.date | None = None) -> str:
    """How long ago a date was: "vandaag", "gisteren", "12 dagen geleden", "3 maanden geleden", "nooit"."""
    day = as_date(value)
    if day is None:
        return "nooit"
    days = ((today or dt.date.today()) - day).days
    if days < 0:
        return f"over {-days} dagen"
    if days == 0:
        return "vandaag"
    if days == 1:
        return "gisteren"
    if days < 60:
        return f"{days} dagen geleden"
    months = days // 30
    if months < 24:
        return f"{months} maanden geleden"
    return f"{days // 365} jaar geleden"


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


def reason_in_dutch(priority: str, path: tuple[tuple[str, str], ...], level_of: dict[str, str]) -> str:
    """Why this contact is the answer, from the domain's coverage path: "werkt voor Ede via subregio Arnhem e.o."."""
    if not path:
        return ""
    gemeente = path[0][1]
    if priority == "fallback":
        region = path[-1][1] if len(path) > 1 else gemeente
        return (f"Niemand anders is bereikbaar voor {gemeente}: dit is de regionale contactpersoon van "
                f"jeugdhulpregio {region}.")
    if len(path) == 1:
        return f"Werkt rechtstreeks voor {gemeente}."
    region_key, region_name = path[-1]
    level = LEVEL_NAMES.get(level_of.get(region_key, ""), "regio")
    return f"Werkt voor {gemeente} via {level} {region_name}."


def hours(value: float | int | None) -> str:
    """Hours the Dutch way: "4", "3,5"."""
    if value is None:
        return "0"
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}".replace(".", ",")
