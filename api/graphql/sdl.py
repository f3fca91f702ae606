"""The GraphQL contract as SDL: ``python -m api.graphql.sdl`` writes ``schema.graphql`` at the project root.

``tests/api/test_schema_contract.py`` fails when the schema the code builds differs from that committed
file, and names the breaking changes (graphql-core's ``find_breaking_changes``) first. Change the schema
on purpose, run this module, and commit the new ``schema.graphql`` with the change: the diff is the
review of the API change. Remove a field only after a release with ``deprecation_reason=...`` on it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from api.graphql.schema import build_schema
from graph.settings import Settings

__all__ = ["SDL_PATH", "current_sdl", "main"]

SDL_PATH = Path(__file__).resolve().parents[2] / "schema.graphql"


def current_sdl() -> str:
    """The SDL of the schema as the code builds it (default settings; they change limits, not types)."""
    return build_schema(Settings()).as_str().rstrip() + "\n"


def main() -> None:
    SDL_PATH.write_text(current_sdl(), encoding="utf-8")
    sys.stdout.write(f"wrote {SDL_PATH}\n")


if __name__ == "__main__":
    main()
