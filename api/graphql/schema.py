"""The root schema: one Query and one Mutation made of the areas' classes.

To add an area, write ``api/graphql/<area>.py`` with ``<Area>Query`` / ``<Area>Mutation`` classes
(``@strawberry.type``) and add each to the bases below — one line per class.
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as query_depth_rule
from strawberry.types import ExecutionContext

from api.graphql.audit import AuditRefusals
from api.graphql.cases import CasesQuery
from api.graphql.contacts import ContactsMutation, ContactsQuery
from api.graphql.errors import MaskUnexpectedErrors
from api.graphql.governance import GovernanceQuery
from api.graphql.mail import MailMutation, MailQuery
from api.graphql.meetings import MeetingsMutation, MeetingsQuery
from api.graphql.people import PeopleMutation
from api.graphql.regions import RegionsMutation, RegionsQuery
from api.graphql.relay import NodeQuery
from api.graphql.response_cache import ResponseCache, ResponseCacheExtension
from api.graphql.search import SearchQuery
from api.graphql.turnover import TurnoverMutation, TurnoverQuery
from graph.settings import Settings

__all__ = ["Mutation", "Query", "build_schema"]


@strawberry.type(description="Read the directory. Contact details need an API token.")
class Query(RegionsQuery, MeetingsQuery, ContactsQuery, CasesQuery, SearchQuery, TurnoverQuery, GovernanceQuery,
            NodeQuery, MailQuery):
    pass


@strawberry.type(description="Change the directory. Coordinators write within their jeugdhulpregio; admins anywhere.")
class Mutation(RegionsMutation, MeetingsMutation, ContactsMutation, TurnoverMutation, PeopleMutation, MailMutation):
    pass


def _extensions(settings: Settings, cache: ResponseCache | None) -> list[type[SchemaExtension] | object]:
    # Classes or factories, never instances: strawberry builds a fresh extension per request.
    # The depth and alias rules are the ones QueryDepthLimiter/MaxAliasesLimiter install, built ONCE:
    # those extensions make a new rule class per instance, and ValidationCache keys on the rule
    # classes, so with per-request factories every request would miss the cache (~1 ms of validation).
    limits = [query_depth_rule(settings.max_query_depth, None, None), max_aliases_rule(settings.max_aliases)]
    return [
        lambda: AddValidationRules(limits),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        MaskUnexpectedErrors,
        AuditRefusals,  # refused operations in the audit trail (api/graphql/audit.py)
        ParserCache,  # parse + validate once per distinct document (bounded LRU)
        ValidationCache,
        *([lambda: ResponseCacheExtension(cache)] if cache is not None else []),
    ]


class _Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected errors (unknown code, permission, limits) are answers, not incidents: no traceback in
        # the log. Unexpected ones are logged by MaskUnexpectedErrors before they are masked.
        return None


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema; ``schema.response_cache`` is its lookup-answer cache (None when switched off)."""
    cache = ResponseCache(settings.response_cache_size) if settings.response_cache_size > 0 else None
    schema = _Schema(query=Query, mutation=Mutation, extensions=_extensions(settings, cache))  # type: ignore[arg-type]
    schema.response_cache = cache  # type: ignore[attr-defined]
    return schema
