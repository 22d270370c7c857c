"""GET /_cumulo/apigatewayv2/{requests,apis,connections}."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx


def test_requests_are_listed(cumulo: Any, apigw: Any, function: Callable[..., str], invoke_url: Callable[[str, str], str]) -> None:
    api_id = apigw.create_api(Name="q", ProtocolType="HTTP", Target=function(), RouteKey="GET /hi")["ApiId"]
    answer = httpx.get(invoke_url(api_id, "/hi"))
    assert answer.status_code == 200
    entries = httpx.get(f"{cumulo.url}/_cumulo/apigatewayv2/requests").json()["requests"]
    mine = [e for e in entries if e["requestId"] == answer.headers["apigw-requestid"]]
    assert len(mine) == 1
    assert mine[0]["apiId"] == api_id and mine[0]["routeKey"] == "GET /hi" and mine[0]["status"] == 200
    assert mine[0]["stage"] == "$default" and mine[0]["integrationType"] == "AWS_PROXY"
    apis = httpx.get(f"{cumulo.url}/_cumulo/apigatewayv2/apis").json()["apis"]
    assert [(a["apiId"], a["routes"]) for a in apis] == [(api_id, ["GET /hi"])]
    assert httpx.get(f"{cumulo.url}/_cumulo/apigatewayv2/connections").json() == {"connections": []}
