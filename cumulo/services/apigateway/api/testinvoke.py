"""TestInvokeMethod and TestInvokeAuthorizer: the data plane run against the API as it is
now (not as deployed), in a `test-invoke-stage`, without authorization for methods, as
the console's Test button does."""

from __future__ import annotations

import time
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.http import Request
from cumulo.services.apigateway import authorizers, dataplane, integrations, lookup, validation
from cumulo.services.apigateway.api.deployments import snapshot
from cumulo.services.apigateway.invocation import GatewayError, Invocation
from cumulo.services.apigateway.lookup import bad_request


def _invocation(ctx: RequestContext, rest_api: Any, req: dict[str, Any], verb: str) -> Invocation:
    path, _, query = (req.get("pathWithQueryString") or "/").partition("?")
    headers = {k.lower(): v for k, v in (req.get("headers") or {}).items()}
    for name, values in (req.get("multiValueHeaders") or {}).items():
        headers[name.lower()] = ", ".join(values)
    body = (req.get("body") or "").encode()
    request = Request(verb, path, query, headers, body)
    stage = {"stageName": "test-invoke-stage", "variables": dict(req.get("stageVariables") or {}), "deploymentId": "test-invoke"}
    return Invocation(ctx.runtime, request, rest_api, stage, snapshot(rest_api), path, body)


def _log(inv: Invocation, status: int) -> str:
    return (f"Execution log for request {inv.request_id}\n"
            f"Starting execution for request: {inv.request_id}\n"
            f"HTTP Method: {inv.verb}, Resource Path: {inv.path}\n"
            f"Method completed with status: {status}\n")


async def test_invoke_method(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    verb = req["httpMethod"].upper()
    resource = lookup.resource(rest_api, req["resourceId"])
    method = lookup.method(rest_api, resource.id, verb)
    inv = _invocation(ctx, rest_api, req, verb)
    found = dataplane.match({resource.id: inv.snapshot["resources"][resource.id]}, inv.path, verb)
    if found is None:
        raise bad_request(f"Invalid path {inv.path} for resource {resource.path}")
    inv.resource, inv.method, inv.path_params = found[0], method, found[2]
    started = time.perf_counter()
    try:
        validation.check(inv)
        response = await integrations.run(inv)
    except GatewayError as error:
        response = dataplane.gateway_response(inv, error)
    body = response.body if isinstance(response.body, bytes) else b""
    return {
        "status": response.status,
        "body": body.decode("utf-8", "replace"),
        "headers": dict(response.headers),
        "multiValueHeaders": {k: [v] for k, v in response.headers.items()},
        "log": _log(inv, response.status),
        "latency": int((time.perf_counter() - started) * 1000),
    }


async def test_invoke_authorizer(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    authorizer = rest_api.authorizers.get(req["authorizerId"])
    if authorizer is None:
        raise lookup.not_found("Invalid Authorizer identifier specified")
    inv = _invocation(ctx, rest_api, req, "GET")
    inv.method = {"authorizationType": "CUSTOM" if authorizer["type"] != "COGNITO_USER_POOLS" else "COGNITO_USER_POOLS",
                  "authorizerId": authorizer["id"]}
    inv.snapshot["authorizers"] = {authorizer["id"]: {**authorizer, "authorizerResultTtlInSeconds": 0}}
    started = time.perf_counter()
    out: dict[str, Any] = {"log": f"Execution log for authorizer {authorizer['id']}\n"}
    try:
        await authorizers.authorize(inv)
        out["clientStatus"] = 200
    except GatewayError as error:
        out["clientStatus"] = int(error.status or {"UNAUTHORIZED": 401, "ACCESS_DENIED": 403}.get(error.kind, 500))
        out["log"] += f"{error.kind}: {error.message}\n"
    if inv.authorizer.get("principalId") is not None:
        out["principalId"] = str(inv.authorizer["principalId"])
    if "claims" in inv.authorizer:
        out["claims"] = inv.authorizer["claims"]
    else:
        context = {k: str(v) for k, v in inv.authorizer.items() if k != "principalId"}
        if context:
            out["authorization"] = {k: [v] for k, v in context.items()}
    out["latency"] = int((time.perf_counter() - started) * 1000)
    if inv.policy is not None:
        out["policy"] = orjson.dumps(inv.policy).decode()
    return out
