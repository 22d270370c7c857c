"""The API Gateway management API (`apigatewaymanagementapi`): `@connections` of WebSocket APIs.

Clients address it at the API's own URL (`.../<stage>/@connections/<id>`, served by the
data plane, see `connections.serve_management`) or at cumulo's root (`/@connections/<id>`,
routed here like any operation); both run the functions of `connections`.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewaymanagementapi as m
from cumulo.services.apigatewayv2 import connections


def _scope(ctx: RequestContext) -> Any:
    return ctx.store.scope("apigatewayv2", ctx.account, ctx.region)


async def post_to_connection(ctx: RequestContext, req: m.PostToConnectionRequest) -> dict[str, Any]:
    data = req.get("Data") or b""
    if not isinstance(data, (bytes, bytearray, str)):
        data = await data.read()
    await connections.post(ctx.runtime, _scope(ctx), req["ConnectionId"], data.encode() if isinstance(data, str) else bytes(data))
    return {}


def get_connection(ctx: RequestContext, req: m.GetConnectionRequest) -> m.GetConnectionResponse:
    return connections.get(ctx.runtime, _scope(ctx), req["ConnectionId"])  # type: ignore[return-value]


async def delete_connection(ctx: RequestContext, req: m.DeleteConnectionRequest) -> dict[str, Any]:
    await connections.delete(ctx.runtime, _scope(ctx), req["ConnectionId"])
    return {}
