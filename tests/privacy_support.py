"""A demo store where one professional has a trace everywhere: positions, memberships, a frozen invite
list with an RSVP and attendance, a report about them, a verification, a token, a mail — for the
export and erasure tests."""

from __future__ import annotations

from api.auth import Role, create_token
from graph.queries.freshness import report_incorrect_contact, verify_contact
from graph.queries.invites import freeze_invite_list, record_attendance, rsvp
from graph.queries.meetings import create_meeting
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch

PERSON = "prof-demo-0082"  # Zeynep Oefenberg, Lokaal Team Ede (loaders/demo.py)
SUBREGIO = "SR-JZ21-ede-en-scherpenzeel"
SOLO_POSITION = "pos-test-solo"  # a position only PERSON holds: it must become a vacancy


def leave_traces(svc: GraphService) -> dict[str, str]:
    """Write one of each kind of trace of PERSON; returns what the tests look for."""
    node = svc.projection.node(PERSON) or {}
    org = next(o for o, _ in svc.projection.out_edges(PERSON, RelType.WORKS_AT))
    svc.write(ChangeBatch(nodes=[Node(label=Label.POSITION, key=SOLO_POSITION, props={
        "name": "Aandachtsfunctionaris (test)", "role": "aandachtsfunctionaris"})], edges=[
        Edge(type=RelType.AT, src=SOLO_POSITION, dst=org, src_label=Label.POSITION, dst_label=Label.ORGANISATION),
        Edge(type=RelType.HOLDS, src=PERSON, dst=SOLO_POSITION, src_label=Label.PROFESSIONAL,
             dst_label=Label.POSITION, props={"priority": "primary", "rank": 1}, valid_from="2025-01-01")]),
        "coordinator:test")
    meeting = create_meeting(svc, "coordinator:test", region=SUBREGIO, date="2026-11-20", start="13:30",
                             end="16:30", place="Stadhuis Ede", organiser=PERSON)
    listed = freeze_invite_list(svc, "coordinator:test", meeting, add=[PERSON])
    assert any(i.professional == PERSON for i in listed.invitees)
    rsvp(svc, f"professional:{PERSON}", meeting, PERSON, "accepted")
    record_attendance(svc, "coordinator:test", meeting, PERSON, True, 4)
    report_incorrect_contact(svc, PERSON, f"{node['name']} werkt sinds november bij een ander team",
                             actor="professional:test collega")
    verify_contact(svc, PERSON, actor=f"professional:{PERSON}")
    token = create_token(svc.store, role=Role.PROFESSIONAL, name=f"{node['name']} (eigen sleutel)",
                         professional_key=PERSON)
    svc.store.append_log("mail", "mail.sent", f"mail:{PERSON}", "mail", None,
                         {"kind": "request", "to": str(node["email"])})
    svc.refresh()
    return {"meeting": meeting, "name": str(node["name"]), "email": str(node["email"]), "token": token,
            "phone": str(node.get("phone", ""))}
