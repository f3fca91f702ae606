"""The readable summary of a personal-data export (``graph.queries.personal_data``), for the CLI and the
pages: sections of plain sentences, one per kind of data, in the catalogue's words (``summary.*``; Dutch by
default, English for ``locale="en"``) with dates through Babel."""

from __future__ import annotations

from typing import Any

from api import i18n
from graph.queries.freshness import remark_of

__all__ = ["summary_nl", "summary_sections", "summary_text"]

_FIELDS = {"name": "summary.field.name", "function": "summary.field.function", "email": "summary.field.email",
           "phone": "summary.field.phone", "active": "summary.field.active",
           "inactive_since": "summary.field.inactive_since", "last_verified": "summary.field.last_verified",
           "verified_by": "summary.field.verified_by", "email_unreachable": "summary.field.email_unreachable"}


class _Say:
    """``say(code, **params)``: a ``summary.*`` text in one language; ``day(iso)``: a date without weekday."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def __call__(self, code: str, **params: Any) -> str:
        text = i18n.gettext(code, self.locale)
        return text % params if params else text

    def day(self, value: Any) -> str:
        return i18n.date(str(value)[:10], self.locale, weekday=False)

    def period(self, item: dict[str, Any]) -> str:
        start, end = item.get("valid_from"), item.get("valid_to")
        if start and end:
            return self("summary.period.between", start=self.day(start), end=self.day(end))
        if start:
            return self("summary.period.since", start=self.day(start))
        if end:
            return self("summary.period.until", end=self.day(end))
        return ""


def _value(say: _Say, v: Any) -> str:
    return say("summary.yes") if v is True else say("summary.no") if v is False else str(v)


def summary_sections(data: dict[str, Any], locale: str = i18n.DEFAULT_LOCALE) -> list[tuple[str, list[str]]]:
    """(heading, lines) per kind of data; empty kinds say so, so the reader knows they were looked at."""
    say = _Say(locale)
    prof = data["professional"]
    own = [f"{say(_FIELDS[k]) if k in _FIELDS else k}: {_value(say, v)}" for k, v in prof.items()
           if k not in ("key", "demo")]
    own.append(say("summary.own.key", key=prof["key"]))
    sections: list[tuple[str, list[str]]] = [(say("summary.own"), own)]
    sections.append((say("summary.works_at"), [say("summary.works_at.item", organisation=w["organisation_name"]
                                                   or w["organisation"], period=say.period(w))
                                               for w in data["works_at"]]))
    sections.append((say("summary.positions"), [
        say("summary.positions.item", position=p["name"] or p["position"],
            priority=p.get("priority") or say("summary.primary"), period=say.period(p)) for p in data["positions"]]))
    sections.append((say("summary.memberships"), [
        say("summary.memberships.as" if m.get("role") else "summary.memberships.item", body=m["body_name"]
            or m["body"], role=m.get("role") or "", period=say.period(m)) for m in data["memberships"]]))
    meetings = []
    for m in data["meetings"]:
        name = m["name"] or m["meeting"]
        when = say("summary.meetings.on", day=say.day(m["date"])) if m.get("date") else ""
        if m.get("organiser"):
            meetings.append(say("summary.meetings.organiser", meeting=name, when=when))
        else:
            extra = [say("summary.meetings.rsvp", rsvp=m["rsvp"]) if m.get("rsvp") else "",
                     say("summary.meetings.attended") if m.get("attended") else "",
                     say("summary.meetings.hours", hours=m["hours"]) if m.get("hours") else ""]
            detail = ", ".join(x for x in extra if x)
            meetings.append(say("summary.meetings.invited", meeting=name, when=when)
                            + (f" ({detail})" if detail else ""))
    sections.append((say("summary.meetings"), meetings))
    sections.append((say("summary.cases"), [say("summary.cases.as", case=c["case"], role=c["role"]) if c.get("role")
                                            else str(c["case"]) for c in data["cases"]]))
    sections.append((say("summary.verifications"), [
        say("summary.verifications.on", entry=v["entry"], day=say.day(v["day"]), by=v["by"]) if v.get("day")
        else say("summary.verifications.item", entry=v["entry"], by=v["by"]) for v in data["verifications"]]))
    sections.append((say("summary.reports"), [
        say("summary.reports.item", day=say.day(r["ts"]), remark=i18n.render(remark_of(r["remark"]), say.locale),
            region=r["jeugdhulpregio"])
        for r in data["reports"]]))
    sections.append((say("summary.mails"), [
        f"{say.day(m['ts'])}: {m['op']}" + (f" ({m['kind']})" if m.get("kind") else "") for m in data["mails"]]))
    sections.append((say("summary.tokens"), [
        say("summary.tokens.revoked" if t["revoked"] else "summary.tokens.item", name=t["name"],
            role=t["role"] + (f", {t['scope']}" if t.get("scope") else ""), day=say.day(t["created"]))
        for t in data["tokens"]]))
    sections.append((say("summary.change_log"), [say("summary.change_log.item", count=len(data["change_log"]))]))
    return sections


def summary_text(data: dict[str, Any], locale: str = i18n.DEFAULT_LOCALE) -> str:
    """The summary as plain text (``jbnet privacy export --text``)."""
    say = _Say(locale)
    lines = [say("summary.title", name=data["professional"].get("name", data["professional"]["key"])),
             say("summary.generated", when=data["generated"]), ""]
    for heading, items in summary_sections(data, locale):
        lines.append(heading)
        lines.extend([f"  - {item}" for item in items] or [f"  {say('summary.none')}"])
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def summary_nl(data: dict[str, Any]) -> str:
    """The Dutch summary (``summary_text`` in Dutch)."""
    return summary_text(data, "nl")
