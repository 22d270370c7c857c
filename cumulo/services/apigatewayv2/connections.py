"""WebSocket APIs: connections over real websockets, and the `@connections` management API.

A client upgrades at the API's URL (`ws://<api>.execute-api.localhost.localstack.cloud:4566/<stage>`
or `ws://127.0.0.1:4566/_aws/execute-api/<api>/<stage>`). The `$connect` route runs first
(its REQUEST authorizer, then its integration: a non-2xx answer refuses the upgrade); each
message is routed by the API's route selection expression (`$request.body.action`),
falling back to `$default`; a route with a route response sends the integration's answer
back; `$disconnect` runs when either side closes. Lambda gets AWS's WebSocket event.

State: a `Connection` (metadata) per open connection in the `connections` table, kept
across restarts; the socket itself lives in `runtime.live`. PostToConnection to a
connection whose socket is gone answers GoneException (410), as AWS does.

Integrations: AWS_PROXY (Lambda, AWS's WebSocket event), AWS to Lambda, HTTP / HTTP_PROXY
(the event or the message POSTed), MOCK. The non-proxy ones (AWS, HTTP, MOCK) map the
message through their Velocity request templates (chosen by the integration's template
selection expression, `$default` otherwise, the passthrough behavior deciding when none
applies) and the answer through the matching integration response's templates, with the
shared VTL engine (`cumulo/engines/vtl.py`, API Gateway v1's).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import orjson

from cumulo.core.errors import AwsError
from cumulo.engines import vtl
from cumulo.core.http import Request, Response, WebSocket
from cumulo.core.runtime import Runtime
from cumulo.generated import apigatewaymanagementapi as m
from cumulo.services import call
from cumulo.services.apigatewayv2 import auth, dataplane, expressions, payloads
from cumulo.services.apigatewayv2.models import Connection
from cumulo.state import Scope

log = logging.getLogger("cumulo.apigatewayv2")
_SOCKETS = "apigatewayv2.sockets"
_MANAGEMENT = re.compile(r"^(?:/[^/@]+)?/@connections/(?P<id>[^/]+)$")
MAX_FRAME = 128 * 1024  # AWS's frame limit for PostToConnection (32 KB frames, 128 KB messages)


@dataclass(slots=True)
class Live:
    socket: WebSocket
    scope: Scope
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def live_sockets(runtime: Runtime) -> dict[str, Live]:
    return runtime.live.setdefault(_SOCKETS, {})


def new_connection_id() -> str:
    return base64.b64encode(secrets.token_bytes(9)).decode().replace("/", "_").replace("+", "-")


def _request_time(now: float) -> str:
    return payloads.request_time(now)


def _event(runtime: Runtime, t: dataplane.Target, conn: Connection, route_key: str, kind: str, rid: str,
           body: str | bytes | None = None, authorizer: dict[str, Any] | None = None) -> dict[str, Any]:
    now = runtime.clock.now()
    context: dict[str, Any] = {
        "routeKey": route_key, "eventType": kind, "extendedRequestId": rid, "requestTime": _request_time(now),
        "messageDirection": "IN", "stage": conn.stage, "connectedAt": int(conn.connected_at * 1000),
        "requestTimeEpoch": int(now * 1000), "identity": {"sourceIp": conn.source_ip, "userAgent": conn.user_agent},
        "requestId": rid, "domainName": t.domain, "connectionId": conn.connection_id, "apiId": conn.api_id,
    }
    if authorizer:
        context["authorizer"] = authorizer
    event: dict[str, Any] = {}
    if kind == "CONNECT":
        event["headers"] = dict(conn.headers)
        event["multiValueHeaders"] = {k: [v] for k, v in conn.headers.items()}
        if conn.query:
            event["queryStringParameters"] = dict(conn.query)
            event["multiValueQueryStringParameters"] = {k: [v] for k, v in conn.query.items()}
    if kind == "MESSAGE":
        context["messageId"] = base64.b64encode(secrets.token_bytes(9)).decode()
    if kind == "DISCONNECT":
        context["disconnectStatusCode"] = 1000
        context["disconnectReason"] = ""
    event["requestContext"] = context
    if body is not None:
        event["body"] = body if isinstance(body, str) else base64.b64encode(body).decode()
    event["isBase64Encoded"] = isinstance(body, bytes)
    return event


def _selected(expression: str | None, src: expressions.Sources) -> str:
    """A template selection expression's key: `\\$default` is the literal, `$request.body.x` a value."""
    if not expression:
        return ""
    if expression.startswith("\\$"):
        return expression[1:]
    return expressions.text(expressions.value(expression, src)) if "$" in expression else expression


class _Refused(Exception):
    """No request template applies and the passthrough behavior forbids passing the message on."""


def _request_body(integration: dict[str, Any], event: dict[str, Any], conn: Connection, stage_variables: dict[str, str]) -> bytes | None:
    """The integration request's body from the route's mapping templates, chosen by the
    integration's TemplateSelectionExpression (falling back to `$default`); None when
    no template applies and the message passes through as it is."""
    templates = integration.get("RequestTemplates") or {}
    body = event.get("body")
    text = body if isinstance(body, str) else ""
    src = expressions.Sources(body=text.encode(), headers=conn.headers, query=conn.query, stage_variables=stage_variables,
                              context=event["requestContext"])
    template = templates.get(_selected(integration.get("TemplateSelectionExpression"), src)) or templates.get("$default")
    if template is None:
        passthrough = integration.get("PassthroughBehavior") or "WHEN_NO_MATCH"
        if passthrough == "NEVER" or (passthrough == "WHEN_NO_TEMPLATES" and templates):
            raise _Refused()
        return None
    params = {"path": {}, "querystring": dict(conn.query), "header": dict(conn.headers)}
    return vtl.render(template, text, params, event["requestContext"], stage_variables).encode()


def _response_body(integration: dict[str, Any], status: int, body: bytes, event: dict[str, Any],
                   stage_variables: dict[str, str]) -> tuple[int, bytes]:
    """The integration response that matches the status (`/4\\d\\d/` keys before `$default`),
    its template chosen by its TemplateSelectionExpression; the body as is without one."""
    responses = integration.get("_responses") or []
    chosen = None
    for response in responses:
        key = response.get("IntegrationResponseKey") or ""
        if key.startswith("/") and key.endswith("/") and len(key) > 1 and re.fullmatch(key[1:-1], str(status)):
            chosen = response
            break
    chosen = chosen or next((r for r in responses if r.get("IntegrationResponseKey") == "$default"), None)
    if chosen is None:
        return status, body
    templates = chosen.get("ResponseTemplates") or {}
    text = body.decode("utf-8", "replace")
    src = expressions.Sources(body=body, context=event["requestContext"], stage_variables=stage_variables)
    template = templates.get(_selected(chosen.get("TemplateSelectionExpression"), src)) or templates.get("$default")
    if template is None:
        return status, body
    return status, vtl.render(template, text, {"path": {}, "querystring": {}, "header": {}}, event["requestContext"],
                              stage_variables).encode()


async def _integrate(runtime: Runtime, integration: dict[str, Any] | None, event: dict[str, Any], conn: Connection,
                     scope: Scope, stage_variables: dict[str, str] | None = None) -> tuple[int, bytes]:
    """(status, body) of a route's integration; (200, b"") with none. Non-proxy integrations
    (AWS, HTTP, MOCK) map the message through their request templates and the answer through
    their integration responses' templates, as API Gateway does for WebSocket APIs."""
    if integration is None:
        return 200, b""
    variables = stage_variables or {}
    kind = integration.get("IntegrationType")
    mapped: bytes | None = None
    if kind in ("AWS", "HTTP", "MOCK"):
        try:
            mapped = _request_body(integration, event, conn, variables)
        except _Refused:
            return 415, b'{"message": "Unsupported Media Type"}'
        except vtl.TemplateError as error:
            log.warning("WebSocket request template of %s failed: %s", integration.get("IntegrationId"), error)
            return 500, b'{"message": "Internal server error"}'
    status, body = await _call_integration(runtime, integration, event, scope, mapped)
    if kind in ("AWS", "HTTP", "MOCK"):
        try:
            return _response_body(integration, status, body, event, variables)
        except vtl.TemplateError as error:
            log.warning("WebSocket response template of %s failed: %s", integration.get("IntegrationId"), error)
            return 500, b'{"message": "Internal server error"}'
    return status, body


async def _call_integration(runtime: Runtime, integration: dict[str, Any], event: dict[str, Any], scope: Scope,
                            mapped: bytes | None) -> tuple[int, bytes]:
    kind = integration.get("IntegrationType")
    if kind == "MOCK":
        # A mock answers with the status its request template names (`{"statusCode": 200}`).
        try:
            asked = orjson.loads(mapped) if mapped else {}
            return (int(asked.get("statusCode", 200)) if isinstance(asked, dict) else 200), b""
        except (orjson.JSONDecodeError, TypeError, ValueError):
            return 500, b'{"message": "Internal server error"}'
    if kind in ("AWS_PROXY", "AWS") and ":lambda:" in (integration.get("IntegrationUri") or ""):
        if kind == "AWS":
            body = event.get("body")
            payload = mapped if mapped is not None else body.encode() if isinstance(body, str) and body else b"{}"
        else:
            payload = orjson.dumps(event)
        try:
            out = await call(runtime, "lambda", "Invoke", {"FunctionName": auth.function_arn(integration["IntegrationUri"]),
                                                          "Payload": payload}, scope.account, scope.region)
        except AwsError:
            return 500, b'{"message": "Internal server error"}'
        if out.get("FunctionError"):
            return 500, b'{"message": "Internal server error"}'
        payload = out.get("Payload") or b""
        if kind == "AWS":  # non-proxy: the function's answer is the integration's response body
            return 200, payload
        try:
            value = orjson.loads(payload) if payload else None
        except orjson.JSONDecodeError:
            return 200, payload
        if isinstance(value, dict) and "statusCode" in value:
            body = value.get("body")
            data = b"" if body is None else body.encode() if isinstance(body, str) else orjson.dumps(body)
            try:
                return int(value["statusCode"]), data
            except (TypeError, ValueError):
                return 500, b""
        return 200, b"" if value is None else orjson.dumps(value)
    if kind in ("HTTP", "HTTP_PROXY"):
        import httpx

        content = mapped if mapped is not None else orjson.dumps(event) if kind == "HTTP" else (event.get("body") or "")
        try:
            async with httpx.AsyncClient(timeout=(integration.get("TimeoutInMillis") or 29000) / 1000) as client:
                response = await client.post(integration["IntegrationUri"], content=content)
            return response.status_code, response.content
        except httpx.HTTPError:
            return 500, b'{"message": "Internal server error"}'
    return 500, b'{"message": "Internal server error"}'


def _route(snap: dict[str, Any], key: str) -> dict[str, Any] | None:
    return next((r for r in snap["routes"].values() if r["RouteKey"] == key), None)


def _integration(snap: dict[str, Any], route: dict[str, Any] | None) -> dict[str, Any] | None:
    if route is None:
        return None
    return snap["integrations"].get((route.get("Target") or "").removeprefix("integrations/"))


async def websocket(runtime: Runtime, request: Request, socket: WebSocket) -> bool:
    """Service.websocket: serve a connection to a WebSocket API until it closes."""
    t = dataplane.target(runtime, request)
    if t is None or t.api.get("ProtocolType") != "WEBSOCKET" or not t.stage:
        return False
    snap = dataplane.snapshot(t)
    if snap is None:
        return False
    now = runtime.clock.now()
    query: dict[str, str] = {}
    for k, v in request.query_params:
        query[k] = v
    conn = Connection(
        connection_id=new_connection_id(), api_id=t.api["ApiId"], stage=t.stage["StageName"], connected_at=now,
        last_active_at=now, source_ip=request.client or "127.0.0.1", user_agent=request.headers.get("user-agent", ""),
        headers={k: v for k, v in request.headers.items() if not k.startswith("sec-websocket") and k not in ("connection", "upgrade")},
        query=query,
    )
    rid = dataplane.request_id()
    connect = _route(snap, "$connect")
    authorizer_context: dict[str, Any] | None = None
    if connect is not None and connect.get("AuthorizationType") == "CUSTOM":
        authorizer = snap["authorizers"].get(connect.get("AuthorizerId") or "")
        c = _call(runtime, t, conn, "$connect", rid)
        src = expressions.Sources(method="GET", path=t.path, headers=conn.headers, query=query, context={},
                                  stage_variables=dict(t.stage.get("StageVariables") or {}))
        outcome = await auth.check_lambda(runtime, authorizer, c, src, "1.0") if authorizer else auth.Outcome(False, 500)
        if not outcome.allowed:
            return False  # refused before the upgrade: the client sees 401/403 as a failed handshake
        authorizer_context = outcome.context
        conn.authorizer = outcome.context
    status, _ = await _integrate(runtime, _integration(snap, connect),
                                 _event(runtime, t, conn, "$connect", "CONNECT", rid, authorizer=authorizer_context), conn, t.scope,
                                 dict(t.stage.get("StageVariables") or {}))
    if not 200 <= status < 300:
        return False
    await socket.accept()
    table = t.scope.table("connections")
    table[conn.connection_id] = conn
    runtime.store.commit()
    sockets = live_sockets(runtime)
    sockets[conn.connection_id] = Live(socket, t.scope)
    try:
        while True:
            data = await socket.receive()
            if data is None:
                break
            conn.last_active_at = runtime.clock.now()
            if conn.connection_id in table:
                table.touch(conn.connection_id)
            try:
                await _message(runtime, t, snap, conn, data, sockets[conn.connection_id])
            except Exception:  # a bug must not end the client's connection: log it, answer as AWS would
                log.exception("WebSocket message on %s failed", conn.connection_id)
                await socket.send(orjson.dumps({"message": "Internal server error", "connectionId": conn.connection_id}).decode())
    finally:
        sockets.pop(conn.connection_id, None)
        disconnect = _route(snap, "$disconnect")
        if disconnect is not None:
            event = _event(runtime, t, conn, "$disconnect", "DISCONNECT", dataplane.request_id(), authorizer=conn.authorizer or None)
            await _integrate(runtime, _integration(snap, disconnect), event, conn, t.scope, dict(t.stage.get("StageVariables") or {}))
        if conn.connection_id in table:
            del table[conn.connection_id]
        runtime.store.commit()
        await socket.close()
    return True


def _call(runtime: Runtime, t: dataplane.Target, conn: Connection, route_key: str, rid: str) -> payloads.Call:
    return payloads.Call(
        method="GET", raw_path=t.raw_path, path=t.path, query="&".join(f"{k}={v}" for k, v in conn.query.items()),
        headers=conn.headers, body=b"", source_ip=conn.source_ip, account=t.scope.account, region=t.scope.region,
        api_id=conn.api_id, stage=conn.stage, domain=t.domain, request_id=rid, now=runtime.clock.now(),
        route_key=route_key, stage_variables=dict(t.stage.get("StageVariables") or {}),
    )


async def _message(runtime: Runtime, t: dataplane.Target, snap: dict[str, Any], conn: Connection, data: str | bytes, live: Live) -> None:
    rid = dataplane.request_id()
    raw = data.encode() if isinstance(data, str) else data
    src = expressions.Sources(body=raw, context={"connectionId": conn.connection_id}, stage_variables=dict(t.stage.get("StageVariables") or {}))
    expression = snap["api"].get("RouteSelectionExpression") or "$request.body.action"
    key = expressions.text(expressions.value(expression, src)) if "$" in expression else expression
    route = _route(snap, key) if key else None
    if route is None or key in ("$connect", "$disconnect"):
        route = _route(snap, "$default")
        key = "$default"
    if route is None:
        async with live.lock:
            await live.socket.send(orjson.dumps({"message": "Forbidden", "connectionId": conn.connection_id, "requestId": rid}).decode())
        return
    event = _event(runtime, t, conn, key, "MESSAGE", rid, body=data, authorizer=conn.authorizer or None)
    status, body = await _integrate(runtime, _integration(snap, route), event, conn, t.scope, dict(t.stage.get("StageVariables") or {}))
    if route.get("_responses") or status >= 500:
        if status >= 500:
            body = orjson.dumps({"message": "Internal server error", "connectionId": conn.connection_id, "requestId": rid})
        if body and live.socket is not None:
            async with live.lock:
                await live.socket.send(body.decode("utf-8", "replace"))


# The management API, from a handler (`apigatewaymanagementapi`) or the data plane's URL forms.

def find_connection(runtime: Runtime, scope: Scope | None, connection_id: str) -> tuple[Scope, Connection] | None:
    if scope is not None:
        found = scope.table("connections").get(connection_id)
        if found is not None:
            return scope, found
    for other in runtime.store.scopes_of("apigatewayv2"):
        found = other.table("connections").get(connection_id)
        if found is not None:
            return other, found
    return None


def _gone(connection_id: str) -> m.GoneExceptionError:
    return m.GoneExceptionError(f"Connection {connection_id} is gone")


async def post(runtime: Runtime, scope: Scope | None, connection_id: str, data: bytes) -> None:
    if len(data) > MAX_FRAME:
        raise m.PayloadTooLargeExceptionError("Message too long")
    live = live_sockets(runtime).get(connection_id)
    if live is None:
        raise _gone(connection_id)
    text: str | bytes
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data
    async with live.lock:
        await live.socket.send(text)
    found = find_connection(runtime, live.scope, connection_id)
    if found is not None:
        found[1].last_active_at = runtime.clock.now()


def get(runtime: Runtime, scope: Scope | None, connection_id: str) -> dict[str, Any]:
    found = find_connection(runtime, scope, connection_id)
    if found is None or connection_id not in live_sockets(runtime):
        raise _gone(connection_id)
    conn = found[1]
    return {
        "ConnectedAt": datetime.fromtimestamp(conn.connected_at, timezone.utc),
        "Identity": {"SourceIp": conn.source_ip, "UserAgent": conn.user_agent},
        "LastActiveAt": datetime.fromtimestamp(conn.last_active_at, timezone.utc),
    }


async def delete(runtime: Runtime, scope: Scope | None, connection_id: str) -> None:
    live = live_sockets(runtime).get(connection_id)
    if live is None:
        raise _gone(connection_id)
    async with live.lock:
        await live.socket.close(1000, "Going away")


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


async def serve_management(runtime: Runtime, request: Request, t: dataplane.Target, rid: str) -> Response:
    """`@connections` at a WebSocket API's own URL (`.../<stage>/@connections/<id>`), in the
    rest-json wire form the management API's clients expect."""
    m = _MANAGEMENT.match(t.raw_path)
    headers = {"content-type": "application/json", "x-amzn-requestid": rid}
    if m is None:
        return Response(403, {**headers, "x-amzn-errortype": "ForbiddenException"}, b'{"message":"Forbidden"}')
    connection_id = m.group("id")
    try:
        if request.method == "POST":
            await post(runtime, t.scope, connection_id, await request.read())
            return Response(200, headers, b"")
        if request.method == "GET":
            out = get(runtime, t.scope, connection_id)
            body = {"connectedAt": _iso(out["ConnectedAt"]), "lastActiveAt": _iso(out["LastActiveAt"]),
                    "identity": {"sourceIp": out["Identity"]["SourceIp"], "userAgent": out["Identity"]["UserAgent"]}}
            return Response(200, headers, orjson.dumps(body))
        if request.method == "DELETE":
            await delete(runtime, t.scope, connection_id)
            return Response(204, headers, b"")
    except AwsError as e:
        return Response(e.status or 400, {**headers, "x-amzn-errortype": e.code}, orjson.dumps({"message": e.message}))
    return Response(403, {**headers, "x-amzn-errortype": "ForbiddenException"}, b'{"message":"Forbidden"}')
