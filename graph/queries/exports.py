"""Exports of a meeting's attendee list: CSV, XLSX, ICS invitation, vCard bundle, copy-ready address list.

Every export is built from ``invite_list`` (the frozen list once frozen) and recorded in the audit
trail (``audit.export`` in the change log: who exported which meeting's contact data, format, count).
Column headings are Dutch: the files go to Dutch coordinators and open in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from graph.cells import needs_quote_prefix, neutralise
from graph.messages import Message, msg
from graph.projection import Projection
from graph.queries.invites import Invitee, InviteList, invite_list
from graph.queries.meetings import MeetingError, MeetingInfo, meeting_info
from graph.schema import Label
from graph.settings import DomainRules
from graph.store.base import GraphStore

Say = Callable[[Message], str]  # a Message in the caller's words (api.i18n.render for one locale)

__all__ = [
    "COLUMNS",
    "DIRECTORY_COLUMNS",
    "EXPORT_FORMATS",
    "TIMEZONE",
    "ExportFile",
    "address_list",
    "attendee_rows",
    "contact_directory_rows",
    "csv_bytes",
    "export_contact_directory",
    "export_meeting",
    "set_text_cell",
    "to_csv",
    "to_ics",
    "to_vcards",
    "to_xlsx",
]

TIMEZONE = "Europe/Amsterdam"
COLUMNS = ("Naam", "Functie", "Organisatie", "Vertegenwoordigt", "Rol", "E-mail", "Telefoon", "Uren",
           "Status", "Aanwezig")
_STATUS_NL = {"invited": "uitgenodigd", "accepted": "aangemeld", "declined": "afgemeld",
              "tentative": "onder voorbehoud"}
_ROLE_NL = {"primary": "vaste contactpersoon", "backup": "vervanger", "fallback": "regionale contactpersoon",
            "chair": "voorzitter", "manual": "toegevoegd"}
_PARTSTAT = {"accepted": "ACCEPTED", "declined": "DECLINED", "tentative": "TENTATIVE"}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str
    count: int  # number of people in the file


def _gemeente_names(p: Projection, keys: tuple[str, ...]) -> str:
    return ", ".join(str((p.node(k) or {}).get("name", k)) for k in keys)


def attendee_rows(p: Projection, il: InviteList) -> list[dict[str, Any]]:
    """One row per invitee, keyed by the Dutch column headings."""
    rows = []
    for i in il.invitees:
        rows.append({
            "Naam": i.name, "Functie": i.function or "", "Organisatie": i.organisation_name or i.organisation or "",
            "Vertegenwoordigt": _gemeente_names(p, i.gemeenten), "Rol": _ROLE_NL.get(i.priority, i.priority),
            "E-mail": i.email or "", "Telefoon": i.phone or "", "Uren": i.hours,
            "Status": _STATUS_NL.get(i.status or "", "nog niet verstuurd"),
            "Aanwezig": "" if i.attended is None else ("ja" if i.attended else "nee"),
        })
    return rows


def csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what Dutch-locale Excel opens correctly on a double click.

    Every cell that a spreadsheet would run as a formula is neutralised (``graph.cells``)."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=columns, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _fill_sheet(ws: Any, title: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """A worksheet of ``rows`` under a bold, frozen header row; text is written as text, never as a formula."""
    ws.title = title
    for col, name in enumerate(columns, start=1):
        ws.cell(1, col, name).font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for col, name in enumerate(columns, start=1):
            set_text_cell(ws.cell(r, col), row[name])
    ws.freeze_panes = "A2"


def set_text_cell(cell: Any, value: Any) -> None:
    """Set an XLSX cell; strings stay strings (openpyxl would make ``=…`` a formula), risky ones quote-prefixed."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if needs_quote_prefix(value):
            cell.quotePrefix = True


def _xlsx_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    """The attendee list as CSV for Excel; hours with a decimal comma."""
    return csv_bytes(COLUMNS, ({k: (f"{v:g}".replace(".", ",") if k == "Uren" else v) for k, v in row.items()}
                                for row in rows))


def to_xlsx(rows: list[dict[str, Any]], title: str) -> bytes:
    wb = Workbook()
    ws = wb.worksheets[0]
    _fill_sheet(ws, "Deelnemers", COLUMNS, rows)
    for i, (col, name) in enumerate(zip(ws.columns, COLUMNS, strict=True), start=1):
        width = max([len(name)] + [len(str(c.value or "")) for c in col])
        ws.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
    wb.properties.title = title
    return _xlsx_bytes(wb)


def _address(name: str, email: str) -> str:
    if any(ch in name for ch in ',;<>"@()'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{email}>"


def address_list(invitees: tuple[Invitee, ...]) -> str:
    """``Naam <email>; …`` for the To/Bcc field of a mail program (people without e-mail are left out)."""
    return "; ".join(_address(i.name, i.email) for i in invitees if i.email)


def _vescape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def to_vcards(p: Projection, invitees: tuple[Invitee, ...]) -> str:
    """A vCard 3.0 bundle (one card per invitee), CRLF line endings."""
    cards = []
    for i in invitees:
        given, _, family = i.name.partition(" ")
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{_vescape(family)};{_vescape(given)};;;", f"FN:{_vescape(i.name)}",
                 f"UID:urn:jbnet:{i.professional}"]
        if i.organisation_name:
            lines.append(f"ORG:{_vescape(i.organisation_name)}")
        if i.function:
            lines.append(f"TITLE:{_vescape(i.function)}")
        if i.email:
            lines.append(f"EMAIL;TYPE=INTERNET,WORK:{i.email}")
        if i.phone:
            lines.append(f"TEL;TYPE=WORK,VOICE:{i.phone}")
        if i.gemeenten:
            lines.append(f"NOTE:{_vescape('Vertegenwoordigt: ' + _gemeente_names(p, i.gemeenten))}")
        lines.append("END:VCARD")
        cards.append("\r\n".join(lines))
    return "\r\n".join(cards) + "\r\n"


def _when(day: str, hhmm: str | None) -> dt.datetime | dt.date:
    d = dt.date.fromisoformat(day)
    if not hhmm:
        return d
    h, m = (int(x) for x in hhmm.split(":"))
    return dt.datetime(d.year, d.month, d.day, h, m, tzinfo=ZoneInfo(TIMEZONE))


def to_ics(p: Projection, m: MeetingInfo, invitees: tuple[Invitee, ...], *, say: Say,
           now: dt.datetime | None = None, sequence: int = 0) -> bytes:
    """An iTIP REQUEST: ORGANIZER, one ATTENDEE per invitee with e-mail, Europe/Amsterdam with VTIMEZONE.

    One UID per meeting; ``sequence`` counts the versions sent, so calendars replace an earlier invitation.
    ``say`` words the title and notes (the caller's language layer)."""
    organiser = p.node(m.organiser) if m.organiser else None
    if not organiser or not organiser.get("email"):
        raise MeetingError(msg("export.no_organiser_email", meeting=m.key))
    cal = Calendar()
    cal.add("prodid", "-//jbnet//samenwerkingsbijeenkomsten//NL")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    ev = Event()
    ev.add("uid", f"{m.key}@jbnet")
    ev.add("sequence", sequence)
    ev.add("dtstamp", now or dt.datetime.now(dt.UTC))
    ev.add("summary", say(m.title))
    start = _when(m.date, m.start)
    ev.add("dtstart", start)
    if m.end and isinstance(start, dt.datetime):
        ev.add("dtend", _when(m.date, m.end))
    elif isinstance(start, dt.datetime):
        ev.add("duration", dt.timedelta(hours=2))  # rule 2.18: the meeting itself takes 2 hours
    if m.place:
        ev.add("location", m.place)
    notes = ([say(msg("export.ics.online"))] if m.online else []) + (
        [say(msg("export.ics.programme", elements=m.programme))] if m.programme else [])
    if notes:
        ev.add("description", "\n".join(notes))
    org = vCalAddress(f"mailto:{organiser['email']}")
    org.params["cn"] = vText(str(organiser.get("name", m.organiser)))
    ev["organizer"] = org
    for i in invitees:
        if not i.email:
            continue
        att = vCalAddress(f"mailto:{i.email}")
        att.params["cn"] = vText(i.name)
        att.params["role"] = vText("REQ-PARTICIPANT")
        att.params["partstat"] = vText(_PARTSTAT.get(i.status or "", "NEEDS-ACTION"))
        att.params["rsvp"] = vText("TRUE")
        ev.add("attendee", att, encode=False)
    cal.add_component(ev)
    cal.add_missing_timezones()
    ics: bytes = cal.to_ical()
    return ics


_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar; charset=utf-8; method=REQUEST",
    "vcf": "text/vcard; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
EXPORT_FORMATS = tuple(_MEDIA)


def export_meeting(p: Projection, store: GraphStore, actor: str, meeting_key: str, fmt: str, *, say: Say,
                   rules: DomainRules | None = None) -> ExportFile:
    """Build one export of the meeting's attendee list and record it in the audit trail; ``say`` words the
    meeting's title and notes (the caller's language layer)."""
    if fmt not in _MEDIA:
        raise MeetingError(msg("export.unknown_format", format=fmt, known=EXPORT_FORMATS))
    m = meeting_info(p, meeting_key)
    il = invite_list(p, meeting_key, rules=rules)
    people = il.invitees
    build: dict[str, Callable[[], bytes]] = {
        "csv": lambda: to_csv(attendee_rows(p, il)),
        "xlsx": lambda: to_xlsx(attendee_rows(p, il), say(m.title)),
        "ics": lambda: to_ics(p, m, people, say=say),
        "vcf": lambda: to_vcards(p, people).encode("utf-8"),
        "txt": lambda: (address_list(people) + "\n").encode("utf-8"),
    }
    content = build[fmt]()
    count = len(people) if fmt in ("csv", "xlsx", "vcf") else sum(1 for i in people if i.email)
    store.append_log(actor, "audit.export", meeting_key, "Meeting", None,
                     {"format": fmt, "count": count, "frozen": il.frozen})
    return ExportFile(content=content, media_type=_MEDIA[fmt], filename=f"{meeting_key}.{fmt}", count=count)


# ---------------------------------------------------------------------------------------- contactbeheer
DIRECTORY_COLUMNS = ("Gemeente", "Soort organisatie", "Organisatie", "Functie in dit gebied", "Rol", "Naam",
                     "E-mail", "Telefoon", "Laatst geverifieerd")
_DIRECTORY_MEDIA = {"csv": _MEDIA["csv"], "xlsx": _MEDIA["xlsx"]}


def contact_directory_rows(p: Projection, jeugdhulpregio: str, *, on: str | None = None,
                           rules: DomainRules | None = None) -> list[dict[str, Any]]:
    """Story 5.2.6: the contact details of the LT and the safety partners (plus the region's extra types)
    per gemeente and per organisation, from the same counterpart logic (vacancies shown as such)."""
    from graph.queries.contacts import counterparts
    from graph.queries.invites import invite_rules, type_name
    from graph.queries.regions import gemeenten_in, require

    require(p, Label.JEUGDHULPREGIO, jeugdhulpregio)
    rules = rules or DomainRules()
    types = invite_rules(p, jeugdhulpregio, rules).types
    rows = []
    for gm in gemeenten_in(p, jeugdhulpregio, on=on):
        gm_name = str((p.node(gm) or {}).get("name", gm))
        for org_type in types:
            answer = counterparts(p, gm, org_type, on=on, rules=rules)
            if not answer.contacts:
                rows.append(dict.fromkeys(DIRECTORY_COLUMNS, "") | {
                    "Gemeente": gm_name, "Soort organisatie": type_name(org_type), "Rol": "ontbreekt"})
            for c in answer.contacts:
                person = c.professional
                rows.append({
                    "Gemeente": gm_name, "Soort organisatie": type_name(org_type),
                    "Organisatie": c.organisation.name if c.organisation else "",
                    "Functie in dit gebied": c.position.name,
                    "Rol": _ROLE_NL.get(c.priority, c.priority) if person else f"vacant sinds {c.vacant_since}",
                    "Naam": person.name if person else "", "E-mail": (person.email or "") if person else "",
                    "Telefoon": (person.phone or "") if person else "", "Laatst geverifieerd": c.last_verified or "",
                })
    return rows


def export_contact_directory(p: Projection, store: GraphStore, actor: str, jeugdhulpregio: str, fmt: str, *,
                             rules: DomainRules | None = None) -> ExportFile:
    """The contact list of a jeugdhulpregio as CSV, or as XLSX with one sheet ordered per gemeente and one
    ordered per organisation; recorded in the audit trail like every bulk export."""
    if fmt not in _DIRECTORY_MEDIA:
        raise MeetingError(msg("export.unknown_format", format=fmt, known=tuple(_DIRECTORY_MEDIA)))
    rows = contact_directory_rows(p, jeugdhulpregio, rules=rules)
    if fmt == "csv":
        content = csv_bytes(DIRECTORY_COLUMNS, rows)
    else:
        wb = Workbook()
        by_org = sorted(rows, key=lambda r: (r["Organisatie"], r["Gemeente"], r["Naam"]))
        for i, (title, ordered) in enumerate((("Per gemeente", rows), ("Per organisatie", by_org))):
            _fill_sheet(wb.active if i == 0 else wb.create_sheet(), title, DIRECTORY_COLUMNS, ordered)
        content = _xlsx_bytes(wb)
    count = sum(1 for r in rows if r["Naam"])
    store.append_log(actor, "audit.export", jeugdhulpregio, "Jeugdhulpregio", None,
                     {"format": fmt, "count": count, "what": "contact_directory"})
    return ExportFile(content=content, media_type=_DIRECTORY_MEDIA[fmt],
                      filename=f"contactenlijst-{jeugdhulpregio}.{fmt}", count=count)
