"""Enum members checked as API Gateway checks them: a BadRequestException, where the
protocol layer's generic check would answer ValidationException (the service is
registered with `validate_enums: False`).

`checked(handler)` wraps a handler with the check of its operation's input; the
checks are found once per operation by walking the model's input shape.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from botocore.model import Shape

from cumulo.core.context import RequestContext
from cumulo.services.apigateway.lookup import bad_request

Path = tuple[str, ...]
_checks: dict[str, list[tuple[Path, frozenset[str]]]] = {}


def _walk(shape: Shape, path: Path, out: list[tuple[Path, frozenset[str]]], depth: int) -> None:
    if depth > 6:
        return
    if shape.type_name == "string" and shape.enum:
        out.append((path, frozenset(shape.enum)))
    elif shape.type_name == "structure":
        for name, member in shape.members.items():
            _walk(member, (*path, name), out, depth + 1)
    elif shape.type_name == "list":
        _walk(shape.member, (*path, "*"), out, depth + 1)
    elif shape.type_name == "map":
        _walk(shape.value, (*path, "*"), out, depth + 1)


@functools.cache
def _model() -> Any:
    """The service's model, read once (the same botocore data the registry reads)."""
    from botocore.session import get_session

    from cumulo.services.apigateway.models import SERVICE

    return get_session().get_service_model(SERVICE)


def _for(operation: str) -> list[tuple[Path, frozenset[str]]]:
    found = _checks.get(operation)
    if found is None:
        shape = _model().operation_model(operation).input_shape
        found = []
        if shape is not None:
            _walk(shape, (), found, 0)
        _checks[operation] = found
    return found


def _values(node: Any, path: Path) -> list[Any]:
    if not path:
        return [node]
    head, rest = path[0], path[1:]
    if head == "*":
        items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
        return [v for item in items for v in _values(item, rest)]
    if isinstance(node, dict) and head in node:
        return _values(node[head], rest)
    return []


def check(operation: str, req: dict[str, Any]) -> None:
    for path, allowed in _for(operation):
        for value in _values(req, path):
            if isinstance(value, str) and value not in allowed:
                where = ".".join(p for p in path if p != "*")
                raise bad_request(f"1 validation error detected: Value '{value}' at '{where}' failed to satisfy constraint: "
                                  f"Member must satisfy enum value set: [{', '.join(sorted(allowed))}]")


def checked(handler: Callable[[RequestContext, dict[str, Any]], Any]) -> Callable[[RequestContext, dict[str, Any]], Any]:
    if inspect.iscoroutinefunction(handler):
        @functools.wraps(handler)
        async def run_async(ctx: RequestContext, req: dict[str, Any]) -> Any:
            check(ctx.operation, req)
            return await handler(ctx, req)

        return run_async

    @functools.wraps(handler)
    def run(ctx: RequestContext, req: dict[str, Any]) -> Any:
        check(ctx.operation, req)
        return handler(ctx, req)

    return run
