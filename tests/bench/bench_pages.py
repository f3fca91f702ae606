"""Server render time of the web pages at scale: the Gemeente page and the invite-list page.

In-process through httpx's ASGITransport (the full FastAPI stack: session cookie, route, domain
functions, Jinja2), so the figure is what the server spends, without network or browser. The
database is copied first: the benchmark signs in with its own token and creates one meeting, and
must not leave either behind in the caller's database.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from api.app import create_app
from api.auth import create_token
from graph.queries.meetings import create_meeting
from graph.schema import Label, RelType
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore

__all__ = ["TARGET_P50_MS", "bench_pages"]

TARGET_P50_MS = 30.0


def _copy(src: Path, dst: Path) -> None:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def _largest_subregio(service: GraphService) -> str | None:
    p = service.projection
    subs = p.keys(Label.SUBREGIO)
    return max(subs, key=lambda s: (len(p.in_edges(s, RelType.IN_SUBREGIO)), s), default=None)


async def _timings(client: httpx.AsyncClient, path: str, n: int) -> dict[str, Any]:
    first = await client.get(path)  # warm-up: builds the per-version indexes once
    if first.status_code != 200:
        raise RuntimeError(f"GET {path} answered {first.status_code}: {first.text[:300]}")
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = await client.get(path)
        samples.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise RuntimeError(f"GET {path} answered {r.status_code}")
    samples.sort()
    return {"path": path, "n": n, "p50_ms": statistics.median(samples), "max_ms": samples[-1],
            "bytes": len(first.content), "target_p50_ms": TARGET_P50_MS}


async def _run(service: GraphService, settings: Settings, token: str, gemeente: str, meeting: str | None,
               n: int) -> dict[str, Any]:
    app = create_app(settings, service)
    app.state.service = service  # ASGITransport does not run the lifespan that normally sets it
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        form = await client.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf is not None
        signed = await client.post("/login", data={"token": token, "csrf": csrf.group(1), "next": "/"})
        if signed.status_code != 303:
            raise RuntimeError(f"login failed: {signed.status_code}")
        out = {"gemeente_page": await _timings(client, f"/gemeente/{gemeente}", n)}
        if meeting:
            out["invite_list_page"] = await _timings(client, f"/bijeenkomsten/{meeting}", n)
        return out


def bench_pages(db_path: str | Path, n: int = 50) -> dict[str, Any]:
    """p50/max server render time (ms) over ``n`` renders of the Gemeente page and the invite-list page.

    The Gemeente page is Ede (GM0228) when present, else the first gemeente; the invite list is a new
    (not frozen, so computed live) samenwerkingsbijeenkomst of the subregio with the most gemeenten.
    """
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "pages.sqlite"
        _copy(Path(db_path), copy)
        store = SQLiteStore(copy)
        token = create_token(store, role="admin", name="bench pages")
        store.close()
        settings = Settings(db_path=copy, secret_key="bench-pages")
        service = GraphService.open(settings)
        try:
            p = service.projection
            gemeente = "GM0228" if p.label_of("GM0228") == Label.GEMEENTE.value else p.keys(Label.GEMEENTE)[0]
            subregio = _largest_subregio(service)
            meeting = None
            if subregio:
                meeting = create_meeting(service, "bench", region=subregio, date=f"{time.localtime().tm_year}-12-15")
            result = asyncio.run(_run(service, settings, token, gemeente, meeting, n))
            if subregio:
                result["invite_list_page"]["subregio"] = subregio
                result["invite_list_page"]["gemeenten"] = len(p.in_edges(subregio, RelType.IN_SUBREGIO))
            return result
        finally:
            service.close()


if __name__ == "__main__":  # python -m tests.bench.bench_pages path/to/db.sqlite
    import json
    import sys

    print(json.dumps(bench_pages(sys.argv[1]), indent=2))
