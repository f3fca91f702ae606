"""Meeting invitations by mail: a personal ICS (iTIP REQUEST, one UID per meeting, SEQUENCE per version sent)
and a personal RSVP link (api/links, purpose ``rsvp``) for each invitee of a frozen invite list.

Each recipient's calendar file names only the organiser and that recipient (no list of everyone's
addresses). Sending again after the meeting changed raises SEQUENCE, so calendars update the event.
Answers given through the link are ordinary RSVPs (graph.queries.invites.rsvp): they show in the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.i18n import renderer
from api.links import link_secret, make_link
from api.mail import Attachment, Mailer, compose, link, mailer_for, recipient_locale
from graph.messages import msg as message
from graph.queries.exports import to_ics
from graph.queries.index import name_of
from graph.queries.invites import invite_list
from graph.queries.meetings import MeetingError, meeting_info, update_meeting
from graph.queries.update_requests import record_mail
from graph.service import GraphService

__all__ = ["InvitationReport", "rsvp_link", "send_invitations"]


@dataclass(frozen=True)
class InvitationReport:
    meeting: str
    sequence: int
    sent: tuple[str, ...]  # professional keys whose mail was accepted (or written to the outbox)
    failed: tuple[tuple[str, str], ...]  # (professional, status)
    without_email: tuple[str, ...]


def rsvp_link(service: GraphService, meeting: str, professional: str) -> str:
    token = make_link(link_secret(service.settings, service.store), "rsvp", f"{meeting}|{professional}")
    return link(service.settings, f"/uitnodiging/{token}")


def send_invitations(service: GraphService, meeting: str, *, actor: str,
                     mailer: Mailer | None = None) -> InvitationReport:
    """Mail every invitee of the frozen list; a second send is an update (SEQUENCE + 1)."""
    p = service.projection
    info = meeting_info(p, meeting)
    il = invite_list(p, meeting, rules=service.settings.rules)
    if not il.frozen:
        raise MeetingError(message("update.invite_list_not_frozen", meeting=info.title))
    node = p.node(meeting) or {}
    sent_before = node.get("invitation_sequence")
    sequence = 0 if sent_before is None else int(sent_before) + 1
    mailer = mailer or mailer_for(service.settings)
    organiser = p.node(info.organiser) if info.organiser else None
    sent: list[str] = []
    failed: list[tuple[str, str]] = []
    without: list[str] = []
    region = info.jeugdhulpregio or info.region
    for invitee in il.invitees:
        if not invitee.email:
            without.append(invitee.professional)
            continue
        # MeetingError without an organiser's address
        locale = recipient_locale(p.node(invitee.professional))
        ics = to_ics(p, info, (invitee,), say=renderer(locale), sequence=sequence)
        params = {"purpose": "meeting_invitation", "person_name": invitee.name, "meeting": info,
                  "region_name": name_of(p, region) if region else "", "update": sequence > 0,
                  "link": rsvp_link(service, meeting, invitee.professional),
                  "organiser_name": (organiser or {}).get("name"), "status": invitee.status}
        msg = compose("meeting_invitation", params, to=invitee.email, to_name=invitee.name,
                      sender=service.settings.mail_from, reply_to=(organiser or {}).get("email"),
                      attachments=[Attachment("uitnodiging.ics", ics, "text", "calendar", {"method": "REQUEST"})],
                      locale=locale)
        result = mailer.send(msg)
        record_mail(service, invitee.professional, purpose="meeting_invitation", kind="invitation",
                    to=invitee.email, subject=str(msg["Subject"]), status=result.status, detail=result.detail,
                    code=result.code, meeting=meeting, sequence=sequence)
        if result.ok:
            sent.append(invitee.professional)
        else:
            failed.append((invitee.professional, result.status))
    if sent:
        update_meeting(service, actor, meeting, invitation_sequence=sequence)
    return InvitationReport(meeting, sequence, tuple(sent), tuple(failed), tuple(without))
