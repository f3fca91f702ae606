"""GraphQL for the e-mail loop: a region's update-request status, sending its round, mailing invitations.

Thin callers of graph.queries.update_requests and api/mail (rounds, invitations), with the same rights as
the pages: the region's coordinators and admins.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

import strawberry

from api.graphql.contacts import GInfo, _code, require_write_for
from api.graphql.meetings import may_manage
from api.graphql.permissions import forbidden, principal_of
from api.graphql.values import words_enum
from api.mail.rounds import MAIL_OUTCOMES
from graph.messages import msg
from graph.queries.meetings import meeting_info
from graph.queries.update_requests import RequestKind, StatusCode, region_status

__all__ = ["MailMutation", "MailQuery"]

UpdateStatus: Any = words_enum("UpdateStatus", get_args(StatusCode),
                               "Where a person stands in the region's update round.")
MailKind: Any = words_enum("MailKind", get_args(RequestKind), "Which mail of the update loop.")
MailStatus: Any = words_enum("MailStatus", MAIL_OUTCOMES,
                             "What became of a mail: sent, written to the outbox, refused for now (temporary) or for "
                             "good (permanent), or only listed (dry-run).")



def _on(iso: str | None) -> dt.date | None:
    """A domain day (ISO text, maybe with a time) as the schema's ``Date``."""
    return dt.date.fromisoformat(iso[:10]) if iso else None

@strawberry.type(name="UpdateRequestStatus", description="Where one person of the region stands in the round.")
class UpdateRequestStatusType:
    professional: str
    name: str
    status: UpdateStatus
    asked_on: dt.date | None
    reminded_on: dt.date | None
    escalated_on: dt.date | None
    answered_on: dt.date | None
    unreachable_since: dt.date | None
    stale_entries: int


@strawberry.type(name="SentMail")
class SentMailType:
    kind: MailKind
    professional: str
    to: str
    status: MailStatus


@strawberry.type(name="UpdateRound")
class UpdateRoundType:
    round_id: str
    outbox: bool = strawberry.field(description="true: no SMTP configured, the mails are .eml files in the outbox")
    complete: bool = strawberry.field(description="false: some sends failed for now and are tried again later")
    mails: list[SentMailType]


@strawberry.type(name="InvitationsSent")
class InvitationsSentType:
    meeting: str
    sequence: int = strawberry.field(description="the ICS SEQUENCE of this version (0 = first invitation)")
    sent: list[str]
    failed: list[str]
    without_email: list[str]


@strawberry.type
class MailQuery:
    @strawberry.field(description="Update requests of the region per person (its coordinators, admins).")
    def update_request_status(self, info: GInfo, jeugdhulpregio: str) -> list[UpdateRequestStatusType]:
        code = _code(jeugdhulpregio)
        require_write_for(info, [code], f"the update requests of {code}")
        return [UpdateRequestStatusType(professional=s.professional, name=s.name, status=UpdateStatus(s.status),
                                        asked_on=_on(s.asked_on), reminded_on=_on(s.reminded_on),
                                        escalated_on=_on(s.escalated_on), answered_on=_on(s.answered_on),
                                        unreachable_since=_on(s.unreachable_since),
                                        stale_entries=s.stale_entries)
                for s in region_status(info.context.service, code)]


@strawberry.type
class MailMutation:
    @strawberry.mutation(description="Send the region's due update requests, reminders and escalations now "
                                     "(dryRun: only say who would get one). The server also does this daily.")
    def send_update_requests(self, info: GInfo, jeugdhulpregio: str, dry_run: bool = False) -> UpdateRoundType:
        from api.mail.rounds import send_update_requests

        code = _code(jeugdhulpregio)
        require_write_for(info, [code], f"the update requests of {code}")
        report = send_update_requests(info.context.service, region=code, dry_run=dry_run)
        return UpdateRoundType(round_id=report.round_id, outbox=report.outbox, complete=report.complete,
                               mails=[SentMailType(kind=MailKind(m.kind), professional=m.professional, to=m.to,
                                                  status=MailStatus(m.status))
                                      for m in report.mails])

    @strawberry.mutation(description="Mail the frozen invite list's invitations with ICS and RSVP link; sending "
                                     "again after a change is an update (SEQUENCE + 1).")
    def send_invitations(self, info: GInfo, meeting: str) -> InvitationsSentType:
        from api.mail.invitations import send_invitations

        principal = principal_of(info)
        m = meeting_info(info.context.projection, meeting.strip())
        if not may_manage(principal, m.jeugdhulpregio):
            raise forbidden(info, msg("access.invitations", meeting=m.key, region=m.jeugdhulpregio)
                            if m.jeugdhulpregio else msg("access.invitations.province", meeting=m.key))
        r = send_invitations(info.context.service, m.key, actor=principal.actor)
        return InvitationsSentType(meeting=r.meeting, sequence=r.sequence, sent=list(r.sent),
                                   failed=[f"{k}: {status}" for k, status in r.failed],
                                   without_email=list(r.without_email))
