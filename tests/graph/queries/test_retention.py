"""Retention on a real SQLite store with the demo data: closed cases past their term are purged, long
inactive people get a notice to their coordinator and are erased after the notice period; dry runs
change nothing; every run is logged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.queries.retention import NOTICE_KEY, purge_due
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.settings import DomainRules
from graph.store.base import ChangeBatch
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store

OLD_CASE, NEW_CASE = "JB-2222-AAAA", "JB-2222-BBBB"
LEAVER = "prof-demo-0120"
TODAY = "2026-12-03"


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphService]:
    db = tmp_path_factory.mktemp("retention") / "jbnet.sqlite"
    store = SQLiteStore(db)
    init_store(store, demo=True)
    service = GraphService(store)
    cases = [Node(label=Label.CASE, key=ref, props={"ref": ref, "route": "301", "status": "closed",
                                                      "opened": opened, "closed": closed})
             for ref, opened, closed in ((OLD_CASE, "2025-01-05", "2025-11-30"), (NEW_CASE, "2026-01-05",
                                                                                  "2026-06-01"))]
    edges = [Edge(type=RelType.FOR_GEMEENTE, src=ref, dst="GM0228", src_label=Label.CASE,
                  dst_label=Label.GEMEENTE) for ref in (OLD_CASE, NEW_CASE)]
    service.write(ChangeBatch(nodes=cases, edges=edges), "test")
    service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=LEAVER,
                                          props={"active": False, "inactive_since": "2025-10-01"})]), "test")
    yield service
    store.close()


def _runs(svc: GraphService) -> list[dict[str, Any]]:
    return [e.after or {} for e in svc.store.history("retention") if e.op == "privacy.purge.run"]


def test_dry_run_lists_and_changes_nothing_but_its_log_line(svc: GraphService) -> None:
    seq = svc.store.last_seq()
    report = purge_due(svc, today=TODAY, dry_run=True)
    due = {(i.action, i.key) for i in report.items}
    assert ("purge_case", OLD_CASE) in due and ("notice", LEAVER) in due
    assert ("purge_case", NEW_CASE) not in due
    assert svc.store.last_seq() == seq + 1 and svc.store.get_node(OLD_CASE) is not None
    assert _runs(svc)[-1] == {"today": TODAY, "dry_run": True, "purge_case": report.count("purge_case"),
                              "notice": report.count("notice"), "erase": 0}


def test_run_purges_the_old_case_and_notifies_the_coordinator(svc: GraphService) -> None:
    events: list[tuple[str, dict[str, Any]]] = []
    svc.listeners.append(lambda event, payload: events.append((event, payload)))
    report = purge_due(svc, today=TODAY)
    assert svc.store.get_node(OLD_CASE) is None and svc.projection.node(OLD_CASE) is None
    assert svc.store.get_node(NEW_CASE) is not None
    old = svc.store.history(OLD_CASE)
    assert old and all(e.after is None or e.after == {"label": "Case", "redacted": True} for e in old)
    notices = [e.after for e in svc.store.history(NOTICE_KEY)]
    assert notices and notices[-1]["professional"] == LEAVER and notices[-1]["jeugdhulpregios"]
    assert ("retention.erasure_notice", {"professional": LEAVER, "erase_on": "2027-01-02",
                                         "jeugdhulpregios": notices[-1]["jeugdhulpregios"]}) in events
    assert svc.store.get_node(LEAVER) is not None  # not before the notice period ends
    assert _runs(svc)[-1]["dry_run"] is False and report.count("purge_case") >= 1
    again = purge_due(svc, today=TODAY)  # the next day's run: nothing new
    assert not [i for i in again.items if i.key in (OLD_CASE, LEAVER)]


def test_after_the_notice_period_the_person_is_erased(svc: GraphService) -> None:
    report = purge_due(svc, today="2027-01-03")
    assert ("erase", LEAVER) in {(i.action, i.key) for i in report.items}
    assert svc.store.get_node(LEAVER) is None
    erasures = [e for e in svc.store.changes_since(0, 1_000_000) if e.op == "privacy.erase"]
    assert erasures and (erasures[-1].after or {})["reason"]["code"] == "erasure.retention"  # a code, not Dutch


def test_becoming_active_again_cancels_it(svc: GraphService) -> None:
    back = "prof-demo-0121"
    svc.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=back,
                                      props={"active": False, "inactive_since": "2025-01-01"})]), "test")
    assert ("notice", back) in {(i.action, i.key) for i in purge_due(svc, today=TODAY, dry_run=True).items}
    svc.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=back, props={"active": True})]), "test")
    assert back not in {i.key for i in purge_due(svc, today=TODAY, dry_run=True).items}


def test_terms_come_from_domain_rules(svc: GraphService) -> None:
    keep_long = DomainRules(case_retention_months=120, inactive_erasure_months=120)
    assert not purge_due(svc, today=TODAY, rules=keep_long, dry_run=True).items
    assert DomainRules().case_retention_months == 12


def test_cli_purge_dry_run(tmp_path: Path) -> None:
    runner = CliRunner(env={"JBNET_DB": str(tmp_path / "jbnet.sqlite"), "NEO4J_URI": "", "COLUMNS": "200"})
    assert runner.invoke(app, ["init", "--demo"]).exit_code == 0
    result = runner.invoke(app, ["privacy", "purge", "--dry-run", "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert "proef: niets veranderd" in result.output and "run vastgelegd als regel" in result.output


def test_the_daily_job_runs_purge_due_once_a_day(tmp_path: Path) -> None:
    import datetime as dt

    from api.jobs import JOBS, run_job_once

    store = SQLiteStore(tmp_path / "jbnet.sqlite")
    init_store(store, demo=True)
    service = GraphService(store)
    job = JOBS["privacy.purge"]
    now = dt.datetime(2026, 12, 3, 4, 0, tzinfo=dt.UTC)
    assert run_job_once(service, job, now=now) == "done"
    assert run_job_once(service, job, now=now + dt.timedelta(hours=2)) == "skipped"
    assert [e.after["dry_run"] for e in store.history("retention") if e.op == "privacy.purge.run"] == [False]
    store.close()


@pytest.mark.parametrize(("locale", "words"), [
    ("nl", ("2 januari 2027", "1 oktober 2025", "Doel (AVG)", "weer op actief")),
    ("en", ("2 January 2027", "1 October 2025")),
])
def test_the_notice_reaches_the_coordinators_by_mail(tmp_path: Path, smtp_server: Any, locale: str,
                                                      words: tuple[str, ...]) -> None:
    """The notice's dates are Babel's in the mail's language (no hand-kept Dutch date in api/mail/retention.py)."""
    from api.mail import Mailer
    from api.mail.retention import install_erasure_notice_mail
    from tests.mail_server import text_of

    store = SQLiteStore(tmp_path / "jbnet.sqlite")
    init_store(store, demo=True)
    service = GraphService(store)
    service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=LEAVER,
                                          props={"active": False, "inactive_since": "2025-10-01"})]), "test")
    listener = install_erasure_notice_mail(service, Mailer(smtp_server.url, tmp_path / "outbox"), locale)
    purge_due(service, today=TODAY)
    assert listener.sent
    name = str((service.projection.node(LEAVER) or {})["name"])
    coordinator = service.projection.node(listener.sent[0]) or {}
    mails = smtp_server.to(str(coordinator["email"]))
    assert mails and name in mails[-1]["Subject"]
    text = text_of(mails[-1])
    assert all(w in text for w in words), [w for w in words if w not in text]
    store.close()
