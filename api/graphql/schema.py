"""The root schema: one Query and one Mutation made of the areas' classes.

To add an area, write ``api/graphql/<area>.py`` with ``<Area>Query`` / ``<Area>Mutation`` classes
(``@strawberry.type``) and add each to the bases below — one line per class.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as query_depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

from api.graphql.audit import AuditRefusals
from api.graphql.cases import CasesQuery
from api.graphql.contacts import ContactsMutation, ContactsQuery
from api.graphql.errors import MaskUnexpectedErrors
from api.graphql.executor import executor_for
from api.graphql.governance import GovernanceQuery
from api.graphql.inputs import SCALAR_OVERRIDES, catalogue_enum_errors
from api.graphql.lean import lighten_resolvers
from api.graphql.mail import MailMutation, MailQuery
from api.graphql.meetings import MeetingsMutation, MeetingsQuery
from api.graphql.people import PeopleMutation
from api.graphql.regions import RegionsMutation, RegionsQuery
from api.graphql.relay import NodeQuery
from api.graphql.response_cache import ResponseCache, ResponseCacheExtension
from api.graphql.search import SearchQuery
from api.graphql.turnover import TurnoverMutation, TurnoverQuery
from api.graphql.values import SCALAR_MAP
from graph.settings import Settings

__all__ = ["Mutation", "Query", "TextValidationCache", "ValidationResults", "build_schema"]


@strawberry.type(description="Read the directory. Contact details need an API token.")
class Query(RegionsQuery, MeetingsQuery, ContactsQuery, CasesQuery, SearchQuery, TurnoverQuery, GovernanceQuery,
            NodeQuery, MailQuery):
    pass


@strawberry.type(description="Change the directory. Coordinators write within their jeugdhulpregio; admins anywhere.")
class Mutation(RegionsMutation, MeetingsMutation, ContactsMutation, TurnoverMutation, PeopleMutation, MailMutation):
    pass


class ValidationResults:
    """Validation errors per (document text, rules), shared by the requests of one schema (bounded LRU).

    The parsed document is a function of its text, so the text is as good a key as the document, and far
    cheaper: strawberry's ValidationCache keys an ``lru_cache`` on the DocumentNode, whose hash walks the
    whole AST on every request (for a counterpart lookup about as much as resolving its leaves)."""

    def __init__(self, maxsize: int = 512) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[tuple[object, ...], list[GraphQLError]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def errors(self, ctx: ExecutionContext) -> list[GraphQLError]:
        assert ctx.graphql_document is not None  # on_validate runs after parsing
        rules = tuple(ctx.validation_rules)
        if ctx.query is None:  # a document handed in without its text: nothing to key on
            return validate_document(ctx.schema._schema, ctx.graphql_document, rules)
        key = (ctx.query, rules)
        found = self._items.get(key)
        if found is None:
            self.misses += 1
            found = self._items[key] = validate_document(ctx.schema._schema, ctx.graphql_document, rules)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        else:
            self.hits += 1
            self._items.move_to_end(key)
        return found


class TextValidationCache(SchemaExtension):
    """Built per request around the schema's one ``ValidationResults``."""

    def __init__(self, results: ValidationResults) -> None:
        super().__init__()
        self.results = results

    def on_validate(self) -> Iterator[None]:
        self.execution_context.pre_execution_errors = self.results.errors(self.execution_context)
        yield


def _extensions(settings: Settings, cache: ResponseCache | None,
                validated: ValidationResults | None) -> list[type[SchemaExtension] | object]:
    # Classes or factories, never instances: strawberry builds a fresh extension per request.
    # The depth and alias rules are the ones QueryDepthLimiter/MaxAliasesLimiter install, built ONCE:
    # those extensions make a new rule class per instance, and ValidationCache keys on the rule
    # classes, so with per-request factories every request would miss the cache (~1 ms of validation).
    limits: list[type[ASTValidationRule]] = [query_depth_rule(settings.max_query_depth, None, None),
                                             max_aliases_rule(settings.max_aliases)]
    return [
        lambda: AddValidationRules(limits),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        MaskUnexpectedErrors,
        AuditRefusals,  # refused operations in the audit trail (api/graphql/audit.py)
        ParserCache,  # parse and validate once per distinct document (bounded LRUs)
        (lambda: TextValidationCache(validated)) if validated is not None else ValidationCache,
        *([lambda: ResponseCacheExtension(cache)] if cache is not None else []),
    ]


class _Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected errors (unknown code, permission, limits) are answers, not incidents: no traceback in
        # the log. Unexpected ones are logged by MaskUnexpectedErrors before they are masked.
        return None


def build_schema(settings: Settings, *, short_paths: bool = True) -> strawberry.Schema:
    """The schema; ``schema.response_cache`` is its lookup-answer cache (None when switched off).

    ``short_paths`` (api/graphql/executor.py: plain leaves and resolvers, validation keyed by text) is
    off only to compare against strawberry's and graphql-core's stock execution (tests, bench)."""
    cache = ResponseCache(settings.response_cache_size) if settings.response_cache_size > 0 else None
    validated = ValidationResults() if short_paths else None
    schema = _Schema(query=Query, mutation=Mutation, extensions=_extensions(settings, cache, validated),  # type: ignore[arg-type]
                     scalar_overrides=SCALAR_OVERRIDES,
                     config=StrawberryConfig(scalar_map=SCALAR_MAP))
    catalogue_enum_errors(schema._schema)
    schema.response_cache = cache  # type: ignore[attr-defined]
    schema.validation_results = validated  # type: ignore[attr-defined]
    if short_paths:
        schema.execution_context_class = executor_for(schema)
        lighten_resolvers(schema)
    return schema
