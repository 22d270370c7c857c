"""The invoke URLs of HTTP APIs (and the `@connections` URLs of WebSocket APIs) on cumulo's port.

Addresses, as LocalStack users already call them:
- `http://<api id>.execute-api.<anything>:4566/<stage>/<path>` (Host routing; no stage
  segment for the `$default` stage);
- `http://127.0.0.1:4566/_aws/execute-api/<api id>/<stage>/<path>`;
- `http://127.0.0.1:4566/restapis/<api id>/<stage>/_user_request_/<path>` (v1's form,
  shared: an id this service does not know is left to API Gateway v1);
- a custom domain name by its Host header (`Host: api.example.com`), through its API
  mappings (`/<mapping key>/<path>` goes to the mapped API and stage).

A request runs: API and stage -> the stage's deployment snapshot -> CORS preflight ->
route selection -> authorizer -> integration -> response mapping and CORS headers.
Errors are AWS's: `{"message":"Not Found"}` 404, 401 Unauthorized, 403 Forbidden,
500 Internal Server Error, 503 Service Unavailable; every answer carries `apigw-requestid`.
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass
from typing import Any

import orjson

from cumulo.auth import invoke
from cumulo.core.arns import arn
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.apigatewayv2 import accesslogs, auth, expressions, integrate, payloads, routing, throttling
from cumulo.state import Scope

SERVICE = "apigatewayv2"
_HOST = re.compile(r"^(?P<api>[a-z0-9]{10})\.execute-api\.")
_PATH = re.compile(r"^/_aws/execute-api/(?P<api>[a-z0-9]+)(?P<rest>/.*)?$")
_V1_PATH = re.compile(r"^/restapis/(?P<api>[a-z0-9]+)/(?P<stage>[^/]+)/_user_request_(?P<rest>/.*)?$")
# A host that may be a custom domain name: a dotted name that is not cumulo's own, an
# IP address, AWS's or LocalStack's (the same pattern claims it in services.DATA_PLANES).
CUSTOM_DOMAIN = r"^(?!.*\.(?:localhost|amazonaws\.com|localstack\.cloud)$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$"
_CUSTOM = re.compile(CUSTOM_DOMAIN)
_INDEX = "apigatewayv2.api-index"
_ROUTES = "apigatewayv2.compiled-routes"


@dataclass(slots=True)
class Target:
    """Where a request goes: the API's scope, the API, the stage, and the path after the stage."""

    scope: Scope
    api: dict[str, Any]
    stage: dict[str, Any]
    raw_path: str  # after the API's base: includes the stage segment for a named stage
    path: str  # the path routes see
    domain: str
    custom: bool = False  # reached through a custom domain name


def find_api(runtime: Runtime, api_id: str) -> Scope | None:
    """The scope holding API `api_id`, from an index rebuilt when an id is not in it."""
    index: dict[str, tuple[str, str, str]] = runtime.live.setdefault(_INDEX, {})
    key = index.get(api_id)
    if key is not None:
        scope = runtime.store.scope(*key)
        if api_id in scope.table("apis"):
            return scope
    index.clear()
    for scope in runtime.store.scopes_of(SERVICE):
        for found in scope.table("apis"):
            index[found] = scope.key
    key = index.get(api_id)
    return runtime.store.scope(*key) if key is not None else None


def resolve(runtime: Runtime, request: Request) -> tuple[str, str, str | None] | None:
    """(api id, path after the API's base, stage forced by the URL form) or None."""
    path = request.path.split("?", 1)[0]
    m = _PATH.match(path)
    if m is not None:
        return m.group("api"), m.group("rest") or "/", None
    m = _V1_PATH.match(path)
    if m is not None:
        return m.group("api"), "/" + m.group("stage") + (m.group("rest") or "/"), m.group("stage")
    host = request.host.rsplit(":", 1)[0].lower() if request.host else ""
    m = _HOST.match(host)
    if m is not None:
        return m.group("api"), path or "/", None
    return None


def custom_domain(runtime: Runtime, host: str, path: str) -> tuple[Scope, str, str, str] | None:
    """(scope, api id, stage, path after the mapping key) for a request to a custom domain
    name, by its API mappings (the longest mapping key that prefixes the path wins)."""
    for scope in runtime.store.scopes_of(SERVICE):
        if host not in scope.table("domains"):
            continue
        best: dict[str, Any] | None = None
        for k, mapping in scope.table("api_mappings").rows.items():
            if not k.startswith(host + "/"):
                continue
            key = mapping.attrs.get("ApiMappingKey") or ""
            if key == "" or path == "/" + key or path.startswith("/" + key + "/"):
                if best is None or len(key) > len(best.get("ApiMappingKey") or ""):
                    best = mapping.attrs
        if best is None:
            return None
        key = best.get("ApiMappingKey") or ""
        return scope, best["ApiId"], best["Stage"], (path[len(key) + 1 :] if key else path) or "/"
    return None


def target(runtime: Runtime, request: Request) -> Target | None:
    found = resolve(runtime, request)
    host = request.host.rsplit(":", 1)[0].lower() if request.host else ""
    if found is None:
        mapped = custom_domain(runtime, host, request.path.split("?", 1)[0]) if _CUSTOM.match(host) else None
        if mapped is None:
            return None
        scope, api_id, stage_name, rest = mapped
        api = scope.table("apis").get(api_id)
        stage = scope.table("stages").get(f"{api_id}/{stage_name}")
        if api is None or stage is None:
            return None
        return Target(scope, api.attrs, stage.attrs, rest, rest, host, custom=True)
    api_id, rest, forced = found
    home = find_api(runtime, api_id)
    if home is None:
        return None
    api = home.table("apis")[api_id].attrs
    stages = home.table("stages")
    segments = rest.split("/", 2)
    first = segments[1] if len(segments) > 1 else ""
    if forced is not None:  # the URL names the stage (`/restapis/<id>/$default/_user_request_/...` too)
        stage = stages.get(f"{api_id}/{forced}")
    else:
        stage = stages.get(f"{api_id}/{first}") if first and first != "$default" else None
    if stage is not None:
        path = "/" + (segments[2] if len(segments) > 2 else "")
    else:
        stage = stages.get(f"{api_id}/$default")
        path = rest
    domain = host if _HOST.match(host) else f"{api_id}.execute-api.localhost.localstack.cloud"
    if stage is None:
        return Target(home, api, {}, rest, path, domain)
    # rawPath keeps a named stage's segment (as AWS sends it), never `$default`.
    return Target(home, api, stage.attrs, path if stage.attrs["StageName"] == "$default" else rest, path, domain)


def request_id() -> str:
    return base64.b64encode(secrets.token_bytes(10)).decode()


def message(status: int, text: str, rid: str, headers: dict[str, str] | None = None) -> Response:
    return Response(status, {"content-type": "application/json", "apigw-requestid": rid, **(headers or {})},
                    orjson.dumps({"message": text}))


def snapshot(t: Target) -> dict[str, Any] | None:
    deployment_id = t.stage.get("DeploymentId")
    if not deployment_id:
        return None
    deployment = t.scope.table("deployments").get(f"{t.api['ApiId']}/{deployment_id}")
    return deployment.extra.get("snapshot") if deployment is not None else None


def compiled(runtime: Runtime, deployment_id: str, snap: dict[str, Any]) -> tuple[list[routing.Compiled], dict[str, Any] | None]:
    cache = runtime.live.setdefault(_ROUTES, {})
    table = cache.get(deployment_id)
    if table is None:
        if len(cache) > 256:
            cache.clear()
        table = cache[deployment_id] = routing.compile_all(list(snap["routes"].values()))
    return table


def _cors_headers(cors: dict[str, Any], origin: str, preflight: bool, request: Request) -> dict[str, str]:
    origins = cors.get("AllowOrigins") or []
    if not origin or not ("*" in origins or origin in origins):
        return {}
    out = {"access-control-allow-origin": "*" if "*" in origins and not cors.get("AllowCredentials") else origin}
    if cors.get("AllowCredentials"):
        out["access-control-allow-credentials"] = "true"
    if cors.get("ExposeHeaders") and not preflight:
        out["access-control-expose-headers"] = ",".join(cors["ExposeHeaders"])
    if preflight:
        methods = cors.get("AllowMethods") or []
        asked = request.headers.get("access-control-request-method", "")
        if methods and "*" not in methods and asked not in methods:
            return {}
        out["access-control-allow-methods"] = ",".join(methods) if methods else asked
        allowed_headers = cors.get("AllowHeaders") or []
        asked_headers = request.headers.get("access-control-request-headers", "")
        if allowed_headers:
            out["access-control-allow-headers"] = asked_headers if "*" in allowed_headers and asked_headers else ",".join(allowed_headers)
        if cors.get("MaxAge") is not None:
            out["access-control-max-age"] = str(cors["MaxAge"])
    return out


async def serve(runtime: Runtime, request: Request) -> Response | None:
    t = target(runtime, request)
    if t is None:
        return None
    rid = request_id()
    if t.api.get("ProtocolType") == "WEBSOCKET":
        from cumulo.services.apigatewayv2 import connections

        return await connections.serve_management(runtime, request, t, rid)
    if t.api.get("DisableExecuteApiEndpoint") and not t.custom:
        return message(403, "Forbidden", rid)  # only its custom domains reach it, as on AWS
    if not t.stage:
        return message(404, "Not Found", rid)
    snap = snapshot(t)
    if snap is None:
        return message(404, "Not Found", rid)
    cors = snap["api"].get("CorsConfiguration")
    origin = request.headers.get("origin", "")
    if cors and request.method == "OPTIONS" and "access-control-request-method" in request.headers:
        return Response(204, {"apigw-requestid": rid, **_cors_headers(cors, origin, True, request)}, b"")
    table = compiled(runtime, t.stage["DeploymentId"], snap)
    found = routing.select(table, request.method, t.path)
    cors_out = _cors_headers(cors, origin, False, request) if cors else {}
    if found is None:
        return message(404, "Not Found", rid, cors_out)
    route, params, route_path = found
    api_id = t.api["ApiId"]
    limit = throttling.limits(t.stage, route["RouteKey"])
    if limit is not None and not throttling.admit(runtime, (api_id, t.stage["StageName"], route["RouteKey"]), *limit):
        return message(429, "Too Many Requests", rid, cors_out)
    c = payloads.Call(
        method=request.method, raw_path=t.raw_path, path=t.path, query=request.query, headers=dict(request.headers),
        body=await request.read(), source_ip=request.client or "127.0.0.1", account=t.scope.account, region=t.scope.region,
        api_id=api_id, stage=t.stage["StageName"], domain=t.domain, request_id=rid, now=runtime.clock.now(),
        route_key=route["RouteKey"], route_path=route_path, path_parameters=params,
        stage_variables=dict(t.stage.get("StageVariables") or {}),
    )
    src = sources(c)
    integration = snap["integrations"].get((route.get("Target") or "").removeprefix("integrations/"))
    version = (integration or {}).get("PayloadFormatVersion") or "1.0"
    refused = await authorize(runtime, snap, route, c, src, version, request)
    if refused is not None:
        return message(refused.status, _STATUS_TEXT.get(refused.status, "Internal Server Error"), rid, cors_out)
    if integration is None:
        return message(500, "Internal Server Error", rid, cors_out)
    log_request(runtime, c, integration, 0)
    try:
        if integration.get("IntegrationSubtype"):
            answer = await integrate.aws_service(runtime, integration, c, src)
        elif integration.get("IntegrationType") == "AWS_PROXY":
            answer = await integrate.lambda_proxy(runtime, integration, c)
        else:
            answer = await integrate.http_proxy(runtime, integration, c, src)
    except integrate.Failed as e:
        log_request(runtime, c, integration, e.status)
        if t.stage.get("AccessLogSettings"):
            await accesslogs.write(runtime, t.stage, c, src, e.status, 0, None, e.message)
        return message(e.status, e.message, rid, cors_out)
    integration_status = answer.status
    answer = integrate.map_response(integration, answer, src)
    log_request(runtime, c, integration, answer.status)
    if t.stage.get("AccessLogSettings"):
        await accesslogs.write(runtime, t.stage, c, src, answer.status, len(answer.body), integration_status)
    headers = {**answer.headers, "apigw-requestid": rid, **cors_out}
    if answer.cookies:
        headers["set-cookie"] = ", ".join(answer.cookies)
    return Response(answer.status, headers, answer.body)


_STATUS_TEXT = {401: "Unauthorized", 403: "Forbidden", 500: "Internal Server Error"}


def sources(c: payloads.Call) -> expressions.Sources:
    query: dict[str, str] = {}
    for k, v in payloads._query_pairs(c.query):
        query[k] = f"{query[k]},{v}" if k in query else v
    context = {
        "accountId": c.account, "apiId": c.api_id, "domainName": c.domain, "httpMethod": c.method,
        "path": c.raw_path, "protocol": "HTTP/1.1", "requestId": c.request_id, "routeKey": c.route_key,
        "stage": c.stage, "requestTime": payloads.request_time(c.now), "requestTimeEpoch": int(c.now * 1000),
        "identity": {"sourceIp": c.source_ip, "userAgent": c.headers.get("user-agent", "")},
    }
    return expressions.Sources(
        method=c.method, path=c.path, headers=c.headers, query=query, path_parameters=c.path_parameters,
        body=c.body, context=context, stage_variables=c.stage_variables,
    )


async def authorize(runtime: Runtime, snap: dict[str, Any], route: dict[str, Any], c: payloads.Call,
                    src: expressions.Sources, version: str, request: Request | None = None) -> auth.Outcome | None:
    """None when the request may go on; the refusal otherwise. Sets `c.authorizer`."""
    kind = route.get("AuthorizationType") or "NONE"
    if kind == "NONE":
        return None
    if kind == "AWS_IAM":
        # The signer's policies must allow execute-api:Invoke on the route's ARN (the
        # signature itself is checked by the gateway with CUMULO_VERIFY_SIGNATURES).
        key = invoke.signing_key(c.headers.get("authorization", ""), src.query)
        if key is None:
            return auth.FORBIDDEN
        method_arn = arn("execute-api", c.region, c.account, f"{c.api_id}/{c.stage}/{c.method}{c.path}")
        verdict = invoke.may_invoke(runtime, key, c.region, method_arn, c.request_id, request)
        if not verdict.allowed or verdict.principal is None:
            return auth.FORBIDDEN
        p = verdict.principal
        c.authorizer = {"iam": {"accessKey": key, "accountId": p.account, "callerId": p.user_id, "userArn": p.arn,
                                "userId": p.user_id, "cognitoIdentity": None, "principalOrgId": None}}
        return None
    authorizer = snap["authorizers"].get(route.get("AuthorizerId") or "")
    if authorizer is None:
        return auth.Outcome(False, 500)
    if authorizer["AuthorizerType"] == "JWT":
        outcome = await auth.check_jwt(runtime, authorizer, route, src, version)
    else:
        outcome = await auth.check_lambda(runtime, authorizer, c, src, version)
    if not outcome.allowed:
        return outcome
    c.authorizer = outcome.context
    src.context["authorizer"] = outcome.context
    return None


def log_request(runtime: Runtime, c: payloads.Call, integration: dict[str, Any], status: int) -> None:
    """Keep the latest requests for `GET /_cumulo/apigatewayv2/requests` (status 0: in flight)."""
    from cumulo.services.apigatewayv2 import internal

    internal.record(runtime, {
        "requestId": c.request_id, "apiId": c.api_id, "stage": c.stage, "routeKey": c.route_key,
        "method": c.method, "path": c.raw_path, "integrationId": integration.get("IntegrationId"),
        "integrationType": integration.get("IntegrationSubtype") or integration.get("IntegrationType"),
        "status": status, "time": c.now,
    })
