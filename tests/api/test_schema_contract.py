"""The committed SDL (schema.graphql) is the API contract: the built schema must match it exactly.

A breaking change (field removed, type changed, argument made required, ...) is named with
graphql-core's ``find_breaking_changes`` so the failure says what clients would lose; to change the
contract on purpose, run ``python -m api.graphql.sdl`` and commit schema.graphql with the change.
"""

from __future__ import annotations

import subprocess
import sys

from graphql import build_schema as build_sdl_schema
from graphql import find_breaking_changes, find_dangerous_changes
from graphql.type import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from api.graphql.sdl import SDL_PATH, current_sdl

HOW = "if intended: python -m api.graphql.sdl and commit schema.graphql"


def test_schema_has_no_breaking_change_against_the_committed_sdl() -> None:
    committed = build_sdl_schema(SDL_PATH.read_text(encoding="utf-8"))
    built = build_sdl_schema(current_sdl())
    breaking = [f"{c.type.name}: {c.description}" for c in find_breaking_changes(committed, built)]
    assert breaking == [], f"breaking API changes ({HOW}):\n" + "\n".join(breaking)


def test_schema_matches_the_committed_sdl() -> None:
    committed = SDL_PATH.read_text(encoding="utf-8")
    built = current_sdl()
    if built != committed:
        dangerous = [c.description for c in find_dangerous_changes(build_sdl_schema(committed),
                                                                   build_sdl_schema(built))]
        raise AssertionError(f"the schema differs from schema.graphql ({HOW}); dangerous changes: {dangerous}")


def _bare(reason: str | None) -> bool:
    return reason is not None and reason.strip() in ("", "No longer supported")


def test_deprecations_give_a_reason() -> None:
    # ``@deprecated`` without a reason shows clients graphql-core's default "No longer supported".
    schema = build_sdl_schema(current_sdl())
    bare = []
    for t in schema.type_map.values():
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for name, f in t.fields.items():
                if _bare(f.deprecation_reason):
                    bare.append(f"{t.name}.{name}")
                bare += [f"{t.name}.{name}({a})" for a, arg in getattr(f, "args", {}).items()
                         if _bare(arg.deprecation_reason)]
        elif isinstance(t, GraphQLEnumType):
            bare += [f"{t.name}.{v}" for v, ev in t.values.items() if _bare(ev.deprecation_reason)]
    assert bare == []



def test_the_schema_is_built_without_a_deprecated_strawberry_form() -> None:
    # YearMonth was ``strawberry.scalar(NewType(...), ...)``, which strawberry deprecates for
    # ``StrawberryConfig.scalar_map``: a fresh interpreter that turns strawberry's deprecation warnings
    # into errors must import the schema's modules and build it.
    code = ("import warnings; warnings.filterwarnings('error', category=DeprecationWarning, module='strawberry');"
            "warnings.filterwarnings('error', message='.*strawberry', category=DeprecationWarning);"
            "from api.graphql.sdl import current_sdl; print('scalar YearMonth' in current_sdl())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=SDL_PATH.parent)
    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr[-2000:]
