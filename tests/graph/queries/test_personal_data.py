"""The right of access: ``personal_data`` gathers every trace of one professional (real SQLite, demo data)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.privacy_text import summary_nl, summary_text
from graph.queries.errors import NotFound
from graph.queries.personal_data import personal_data
from graph.service import GraphService
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.privacy_support import PERSON, leave_traces


@pytest.fixture(scope="module")
def traced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphService, dict[str, str]]]:
    store = SQLiteStore(tmp_path_factory.mktemp("pd") / "jbnet.sqlite")
    init_store(store, demo=True)
    svc = GraphService(store)
    yield svc, leave_traces(svc)
    store.close()


def test_export_holds_every_kind_of_trace(traced: tuple[GraphService, dict[str, str]]) -> None:
    svc, t = traced
    data = personal_data(svc, PERSON)
    assert data["professional"]["email"] == t["email"]
    assert data["works_at"] and data["positions"] and data["memberships"]
    invited = [m for m in data["meetings"] if m["meeting"] == t["meeting"] and not m.get("organiser")]
    assert invited and invited[0]["rsvp"] == "accepted" and invited[0]["attended"] is True
    assert any(m.get("organiser") for m in data["meetings"])
    assert any(v["entry"] == PERSON for v in data["verifications"])
    assert [r["remark"] for r in data["reports"]] == [f"{t['name']} werkt sinds november bij een ander team"]
    assert [m["op"] for m in data["mails"]] == ["mail.sent"]
    assert [tok["name"] for tok in data["tokens"]] == [f"{t['name']} (eigen sleutel)"]
    assert "token_hash" not in str(data["tokens"])
    ops = {e["op"] for e in data["change_log"]}
    assert {"node.create", "node.update", "edge.create", "report.incorrect", "mail.sent"} <= ops
    # The frozen invite list snapshot on the meeting names them: that entry is in the export too.
    assert any(e["key"] == t["meeting"] and "frozen_list" in (e["after"] or {}) for e in data["change_log"])
    # Entries of other people are not.
    other = svc.projection.node("prof-demo-0083") or {}
    assert all(str(other.get("email")) not in str(e) for e in data["change_log"])


def test_summary_is_dutch_and_names_each_kind(traced: tuple[GraphService, dict[str, str]]) -> None:
    svc, t = traced
    text = summary_nl(personal_data(svc, PERSON))
    for heading in ("Uw gegevens in de gids", "Functies", "Lidmaatschappen", "Bijeenkomsten", "Bevestigingen",
                    "Meldingen over u", "Verstuurde e-mails", "Toegangssleutels", "Wijzigingslog"):
        assert heading in text
    assert t["email"] in text and "antwoord: accepted" in text and "Organisator van" in text


def test_summary_in_english_from_the_same_catalogue(traced: tuple[GraphService, dict[str, str]]) -> None:
    svc, t = traced
    data = personal_data(svc, PERSON)
    english = summary_text(data, "en")
    assert english.startswith("Personal data in jbnet of ") and "Your data in the directory" in english
    for heading in ("Positions", "Memberships", "Meetings", "Confirmations", "Reports about you", "Access tokens"):
        assert heading in english
    assert t["email"] in english and "answer: accepted" in english and "Organiser of" in english
    assert "Uw gegevens" not in english and "Organisator" not in english
    assert summary_text(data) == summary_nl(data)  # Dutch by default


def test_unknown_key_is_not_found(traced: tuple[GraphService, dict[str, str]]) -> None:
    with pytest.raises(NotFound):
        personal_data(traced[0], "prof-bestaat-niet")

