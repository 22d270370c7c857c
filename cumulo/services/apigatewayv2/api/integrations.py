"""Integrations and integration responses."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewayv2 as g
from cumulo.services.apigatewayv2 import deploy
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource

_TYPES = {"HTTP": ("AWS_PROXY", "HTTP_PROXY"), "WEBSOCKET": ("AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK")}
# AWS service integrations of HTTP APIs (IntegrationSubtype), by the operation they run.
SUBTYPES = (
    "EventBridge-PutEvents", "SQS-SendMessage", "SQS-ReceiveMessage", "SQS-DeleteMessage", "SQS-PurgeQueue",
    "AppConfig-GetConfiguration", "Kinesis-PutRecord", "StepFunctions-StartExecution",
    "StepFunctions-StartSyncExecution", "StepFunctions-StopExecution",
)


def _check(api: Resource, attrs: dict[str, Any]) -> None:
    protocol = api.attrs["ProtocolType"]
    kind = attrs.get("IntegrationType")
    if kind not in _TYPES[protocol]:
        raise r.bad_request(f"Integration type {kind} is not supported for {protocol} APIs")
    subtype = attrs.get("IntegrationSubtype")
    if subtype is not None and subtype not in SUBTYPES:
        raise r.bad_request(f"Invalid integration subtype {subtype}")
    if kind == "AWS_PROXY" and not subtype and not attrs.get("IntegrationUri"):
        raise r.bad_request("An integration URI must be specified for AWS_PROXY integrations")
    if kind in ("HTTP", "HTTP_PROXY") and not attrs.get("IntegrationUri"):
        raise r.bad_request(f"An integration URI must be specified for {kind} integrations")
    version = attrs.get("PayloadFormatVersion")
    if version not in ("1.0", "2.0"):
        raise r.bad_request(f"Invalid payload format version {version}: must be 1.0 or 2.0")
    if version == "2.0" and (protocol != "HTTP" or kind != "AWS_PROXY" or subtype):
        raise r.bad_request("Payload format version 2.0 is supported only for Lambda proxy integrations of HTTP APIs")
    timeout = attrs.get("TimeoutInMillis")
    limit = 30000 if protocol == "HTTP" else 29000
    if timeout is not None and not 50 <= timeout <= limit:
        raise r.bad_request(f"Timeout must be between 50 ms and {limit} ms")


def new_integration(ctx: RequestContext, api_id: str, req: dict[str, Any], managed: bool = False) -> Resource:
    api = r.find(ctx, r.API, api_id)
    integration_id = r.new_id(r.INTEGRATION.id_len)
    websocket = api.attrs["ProtocolType"] == "WEBSOCKET"
    attrs: dict[str, Any] = {
        "ConnectionType": "INTERNET",
        "IntegrationId": integration_id,
        "PayloadFormatVersion": "1.0",
        "TimeoutInMillis": 29000 if websocket else 30000,
    }
    if websocket:
        attrs["PassthroughBehavior"] = "WHEN_NO_MATCH"
        if req.get("IntegrationType") in ("AWS", "HTTP", "MOCK"):
            attrs["IntegrationResponseSelectionExpression"] = "${integration.response.statuscode}"
    if managed:
        attrs["ApiGatewayManaged"] = True
    attrs.update({k: v for k, v in r.pick(r.INTEGRATION, req, skip=("IntegrationId",)).items() if v is not None})
    if attrs.get("IntegrationType") == "AWS_PROXY" and attrs.get("IntegrationSubtype") is None:
        attrs.setdefault("IntegrationMethod", "POST")
    _check(api, attrs)
    integration = r.save(ctx, r.INTEGRATION, Resource(attrs), api_id, integration_id)
    deploy.changed(ctx, api_id)
    return integration


def create_integration(ctx: RequestContext, req: g.CreateIntegrationRequest) -> g.CreateIntegrationResult:
    return r.view(r.INTEGRATION, new_integration(ctx, req["ApiId"], dict(req)))  # type: ignore[return-value]


def get_integration(ctx: RequestContext, req: g.GetIntegrationRequest) -> g.GetIntegrationResult:
    return r.view(r.INTEGRATION, r.find(ctx, r.INTEGRATION, req["ApiId"], req["IntegrationId"]))  # type: ignore[return-value]


def get_integrations(ctx: RequestContext, req: g.GetIntegrationsRequest) -> g.GetIntegrationsResponse:
    r.find(ctx, r.API, req["ApiId"])
    items = [r.view(r.INTEGRATION, x) for _, x in r.children(ctx, r.INTEGRATION, req["ApiId"])]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_integration(ctx: RequestContext, req: g.UpdateIntegrationRequest) -> g.UpdateIntegrationResult:
    api_id = req["ApiId"]
    api = r.find(ctx, r.API, api_id)
    integration = r.find(ctx, r.INTEGRATION, api_id, req["IntegrationId"])
    merged = {**integration.attrs, **r.pick(r.INTEGRATION, dict(req), skip=("IntegrationId",))}
    _check(api, merged)
    integration.attrs = merged
    r.save(ctx, r.INTEGRATION, integration, api_id, req["IntegrationId"])
    deploy.changed(ctx, api_id)
    return r.view(r.INTEGRATION, integration)  # type: ignore[return-value]


def delete_integration(ctx: RequestContext, req: g.DeleteIntegrationRequest) -> dict[str, Any]:
    api_id, integration_id = req["ApiId"], req["IntegrationId"]
    r.find(ctx, r.INTEGRATION, api_id, integration_id)
    target = f"integrations/{integration_id}"
    if any(x.attrs.get("Target") == target for _, x in r.children(ctx, r.ROUTE, api_id)):
        raise r.conflict(f"Unable to delete integration {integration_id}: it is the target of a route")
    r.remove(ctx, r.INTEGRATION, api_id, integration_id)
    r.drop_children(ctx, r.INTEGRATION_RESPONSE, api_id, integration_id)
    deploy.changed(ctx, api_id)
    return {}


# Integration responses (WebSocket APIs).

def create_integration_response(ctx: RequestContext, req: g.CreateIntegrationResponseRequest) -> g.CreateIntegrationResponseResponse:
    api_id, integration_id = req["ApiId"], req["IntegrationId"]
    api = r.find(ctx, r.API, api_id)
    r.find(ctx, r.INTEGRATION, api_id, integration_id)
    if api.attrs["ProtocolType"] != "WEBSOCKET":
        raise r.bad_request("Integration responses are supported only for WEBSOCKET APIs")
    key = req["IntegrationResponseKey"]
    if any(x.attrs["IntegrationResponseKey"] == key for _, x in r.children(ctx, r.INTEGRATION_RESPONSE, api_id, integration_id)):
        raise r.conflict(f"Unable to create IntegrationResponse. An IntegrationResponse with the key '{key}' already exists")
    response_id = r.new_id(r.INTEGRATION_RESPONSE.id_len)
    attrs = {**r.pick(r.INTEGRATION_RESPONSE, dict(req)), "IntegrationResponseId": response_id}
    r.save(ctx, r.INTEGRATION_RESPONSE, Resource(attrs), api_id, integration_id, response_id)
    deploy.changed(ctx, api_id)
    return attrs  # type: ignore[return-value]


def get_integration_response(ctx: RequestContext, req: g.GetIntegrationResponseRequest) -> g.GetIntegrationResponseResponse:
    found = r.find(ctx, r.INTEGRATION_RESPONSE, req["ApiId"], req["IntegrationId"], req["IntegrationResponseId"])
    return r.view(r.INTEGRATION_RESPONSE, found)  # type: ignore[return-value]


def get_integration_responses(ctx: RequestContext, req: g.GetIntegrationResponsesRequest) -> g.GetIntegrationResponsesResponse:
    r.find(ctx, r.INTEGRATION, req["ApiId"], req["IntegrationId"])
    rows = r.children(ctx, r.INTEGRATION_RESPONSE, req["ApiId"], req["IntegrationId"])
    return r.page([r.view(r.INTEGRATION_RESPONSE, x) for _, x in rows], dict(req))  # type: ignore[return-value]


def update_integration_response(ctx: RequestContext, req: g.UpdateIntegrationResponseRequest) -> g.UpdateIntegrationResponseResponse:
    path = (req["ApiId"], req["IntegrationId"], req["IntegrationResponseId"])
    found = r.find(ctx, r.INTEGRATION_RESPONSE, *path)
    found.attrs.update(r.pick(r.INTEGRATION_RESPONSE, dict(req), skip=("IntegrationResponseId",)))
    r.save(ctx, r.INTEGRATION_RESPONSE, found, *path)
    deploy.changed(ctx, req["ApiId"])
    return r.view(r.INTEGRATION_RESPONSE, found)  # type: ignore[return-value]


def delete_integration_response(ctx: RequestContext, req: g.DeleteIntegrationResponseRequest) -> dict[str, Any]:
    r.remove(ctx, r.INTEGRATION_RESPONSE, req["ApiId"], req["IntegrationId"], req["IntegrationResponseId"])
    deploy.changed(ctx, req["ApiId"])
    return {}
