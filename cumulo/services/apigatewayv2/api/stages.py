"""Stages (route settings, access log settings, authorizer caches) and deployments."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewayv2 as g
from cumulo.services.apigatewayv2 import deploy
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource


def stage_arn(ctx: RequestContext, api_id: str, name: str) -> str:
    return ctx.arn(f"/apis/{api_id}/stages/{name}", service="apigateway", account="")


def new_stage(ctx: RequestContext, api_id: str, req: dict[str, Any], managed: bool = False) -> Resource:
    r.find(ctx, r.API, api_id)
    name = req["StageName"]
    if r.key(api_id, name) in r.table(ctx, r.STAGE):
        raise r.conflict(f"Unable to create stage {name}: a stage with this name already exists")
    deployment_id = req.get("DeploymentId")
    if deployment_id:
        r.find(ctx, r.DEPLOYMENT, api_id, deployment_id)
    now = ctx.clock.utcnow()
    attrs: dict[str, Any] = {
        "AutoDeploy": False, "CreatedDate": now, "DefaultRouteSettings": {
            "DataTraceEnabled": False, "DetailedMetricsEnabled": False,
        }, "LastUpdatedDate": now, "RouteSettings": {}, "StageName": name, "StageVariables": {}, "Tags": {},
    }
    if managed:
        attrs["ApiGatewayManaged"] = True
    attrs.update({k: v for k, v in r.pick(r.STAGE, req).items() if v is not None})
    stage = r.save(ctx, r.STAGE, Resource(attrs), api_id, name)
    if attrs["AutoDeploy"]:
        deploy.point_stage(ctx, api_id, stage, deploy.deploy(ctx, api_id, auto=True))
    return stage


def create_stage(ctx: RequestContext, req: g.CreateStageRequest) -> g.CreateStageResponse:
    return r.view(r.STAGE, new_stage(ctx, req["ApiId"], dict(req)))  # type: ignore[return-value]


def get_stage(ctx: RequestContext, req: g.GetStageRequest) -> g.GetStageResponse:
    return r.view(r.STAGE, r.find(ctx, r.STAGE, req["ApiId"], req["StageName"]))  # type: ignore[return-value]


def get_stages(ctx: RequestContext, req: g.GetStagesRequest) -> g.GetStagesResponse:
    r.find(ctx, r.API, req["ApiId"])
    items = [r.view(r.STAGE, x) for _, x in r.children(ctx, r.STAGE, req["ApiId"])]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_stage(ctx: RequestContext, req: g.UpdateStageRequest) -> g.UpdateStageResponse:
    api_id, name = req["ApiId"], req["StageName"]
    stage = r.find(ctx, r.STAGE, api_id, name)
    changes = r.pick(r.STAGE, dict(req), skip=("StageName",))
    if changes.get("DeploymentId"):
        r.find(ctx, r.DEPLOYMENT, api_id, changes["DeploymentId"])
    turned_on = changes.get("AutoDeploy") and not stage.attrs.get("AutoDeploy")
    stage.attrs.update(changes)
    stage.attrs["LastUpdatedDate"] = ctx.clock.utcnow()
    r.save(ctx, r.STAGE, stage, api_id, name)
    if turned_on:
        deploy.point_stage(ctx, api_id, stage, deploy.deploy(ctx, api_id, auto=True))
    return r.view(r.STAGE, stage)  # type: ignore[return-value]


def delete_stage(ctx: RequestContext, req: g.DeleteStageRequest) -> dict[str, Any]:
    r.remove(ctx, r.STAGE, req["ApiId"], req["StageName"])
    return {}


def delete_access_log_settings(ctx: RequestContext, req: g.DeleteAccessLogSettingsRequest) -> dict[str, Any]:
    stage = r.find(ctx, r.STAGE, req["ApiId"], req["StageName"])
    stage.attrs.pop("AccessLogSettings", None)
    r.save(ctx, r.STAGE, stage, req["ApiId"], req["StageName"])
    return {}


def delete_route_settings(ctx: RequestContext, req: g.DeleteRouteSettingsRequest) -> dict[str, Any]:
    stage = r.find(ctx, r.STAGE, req["ApiId"], req["StageName"])
    settings = stage.attrs.get("RouteSettings") or {}
    if req["RouteKey"] not in settings:
        raise r.not_found("RouteSettings", req["RouteKey"])
    del settings[req["RouteKey"]]
    r.save(ctx, r.STAGE, stage, req["ApiId"], req["StageName"])
    return {}


def reset_authorizers_cache(ctx: RequestContext, req: g.ResetAuthorizersCacheRequest) -> dict[str, Any]:
    r.find(ctx, r.STAGE, req["ApiId"], req["StageName"])
    cache = ctx.runtime.live.setdefault("apigatewayv2.authorizer-cache", {})
    for k in [k for k in cache if k[0] == req["ApiId"] and k[1] == req["StageName"]]:
        del cache[k]
    return {}


# Deployments.

def create_deployment(ctx: RequestContext, req: g.CreateDeploymentRequest) -> g.CreateDeploymentResponse:
    api_id = req["ApiId"]
    r.find(ctx, r.API, api_id)
    stage = None
    if req.get("StageName"):
        stage = r.find(ctx, r.STAGE, api_id, req["StageName"])
        if stage.attrs.get("AutoDeploy"):
            raise r.bad_request(f"Stage {req['StageName']} has auto-deploy on: it cannot be deployed to explicitly")
    deployment = deploy.deploy(ctx, api_id, req.get("Description"))
    if stage is not None:
        deploy.point_stage(ctx, api_id, stage, deployment)
    return r.view(r.DEPLOYMENT, deployment)  # type: ignore[return-value]


def get_deployment(ctx: RequestContext, req: g.GetDeploymentRequest) -> g.GetDeploymentResponse:
    return r.view(r.DEPLOYMENT, r.find(ctx, r.DEPLOYMENT, req["ApiId"], req["DeploymentId"]))  # type: ignore[return-value]


def get_deployments(ctx: RequestContext, req: g.GetDeploymentsRequest) -> g.GetDeploymentsResponse:
    r.find(ctx, r.API, req["ApiId"])
    items = [r.view(r.DEPLOYMENT, x) for _, x in r.children(ctx, r.DEPLOYMENT, req["ApiId"])]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_deployment(ctx: RequestContext, req: g.UpdateDeploymentRequest) -> g.UpdateDeploymentResponse:
    found = r.find(ctx, r.DEPLOYMENT, req["ApiId"], req["DeploymentId"])
    if "Description" in req:
        found.attrs["Description"] = req["Description"]
    r.save(ctx, r.DEPLOYMENT, found, req["ApiId"], req["DeploymentId"])
    return r.view(r.DEPLOYMENT, found)  # type: ignore[return-value]


def delete_deployment(ctx: RequestContext, req: g.DeleteDeploymentRequest) -> dict[str, Any]:
    api_id, deployment_id = req["ApiId"], req["DeploymentId"]
    r.find(ctx, r.DEPLOYMENT, api_id, deployment_id)
    if any(s.attrs.get("DeploymentId") == deployment_id for _, s in r.children(ctx, r.STAGE, api_id)):
        raise r.bad_request(f"Active stages pointing to this deployment must be moved or deleted: {deployment_id}")
    r.remove(ctx, r.DEPLOYMENT, api_id, deployment_id)
    return {}
