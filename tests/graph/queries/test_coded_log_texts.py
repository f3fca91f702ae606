"""Texts the change log keeps are codes, not Dutch sentences: the remark of a report filed by an "Ik werk hier
niet meer" answer and the reason of an erasure without one (or by the retention run) are stored as a message's
code and params and worded in the reader's language. Entries written before hold the Dutch text itself and must
still read as they were. Real SQLite store with the demo network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api import i18n
from api.web.routes_audit import _worded
from graph.messages import msg
from graph.queries.audit import audit_entries, audit_row
from graph.queries.erasure import erase_professional
from graph.queries.freshness import jeugdhulpregios_of, queue_key, report_queue
from graph.queries.update_requests import answer_left
from graph.schema import Label
from graph.service import GraphService
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.privacy_support import PERSON

OLD_REMARK = "Meldt zelf: werkt hier niet meer — met pensioen"  # how answer_left wrote it before


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphService]:
    store = SQLiteStore(Path(tmp_path_factory.mktemp("coded")) / "jbnet.sqlite")
    init_store(store, demo=True)
    yield GraphService(store)
    store.close()


def test_a_left_answer_files_a_coded_remark_and_old_dutch_remarks_still_read(svc: GraphService) -> None:
    [jz, *_] = jeugdhulpregios_of(svc.projection, PERSON, Label.PROFESSIONAL.value)
    # An entry as the old code wrote it, straight into the store's change log.
    svc.store.append_log(f"self:{PERSON}", "report.incorrect", queue_key(jz), "report", None,
                         {"subject": PERSON, "subject_kind": "Professional", "remark": OLD_REMARK,
                          "jeugdhulpregio": jz})
    seq = svc.store.last_seq()
    assert answer_left(svc, PERSON, "token-test", remark="met pensioen")
    stored = [e for e in svc.store.changes_since(seq) if e.op == "report.incorrect"]
    assert stored and all(e.after is not None for e in stored)
    assert stored[0].after["remark"] == {"code": "report.left.self.remark", "params": {"remark": "met pensioen"}}
    assert "werkt hier niet meer" not in str([e.after for e in stored])  # no Dutch sentence in the log
    remarks = [r.remark for r in report_queue(svc, jz) if r.subject == PERSON]
    assert remarks == [OLD_REMARK, msg("report.left.self.remark", remark="met pensioen")]
    assert [i18n.render(r) for r in remarks] == [OLD_REMARK, OLD_REMARK]  # the new one reads as the old did
    assert i18n.render(remarks[1], "en") == "Reports themselves: no longer works here — met pensioen"


def test_an_erasure_without_a_reason_stores_a_code_and_old_dutch_reasons_still_read(svc: GraphService) -> None:
    svc.store.append_log("admin:test", "privacy.erase", "erasure:old", "Professional", None,
                         {"reason": "geen reden opgegeven", "by": "admin:test"})
    victim = next(k for k in svc.projection.keys(Label.PROFESSIONAL) if k != PERSON)
    seq = svc.store.last_seq()
    erase_professional(svc, victim, reason="", actor="admin:test")
    [new] = [e for e in svc.store.changes_since(seq) if e.op == "privacy.erase"]
    assert new.after is not None and new.after["reason"] == {"code": "erasure.no_reason", "params": {}}
    rows = {e.key: e for e in audit_entries(svc.store, start=None, end=None, only_audit=False)
            if e.op == "privacy.erase"}
    old, coded = rows["erasure:old"], rows[new.key]
    assert _worded(audit_row(old), "en")["after"]["reason"] == "geen reden opgegeven"  # as it was written
    assert _worded(audit_row(coded), "nl")["after"]["reason"] == "geen reden opgegeven"
    assert _worded(audit_row(coded), "en")["after"]["reason"] == "no reason given"
    assert i18n.render(msg("erasure.retention", since="2024-05-01")) == \
        "bewaartermijn: inactief sinds 1 mei 2024, coördinator gemeld"
