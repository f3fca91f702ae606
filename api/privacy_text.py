"""The readable Dutch summary of a personal-data export (``graph.queries.personal_data``), for the CLI
and the pages: sections of plain sentences, one per kind of data."""

from __future__ import annotations

from typing import Any

from api.web.format import dutch_date

__all__ = ["summary_nl", "summary_sections"]


def _period(item: dict[str, Any]) -> str:
    start, end = item.get("valid_from"), item.get("valid_to")
    if start and end:
        return f" (van {dutch_date(start, weekday=False)} tot {dutch_date(end, weekday=False)})"
    if start:
        return f" (sinds {dutch_date(start, weekday=False)})"
    if end:
        return f" (tot {dutch_date(end, weekday=False)})"
    return ""


_FIELDS = {"name": "Naam", "function": "Functie", "email": "E-mail", "phone": "Telefoon", "active": "Actief",
           "inactive_since": "Inactief sinds", "last_verified": "Laatst bevestigd", "verified_by": "Bevestigd door",
           "email_unreachable": "E-mail onbereikbaar"}


def summary_sections(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(heading, lines) per kind of data; empty kinds say so, so the reader knows they were looked at."""
    prof = data["professional"]
    own = [f"{_FIELDS.get(k, k)}: {'ja' if v is True else 'nee' if v is False else v}"
           for k, v in prof.items() if k not in ("key", "demo")]
    own.append(f"Sleutel in jbnet: {prof['key']}")
    sections: list[tuple[str, list[str]]] = [("Uw gegevens in de gids", own)]
    sections.append(("Organisaties", [f"Werkt bij {w['organisation_name'] or w['organisation']}{_period(w)}"
                                      for w in data["works_at"]]))
    sections.append(("Functies", [f"{p['name'] or p['position']} ({p.get('priority') or 'primair'}){_period(p)}"
                                  for p in data["positions"]]))
    sections.append(("Lidmaatschappen", [f"{m['body_name'] or m['body']}"
                                         f"{' als ' + m['role'] if m.get('role') else ''}{_period(m)}"
                                         for m in data["memberships"]]))
    meetings = []
    for m in data["meetings"]:
        when = f" op {dutch_date(m['date'], weekday=False)}" if m.get("date") else ""
        if m.get("organiser"):
            meetings.append(f"Organisator van {m['name'] or m['meeting']}{when}")
        else:
            extra = [f"antwoord: {m['rsvp']}" if m.get("rsvp") else "",
                     "aanwezig" if m.get("attended") else "", f"{m['hours']} uur" if m.get("hours") else ""]
            detail = ", ".join(x for x in extra if x)
            meetings.append(f"Uitgenodigd voor {m['name'] or m['meeting']}{when}" + (f" ({detail})" if detail else ""))
    sections.append(("Bijeenkomsten", meetings))
    sections.append(("Casussen (alleen het pseudoniem)", [f"{c['case']}{' als ' + c['role'] if c.get('role') else ''}"
                                                          for c in data["cases"]]))
    sections.append(("Bevestigingen", [f"{v['entry']} bevestigd op {dutch_date(v['day'], weekday=False)} door {v['by']}"
                                       if v.get("day") else f"{v['entry']} bevestigd door {v['by']}"
                                       for v in data["verifications"]]))
    sections.append(("Meldingen over u", [f"{dutch_date(r['ts'][:10], weekday=False)}: \"{r['remark']}\" "
                                          f"(naar {r['jeugdhulpregio']})" for r in data["reports"]]))
    sections.append(("Verstuurde e-mails en antwoorden", [f"{dutch_date(m['ts'][:10], weekday=False)}: {m['op']}"
                                                          f"{' (' + m['kind'] + ')' if m.get('kind') else ''}"
                                                          for m in data["mails"]]))
    sections.append(("Toegangssleutels", [f"{t['name']} ({t['role']}{', ' + t['scope'] if t.get('scope') else ''}), "
                                          f"aangemaakt {dutch_date(t['created'][:10], weekday=False)}"
                                          f"{', ingetrokken' if t['revoked'] else ''}" for t in data["tokens"]]))
    sections.append(("Wijzigingslog", [f"{len(data['change_log'])} regels in het wijzigingslog noemen u; "
                                       "ze staan volledig in het JSON-bestand."]))
    return sections


def summary_nl(data: dict[str, Any]) -> str:
    """The summary as plain text (``jbnet privacy export --text``)."""
    lines = [f"Persoonsgegevens in jbnet van {data['professional'].get('name', data['professional']['key'])}",
             f"Opgesteld: {data['generated']}", ""]
    for heading, items in summary_sections(data):
        lines.append(heading)
        lines.extend([f"  - {item}" for item in items] or ["  (geen)"])
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
