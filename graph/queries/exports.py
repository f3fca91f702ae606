"""Exports of a meeting's attendee list: CSV, XLSX, ICS invitation, vCard bundle, copy-ready address list.

Every export is built from ``invite_list`` (the frozen list once frozen) and recorded in the audit
trail (``audit.export`` in the change log: who exported which meeting's contact data, format, count).
Rows are keyed by column codes (``COLUMNS``, ``DIRECTORY_COLUMNS``) and hold codes or ``Message``s where a
word is shown (role, status, organisation type); the caller's ``say`` (its language layer, Dutch for the
coordinators' Excel) words the headings (``export.column.<key>``), those cells and the sheet titles.
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
from graph.queries.invites import INVITEE_PRIORITIES, RSVP_STATUSES, Invitee, InviteList, invite_list
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
# Column keys; each is worded by the catalogue's export.column.<key>.
COLUMNS = ("name", "function", "organisation", "represents", "role", "email", "phone", "hours", "status", "attended")
_STATUSES = RSVP_STATUSES  # else: not sent yet
_ROLES = INVITEE_PRIORITIES  # why someone is on the list (export.role.<code>)
_PARTSTAT = {"accepted": "ACCEPTED", "declined": "DECLINED", "tentative": "TENTATIVE"}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str
    count: int  # number of people in the file


def _gemeente_names(p: Projection, keys: tuple[str, ...]) -> str:
    return ", ".join(str((p.node(k) or {}).get("name", k)) for k in keys)


def _role(code: str) -> Message | str:
    return msg(f"export.role.{code}") if code in _ROLES else code


def attendee_rows(p: Projection, il: InviteList) -> list[dict[str, Any]]:
    """One row per invitee, keyed by ``COLUMNS``; role, status and attendance as messages."""
    rows = []
    for i in il.invitees:
        rows.append({
            "name": i.name, "function": i.function or "", "organisation": i.organisation_name or i.organisation or "",
            "represents": _gemeente_names(p, i.gemeenten), "role": _role(i.priority),
            "email": i.email or "", "phone": i.phone or "", "hours": i.hours,
            "status": msg(f"export.status.{i.status if i.status in _STATUSES else 'not_sent'}"),
            "attended": "" if i.attended is None else msg(f"export.attended.{'yes' if i.attended else 'no'}"),
        })
    return rows


def _worded(value: Any, say: Say) -> Any:
    return say(value) if isinstance(value, Message) else value


def _number(value: Any) -> Any:
    """A number cell of a CSV as a message, so the language layer writes it the export language's way (Babel:
    "1,5" in Dutch, "1.5" in English; a spreadsheet in that locale reads it as a number). XLSX keeps numbers."""
    return msg("export.number", value=value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else value


def _headings(columns: Sequence[str], say: Say) -> list[str]:
    return [say(msg(f"export.column.{key}")) for key in columns]


def csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, Any]], say: Say) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what Dutch-locale Excel opens correctly on a double click.

    Headings and message cells in ``say``'s words; every cell that a spreadsheet would run as a formula is
    neutralised (``graph.cells``)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headings(columns, say))
    writer.writerows([neutralise(_worded(_number(row.get(k, "")), say)) for k in columns] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _fill_sheet(ws: Any, title: str, columns: Sequence[str], rows: Iterable[dict[str, Any]], say: Say) -> None:
    """A worksheet of ``rows`` under a bold, frozen header row; text is written as text, never as a formula."""
    ws.title = title
    for col, heading in enumerate(_headings(columns, say), start=1):
        ws.cell(1, col, heading).font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for col, key in enumerate(columns, start=1):
            set_text_cell(ws.cell(r, col), _worded(row[key], say))
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


def to_csv(rows: list[dict[str, Any]], say: Say) -> bytes:
    """The attendee list as CSV for Excel; hours as the export's language writes numbers ("1,5" in Dutch)."""
    return csv_bytes(COLUMNS, rows, say)


def to_xlsx(rows: list[dict[str, Any]], title: str, say: Say) -> bytes:
    wb = Workbook()
    ws = wb.worksheets[0]
    _fill_sheet(ws, say(msg("export.sheet.attendees")), COLUMNS, rows, say)
    for i, col in enumerate(ws.columns, start=1):
        width = max(len(str(c.value or "")) for c in col)
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


def to_vcards(p: Projection, invitees: tuple[Invitee, ...], say: Say) -> str:
    """A vCard 3.0 bundle (one card per invitee), CRLF line endings; ``say`` words the note."""
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
            note = say(msg("export.vcard.represents", gemeenten=_gemeente_names(p, i.gemeenten)))
            lines.append(f"NOTE:{_vescape(note)}")
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
        "csv": lambda: to_csv(attendee_rows(p, il), say),
        "xlsx": lambda: to_xlsx(attendee_rows(p, il), say(m.title), say),
        "ics": lambda: to_ics(p, m, people, say=say),
        "vcf": lambda: to_vcards(p, people, say).encode("utf-8"),
        "txt": lambda: (address_list(people) + "\n").encode("utf-8"),
    }
    content = build[fmt]()
    count = len(people) if fmt in ("csv", "xlsx", "vcf") else sum(1 for i in people if i.email)
    store.append_log(actor, "audit.export", meeting_key, "Meeting", None,
                     {"format": fmt, "count": count, "frozen": il.frozen})
    return ExportFile(content=content, media_type=_MEDIA[fmt], filename=f"{meeting_key}.{fmt}", count=count)


# ---------------------------------------------------------------------------------------- contactbeheer
DIRECTORY_COLUMNS = ("gemeente", "org_type", "organisation", "position", "role", "name", "email", "phone",
                     "last_verified")
_DIRECTORY_MEDIA = {"csv": _MEDIA["csv"], "xlsx": _MEDIA["xlsx"]}


def contact_directory_rows(p: Projection, jeugdhulpregio: str, *, on: str | None = None,
                           rules: DomainRules | None = None) -> list[dict[str, Any]]:
    """Story 5.2.6: the contact details of the LT and the safety partners (plus the region's extra types)
    per gemeente and per organisation, from the same counterpart logic (vacancies shown as such)."""
    from graph.queries.contacts import counterparts
    from graph.queries.invites import invite_rules
    from graph.queries.regions import gemeenten_in, require

    require(p, Label.JEUGDHULPREGIO, jeugdhulpregio)
    rules = rules or DomainRules()
    types = invite_rules(p, jeugdhulpregio, rules).types
    rows = []
    for gm in gemeenten_in(p, jeugdhulpregio, on=on):
        gm_name = str((p.node(gm) or {}).get("name", gm))
        for org_type in types:
            answer = counterparts(p, gm, org_type, on=on, rules=rules)
            kind = msg("export.org_type", org_type=org_type)
            if not answer.contacts:
                rows.append(dict.fromkeys(DIRECTORY_COLUMNS, "") | {
                    "gemeente": gm_name, "org_type": kind, "role": msg("export.role.missing")})
            for c in answer.contacts:
                person = c.professional
                rows.append({
                    "gemeente": gm_name, "org_type": kind,
                    "organisation": c.organisation.name if c.organisation else "",
                    "position": c.position.name,
                    "role": _role(c.priority) if person else _vacancy(c.vacant_since),
                    "name": person.name if person else "", "email": (person.email or "") if person else "",
                    "phone": (person.phone or "") if person else "", "last_verified": c.last_verified or "",
                })
    return rows


def _vacancy(since: str | None) -> Message:
    known = since if since and since != "unknown" else None
    return msg("export.role.vacant", since=known) if known else msg("export.role.vacant_unknown")


def export_contact_directory(p: Projection, store: GraphStore, actor: str, jeugdhulpregio: str, fmt: str, *,
                             say: Say, rules: DomainRules | None = None) -> ExportFile:
    """The contact list of a jeugdhulpregio as CSV, or as XLSX with one sheet ordered per gemeente and one
    ordered per organisation; recorded in the audit trail like every bulk export. ``say`` words the headings,
    the coded cells and the sheet titles (the caller's language layer)."""
    if fmt not in _DIRECTORY_MEDIA:
        raise MeetingError(msg("export.unknown_format", format=fmt, known=tuple(_DIRECTORY_MEDIA)))
    rows = contact_directory_rows(p, jeugdhulpregio, rules=rules)
    if fmt == "csv":
        content = csv_bytes(DIRECTORY_COLUMNS, rows, say)
    else:
        wb = Workbook()
        by_org = sorted(rows, key=lambda r: (r["organisation"], r["gemeente"], r["name"]))
        sheets = ((msg("export.sheet.per_gemeente"), rows), (msg("export.sheet.per_organisation"), by_org))
        for i, (title, ordered) in enumerate(sheets):
            _fill_sheet(wb.active if i == 0 else wb.create_sheet(), say(title), DIRECTORY_COLUMNS, ordered, say)
        content = _xlsx_bytes(wb)
    count = sum(1 for r in rows if r["name"])
    store.append_log(actor, "audit.export", jeugdhulpregio, "Jeugdhulpregio", None,
                     {"format": fmt, "count": count, "what": "contact_directory"})
    return ExportFile(content=content, media_type=_DIRECTORY_MEDIA[fmt],
                      filename=f"contactenlijst-{jeugdhulpregio}.{fmt}", count=count)
