"""A vCard 3.0 of one contact, so a professional can save a counterpart in their phone."""

from __future__ import annotations

__all__ = ["vcard"]


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def vcard(name: str, *, organisation: str | None = None, title: str | None = None, email: str | None = None,
          phone: str | None = None, note: str | None = None) -> str:
    """The card text (CRLF line ends as RFC 2426 asks)."""
    parts = name.rsplit(" ", 1)
    family, given = (parts[1], parts[0]) if len(parts) == 2 else (name, "")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_esc(name)}", f"N:{_esc(family)};{_esc(given)};;;"]
    if organisation:
        lines.append(f"ORG:{_esc(organisation)}")
    if title:
        lines.append(f"TITLE:{_esc(title)}")
    if phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{_esc(phone)}")
    if email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{_esc(email)}")
    if note:
        lines.append(f"NOTE:{_esc(note)}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
