"""Routes and route responses (and a route's request parameters)."""

from __future__ import annotations

import re
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewayv2 as g
from cumulo.services.apigatewayv2 import deploy
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource

_METHODS = ("ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_HTTP_KEY = re.compile(r"^(?P<method>[A-Z]+) (?P<path>/\S*)$")
_AUTH_TYPES = {"HTTP": ("NONE", "JWT", "AWS_IAM", "CUSTOM"), "WEBSOCKET": ("NONE", "AWS_IAM", "CUSTOM")}


def check_route_key(protocol: str, route_key: str) -> None:
    if route_key == "$default":
        return
    if protocol == "WEBSOCKET":
        if not route_key or len(route_key) > 128:
            raise r.bad_request(f"Invalid route key: {route_key}")
        return
    m = _HTTP_KEY.match(route_key)
    if m is None or m.group("method") not in _METHODS:
        raise r.bad_request(
            f"Unable to create route {route_key}: the route key must be '$default' or an HTTP method "
            "(ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) followed by a space and a path"
        )
    path = m.group("path")
    greedy = path.find("+}")
    if greedy != -1 and greedy + 2 != len(path):
        raise r.bad_request(f"Unable to create route {route_key}: a greedy path variable must be the last part of the path")


def _check_refs(ctx: RequestContext, api_id: str, attrs: dict[str, Any], protocol: str) -> None:
    target = attrs.get("Target")
    if target:
        if not target.startswith("integrations/"):
            raise r.bad_request(f"Invalid target {target}: it must be integrations/<integration id>")
        integration_id = target.split("/", 1)[1]
        if r.key(api_id, integration_id) not in r.table(ctx, r.INTEGRATION):
            raise r.bad_request(f"Invalid integration identifier specified {integration_id}")
    auth = attrs.get("AuthorizationType", "NONE")
    if auth not in _AUTH_TYPES[protocol]:
        raise r.bad_request(f"Invalid authorization type {auth} for a {protocol} API")
    if auth in ("JWT", "CUSTOM"):
        authorizer_id = attrs.get("AuthorizerId")
        if not authorizer_id:
            raise r.bad_request(f"An authorizer must be specified for authorization type {auth}")
        found = r.table(ctx, r.AUTHORIZER).get(r.key(api_id, authorizer_id))
        if found is None:
            raise r.bad_request(f"Invalid authorizer identifier specified {authorizer_id}")
        kind = found.attrs.get("AuthorizerType")
        if (auth == "JWT") != (kind == "JWT"):
            raise r.bad_request(f"Authorization type {auth} does not match the authorizer's type {kind}")
    elif attrs.get("AuthorizationScopes") and auth == "NONE":
        raise r.bad_request("Authorization scopes are supported only for JWT and Cognito authorizers")


def new_route(ctx: RequestContext, api_id: str, req: dict[str, Any], managed: bool = False) -> Resource:
    api = r.find(ctx, r.API, api_id)
    protocol = api.attrs["ProtocolType"]
    route_key = req["RouteKey"]
    check_route_key(protocol, route_key)
    if any(x.attrs["RouteKey"] == route_key for _, x in r.children(ctx, r.ROUTE, api_id)):
        raise r.conflict(f"Unable to create Route. A Route with the RouteKey '{route_key}' already exists for this API")
    route_id = r.new_id(r.ROUTE.id_len)
    attrs: dict[str, Any] = {"ApiKeyRequired": False, "AuthorizationType": "NONE", "RouteId": route_id}
    if managed:
        attrs["ApiGatewayManaged"] = True
    attrs.update({k: v for k, v in r.pick(r.ROUTE, req, skip=("RouteId",)).items() if v is not None})
    _check_refs(ctx, api_id, attrs, protocol)
    route = r.save(ctx, r.ROUTE, Resource(attrs), api_id, route_id)
    deploy.changed(ctx, api_id)
    return route


def create_route(ctx: RequestContext, req: g.CreateRouteRequest) -> g.CreateRouteResult:
    return r.view(r.ROUTE, new_route(ctx, req["ApiId"], dict(req)))  # type: ignore[return-value]


def get_route(ctx: RequestContext, req: g.GetRouteRequest) -> g.GetRouteResult:
    return r.view(r.ROUTE, r.find(ctx, r.ROUTE, req["ApiId"], req["RouteId"]))  # type: ignore[return-value]


def get_routes(ctx: RequestContext, req: g.GetRoutesRequest) -> g.GetRoutesResponse:
    r.find(ctx, r.API, req["ApiId"])
    items = [r.view(r.ROUTE, x) for _, x in r.children(ctx, r.ROUTE, req["ApiId"])]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_route(ctx: RequestContext, req: g.UpdateRouteRequest) -> g.UpdateRouteResult:
    api_id = req["ApiId"]
    api = r.find(ctx, r.API, api_id)
    route = r.find(ctx, r.ROUTE, api_id, req["RouteId"])
    changes = r.pick(r.ROUTE, dict(req), skip=("RouteId",))
    if "RouteKey" in changes and changes["RouteKey"] != route.attrs["RouteKey"]:
        check_route_key(api.attrs["ProtocolType"], changes["RouteKey"])
        if any(x.attrs["RouteKey"] == changes["RouteKey"] for _, x in r.children(ctx, r.ROUTE, api_id)):
            raise r.conflict(f"Unable to update Route. A Route with the RouteKey '{changes['RouteKey']}' already exists for this API")
    merged = {**route.attrs, **changes}
    _check_refs(ctx, api_id, merged, api.attrs["ProtocolType"])
    route.attrs = merged
    r.save(ctx, r.ROUTE, route, api_id, req["RouteId"])
    deploy.changed(ctx, api_id)
    return r.view(r.ROUTE, route)  # type: ignore[return-value]


def delete_route(ctx: RequestContext, req: g.DeleteRouteRequest) -> dict[str, Any]:
    r.remove(ctx, r.ROUTE, req["ApiId"], req["RouteId"])
    r.drop_children(ctx, r.ROUTE_RESPONSE, req["ApiId"], req["RouteId"])
    deploy.changed(ctx, req["ApiId"])
    return {}


def delete_route_request_parameter(ctx: RequestContext, req: g.DeleteRouteRequestParameterRequest) -> dict[str, Any]:
    route = r.find(ctx, r.ROUTE, req["ApiId"], req["RouteId"])
    params = route.attrs.get("RequestParameters") or {}
    if req["RequestParameterKey"] not in params:
        raise r.not_found("RequestParameter", req["RequestParameterKey"])
    del params[req["RequestParameterKey"]]
    r.save(ctx, r.ROUTE, route, req["ApiId"], req["RouteId"])
    deploy.changed(ctx, req["ApiId"])
    return {}


# Route responses (WebSocket two-way routes).

def _websocket_route(ctx: RequestContext, api_id: str, route_id: str) -> Resource:
    api = r.find(ctx, r.API, api_id)
    route = r.find(ctx, r.ROUTE, api_id, route_id)
    if api.attrs["ProtocolType"] != "WEBSOCKET":
        raise r.bad_request("Route responses are supported only for WEBSOCKET APIs")
    return route


def create_route_response(ctx: RequestContext, req: g.CreateRouteResponseRequest) -> g.CreateRouteResponseResponse:
    api_id, route_id = req["ApiId"], req["RouteId"]
    _websocket_route(ctx, api_id, route_id)
    if req["RouteResponseKey"] != "$default":
        raise r.bad_request(f"Invalid route response key {req['RouteResponseKey']}: only $default is supported")
    if any(x.attrs["RouteResponseKey"] == req["RouteResponseKey"] for _, x in r.children(ctx, r.ROUTE_RESPONSE, api_id, route_id)):
        raise r.conflict(f"Unable to create RouteResponse. A RouteResponse with the key '{req['RouteResponseKey']}' already exists")
    response_id = r.new_id(r.ROUTE_RESPONSE.id_len)
    attrs = {**r.pick(r.ROUTE_RESPONSE, dict(req)), "RouteResponseId": response_id}
    r.save(ctx, r.ROUTE_RESPONSE, Resource(attrs), api_id, route_id, response_id)
    deploy.changed(ctx, api_id)
    return attrs  # type: ignore[return-value]


def get_route_response(ctx: RequestContext, req: g.GetRouteResponseRequest) -> g.GetRouteResponseResponse:
    found = r.find(ctx, r.ROUTE_RESPONSE, req["ApiId"], req["RouteId"], req["RouteResponseId"])
    return r.view(r.ROUTE_RESPONSE, found)  # type: ignore[return-value]


def get_route_responses(ctx: RequestContext, req: g.GetRouteResponsesRequest) -> g.GetRouteResponsesResponse:
    r.find(ctx, r.ROUTE, req["ApiId"], req["RouteId"])
    items = [r.view(r.ROUTE_RESPONSE, x) for _, x in r.children(ctx, r.ROUTE_RESPONSE, req["ApiId"], req["RouteId"])]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_route_response(ctx: RequestContext, req: g.UpdateRouteResponseRequest) -> g.UpdateRouteResponseResponse:
    path = (req["ApiId"], req["RouteId"], req["RouteResponseId"])
    found = r.find(ctx, r.ROUTE_RESPONSE, *path)
    found.attrs.update(r.pick(r.ROUTE_RESPONSE, dict(req), skip=("RouteResponseId",)))
    r.save(ctx, r.ROUTE_RESPONSE, found, *path)
    deploy.changed(ctx, req["ApiId"])
    return r.view(r.ROUTE_RESPONSE, found)  # type: ignore[return-value]


def delete_route_response(ctx: RequestContext, req: g.DeleteRouteResponseRequest) -> dict[str, Any]:
    r.remove(ctx, r.ROUTE_RESPONSE, req["ApiId"], req["RouteId"], req["RouteResponseId"])
    deploy.changed(ctx, req["ApiId"])
    return {}
