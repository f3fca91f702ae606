"""Messages as stored data: what a frozen invite list keeps reads back as the same ``Message``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

from graph.messages import message_data, message_from_data, msg


def test_a_nested_message_survives_json() -> None:
    gap = msg("invite.gap.vacant", since=dt.date(2026, 9, 1), positions=["Jeugdbeschermer Renkum"])
    note = msg(
        "invite.note.vacancies",
        note=msg("invite.note.type", gemeente="Renkum", org_type="gi"),
        vacancies=(gap, msg("invite.gap.fallback_only", gap=gap)),
    )
    back = message_from_data(json.loads(json.dumps(message_data(note))))
    assert back == msg(
        "invite.note.vacancies",
        note=msg("invite.note.type", gemeente="Renkum", org_type="gi"),
        vacancies=(
            msg("invite.gap.vacant", since="2026-09-01", positions=["Jeugdbeschermer Renkum"]),
            msg(
                "invite.gap.fallback_only",
                gap=msg("invite.gap.vacant", since="2026-09-01", positions=["Jeugdbeschermer Renkum"]),
            ),
        ),
    )


def test_snapshots_written_by_asdict_read_back() -> None:
    # frozen lists stored before message_data kept dataclasses.asdict output: params as name/value pairs
    note = msg("invite.note.stands_in", gemeente="Ede", org_type="gi", priority="backup")
    stored = json.loads(json.dumps(asdict(note)))  # type: ignore[call-overload]
    assert isinstance(stored["params"], list)
    assert message_from_data(stored) == note
