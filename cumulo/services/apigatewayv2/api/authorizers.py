"""Authorizers: JWT and Lambda (REQUEST)."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewayv2 as g
from cumulo.services.apigatewayv2 import deploy
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource


def _check(protocol: str, attrs: dict[str, Any]) -> None:
    kind = attrs.get("AuthorizerType")
    if kind not in ("JWT", "REQUEST"):
        raise r.bad_request(f"Invalid authorizer type {kind}: must be JWT or REQUEST")
    if kind == "JWT":
        if protocol != "HTTP":
            raise r.bad_request("JWT authorizers are supported only for HTTP APIs")
        jwt = attrs.get("JwtConfiguration") or {}
        if not jwt.get("Issuer"):
            raise r.bad_request("JwtConfiguration.Issuer must be specified for JWT authorizers")
        if not attrs.get("IdentitySource"):
            raise r.bad_request("IdentitySource must be specified for JWT authorizers")
    else:
        if not attrs.get("AuthorizerUri"):
            raise r.bad_request("AuthorizerUri must be specified for REQUEST authorizers")
        if protocol == "HTTP" and attrs.get("AuthorizerPayloadFormatVersion") not in ("1.0", "2.0"):
            raise r.bad_request("AuthorizerPayloadFormatVersion must be 1.0 or 2.0 for REQUEST authorizers of HTTP APIs")
        if attrs.get("EnableSimpleResponses") and attrs.get("AuthorizerPayloadFormatVersion") != "2.0":
            raise r.bad_request("Simple responses are supported only with authorizer payload format version 2.0")
    ttl = attrs.get("AuthorizerResultTtlInSeconds")
    if ttl is not None and not 0 <= ttl <= 3600:
        raise r.bad_request("AuthorizerResultTtlInSeconds must be between 0 and 3600")


def create_authorizer(ctx: RequestContext, req: g.CreateAuthorizerRequest) -> g.CreateAuthorizerResponse:
    api_id = req["ApiId"]
    api = r.find(ctx, r.API, api_id)
    authorizer_id = r.new_id(r.AUTHORIZER.id_len)
    attrs: dict[str, Any] = {"AuthorizerId": authorizer_id}
    attrs.update(r.pick(r.AUTHORIZER, dict(req), skip=("AuthorizerId",)))
    if attrs["AuthorizerType"] == "REQUEST":
        attrs.setdefault("AuthorizerResultTtlInSeconds", 0)
        if api.attrs["ProtocolType"] == "HTTP":
            attrs.setdefault("EnableSimpleResponses", False)
    _check(api.attrs["ProtocolType"], attrs)
    r.save(ctx, r.AUTHORIZER, Resource(attrs), api_id, authorizer_id)
    deploy.changed(ctx, api_id)
    return attrs  # type: ignore[return-value]


def get_authorizer(ctx: RequestContext, req: g.GetAuthorizerRequest) -> g.GetAuthorizerResponse:
    return r.view(r.AUTHORIZER, r.find(ctx, r.AUTHORIZER, req["ApiId"], req["AuthorizerId"]))  # type: ignore[return-value]


def get_authorizers(ctx: RequestContext, req: g.GetAuthorizersRequest) -> g.GetAuthorizersResponse:
    r.find(ctx, r.API, req["ApiId"])
    items = [r.view(r.AUTHORIZER, x) for _, x in r.children(ctx, r.AUTHORIZER, req["ApiId"])]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_authorizer(ctx: RequestContext, req: g.UpdateAuthorizerRequest) -> g.UpdateAuthorizerResponse:
    api_id = req["ApiId"]
    api = r.find(ctx, r.API, api_id)
    found = r.find(ctx, r.AUTHORIZER, api_id, req["AuthorizerId"])
    merged = {**found.attrs, **r.pick(r.AUTHORIZER, dict(req), skip=("AuthorizerId",))}
    _check(api.attrs["ProtocolType"], merged)
    found.attrs = merged
    r.save(ctx, r.AUTHORIZER, found, api_id, req["AuthorizerId"])
    deploy.changed(ctx, api_id)
    return r.view(r.AUTHORIZER, found)  # type: ignore[return-value]


def delete_authorizer(ctx: RequestContext, req: g.DeleteAuthorizerRequest) -> dict[str, Any]:
    api_id, authorizer_id = req["ApiId"], req["AuthorizerId"]
    r.find(ctx, r.AUTHORIZER, api_id, authorizer_id)
    if any(x.attrs.get("AuthorizerId") == authorizer_id for _, x in r.children(ctx, r.ROUTE, api_id)):
        raise r.conflict(f"Cannot delete authorizer {authorizer_id}: it is attached to a route")
    r.remove(ctx, r.AUTHORIZER, api_id, authorizer_id)
    deploy.changed(ctx, api_id)
    return {}
