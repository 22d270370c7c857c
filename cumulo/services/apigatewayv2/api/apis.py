"""APIs: create (with quick create), read, update, delete, CORS, and OpenAPI import/export."""

from __future__ import annotations

from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewayv2 as g
from cumulo.services.apigatewayv2 import deploy, openapi
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource

_SETTABLE = (
    "ApiKeySelectionExpression", "CorsConfiguration", "Description", "DisableSchemaValidation",
    "DisableExecuteApiEndpoint", "IpAddressType", "Name", "RouteSelectionExpression", "Version",
)


def endpoint(ctx: RequestContext, api_id: str, protocol: str) -> str:
    """The invoke URL, in the form LocalStack users already call (Host routing on cumulo's port)."""
    scheme = "ws" if protocol == "WEBSOCKET" else "http"
    return f"{scheme}://{api_id}.execute-api.localhost.localstack.cloud:{ctx.runtime.config.port}"


def arn(ctx: RequestContext, api_id: str) -> str:
    return ctx.arn(f"/apis/{api_id}", service="apigateway", account="")


def new_api(ctx: RequestContext, req: dict[str, Any]) -> Resource:
    protocol = req.get("ProtocolType")
    if protocol not in ("HTTP", "WEBSOCKET"):
        raise r.bad_request(f"Invalid protocol type specified: {protocol}")
    websocket = protocol == "WEBSOCKET"
    if websocket and not req.get("RouteSelectionExpression"):
        raise r.bad_request("Route selection expression must be specified for WEBSOCKET APIs")
    if websocket and req.get("CorsConfiguration"):
        raise r.bad_request("CORS configuration is supported only for HTTP APIs")
    if websocket and (req.get("Target") or req.get("RouteKey")):
        raise r.bad_request("Quick create is supported only for HTTP APIs")
    if req.get("RouteKey") and not req.get("Target"):
        raise r.bad_request("RouteKey can be specified only with Target (quick create)")
    api_id = r.new_id(r.API.id_len)
    attrs: dict[str, Any] = {
        "ApiEndpoint": endpoint(ctx, api_id, protocol),
        "ApiId": api_id,
        "ApiKeySelectionExpression": "$request.header.x-api-key",
        "CreatedDate": ctx.clock.utcnow(),
        "DisableExecuteApiEndpoint": False,
        "IpAddressType": "ipv4",
        "ProtocolType": protocol,
        "RouteSelectionExpression": "$request.method $request.path",
        "Tags": dict(req.get("Tags") or {}),
    }
    attrs.update(r.pick(r.API, req, skip=("ApiId", "ProtocolType", "Tags")))
    if websocket:
        attrs.setdefault("DisableSchemaValidation", False)
    api = r.save(ctx, r.API, Resource(attrs), api_id)
    if req.get("Target"):
        _quick_create(ctx, api_id, req)
    return api


def _quick_create(ctx: RequestContext, api_id: str, req: dict[str, Any]) -> None:
    """Target (+ RouteKey, CredentialsArn): an integration, a route to it and an auto-deployed `$default` stage."""
    from cumulo.services.apigatewayv2.api import integrations, routes, stages

    target = req["Target"]
    lambda_target = target.startswith("arn:") and ":lambda:" in target
    integration = integrations.new_integration(ctx, api_id, {
        "IntegrationType": "AWS_PROXY" if lambda_target else "HTTP_PROXY",
        "IntegrationUri": target,
        "IntegrationMethod": None if lambda_target else "ANY",
        "PayloadFormatVersion": "2.0" if lambda_target else "1.0",
        "CredentialsArn": req.get("CredentialsArn"),
    }, managed=True)
    routes.new_route(ctx, api_id, {
        "RouteKey": req.get("RouteKey") or "$default",
        "Target": f"integrations/{integration.attrs['IntegrationId']}",
    }, managed=True)
    stages.new_stage(ctx, api_id, {"StageName": "$default", "AutoDeploy": True}, managed=True)


def create_api(ctx: RequestContext, req: g.CreateApiRequest) -> g.CreateApiResponse:
    return r.view(r.API, new_api(ctx, dict(req)))  # type: ignore[return-value]


def get_api(ctx: RequestContext, req: g.GetApiRequest) -> g.GetApiResponse:
    return r.view(r.API, r.find(ctx, r.API, req["ApiId"]))  # type: ignore[return-value]


def get_apis(ctx: RequestContext, req: g.GetApisRequest) -> g.GetApisResponse:
    items = [r.view(r.API, api) for _, api in r.children(ctx, r.API)]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_api(ctx: RequestContext, req: g.UpdateApiRequest) -> g.UpdateApiResponse:
    api = r.find(ctx, r.API, req["ApiId"])
    if api.attrs["ProtocolType"] == "WEBSOCKET" and req.get("CorsConfiguration"):
        raise r.bad_request("CORS configuration is supported only for HTTP APIs")
    api.attrs.update({k: v for k, v in req.items() if k in _SETTABLE})
    r.save(ctx, r.API, api, req["ApiId"])
    if req.get("Target"):
        _quick_update(ctx, req["ApiId"], dict(req))
    deploy.changed(ctx, req["ApiId"])
    return r.view(r.API, api)  # type: ignore[return-value]


def _quick_update(ctx: RequestContext, api_id: str, req: dict[str, Any]) -> None:
    managed = [i for _, i in r.children(ctx, r.INTEGRATION, api_id) if i.attrs.get("ApiGatewayManaged")]
    if not managed:
        raise r.bad_request("Target can be updated only on an API made by quick create")
    managed[0].attrs["IntegrationUri"] = req["Target"]
    r.save(ctx, r.INTEGRATION, managed[0], api_id, managed[0].attrs["IntegrationId"])


def delete_api(ctx: RequestContext, req: g.DeleteApiRequest) -> dict[str, Any]:
    api_id = req["ApiId"]
    r.remove(ctx, r.API, api_id)
    for kind in (r.ROUTE, r.INTEGRATION, r.AUTHORIZER, r.DEPLOYMENT, r.MODEL, r.STAGE, r.ROUTE_RESPONSE, r.INTEGRATION_RESPONSE):
        r.drop_children(ctx, kind, api_id)
    return {}


def delete_cors_configuration(ctx: RequestContext, req: g.DeleteCorsConfigurationRequest) -> dict[str, Any]:
    api = r.find(ctx, r.API, req["ApiId"])
    api.attrs.pop("CorsConfiguration", None)
    r.save(ctx, r.API, api, req["ApiId"])
    deploy.changed(ctx, req["ApiId"])
    return {}


def _document(body: str) -> dict[str, Any]:
    try:
        return openapi.parse(body)
    except ValueError as e:
        raise r.bad_request(f"Unable to parse the API definition: {e}") from None


def import_api(ctx: RequestContext, req: g.ImportApiRequest) -> g.ImportApiResponse:
    doc = _document(req["Body"])
    api = new_api(ctx, {"ProtocolType": "HTTP", **openapi.api_settings(doc)})
    warnings = openapi.load(ctx, api.attrs["ApiId"], doc, fail_on_warnings=bool(req.get("FailOnWarnings")))
    if warnings:
        api.attrs["Warnings"] = warnings
    deploy.changed(ctx, api.attrs["ApiId"])
    return r.view(r.API, api)  # type: ignore[return-value]


def reimport_api(ctx: RequestContext, req: g.ReimportApiRequest) -> g.ReimportApiResponse:
    api_id = req["ApiId"]
    api = r.find(ctx, r.API, api_id)
    if api.attrs["ProtocolType"] != "HTTP":
        raise r.bad_request("Import is supported only for HTTP APIs")
    doc = _document(req["Body"])
    for kind in (r.ROUTE, r.INTEGRATION, r.AUTHORIZER, r.MODEL, r.ROUTE_RESPONSE, r.INTEGRATION_RESPONSE):
        r.drop_children(ctx, kind, api_id)
    api.attrs.update(openapi.api_settings(doc))
    r.save(ctx, r.API, api, api_id)
    warnings = openapi.load(ctx, api_id, doc, fail_on_warnings=bool(req.get("FailOnWarnings")))
    if warnings:
        api.attrs["Warnings"] = warnings
    deploy.changed(ctx, api_id)
    return r.view(r.API, api)  # type: ignore[return-value]


def export_api(ctx: RequestContext, req: g.ExportApiRequest) -> g.ExportApiResponse:
    api_id = req["ApiId"]
    api = r.find(ctx, r.API, api_id)
    if req["Specification"] != "OAS30":
        raise r.bad_request(f"Invalid specification: {req['Specification']}")
    if req["OutputType"] not in ("JSON", "YAML"):
        raise r.bad_request(f"Invalid output type: {req['OutputType']}")
    if api.attrs["ProtocolType"] != "HTTP":
        raise r.bad_request("Export is supported only for HTTP APIs")
    stage_name = req.get("StageName")
    if stage_name:
        stage = r.find(ctx, r.STAGE, api_id, stage_name)
        deployment_id = stage.attrs.get("DeploymentId")
        source = r.find(ctx, r.DEPLOYMENT, api_id, deployment_id).extra["snapshot"] if deployment_id else deploy.snapshot(ctx, api_id)
    else:
        source = deploy.snapshot(ctx, api_id)
    doc = openapi.dump(source, stage_name, include_extensions=req.get("IncludeExtensions", True) is not False)
    if req["OutputType"] == "JSON":
        return {"body": orjson.dumps(doc, option=orjson.OPT_INDENT_2)}  # type: ignore[typeddict-item]
    return {"body": openapi.to_yaml(doc).encode()}  # type: ignore[typeddict-item]
