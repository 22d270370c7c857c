"""Deployments: what a stage serves is a snapshot of the API taken when it was deployed.

`snapshot` copies the routes, integrations (with their responses), authorizers,
route responses and the API's own settings (CORS, route selection expression) as
plain dicts; the data plane serves a stage from its deployment's snapshot, so a
route added after a deployment is not served until the next one, as on AWS.
A stage with `AutoDeploy` is redeployed by `changed` after every change to its API.
"""

from __future__ import annotations

import copy
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource


def snapshot(ctx: RequestContext, api_id: str) -> dict[str, Any]:
    api = r.find(ctx, r.API, api_id)

    def of(kind: r.Kind) -> dict[str, dict[str, Any]]:
        return {res.attrs[kind.id_member]: copy.deepcopy(res.attrs) for _, res in r.children(ctx, kind, api_id)}

    integrations = of(r.INTEGRATION)
    for integration_id, attrs in integrations.items():
        attrs["_responses"] = [copy.deepcopy(x.attrs) for _, x in r.children(ctx, r.INTEGRATION_RESPONSE, api_id, integration_id)]
    routes = of(r.ROUTE)
    for route_id, attrs in routes.items():
        attrs["_responses"] = [copy.deepcopy(x.attrs) for _, x in r.children(ctx, r.ROUTE_RESPONSE, api_id, route_id)]
    return {
        "api": copy.deepcopy(api.attrs),
        "routes": routes,
        "integrations": integrations,
        "authorizers": of(r.AUTHORIZER),
    }


def deploy(ctx: RequestContext, api_id: str, description: str | None = None, auto: bool = False) -> Resource:
    deployment_id = r.new_id(r.DEPLOYMENT.id_len)
    attrs: dict[str, Any] = {
        "AutoDeployed": auto,
        "CreatedDate": ctx.clock.utcnow(),
        "DeploymentId": deployment_id,
        "DeploymentStatus": "DEPLOYED",
        "Description": description,
    }
    return r.save(ctx, r.DEPLOYMENT, Resource(attrs, {"snapshot": snapshot(ctx, api_id)}), api_id, deployment_id)


def point_stage(ctx: RequestContext, api_id: str, stage: Resource, deployment: Resource) -> None:
    stage.attrs["DeploymentId"] = deployment.attrs["DeploymentId"]
    stage.attrs["LastUpdatedDate"] = ctx.clock.utcnow()
    if stage.attrs.get("AutoDeploy"):
        stage.attrs["LastDeploymentStatusMessage"] = (
            f"Successfully deployed stage with deployment ID '{deployment.attrs['DeploymentId']}'"
        )
    r.save(ctx, r.STAGE, stage, api_id, stage.attrs["StageName"])


def changed(ctx: RequestContext, api_id: str) -> None:
    """Redeploy every auto-deploy stage of the API (after a change to it)."""
    for _, stage in r.children(ctx, r.STAGE, api_id):
        if stage.attrs.get("AutoDeploy"):
            point_stage(ctx, api_id, stage, deploy(ctx, api_id, auto=True))
