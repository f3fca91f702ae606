"""Refused GraphQL operations (FORBIDDEN / UNAUTHENTICATED errors) go to the audit trail with the actor
and the field that was refused; never the document's variables (they may hold anything)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension

from api.audit import refused_async
from graph.messages import MESSAGES, Message, message_from_data

__all__ = ["AuditRefusals"]

_STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403}


class AuditRefusals(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        yield
        ctx = self.execution_context
        result = ctx.result
        refusals = [e for e in (result.errors or []) if (e.extensions or {}).get("code") in _STATUS] if result else []
        if not refusals:
            return
        first = refusals[0]
        kind = ctx.operation_type.value if ctx.operation_type else "operation"
        where = ".".join(str(p) for p in (first.path or []) if not isinstance(p, int))
        operation = f"graphql {kind} {ctx.operation_name or ''} {where}".replace("  ", " ").strip()
        context = ctx.context
        request = getattr(context, "request", None)
        if request is None:
            return
        ext = first.extensions or {}
        # A catalogue refusal is kept as its code and params (worded when shown); any other as its text.
        reason: Message | str = (message_from_data({"code": ext["messageCode"], "params": ext.get("params") or {}})
                                 if ext.get("messageCode") in MESSAGES else first.message)
        await refused_async(request, context.service.store, status=_STATUS[str(ext["code"])],
                            operation=operation, reason=reason, principal=context.principal)
