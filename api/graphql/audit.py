"""Refused GraphQL operations (FORBIDDEN / UNAUTHENTICATED errors) go to the audit trail with the actor
and the field that was refused; never the document's variables (they may hold anything)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension

from api.audit import refused_async

__all__ = ["AuditRefusals"]

_STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403}


class AuditRefusals(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:  # type: ignore[override]
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
        await refused_async(request, context.service.store, status=_STATUS[str(first.extensions["code"])],
                            operation=operation, reason=first.message, principal=context.principal)
