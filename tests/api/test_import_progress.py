"""`jbnet import`'s progress bar: drawn on a terminal (a real pseudo-terminal), quiet off one and with --quiet."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "voorbeeld-werkmap"
BAR = "importeren:"  # the bar's description: "importeren: <phase>"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "jbnet.sqlite"
    result = CliRunner(env={"JBNET_DB": str(path), "NEO4J_URI": ""}).invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    return path


def _on_a_terminal(db: Path, *args: str) -> tuple[int, str]:
    """Run ``jbnet import`` with stdout and stderr on a pseudo-terminal; its exit code and what it drew."""
    main, child = pty.openpty()
    env = {**os.environ, "JBNET_DB": str(db), "NEO4J_URI": "", "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-c", "from api.cli import main; main()", "import", str(EXAMPLE), *args]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=child, stderr=child)
    os.close(child)
    out = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    os.close(main)
    return proc.wait(timeout=30), out.decode("utf-8", "replace")


def test_a_terminal_gets_the_progress_bar(db: Path) -> None:
    code, out = _on_a_terminal(db)
    assert code == 0, out
    assert BAR in out and "schrijven" in out  # the last phase was drawn, in the CLI's language (progress.writing)
    assert "geïmporteerd" in out  # the summary table follows the bar


def test_quiet_on_a_terminal_draws_no_bar(db: Path) -> None:
    code, out = _on_a_terminal(db, "--quiet")
    assert code == 0, out
    assert "geïmporteerd" in out
    assert BAR not in out


def test_off_a_terminal_there_is_no_bar(db: Path) -> None:
    result = CliRunner(env={"JBNET_DB": str(db), "NEO4J_URI": "", "COLUMNS": "200"}).invoke(
        app, ["import", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "geïmporteerd" in result.output
    assert BAR not in result.output
