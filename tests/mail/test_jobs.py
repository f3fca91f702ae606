"""Daily jobs: once a day across processes (a claim in the store), retried when incomplete, run by APScheduler."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from api.jobs import JOBS, Job, register_job, run_job_once, start_scheduler
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore

NOW = dt.datetime(2026, 5, 4, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[GraphService]:
    svc = GraphService(SQLiteStore(tmp_path / "j.sqlite"), settings=Settings(db_path=tmp_path / "j.sqlite"))
    yield svc
    svc.close()


def _counting(result: bool = True) -> tuple[Job, list[int]]:
    calls: list[int] = []

    def run(_: GraphService) -> bool:
        calls.append(1)
        time.sleep(0.05)
        return result

    return Job("test.count", run), calls


def test_runs_once_a_day(service: GraphService) -> None:
    job, calls = _counting()
    assert run_job_once(service, job, now=NOW) == "done"
    assert run_job_once(service, job, now=NOW + dt.timedelta(hours=3)) == "skipped"
    assert run_job_once(service, job, now=NOW + dt.timedelta(days=1)) == "done"
    assert len(calls) == 2


def test_lease_held_by_another_process_skips_the_run(service: GraphService, tmp_path: Path) -> None:
    other = SQLiteStore(tmp_path / "j.sqlite")  # another API process on the same store
    until = (NOW + dt.timedelta(minutes=30)).isoformat()
    assert other.claim("job:test.count:2026-05-04", "other-host:4242", until, NOW.isoformat()) == "other-host:4242"
    job, calls = _counting()
    assert run_job_once(service, job, now=NOW + dt.timedelta(minutes=5)) == "skipped"
    assert calls == []
    # the other process died: its lease runs out and this one takes over
    assert run_job_once(service, job, now=NOW + dt.timedelta(minutes=31)) == "done"
    assert calls == [1]


def test_two_processes_at_once_run_it_once(service: GraphService, tmp_path: Path) -> None:
    job, calls = _counting()
    services = [service] + [GraphService(SQLiteStore(tmp_path / "j.sqlite"), settings=service.settings)
                            for _ in range(3)]
    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(pool.map(lambda s: run_job_once(s, job, now=NOW), services))
    assert outcomes == ["done", "skipped", "skipped", "skipped"] and len(calls) == 1


def test_incomplete_or_failing_job_is_tried_again(service: GraphService) -> None:
    job, calls = _counting(result=False)
    assert run_job_once(service, job, now=NOW) == "incomplete"
    assert run_job_once(service, job, now=NOW + dt.timedelta(hours=1)) == "incomplete"

    def boom(_: GraphService) -> bool:
        raise RuntimeError("store hiccup")

    assert run_job_once(service, Job("test.count", boom), now=NOW) == "failed"
    assert run_job_once(service, Job("test.count", lambda s: True), now=NOW) == "done"
    assert len(calls) == 2


def test_registry_has_the_update_requests_and_takes_more(service: GraphService) -> None:
    assert "freshness.send_requests" in JOBS
    ran = threading.Event()
    register_job("test.scheduled", lambda s: ran.set() or True, "a test job")
    try:
        scheduler = start_scheduler(service, minutes=60, first_delay=0.1)
        try:
            assert ran.wait(15), "the scheduler did not run the registered job"
        finally:
            scheduler.shutdown(wait=True)  # type: ignore[attr-defined]
    finally:
        JOBS.pop("test.scheduled")
