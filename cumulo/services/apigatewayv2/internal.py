"""API Gateway v2 introspection under `/_cumulo/apigatewayv2/`.

- `GET .../requests`: the latest data-plane requests (newest last, at most 1,000): API,
  stage, route key, integration, status (0 while in flight), request id, time.
- `GET .../apis`: every API of every account and region with its stages (and the
  deployment each serves) and routes.
- `GET .../connections`: the WebSocket connections, and whether each is open now.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime

_REQUESTS = "apigatewayv2.requests"
_KEEP = 1000


def record(runtime: Runtime, entry: dict[str, Any]) -> None:
    log: OrderedDict[str, dict[str, Any]] = runtime.live.setdefault(_REQUESTS, OrderedDict())
    log[entry["requestId"]] = entry
    while len(log) > _KEEP:
        log.popitem(last=False)


def requests(runtime: Runtime, request: Request) -> dict[str, Any]:
    log = runtime.live.get(_REQUESTS) or {}
    return {"requests": list(log.values())}


def apis(runtime: Runtime, request: Request) -> dict[str, Any]:
    out = []
    for scope in runtime.store.scopes_of("apigatewayv2"):
        stages = scope.table("stages").rows
        routes = scope.table("routes").rows
        for api_id, api in scope.table("apis").rows.items():
            out.append({
                "account": scope.account, "region": scope.region, "apiId": api_id, "name": api.attrs.get("Name"),
                "protocolType": api.attrs.get("ProtocolType"),
                "stages": [{"stageName": s.attrs["StageName"], "deploymentId": s.attrs.get("DeploymentId"),
                            "autoDeploy": s.attrs.get("AutoDeploy", False)}
                           for k, s in stages.items() if k.startswith(api_id + "/")],
                "routes": [x.attrs["RouteKey"] for k, x in routes.items() if k.startswith(api_id + "/")],
            })
    return {"apis": out}


def connections(runtime: Runtime, request: Request) -> dict[str, Any]:
    from cumulo.services.apigatewayv2.connections import live_sockets

    open_now = live_sockets(runtime)
    out = []
    for scope in runtime.store.scopes_of("apigatewayv2"):
        for conn in scope.table("connections").rows.values():
            out.append({"connectionId": conn.connection_id, "apiId": conn.api_id, "stage": conn.stage,
                        "account": scope.account, "region": scope.region, "connectedAt": conn.connected_at,
                        "lastActiveAt": conn.last_active_at, "sourceIp": conn.source_ip, "open": conn.connection_id in open_now})
    return {"connections": out}
