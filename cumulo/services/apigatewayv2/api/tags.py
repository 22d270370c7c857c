"""Tags, by resource ARN (`arn:aws:apigateway:<region>::/apis/<id>`, `/apis/<id>/stages/<name>`,
`/domainnames/<name>`, `/vpclinks/<id>`, `/portals/<id>`, `/portalproducts/<id>`)."""

from __future__ import annotations

import re
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewayv2 as g
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource

_ARN = re.compile(r"^arn:aws[\w-]*:apigateway:[\w-]+:\d*:/(?P<path>.+)$")
_PATHS = (
    (re.compile(r"^apis/([^/]+)$"), r.API),
    (re.compile(r"^apis/([^/]+)/stages/([^/]+)$"), r.STAGE),
    (re.compile(r"^domainnames/([^/]+)$"), r.DOMAIN),
    (re.compile(r"^vpclinks/([^/]+)$"), r.VPC_LINK),
    (re.compile(r"^portals/([^/]+)$"), r.PORTAL),
    (re.compile(r"^portalproducts/([^/]+)$"), r.PORTAL_PRODUCT),
)


def _resource(ctx: RequestContext, resource_arn: str) -> tuple[r.Kind, tuple[str, ...], Resource]:
    m = _ARN.match(resource_arn)
    if m is not None:
        for pattern, kind in _PATHS:
            found = pattern.match(m.group("path"))
            if found is not None:
                return kind, found.groups(), r.find(ctx, kind, *found.groups())
    raise r.not_found("Resource", resource_arn)


def get_tags(ctx: RequestContext, req: g.GetTagsRequest) -> g.GetTagsResponse:
    _, _, found = _resource(ctx, req["ResourceArn"])
    return {"Tags": dict(found.attrs.get("Tags") or {})}


def tag_resource(ctx: RequestContext, req: g.TagResourceRequest) -> g.TagResourceResponse:
    kind, path, found = _resource(ctx, req["ResourceArn"])
    tags = {**(found.attrs.get("Tags") or {}), **(req.get("Tags") or {})}
    if len(tags) > 50:
        raise r.bad_request("A resource can have at most 50 tags")
    found.attrs["Tags"] = tags
    r.save(ctx, kind, found, *path)
    return {}


def untag_resource(ctx: RequestContext, req: g.UntagResourceRequest) -> dict[str, Any]:
    kind, path, found = _resource(ctx, req["ResourceArn"])
    found.attrs["Tags"] = {k: v for k, v in (found.attrs.get("Tags") or {}).items() if k not in req["TagKeys"]}
    r.save(ctx, kind, found, *path)
    return {}
