"""The REST API data plane: invoke URLs in, the deployed stage's answer out.

    serve(runtime, request) -> Response | None     (Service.data_plane)

Addressed as `http://<api-id>.execute-api.<anything>/<stage>/<path>` (Host),
`/restapis/<api-id>/<stage>/_user_request_/<path>` or `/_aws/execute-api/<api-id>/<stage>/<path>`
(LocalStack's path forms), or a
custom domain's Host with its base path mappings. An unknown API id is None, so
the next claim (API Gateway v2) may answer.

Per request, in AWS's order: the stage and its deployment -> the resource and method
(literal parts before `{param}` before `{greedy+}`, ANY after the verb; none is 403
"Missing Authentication Token") -> authorization -> API key and usage plan (quota,
throttle) -> request validation -> the integration -> the response. Errors are the
API's gateway responses. Each request is recorded (GET /_cumulo/apigateway/requests)
and, when the stage has access logging, written to CloudWatch Logs in its format.
"""

from __future__ import annotations

import random
import re
import time
from collections import deque
from typing import Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.engines import vtl
from cumulo.services.apigateway import authorizers, integrations, quotas, responses, validation
from cumulo.services.apigateway.invocation import GatewayError, Invocation
from cumulo.services.apigateway.models import SERVICE, Resource, RestApi

_HOST = re.compile(r"^([a-z0-9]+)\.execute-api\.")
_PATH = re.compile(r"^/restapis/([^/]+)/([^/]+)/_user_request_(/.*)?$")
_AWS_PATH = re.compile(r"^/_aws/execute-api/([^/]+)/([^/]+)(/.*)?$")
_LOG_KEEP = 500


def _find_api(runtime: Runtime, api_id: str) -> RestApi | None:
    for scope in runtime.store.scopes_of(SERVICE):
        found = scope.table("apis").get(api_id)
        if found is not None:
            return found  # type: ignore[no-any-return]
    return None


def _find_domain(runtime: Runtime, host: str) -> tuple[str, Any] | None:
    for scope in runtime.store.scopes_of(SERVICE):
        found = scope.table("domain_names").get(host)
        if found is not None:
            return host, found
    return None


def _locate(runtime: Runtime, request: Request) -> tuple[RestApi, str, str, str, bool] | None:
    """(api, stage name, path within the stage, domain, by a custom domain name) for this
    request; None if not ours."""
    host = request.host.rsplit(":", 1)[0].lower()
    path = request.path
    found = _PATH.match(path) or _AWS_PATH.match(path)
    if found:
        api = _find_api(runtime, found.group(1))
        return (api, found.group(2), found.group(3) or "/", "", False) if api else None
    by_host = _HOST.match(host)
    if by_host:
        api = _find_api(runtime, by_host.group(1))
        if api is None:
            return None
        stage, _, rest = path.lstrip("/").partition("/")
        return api, stage, "/" + rest, host, False
    domain = _find_domain(runtime, host)
    if domain is None:
        return None
    mappings: dict[str, dict[str, Any]] = domain[1].mappings
    first, _, rest = path.lstrip("/").partition("/")
    mapping = mappings.get(first) if first else None
    if mapping is not None:
        remaining = "/" + rest
    else:
        mapping = mappings.get("(none)")
        remaining = path
    if mapping is None:
        return None
    api = _find_api(runtime, mapping["restApiId"])
    if api is None:
        return None
    if mapping.get("stage"):
        return api, mapping["stage"], remaining, host, True
    stage, _, rest = remaining.lstrip("/").partition("/")
    return api, stage, "/" + rest, host, True


def match(resources: dict[str, Resource], path: str, verb: str) -> tuple[Resource, dict[str, Any], dict[str, str]] | None:
    """The most specific resource with a method for `verb` (or ANY), its method and path parameters."""
    segments = [s for s in path.split("/") if s]
    candidates: list[tuple[tuple[int, ...], Resource, dict[str, str]]] = []
    for resource in resources.values():
        if not resource.methods:
            continue
        parts = [p for p in resource.path.split("/") if p]
        params: dict[str, str] = {}
        rank: list[int] = []
        ok = True
        for i, part in enumerate(parts):
            if part.startswith("{") and part.endswith("+}"):
                if i >= len(segments) or i != len(parts) - 1:
                    ok = False
                    break
                params[part[1:-2]] = "/".join(segments[i:])
                rank.append(2)
                break
            if i >= len(segments):
                ok = False
                break
            if part.startswith("{") and part.endswith("}"):
                params[part[1:-1]] = segments[i]
                rank.append(1)
            elif part == segments[i]:
                rank.append(0)
            else:
                ok = False
                break
        else:
            ok = ok and len(parts) == len(segments)
        if ok:
            candidates.append((tuple(rank), resource, params))
    candidates.sort(key=lambda c: c[0])
    for _, resource, params in candidates:
        method = resource.methods.get(verb) or resource.methods.get("ANY")
        if method is not None:
            return resource, method, params
    return None


async def serve(runtime: Runtime, request: Request) -> Response | None:
    located = _locate(runtime, request)
    if located is None:
        return None
    rest_api, stage_name, path, domain, custom = located
    if rest_api.info.get("disableExecuteApiEndpoint") and not custom:
        return _plain(403, {"message": "Forbidden"})  # only its custom domain names serve it
    stage = rest_api.stages.get(stage_name)
    deployment = rest_api.deployments.get(stage["deploymentId"]) if stage else None
    if stage is None or deployment is None:
        return _plain(403, {"message": "Forbidden"})
    canary = stage.get("canarySettings") or {}
    if canary.get("deploymentId") in rest_api.deployments and random.random() * 100 < float(canary.get("percentTraffic") or 0):
        deployment = rest_api.deployments[canary["deploymentId"]]
        variables = {**(stage.get("variables") or {}), **(canary.get("stageVariableOverrides") or {})}
        stage = {**stage, "variables": variables, "deploymentId": deployment.id}
    body = await request.read()
    inv = Invocation(runtime, request, rest_api, stage, deployment.snapshot, path, body, domain=domain)
    try:
        response = await _handle(inv)
    except GatewayError as error:
        response = gateway_response(inv, error)
    except Exception as error:  # noqa: BLE001 - a fault of ours still answers as API Gateway does, and is recorded
        inv.error = repr(error)
        response = gateway_response(inv, GatewayError("DEFAULT_5XX", "Internal server error", "500"))
    response.headers.setdefault("x-amzn-RequestId", inv.request_id)
    response.headers.setdefault("x-amz-apigw-id", inv.request_id[:16].replace("-", ""))
    await _record(inv, response)
    return response


async def _handle(inv: Invocation) -> Response:
    found = match(inv.snapshot["resources"], inv.path, inv.verb)
    if found is None:
        raise GatewayError("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token")
    inv.resource, inv.method, inv.path_params = found
    _stage_throttle(inv)
    await authorizers.authorize(inv)
    authorizers.resource_policy(inv)
    _api_key(inv)
    validation.check(inv)
    cache = _cache_slot(inv)
    if cache is not None:
        entries, key, ttl = cache
        hit = entries.get(key)
        now = inv.runtime.clock.now()
        if hit is not None and hit[0] > now and (inv.header("cache-control") or "") != "max-age=0":
            status, headers, body = hit[1]
            return Response(status, dict(headers), body)
        response = await integrations.run(inv)
        if 200 <= response.status < 300 and isinstance(response.body, bytes):
            entries[key] = (now + ttl, (response.status, dict(response.headers), response.body))
        return response
    return await integrations.run(inv)


def _cache_slot(inv: Invocation) -> tuple[dict[str, Any], str, float] | None:
    """The stage cache for this method, when the stage has a cache cluster and the
    method's settings (or `*/*`) enable caching: (entries, key, TTL). The key is the
    path plus the integration's `cacheKeyParameters`; entries live beside the state
    for `cacheTtlInSeconds` on the cumulo clock, until FlushStageCache."""
    if not inv.stage.get("cacheClusterEnabled") or inv.resource is None:
        return None
    settings: dict[str, dict[str, Any]] = inv.stage.get("methodSettings") or {}
    chosen = settings.get(f"{inv.resource.path.lstrip('/')}/{inv.verb}") or settings.get("*/*")
    if not chosen or not chosen.get("cachingEnabled"):
        return None
    ttl = float(chosen.get("cacheTtlInSeconds", 300))
    if ttl <= 0:
        return None
    integration = (inv.method or {}).get("methodIntegration") or {}
    parts = [inv.verb, inv.path] + [f"{p}={inv.source_value(p) or ''}" for p in integration.get("cacheKeyParameters") or []]
    caches: dict[str, dict[str, Any]] = inv.runtime.live.setdefault(SERVICE, {}).setdefault("stage_cache", {})
    return caches.setdefault(f"{inv.rest_api.id}|{inv.stage_name}", {}), "|".join(parts), ttl


def _stage_throttle(inv: Invocation) -> None:
    """The stage's method settings' throttle (the method's own, else `*/*`): a token bucket
    of `throttlingBurstLimit` refilled at `throttlingRateLimit` a second on the cumulo clock,
    kept beside the state (AWS does not persist it either)."""
    settings: dict[str, dict[str, Any]] = inv.stage.get("methodSettings") or {}
    if not settings or inv.resource is None:
        return
    key = f"{inv.resource.path.lstrip('/')}/{inv.verb}"
    chosen = settings.get(key) or settings.get(f"{inv.resource.path.lstrip('/')}/ANY") or settings.get("*/*")
    if not chosen or chosen.get("throttlingRateLimit") is None:
        return
    if not _take(inv, (inv.rest_api.id, inv.stage_name, key if key in settings else "*/*"),
                 float(chosen["throttlingRateLimit"]), float(chosen.get("throttlingBurstLimit") or 0)):
        raise GatewayError("THROTTLED", "Too Many Requests")


def _take(inv: Invocation, key: tuple[str, ...], rate: float, burst: float) -> bool:
    """One token from the bucket `key` (burst capacity, refilled at `rate`/s on the clock)."""
    buckets: dict[tuple[str, ...], list[float]] = inv.runtime.live.setdefault(SERVICE, {}).setdefault("buckets", {})
    now = inv.runtime.clock.now()
    capacity = max(burst, 1.0)
    bucket = buckets.setdefault(key, [capacity, now])
    bucket[0] = min(capacity, bucket[0] + (now - bucket[1]) * rate)
    bucket[1] = now
    if bucket[0] < 1:
        return False
    bucket[0] -= 1
    return True


def _api_key(inv: Invocation) -> None:
    source = inv.snapshot["info"].get("apiKeySource") or "HEADER"
    value = inv.usage_key if source == "AUTHORIZER" else inv.header("x-api-key")
    if not (inv.method or {}).get("apiKeyRequired"):
        return
    if not value:
        raise GatewayError("INVALID_API_KEY", "Forbidden")
    scope = inv.runtime.store.scope(SERVICE, inv.account, inv.region)
    key = next((k for k in scope.table("api_keys").values() if k["value"] == value), None)
    if key is None or not key.get("enabled"):
        raise GatewayError("INVALID_API_KEY", "Forbidden")
    plans = [p for p in scope.table("usage_plans").values() if key["id"] in p.keys and any(
        s.get("apiId") == inv.rest_api.id and s.get("stage") == inv.stage_name for s in p.info.get("apiStages") or [])]
    if not plans:
        raise GatewayError("INVALID_API_KEY", "Forbidden")
    inv.api_key, inv.api_key_id = value, key["id"]
    plan = plans[0]
    stage = next(s for s in plan.info.get("apiStages") or [] if s.get("apiId") == inv.rest_api.id and s.get("stage") == inv.stage_name)
    method = f"{inv.resource.path if inv.resource else inv.path}/{inv.verb}"
    own = (stage.get("throttle") or {}).get(method)
    if own and own.get("rateLimit") is not None and not _take(
            inv, (plan.id, key["id"], inv.rest_api.id, inv.stage_name, method), float(own["rateLimit"]), float(own.get("burstLimit") or 0)):
        raise GatewayError("THROTTLED", "Too Many Requests")
    refused = quotas.consume(scope, plan, key["id"], inv.runtime.clock.now())
    if refused == "THROTTLED":
        raise GatewayError("THROTTLED", "Too Many Requests")
    if refused == "QUOTA_EXCEEDED":
        raise GatewayError("QUOTA_EXCEEDED", "Limit Exceeded")


def _plain(status: int, body: dict[str, Any]) -> Response:
    return Response(status, {"Content-Type": "application/json", "x-amzn-ErrorType": "ForbiddenException"}, orjson.dumps(body))


def gateway_response(inv: Invocation, error: GatewayError) -> Response:
    """The API's gateway response for `error.kind`, its template rendered with `$context.error`."""
    spec = responses.effective(inv.snapshot.get("gateway_responses") or {}, error.kind)
    status = int(error.status or spec.get("statusCode") or responses.DEFAULT_STATUS.get(error.kind) or 500)
    if error.kind in ("DEFAULT_4XX", "DEFAULT_5XX") and error.status:
        status = int(error.status)
    inv.error = inv.error or error.message
    context = inv.context()
    context["error"] = {"message": error.message, "messageString": orjson.dumps(error.message).decode(),
                        "responseType": error.kind, "validationErrorString": error.message}
    templates = spec.get("responseTemplates") or {}
    template = templates.get("application/json") or next(iter(templates.values()), None)
    if template:
        try:
            body = vtl.render(template, inv.text_body(), inv.params(), context, inv.variables).encode()
        except vtl.TemplateError:
            body = orjson.dumps({"message": error.message})
    else:
        body = b""
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": _error_type(error.kind)}
    for target, source in (spec.get("responseParameters") or {}).items():
        value = inv.source_value(source, context)
        if value is not None:
            headers[target.split(".", 2)[-1]] = value
    return Response(status, headers, body)


def _error_type(kind: str) -> str:
    return {"MISSING_AUTHENTICATION_TOKEN": "MissingAuthenticationTokenException", "UNAUTHORIZED": "UnauthorizedException",
            "ACCESS_DENIED": "AccessDeniedException", "THROTTLED": "TooManyRequestsException",
            "QUOTA_EXCEEDED": "LimitExceededException", "BAD_REQUEST_BODY": "BadRequestException",
            "BAD_REQUEST_PARAMETERS": "BadRequestException", "INVALID_API_KEY": "ForbiddenException",
            }.get(kind, "InternalServerErrorException" if kind.endswith("5XX") else "ForbiddenException")


# ------------------------------------------------------------ records and access logs


def requests_log(runtime: Runtime) -> deque[dict[str, Any]]:
    live = runtime.live.setdefault(SERVICE, {})
    log: deque[dict[str, Any]] = live.setdefault("requests", deque(maxlen=_LOG_KEEP))
    return log


async def _record(inv: Invocation, response: Response) -> None:
    latency = (time.perf_counter() - inv.started) * 1000
    integration = (inv.method or {}).get("methodIntegration") or {}
    requests_log(inv.runtime).append({
        "requestId": inv.request_id, "apiId": inv.rest_api.id, "stage": inv.stage_name, "method": inv.verb,
        "path": inv.path, "resource": inv.resource.path if inv.resource else None,
        "integration": integration.get("type"), "integrationStatus": inv.integration_status,
        "status": response.status, "latencyMs": round(latency, 3), "error": inv.error,
        "time": inv.runtime.clock.now(),
    })
    settings = inv.stage.get("accessLogSettings") or {}
    if settings.get("destinationArn") and settings.get("format"):
        await _access_log(inv, response, settings, latency)


async def _access_log(inv: Invocation, response: Response, settings: dict[str, Any], latency: float) -> None:
    context = inv.context()
    context.update({"status": response.status, "responseLatency": int(latency),
                    "integrationLatency": int(inv.integration_latency * 1000),
                    "responseLength": len(response.body) if isinstance(response.body, bytes) else 0,
                    "integrationStatus": inv.integration_status,
                    "error": {"message": inv.error or "", "messageString": orjson.dumps(inv.error or "").decode()}})
    line = re.sub(r"\$context\.([A-Za-z0-9_.]+)", lambda m: _context_value(context, m.group(1)), settings["format"])
    arn = settings["destinationArn"]
    parts = arn.split(":")
    group = parts[6] if len(parts) > 6 else arn
    account, region = parts[4], parts[3]
    stream = f"{inv.rest_api.id}-{inv.stage_name}"
    event = {"timestamp": int(inv.runtime.clock.now() * 1000), "message": line}
    try:
        try:
            await services.call(inv.runtime, "logs", "PutLogEvents",
                                {"logGroupName": group, "logStreamName": stream, "logEvents": [event]}, account, region)
        except AwsError as error:
            if error.code != "ResourceNotFoundException":
                raise
            try:
                await services.call(inv.runtime, "logs", "CreateLogStream", {"logGroupName": group, "logStreamName": stream},
                                    account, region)
            except AwsError as missing:
                if missing.code != "ResourceAlreadyExistsException":
                    raise
            await services.call(inv.runtime, "logs", "PutLogEvents",
                                {"logGroupName": group, "logStreamName": stream, "logEvents": [event]}, account, region)
    except AwsError as error:
        inv.error = inv.error or f"access log not written: {error.code}"


def _context_value(context: dict[str, Any], path: str) -> str:
    node: Any = context
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return "-" if node is None or node == "" else str(node)
