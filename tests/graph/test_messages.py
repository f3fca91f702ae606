"""Messages as stored data: what a frozen invite list keeps reads back as the same ``Message``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

from graph.messages import message_data, message_from_data, msg, msg_by_code


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


def test_an_error_code_picks_its_scoped_text_and_an_unknown_one_the_fallback() -> None:
    assert msg_by_code("web.signin", "link.used", fallback="link.invalid") == msg("web.signin.link.used")
    assert msg_by_code("web.signin", "oidc.nonce", fallback="oidc.discovery") == msg("web.signin.oidc.nonce")
    assert msg_by_code("web.signin", "link.from_the_future", fallback="link.invalid") == msg("web.signin.link.invalid")
    assert msg_by_code("web.update", "link.expired", fallback="link.invalid") == msg("web.update.link.expired")
