"""Start and stop the Neo4j 5.26 test server (tests/neo4j: an embedded DBMS with Bolt on loopback).

Used by the ``neo4j_uri`` fixture and by the benchmark. The server reads its stdin and exits when it
closes, so even a killed test run does not leave a JVM behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

from tests.support import free_port

__all__ = ["CACHE_DIR", "Neo4jServer", "Neo4jUnavailable", "missing_reason", "neo4j_admin", "start_neo4j"]

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / ".cache" / "neo4j"
READY = "NEO4J_READY "


class Neo4jUnavailable(RuntimeError):
    """Java or the built server cache is missing (run ``make neo4j-test-server``)."""


def missing_reason() -> str | None:
    """Why the test server cannot start here, or None when it can."""
    if shutil.which("java") is None:
        return "java not found on PATH (Neo4j test server needs Java 17+)"
    if not (CACHE_DIR / "launcher.jar").is_file() or not (CACHE_DIR / "lib").is_dir():
        return f"Neo4j test server not built in {CACHE_DIR} (run `make neo4j-test-server`)"
    return None


class Neo4jServer:
    """A running test server; ``uri`` is its Bolt address. Use as a context manager or call stop()."""

    def __init__(self, proc: subprocess.Popen[str], uri: str, data_dir: Path, log: list[str],
                 heap: str = "1g") -> None:
        self.proc = proc
        self.uri = uri
        self.data_dir = data_dir
        self._log = log
        self._heap = heap

    def kill(self) -> None:
        """An outage: the JVM dies at once (SIGKILL), the data directory stays for ``restart``."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def restart(self, timeout: float = 120.0) -> None:
        """Start again on the same port and data (Neo4j recovers from its transaction log)."""
        self.kill()
        port = int(self.uri.rsplit(":", 1)[1])
        self.proc, uri, self._log = _launch(port, self.data_dir, self._heap, timeout)
        assert uri == self.uri, (uri, self.uri)

    @property
    def log(self) -> str:
        return "".join(self._log)

    def stop(self, timeout: float = 30.0) -> None:
        if self.proc.poll() is None:
            try:
                if self.proc.stdin:
                    self.proc.stdin.close()  # EOF = orderly shutdown
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> Neo4jServer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def neo4j_admin(args: list[str], home: Path, timeout: float = 300.0) -> subprocess.CompletedProcess[str]:
    """Run Neo4j 5.26's ``neo4j-admin`` (its entry point ``org.neo4j.cli.AdminTool``) with NEO4J_HOME=home.

    ``home`` gets an empty ``conf/neo4j.conf``, so the defaults apply: databases under ``home/data``,
    which is the layout ``start_neo4j(data_dir=home)`` serves.
    """
    reason = missing_reason()
    if reason is None and not any((CACHE_DIR / "lib").glob("neo4j-import-tool-*.jar")):
        reason = f"neo4j-admin import tool missing from {CACHE_DIR / 'lib'} (run `make neo4j-test-server`)"
    if reason:
        raise Neo4jUnavailable(reason)
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").touch()
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    cmd = ["java", "-Xmx512m", "-XX:+UseSerialGC", "-cp", str(CACHE_DIR / "lib" / "*"), "org.neo4j.cli.AdminTool",
           *args]
    return subprocess.run(cmd, cwd=home, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=timeout, check=False)


def start_neo4j(timeout: float = 120.0, heap: str = "1g", data_dir: Path | None = None,
                port: int | None = None) -> Neo4jServer:
    """Start the server on a free loopback port (or ``port``) and wait for its ready line.

    ``data_dir`` serves an existing Neo4j home (e.g. one ``neo4j-admin`` imported into); by default a
    fresh temporary one. Either way it is deleted when the server stops.
    """
    reason = missing_reason()
    if reason:
        raise Neo4jUnavailable(reason)
    data_dir = data_dir if data_dir is not None else Path(tempfile.mkdtemp(prefix="jbnet-neo4j-"))
    proc, uri, log = _launch(port or free_port(), data_dir, heap, timeout)
    return Neo4jServer(proc, uri, data_dir, log, heap)


def _launch(port: int, data_dir: Path, heap: str, timeout: float) -> tuple[subprocess.Popen[str], str, list[str]]:
    classpath = os.pathsep.join([str(CACHE_DIR / "launcher.jar"), str(CACHE_DIR / "lib" / "*")])
    # C1 only (TieredStopAtLevel=1): a test server lives for minutes, and most of its CPU goes to warming
    # up Cypher's planner, which C2 would compile again at great cost. On a fresh server the demo load took
    # 20 s of JVM CPU instead of 38 s, opening the store (schema) 13 s instead of 23 s.
    cmd = ["java", f"-Xmx{heap}", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
           "-cp", classpath, "jbnet.neo4j.Launcher", str(port), str(data_dir)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    log: list[str] = []
    ready = threading.Event()
    uri: list[str] = []

    def pump() -> None:
        # Keep draining output so the JVM never blocks on a full pipe.
        assert proc.stdout is not None
        for line in proc.stdout:
            log.append(line)
            if line.startswith(READY) and not ready.is_set():
                uri.append(line[len(READY):].strip())
                ready.set()
        ready.set()

    threading.Thread(target=pump, name="neo4j-log", daemon=True).start()
    deadline = time.monotonic() + timeout
    while not ready.wait(0.2):
        if time.monotonic() > deadline:
            break
    if not uri:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)
        tail = "".join(log[-40:]) or "(no output)"
        why = f"exited with code {proc.returncode}" if proc.returncode not in (None, -9) else \
            f"not ready after {timeout:.0f}s"
        raise RuntimeError(f"Neo4j test server {why}; command: {' '.join(cmd)}\n--- log ---\n{tail}")
    return proc, uri[0], log
