"""The memory of one import alone: its high-water mark against the RSS once the workbook is read.

The bench process has done other work before the national import (and ``ru_maxrss`` keeps its peak), so
the import's own peak needs the kernel's high-water mark reset first: writing 5 to
``/proc/self/clear_refs`` sets VmHWM back to the current RSS (Linux ≥ 4.0). Without it the figures are
left out, never guessed.
"""

from __future__ import annotations

from graph.messages import Message
from tests.bench.harness import console, record

RATIO_TARGET = 2.0  # the import's peak at most twice the RSS with the workbook read (#16)


def status_mb(field: str) -> float | None:
    """A ``/proc/self/status`` size (``VmRSS``, ``VmHWM``) in MB; None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_high_water_mark() -> bool:
    """VmHWM back to the current RSS; False when the kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        return False
    return status_mb("VmHWM") is not None


class ImportMemory:
    """Pass ``progress`` to ``import_workbook``; ``record`` then prints the import's memory figures."""

    def __init__(self) -> None:
        self.reset = reset_high_water_mark()
        self.before = status_mb("VmRSS")
        self.after_read: float | None = None

    def progress(self, done: int, total: int, what: Message) -> None:
        if what.code == "progress.read" and self.after_read is None:
            self.after_read = status_mb("VmRSS")

    def record(self, section: str) -> float | None:
        """Record the figures; returns the ratio of the high-water mark to the RSS after reading (or None)."""
        peak = status_mb("VmHWM")
        if not self.reset or peak is None or self.after_read is None or self.before is None:
            console.print("  [yellow]import high-water mark: not measured (needs /proc/self/clear_refs)[/]")
            return None
        record(section, "RSS before import (this process)", self.before, "MB")
        record(section, "RSS after reading the workbook", self.after_read, "MB")
        record(section, "import high-water mark (this import alone)", peak, "MB")
        ratio = peak / self.after_read
        record(section, "import high-water mark / RSS after reading", ratio, "×", target=RATIO_TARGET)
        return ratio
