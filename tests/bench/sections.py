"""Benchmark sections beyond import and cold start; each registers itself with ``run.section``."""

from __future__ import annotations
