"""Deployments and stages: a deployment freezes the API's tree; a stage serves one.

A stage's method settings are patched at `/<resource path>/<verb>/<group>/<setting>`
(`/*/*/throttling/rateLimit`, `/pets/GET/caching/enabled`) and answered under the key
`<resource path>/<verb>` (`*/*`), as AWS does.
"""

from __future__ import annotations

import copy
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.apigateway import lookup, patch
from cumulo.services.apigateway.lookup import bad_request, conflict, not_found
from cumulo.services.apigateway.models import Deployment, RestApi, new_id

_SETTINGS = {
    ("metrics", "enabled"): "metricsEnabled",
    ("logging", "loglevel"): "loggingLevel",
    ("logging", "dataTrace"): "dataTraceEnabled",
    ("throttling", "burstLimit"): "throttlingBurstLimit",
    ("throttling", "rateLimit"): "throttlingRateLimit",
    ("caching", "enabled"): "cachingEnabled",
    ("caching", "ttlInSeconds"): "cacheTtlInSeconds",
    ("caching", "dataEncrypted"): "cacheDataEncrypted",
    ("caching", "requireAuthorizationForCacheControl"): "requireAuthorizationForCacheControl",
    ("caching", "unauthorizedCacheControlHeaderStrategy"): "unauthorizedCacheControlHeaderStrategy",
}
_DEFAULT_SETTING = {
    "metricsEnabled": False, "loggingLevel": "OFF", "dataTraceEnabled": False, "throttlingBurstLimit": 5000,
    "throttlingRateLimit": 10000.0, "cachingEnabled": False, "cacheTtlInSeconds": 300, "cacheDataEncrypted": False,
    "requireAuthorizationForCacheControl": True, "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
}
_STAGE_MEMBERS = frozenset({
    "description", "deploymentId", "cacheClusterEnabled", "cacheClusterSize", "clientCertificateId", "tracingEnabled",
    "documentationVersion", "webAclArn",
})


def snapshot(rest_api: RestApi) -> dict[str, Any]:
    """What a deployment serves: a deep copy of everything requests read."""
    return copy.deepcopy({
        "info": rest_api.info,
        "resources": rest_api.resources,
        "authorizers": rest_api.authorizers,
        "validators": rest_api.validators,
        "models": rest_api.models,
        "gateway_responses": rest_api.gateway_responses,
    })


def _summary(rest_api: RestApi) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for resource in rest_api.resources.values():
        for verb, method in resource.methods.items():
            out.setdefault(resource.path, {})[verb] = {
                "authorizationType": method.get("authorizationType", "NONE"),
                "apiKeyRequired": bool(method.get("apiKeyRequired")),
            }
    return out


def create_deployment(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    methods = [m for r in rest_api.resources.values() for m in r.methods.values()]
    if not methods:
        raise bad_request("The REST API doesn't contain any methods")
    if any("methodIntegration" not in m for m in methods):
        raise bad_request("No integration defined for method")
    deployment = Deployment(new_id(6), ctx.clock.now(), req.get("description"), snapshot(rest_api), _summary(rest_api))
    rest_api.deployments[deployment.id] = deployment
    if req.get("stageName"):
        stage = rest_api.stages.get(req["stageName"])
        if stage is None:
            _new_stage(ctx, rest_api, {**req, "deploymentId": deployment.id, "description": req.get("stageDescription")})
        elif req.get("canarySettings") is not None:
            # A canary deployment: the stage keeps serving its deployment; the canary takes
            # `percentTraffic` of the requests, with its stage variable overrides.
            stage["canarySettings"] = {"deploymentId": deployment.id, "percentTraffic": 0.0, **req["canarySettings"]}
            stage["lastUpdatedDate"] = ctx.clock.now()
        else:
            stage["deploymentId"] = deployment.id
            stage["lastUpdatedDate"] = ctx.clock.now()
            if req.get("variables"):
                stage.setdefault("variables", {}).update(req["variables"])
    lookup.touch(ctx, rest_api)
    return deployment.wire()


def _deployment(rest_api: RestApi, deployment_id: str) -> Deployment:
    found = rest_api.deployments.get(deployment_id)
    if found is None:
        raise not_found("Invalid Deployment identifier specified")
    return found


def get_deployment(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    deployment = _deployment(lookup.api(ctx, req["restApiId"]), req["deploymentId"])
    out = deployment.wire()
    if "apisummary" not in [e.lower() for e in req.get("embed") or []]:
        out.pop("apiSummary", None)
    return out


def get_deployments(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    items = [{k: v for k, v in d.wire().items() if k != "apiSummary"}
             for d in sorted(rest_api.deployments.values(), key=lambda d: d.created)]
    return lookup.page(items, req)


def update_deployment(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    deployment = _deployment(rest_api, req["deploymentId"])
    fields: dict[str, Any] = {"description": deployment.description}
    patch.apply(fields, req.get("patchOperations"), frozenset({"description"}))
    deployment.description = fields.get("description")
    lookup.touch(ctx, rest_api)
    return {k: v for k, v in deployment.wire().items() if k != "apiSummary"}


def delete_deployment(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    _deployment(rest_api, req["deploymentId"])
    if any(s.get("deploymentId") == req["deploymentId"] for s in rest_api.stages.values()):
        raise bad_request("Active stages pointing to this deployment must be moved or deleted")
    del rest_api.deployments[req["deploymentId"]]
    lookup.touch(ctx, rest_api)
    return {}


# ------------------------------------------------------------ stages


def _new_stage(ctx: RequestContext, rest_api: RestApi, req: dict[str, Any]) -> dict[str, Any]:
    now = ctx.clock.now()
    stage: dict[str, Any] = {
        "stageName": req["stageName"],
        "deploymentId": req["deploymentId"],
        "cacheClusterEnabled": bool(req.get("cacheClusterEnabled")),
        "cacheClusterStatus": "AVAILABLE" if req.get("cacheClusterEnabled") else "NOT_AVAILABLE",
        "methodSettings": {},
        "tracingEnabled": bool(req.get("tracingEnabled")),
        "createdDate": now,
        "lastUpdatedDate": now,
    }
    for member in ("description", "cacheClusterSize", "variables", "documentationVersion", "canarySettings", "tags"):
        if req.get(member) is not None:
            stage[member] = req[member]
    rest_api.stages[stage["stageName"]] = stage
    return stage


def create_stage(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    if req["stageName"] in rest_api.stages:
        raise conflict("Stage already exists")
    _deployment(rest_api, req["deploymentId"])
    stage = _new_stage(ctx, rest_api, req)
    lookup.touch(ctx, rest_api)
    return stage


def stage_of(rest_api: RestApi, name: str) -> dict[str, Any]:
    found = rest_api.stages.get(name)
    if found is None:
        raise not_found("Invalid Stage identifier specified")
    return found


def get_stage(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return stage_of(lookup.api(ctx, req["restApiId"]), req["stageName"])


def get_stages(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    stages = [s for s in rest_api.stages.values() if not req.get("deploymentId") or s["deploymentId"] == req["deploymentId"]]
    return {"item": stages}


def update_stage(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    stage = stage_of(rest_api, req["stageName"])
    changed = copy.deepcopy(stage)
    for op in req.get("patchOperations") or []:
        parts = patch.split(op.get("path") or "")
        if parts[0] in _STAGE_MEMBERS or parts[0] in ("variables", "accessLogSettings", "canarySettings", "tags"):
            if parts[0] == "canarySettings" and len(parts) > 2 and parts[1] == "stageVariableOverrides":
                overrides = changed.setdefault("canarySettings", {}).setdefault("stageVariableOverrides", {})
                if op.get("op") == "remove":
                    overrides.pop(parts[2], None)
                else:
                    overrides[parts[2]] = op.get("value")
                continue
            patch.apply(changed, [op], _STAGE_MEMBERS, nested={"variables", "accessLogSettings", "canarySettings", "tags"})
            continue
        if op.get("op") == "remove" and (len(parts) < 4 or (parts[-2], parts[-1]) not in _SETTINGS):
            # `/<resource path>/<verb>` removed: that method's settings go (Terraform's destroy).
            changed["methodSettings"].pop("/".join(parts).lstrip("/"), None)
            continue
        if len(parts) < 4 or (parts[-2], parts[-1]) not in _SETTINGS:
            raise bad_request(f"Invalid method setting path: {op.get('path')}. Must be one of: "
                              "[*/*/metrics/enabled, */*/logging/dataTrace, */*/logging/loglevel, */*/throttling/burstLimit, "
                              "*/*/throttling/rateLimit, */*/caching/ttlInSeconds, */*/caching/enabled, */*/caching/dataEncrypted, "
                              "*/*/caching/requireAuthorizationForCacheControl, */*/caching/unauthorizedCacheControlHeaderStrategy]")
        key = "/".join(parts[:-2]).lstrip("/")
        settings = changed["methodSettings"].setdefault(key, dict(_DEFAULT_SETTING))
        member = _SETTINGS[(parts[-2], parts[-1])]
        if op.get("op") == "remove":
            changed["methodSettings"].pop(key, None)
        else:
            settings[member] = patch.convert(member, op.get("value"))
    if changed.get("deploymentId") not in rest_api.deployments:
        raise bad_request("Invalid deployment identifier specified")
    if changed.get("cacheClusterEnabled") != stage.get("cacheClusterEnabled"):
        changed["cacheClusterStatus"] = "AVAILABLE" if changed.get("cacheClusterEnabled") else "NOT_AVAILABLE"
    if "accessLogSettings" in changed:
        arn = changed["accessLogSettings"].get("destinationArn")
        if arn and not arn.startswith("arn:"):
            raise bad_request(f"Invalid ARN specified in the request. ARN: {arn}")
    changed["lastUpdatedDate"] = ctx.clock.now()
    stage.clear()
    stage.update(changed)
    lookup.touch(ctx, rest_api)
    return stage


def delete_stage(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    stage_of(rest_api, req["stageName"])
    del rest_api.stages[req["stageName"]]
    lookup.touch(ctx, rest_api)
    return {}


def flush_stage_cache(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stage_of(lookup.api(ctx, req["restApiId"]), req["stageName"])
    # The cache lives beside the state, never persisted (see dataplane).
    ctx.runtime.live.get("apigateway", {}).get("stage_cache", {}).pop(f"{req['restApiId']}|{req['stageName']}", None)
    return {}


def flush_stage_authorizers_cache(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stage_of(lookup.api(ctx, req["restApiId"]), req["stageName"])
    # The cache lives beside the state, never persisted (see authorizers).
    cache = ctx.runtime.live.get("apigateway", {}).get("authorizer_cache", {})
    prefix = f"{req['restApiId']}|{req['stageName']}|"
    for key in [k for k in cache if k.startswith(prefix)]:
        del cache[key]
    return {}
