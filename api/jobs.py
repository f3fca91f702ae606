"""Daily jobs inside the server process (APScheduler), run once a day across every API process.

``register_job(name, run)`` adds a job (other packages add theirs, e.g. a privacy purge); ``run``
takes the process's ``GraphService`` and returns True when the day's work is complete (False: try
again at the next tick, e.g. mails that hit a temporary failure). The scheduler ticks every
``JBNET_JOBS_MINUTES`` (default 60); each tick calls ``run_job_once`` per job, which first claims
``job:<name>:<UTC day>`` in the store (``GraphStore.claim``): only the process that gets the claim
runs the job. The claim is held for ``lease_minutes`` while running (a crashed process's claim
expires and another one retries), kept for good when the job completes, and released when it did
not, so the next tick anywhere tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from graph.service import GraphService

__all__ = ["JOBS", "Job", "JobOutcome", "register_job", "run_due_jobs", "run_job_once", "start_scheduler"]

log = logging.getLogger("jbnet.jobs")

JobOutcome = Literal["done", "incomplete", "failed", "skipped"]
_FOREVER = "9999-12-31T00:00:00+00:00"


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[GraphService], bool]
    description: str = ""


JOBS: dict[str, Job] = {}


def register_job(name: str, run: Callable[[GraphService], bool], description: str = "") -> Job:
    """Add (or replace) a daily job by name."""
    job = JOBS[name] = Job(name, run, description)
    return job


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_job_once(service: GraphService, job: Job, *, now: dt.datetime | None = None,
                 lease_minutes: int = 30) -> JobOutcome:
    """Run ``job`` unless some process already ran (or is running) it today."""
    at = now or dt.datetime.now(dt.UTC)
    name = f"job:{job.name}:{at.date().isoformat()}"
    holder = _holder()
    until = (at + dt.timedelta(minutes=lease_minutes)).isoformat()
    if service.store.claim(name, holder, until, at.isoformat()) != holder:
        return "skipped"
    try:
        complete = job.run(service)
    except Exception:
        log.exception("daily job %s failed", job.name)
        service.store.release(name, holder)
        return "failed"
    if not complete:
        service.store.release(name, holder)
        return "incomplete"
    service.store.claim(name, holder, _FOREVER, dt.datetime.now(dt.UTC).isoformat())  # done for today
    return "done"


def run_due_jobs(service: GraphService) -> dict[str, JobOutcome]:
    """One scheduler tick: every registered job, each once a day."""
    return {name: run_job_once(service, job) for name, job in list(JOBS.items())}


def start_scheduler(service: GraphService, minutes: float = 60.0, first_delay: float = 5.0) -> object:
    """A started APScheduler ``BackgroundScheduler`` ticking ``run_due_jobs``; call ``.shutdown()`` to stop."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone="UTC")
    first = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=first_delay)  # soon after start-up, then every tick
    scheduler.add_job(run_due_jobs, "interval", args=[service], minutes=minutes, next_run_time=first,
                      id="jbnet-daily-jobs", max_instances=1, coalesce=True)
    scheduler.start()
    return scheduler


def _update_requests(service: GraphService) -> bool:
    from api.mail.rounds import send_update_requests

    report = send_update_requests(service)
    log.info("update requests: %d mail(s), %d to retry", len(report.mails), report.count("temporary"))
    return report.complete


register_job("freshness.send_requests", _update_requests,
             "update requests, reminders and escalations that are due (jbnet freshness send-requests)")


def _privacy_purge(service: GraphService) -> bool:
    from graph.queries.retention import purge_due

    report = purge_due(service, rules=service.settings.rules)
    log.info("retention: %d case(s) purged, %d notice(s), %d erasure(s)", report.count("purge_case"),
             report.count("notice"), report.count("erase"))
    return True


register_job("privacy.purge", _privacy_purge,
             "retention: closed cases past their term, notices about and erasure of long-inactive people "
             "(jbnet privacy purge)")
