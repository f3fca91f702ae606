"""Benchmark sections beyond import and cold start; each registers itself with ``run.section``.

They run against the national SQLite file that ``run.bench_sqlite`` loaded.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.projection import Projection
from graph.schema import Label, OrgType
from graph.store.sqlite_store import SQLiteStore
from tests.bench.harness import ROOT, console, record, section
from tests.support import free_port

LOOKUP_QUERY = (
    "query L($g: String!) { counterparts(gemeente: $g, organisationType: VEILIG_THUIS) { coveredAt usedFallback "
    "contacts { priority reason stale lastVerified vacantSince professional { name function email phone } "
    "position { name role } } } }"
)
FLOOR_QUERY = "{ __typename }"
WRK_SECONDS = int(os.environ.get("JBNET_BENCH_WRK_SECONDS", "10"))
# The HTTP pairs run as this many rounds of (floor, lookup), back to back, WRK_SECONDS / 2 each: one noisy
# stretch of a shared machine (a server just started, another process waking) then moves one round, not the row.
WRK_ROUNDS = int(os.environ.get("JBNET_BENCH_WRK_ROUNDS", "3"))


def _projection(db: Path) -> Projection:
    return Projection.build(SQLiteStore(db))


def confirm_contact(p: Projection, position: str, day: str) -> None:
    """A coordinator confirms a contact, as the projection sees it arrive from the change log (the bench's
    store stays untouched: the entry is applied to this projection only)."""
    from graph.store.base import ChangeEntry

    after = {**(p.node(position) or {}), "last_verified": day}
    p.apply_entries([ChangeEntry(p.seq + 1, day, "bench", "node.update", position, "Position", None, after)])


def edit_organisation(p: Projection, organisation: str, day: str) -> None:
    """A coordinator corrects an organisation's phone number, applied to this projection only (as above)."""
    from graph.store.base import ChangeEntry

    after = {**(p.node(organisation) or {}), "phone": f"030-{p.seq % 10_000_000:07d}"}
    p.apply_entries([ChangeEntry(p.seq + 1, day, "bench", "node.update", organisation, "Organisation", None, after)])


def add_contact_position(p: Projection, like: str, day: str) -> str:
    """A coordinator adds a contact: a new position at the organisation of position ``like``, with its role,
    covering its first region, held by someone new (applied to this projection only, as above)."""
    from graph.queries.index import contact_index
    from graph.schema import Edge, RelType
    from graph.store._common import edge_state
    from graph.store.base import ChangeEntry

    idx = contact_index(p, day)
    org, region, role = idx.position_org[like], idx.covers[like][0], idx.kind[like][0]
    n = p.seq + 1
    pos, prof = f"bench-position-{n}", f"bench-professional-{n}"
    edges = [Edge(type=RelType.AT, src=pos, dst=org, src_label=Label.POSITION, dst_label=Label.ORGANISATION),
             Edge(type=RelType.COVERS, src=pos, dst=region, src_label=Label.POSITION,
                  dst_label=Label(p.label_of(region) or Label.GEMEENTE.value)),
             Edge(type=RelType.HOLDS, src=prof, dst=pos, src_label=Label.PROFESSIONAL, dst_label=Label.POSITION,
                  props={"priority": "backup", "rank": 9})]
    p.apply_entries([
        ChangeEntry(n, day, "bench", "node.create", pos, "Position", None,
                    {"name": "Nieuw aanspreekpunt", "role": role}),
        ChangeEntry(n + 1, day, "bench", "node.create", prof, "Professional", None, {"name": "Nieuwe Collega"}),
        *(ChangeEntry(n + 2 + i, day, "bench", "edge.create", e.key, e.type.value, None, edge_state(e))
          for i, e in enumerate(edges)),
    ])
    return pos


def staffed_organisation(p: Projection, org_type: OrgType) -> str:
    """An organisation of ``org_type`` with positions (its edit reaches the gemeenten they cover)."""
    from graph.queries.index import contact_index

    idx = contact_index(p)
    return next(org for org, positions in sorted(idx.positions_at.items())
                if positions and (p.node(org) or {}).get("type") == org_type.value)


@section("counterpart lookups in-process (target ≤ 20 µs)")
def lookups_in_process(_workbook: Path, db: Path) -> None:
    """Per-call figures are CPU time of this process (``process_time``): on a shared machine wall time mostly
    measures the wait for a core. The memoised call (every pair answered before) is the floor the first
    answers after a write are compared with."""
    from graph.queries.contacts import counterparts

    p = _projection(db)
    gemeenten = p.keys(Label.GEMEENTE)
    types = [OrgType.LOKAAL_TEAM, OrgType.GI, OrgType.VEILIG_THUIS, OrgType.RVDK]
    rng = random.Random(7)
    args = [(rng.choice(gemeenten), rng.choice(types)) for _ in range(20_000)]
    t0 = time.process_time()
    counterparts(p, *args[0])  # builds the day's contact index
    record("lookups", "contact index build (first lookup)", (time.process_time() - t0) * 1000, "ms")
    t0 = time.process_time()
    for g, t in args:
        counterparts(p, g, t)
    per = (time.process_time() - t0) / len(args) * 1e6
    record("lookups", "counterparts() per call, warm (each pair's first answer included)", per, "µs", target=20)
    t0 = time.process_time()
    for g, t in args:
        counterparts(p, g, t)
    memo = (time.process_time() - t0) / len(args) * 1e6
    record("lookups", "counterparts() per call, memoised (floor)", memo, "µs")
    # After a real write (a contact confirmed): the index is updated in place for the touched position and
    # only the answers of the gemeenten the write reaches are computed again.
    from graph.queries.index import contact_index

    position = next(pos for pos, hs in contact_index(p).holders.items() if hs)
    confirm_contact(p, position, time.strftime("%Y-%m-%d"))
    t0 = time.process_time()
    counterparts(p, *args[0])
    after_ms = (time.process_time() - t0) * 1000
    record("lookups", "contact index after a write (updated for the touched keys)", after_ms, "ms")
    t0 = time.process_time()
    for g, t in args[1:2001]:
        counterparts(p, g, t)
    after = (time.process_time() - t0) / 2000 * 1e6
    record("lookups", "counterparts() per call, first answer after a write", after, "µs", target=20)
    record("lookups", "first answer after a write / memoised", after / max(memo, 1e-9), "×")
    # After an organisation's phone number is corrected: the tables stand, the answers of the gemeenten it
    # reaches are computed again (the first lookup is one of them).
    org = staffed_organisation(p, OrgType.VEILIG_THUIS)
    edit_organisation(p, org, time.strftime("%Y-%m-%d"))
    record("lookups", "contact index after an organisation edit (first lookup it reaches)",
           _first_lookup_ms(p, args), "ms")
    # After a coordinator adds a contact (a new position, its organisation, region and holder): its row is
    # added to the tables in place (it used to rebuild them).
    add_contact_position(p, position, time.strftime("%Y-%m-%d"))
    record("lookups", "contact index after a new contact position (first lookup it reaches)",
           _first_lookup_ms(p, args), "ms")


def _reached(p: Projection) -> frozenset[str]:
    """The gemeenten the projection's last write reaches."""
    return p.changed_since(p.version - 1)[1] or frozenset()


def _first_lookup_ms(p: Projection, args: list[tuple[str, OrgType]]) -> float:
    """CPU ms of the first lookup, of ``args``, that the last write reaches (it brings the contact index up to date)."""
    from graph.queries.contacts import counterparts

    reached = _reached(p)
    first = next(((g, t) for g, t in args if g in reached), args[0])
    t0 = time.process_time()
    counterparts(p, *first)
    return (time.process_time() - t0) * 1000


def _first_invite_list_ms(p: Projection, members: dict[str, tuple[str, ...]], day: str) -> float:
    """Wall ms of the invite list of the first subregio (gemeenten per region: ``members``) the last write reaches."""
    from graph.queries.invites import preview_invite_list

    reached = _reached(p)
    subregio = next((s for s in p.keys(Label.SUBREGIO) if reached & set(members.get(s, ()))),
                    p.keys(Label.SUBREGIO)[0])
    t0 = time.perf_counter()
    preview_invite_list(p, subregio, day)
    return (time.perf_counter() - t0) * 1000


def _wrk_script(query: str, variables_pool: list[dict[str, str]], token: str) -> str:
    bodies = [json.dumps({"query": query, "variables": v}) for v in variables_pool] or [json.dumps({"query": query})]
    lua_bodies = ",\n".join("[[" + b + "]]" for b in bodies)
    return textwrap.dedent(f"""
        local bodies = {{
        {lua_bodies}
        }}
        local i = 0
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["Authorization"] = "Bearer {token}"
        request = function()
          i = (i % #bodies) + 1
          return wrk.format(nil, "/graphql", nil, bodies[i])
        end
        done = function(summary, latency, requests)
          io.write(string.format("JSON {{\\"p50\\": %d, \\"p99\\": %d, \\"rps\\": %.2f, \\"errors\\": %d, "
            .. "\\"requests\\": %d}}\\n", latency:percentile(50), latency:percentile(99),
            summary.requests / (summary.duration / 1e6),
            summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
            summary.requests))
        end
    """)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc): a server's cost per request, which a busy
    machine inflates far less than it inflates latencies."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wrk(url: str, script: Path, connections: int, pid: int | None = None,
         seconds: int = WRK_SECONDS) -> dict[str, float]:
    """wrk's p50/p99 (µs), throughput, errors and requests; with ``pid``, that server's CPU µs per request."""
    threads = 1 if connections == 1 else 2
    cpu0 = cpu_seconds(pid) if pid else 0.0
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
                          "--timeout", "5s", "-s", str(script), url],
                         check=True, capture_output=True, text=True, timeout=seconds + 60)
    line = next(x for x in out.stdout.splitlines() if x.startswith("JSON "))
    figures: dict[str, float] = json.loads(line[5:])
    if pid:
        figures["cpu_us"] = (cpu_seconds(pid) - cpu0) / max(figures["requests"], 1) * 1e6
    return figures


@section("counterpart lookups over HTTP (wrk; targets: p50 ≤ 1.3× floor, throughput ≥ 0.75× floor)")
def lookups_http(_workbook: Path, db: Path) -> None:
    if shutil.which("wrk") is None:
        console.print("[yellow]skipped: wrk not installed (make bench installs Debian's wrk)[/]")
        return
    from api.auth import create_token

    store = SQLiteStore(db)
    token = create_token(store, role="professional", name="bench")
    gemeenten = sorted(n.key for n in store.nodes(Label.GEMEENTE))
    store.close()
    # With the response cache (repeat lookups by one user: the common case of "who do I call in Ede")
    # and without it (every answer executed: a first lookup, or many different users).
    for cache_size, label in (("4096", ""), ("0", ", no response cache")):
        _lookups_http_run(db, token, gemeenten, cache_size, label)
    _where_time_goes(db)


def _lookups_http_run(db: Path, token: str, gemeenten: list[str], cache_size: str, label: str) -> None:
    env = {"JBNET_DB": str(db), "JBNET_RESPONSE_CACHE_SIZE": cache_size}
    with api_server(env) as (url, pid), tempfile.TemporaryDirectory() as tmp:
        lookup = Path(tmp) / "lookup.lua"
        floor = Path(tmp) / "floor.lua"
        lookup.write_text(_wrk_script(LOOKUP_QUERY, [{"g": g} for g in gemeenten], token))
        floor.write_text(_wrk_script(FLOOR_QUERY, [], token))
        _wrk(url, lookup, 4)  # warm the contact index and caches
        for conns in (1, 16):
            rounds = [_pair(url, floor, lookup, conns, pid) for _ in range(max(WRK_ROUNDS, 1))]
            f = _median_of(r[0] for r in rounds)
            lk = _median_of(r[1] for r in rounds)
            p50_ratios = sorted(r[1]["p50"] / max(r[0]["p50"], 1) for r in rounds)
            rps_ratios = sorted(r[1]["rps"] / max(r[0]["rps"], 1e-9) for r in rounds)
            sec = f"http c={conns}{label}"
            console.print(f"  {sec}: {len(rounds)} rounds of floor then lookup, {_round_seconds()} s each; "
                          f"p50 ratios {', '.join(f'{x:.2f}' for x in p50_ratios)}; "
                          f"throughput ratios {', '.join(f'{x:.2f}' for x in rps_ratios)}")
            record(sec, "floor { __typename } p50", f["p50"] / 1000, "ms")
            record(sec, "floor p99", f["p99"] / 1000, "ms")
            record(sec, "floor throughput", f["rps"], "req/s")
            record(sec, "lookup p50", lk["p50"] / 1000, "ms", target=1.3 * f["p50"] / 1000)
            record(sec, "lookup p99", lk["p99"] / 1000, "ms")
            record(sec, "lookup throughput", lk["rps"], "req/s", target=0.75 * f["rps"], higher_is_better=True)
            # The ratios are the medians of the rounds' own ratios: each round's floor and lookup saw the same load.
            record(sec, "lookup/floor p50 ratio", statistics.median(p50_ratios), "×", target=1.3)
            record(sec, "lookup/floor throughput ratio", statistics.median(rps_ratios), "×", target=0.75,
                   higher_is_better=True)
            record(sec, "server CPU per request, floor", f["cpu_us"], "µs")
            record(sec, "server CPU per request, lookup", lk["cpu_us"], "µs")
            record(sec, "lookup/floor server CPU per request", lk["cpu_us"] / max(f["cpu_us"], 1e-9), "×")
            errors = sum(r[0]["errors"] + r[1]["errors"] for r in rounds)
            if errors:
                console.print(f"[red]errors: {errors} in the rounds of {sec}[/]")


def _round_seconds() -> int:
    return max(WRK_SECONDS // 2, 1)


def _pair(url: str, floor: Path, lookup: Path, conns: int, pid: int) -> tuple[dict[str, float], dict[str, float]]:
    """One round: the floor, then the lookup, right after each other."""
    seconds = _round_seconds()
    return _wrk(url, floor, conns, pid, seconds), _wrk(url, lookup, conns, pid, seconds)


def _median_of(runs: Iterable[dict[str, float]]) -> dict[str, float]:
    """Each figure's median over wrk runs (errors summed)."""
    runs = list(runs)
    merged = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    merged["errors"] = sum(r["errors"] for r in runs)
    return merged


@contextmanager
def api_server(env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """``api.app`` under uvicorn on a free port with ``env`` over this process's environment, ready once
    /healthz answers; yields its base URL and pid (for ``cpu_seconds``) and terminates it afterwards. No API
    rate limit unless ``env`` sets one: a bench client is one token at full speed."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c",
         "import uvicorn; from api.app import create_app; "
         f"uvicorn.run(create_app(), host='127.0.0.1', port={port}, log_level='warning', access_log=False)"],
        cwd=ROOT, env={**os.environ, "JBNET_RATE_LIMIT_API": "", **env})
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url + "/healthz", server)
        yield url, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("server did not become ready in 180 s")


def _where_time_goes(db: Path) -> None:
    """Split one in-process lookup request into parse+validate, execution and domain function, with the stock
    strawberry/graphql-core execution beside the short paths (api/graphql/executor.py), interleaved in rounds
    so that both see the same load; medians of the rounds. CPU time of this process (``process_time``): on a
    shared machine wall time mostly measures the wait for a core."""
    import asyncio

    from api.auth import Principal, Role
    from api.graphql.context import Context
    from api.graphql.schema import build_schema
    from graph.queries.contacts import counterparts
    from graph.service import GraphService
    from graph.settings import load_settings

    settings = load_settings({"JBNET_DB": str(db), "JBNET_RESPONSE_CACHE_SIZE": "0"})  # the executed cost
    service = GraphService.open(settings)
    schemas = {"short": build_schema(settings), "stock": build_schema(settings, short_paths=False)}
    principal = Principal(role=Role.PROFESSIONAL, name="bench")
    g = service.projection.keys(Label.GEMEENTE)[0]

    async def run(schema: Any, query: str, n: int) -> float:
        t0 = time.process_time()
        for _ in range(n):
            ctx = Context(service=service, principal=principal, settings=settings)
            res = await schema.execute(query, variable_values={"g": g}, context_value=ctx)
            assert res.errors is None, res.errors
        return (time.process_time() - t0) / n * 1e6

    def domain_us(n: int = 2000) -> float:
        t0 = time.process_time()
        for _ in range(n):
            counterparts(service.projection, g, OrgType.VEILIG_THUIS)
        return (time.process_time() - t0) / n * 1e6

    for schema in schemas.values():
        asyncio.run(run(schema, LOOKUP_QUERY, 50))
    rounds: dict[str, list[float]] = {k: [] for k in ("floor", "stock", "short", "domain")}
    for _ in range(30):
        rounds["floor"].append(asyncio.run(run(schemas["short"], FLOOR_QUERY, 100)))
        rounds["stock"].append(asyncio.run(run(schemas["stock"], LOOKUP_QUERY, 100)))
        rounds["short"].append(asyncio.run(run(schemas["short"], LOOKUP_QUERY, 100)))
        rounds["domain"].append(domain_us())
    floor, stock, full, domain = (statistics.median(rounds[k]) for k in ("floor", "stock", "short", "domain"))
    sec = "where time goes"
    console.print(f"  load average {os.getloadavg()[0]:.1f}; CPU time, medians of 30 interleaved rounds")
    record(sec, "schema.execute { __typename } (parse/validate cached)", floor, "µs")
    record(sec, "schema.execute lookup, stock strawberry/graphql-core execution", stock, "µs")
    record(sec, "  of which GraphQL field resolution/serialisation (stock)", stock - floor - domain, "µs")
    record(sec, "schema.execute lookup (short paths: plain fields, lean resolvers, cached collection/validation)",
           full, "µs")
    record(sec, "  of which domain function", domain, "µs")
    record(sec, "  of which GraphQL field resolution/serialisation", full - floor - domain, "µs", target=300)
    record(sec, "  resolution, short paths / stock", (full - floor - domain) / max(stock - floor - domain, 1e-9),
           "×")
    console.print("  the rest of an HTTP request is uvicorn/Starlette/FastAPI routing, auth token lookup and JSON I/O")
    service.close()


@section("invite list per subregio (target ≤ 20 ms per list)")
def invites(_workbook: Path, db: Path) -> None:
    from tests.bench.bench_invites import bench_invites

    p = _projection(db)
    res = bench_invites(p)
    record("invites", f"lists computed ({res['lists']} subregio's)", res["lists"], "")
    record("invites", "first list (builds contact index)", res["first_ms"], "ms")
    record("invites", "invite list p50", res["p50_ms"], "ms", target=res["target_ms"])
    record("invites", "invite list max", res["max_ms"], "ms", target=res["target_ms"])
    # The first list after a coordinator confirms a contact: no rebuild of the contact index.
    from graph.queries.index import contact_index
    from graph.queries.invites import preview_invite_list

    day = time.strftime("%Y-%m-%d")
    position = next(pos for pos, hs in contact_index(p).holders.items() if hs)
    confirm_contact(p, position, day)
    t0 = time.perf_counter()
    preview_invite_list(p, p.keys(Label.SUBREGIO)[0], day)
    record("invites", "first invite list after a write", (time.perf_counter() - t0) * 1000, "ms", target=50)
    # The first list after an organisation's phone number is corrected, of a subregio it reaches: no rebuild
    # either, only that subregio's gemeenten answered again.
    members = contact_index(p).gemeenten_of  # before the edit: the timed list is the first to see it
    edit_organisation(p, staffed_organisation(p, OrgType.VEILIG_THUIS), day)
    record("invites", "first invite list after an organisation edit", _first_invite_list_ms(p, members, day), "ms",
           target=50)
    # The first list after a coordinator adds a contact (a new position at an organisation, covering a region,
    # held by someone new), of a subregio it reaches: its row is added to the tables in place.
    add_contact_position(p, position, day)
    record("invites", "first invite list after a new contact position", _first_invite_list_ms(p, members, day),
           "ms", target=50)


@section("herindeling: dry-run plan of a merger (target ≤ 5 s)")
def herindeling(_workbook: Path, db: Path) -> None:
    from tests.bench.bench_herindeling import bench_herindeling

    res = bench_herindeling(db)
    console.print(f"  merger {res['merger']}: {res['carried']} relationships carry over, {res['changes']} changes")
    record("herindeling", "plan in-process", float(res["plan_s"]), "s")
    record("herindeling", "jbnet regions apply --dry-run (fresh process, printed)", float(res["cli_s"]), "s",
           target=float(res["target_s"]))


def _optional(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


if _optional("tests.bench.bench_maps"):
    @section("maps (targets: HTML build ≤ 1 s; first frame ≤ 2 s at 10 000 nodes and ≤ 1.2× bare pyvis)")
    def maps(_workbook: Path, db: Path) -> None:
        from tests.bench.bench_maps import bench_maps

        for name, value, unit, target in bench_maps(db):
            record("maps", name, value, unit, target=target)


if _optional("tests.bench.bench_pages"):
    @section("web pages server render (target p50 ≤ 30 ms)")
    def pages(_workbook: Path, db: Path) -> None:
        from tests.bench.bench_pages import bench_pages

        res = bench_pages(db)
        for name, stats in res.items():
            if isinstance(stats, dict) and "p50_ms" in stats:
                record("pages", f"{name} p50", stats["p50_ms"], "ms", target=30)
                record("pages", f"{name} max", stats.get("max_ms", float("nan")), "ms")

