"""REST APIs and their resource tree: CreateRestApi ... DeleteResource.

A resource's `path` is its parent's path plus its `pathPart`; a `{name}` part is a
path parameter, `{name+}` a greedy one (only as a leaf). Siblings may not share a
name, and only one sibling may be a variable part, as on AWS.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.apigateway import lookup, patch
from cumulo.services.apigateway.lookup import bad_request, conflict
from cumulo.services.apigateway.models import Resource, RestApi, new_id

_PATH_PART = re.compile(r"^(\{[a-zA-Z0-9._-]+\+?\}|[a-zA-Z0-9._:@$&',;=~!*-]+)$")
_API_MEMBERS = frozenset({
    "name", "description", "version", "binaryMediaTypes", "minimumCompressionSize", "apiKeySource", "policy",
    "disableExecuteApiEndpoint", "endpointConfiguration", "securityPolicy", "endpointAccessMode",
})


def new_api(ctx: RequestContext, name: str, req: dict[str, Any]) -> RestApi:
    """A new API with its root resource, stored (also used by ImportRestApi)."""
    apis = lookup.table(ctx, "apis")
    api_id = new_id()
    while api_id in apis:
        api_id = new_id()
    root = Resource(new_id(10), None, None, "/")
    info: dict[str, Any] = {
        "name": name,
        "createdDate": ctx.clock.now(),
        "apiKeySource": req.get("apiKeySource") or "HEADER",
        "endpointConfiguration": req.get("endpointConfiguration") or {"types": ["EDGE"]},
        "disableExecuteApiEndpoint": bool(req.get("disableExecuteApiEndpoint")),
        "tags": lookup.tags_from(req),
        "rootResourceId": root.id,
    }
    for member in ("description", "version", "binaryMediaTypes", "minimumCompressionSize", "policy", "securityPolicy",
                   "endpointAccessMode"):
        if req.get(member) is not None:
            info[member] = req[member]
    if info["apiKeySource"] not in ("HEADER", "AUTHORIZER"):
        raise bad_request(f"Invalid API Key source specified: {info['apiKeySource']}")
    types = info["endpointConfiguration"].get("types") or ["EDGE"]
    if any(t not in ("EDGE", "REGIONAL", "PRIVATE") for t in types):
        raise bad_request(f"Invalid endpoint configuration type specified: {types}")
    rest_api = RestApi(api_id, ctx.account, ctx.region, info, root.id, {root.id: root})
    apis[api_id] = rest_api
    return rest_api


def create_rest_api(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if not req.get("name"):
        raise bad_request("Invalid REST API name specified")
    rest_api = new_api(ctx, req["name"], req)
    if req.get("cloneFrom"):
        source = lookup.api(ctx, req["cloneFrom"])
        rest_api.resources = copy.deepcopy(source.resources)
        rest_api.root_id = rest_api.info["rootResourceId"] = source.root_id
        rest_api.models = copy.deepcopy(source.models)
        rest_api.validators = copy.deepcopy(source.validators)
        rest_api.authorizers = copy.deepcopy(source.authorizers)
        rest_api.gateway_responses = copy.deepcopy(source.gateway_responses)
    return rest_api.wire()


def get_rest_api(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return lookup.api(ctx, req["restApiId"]).wire()


def get_rest_apis(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    apis = sorted(lookup.table(ctx, "apis").values(), key=lambda a: a.info["createdDate"])
    return lookup.page([a.wire() for a in apis], req)


def update_rest_api(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    info = copy.deepcopy(rest_api.info)
    for op in req.get("patchOperations") or []:
        # /endpointConfiguration/types/EDGE -> REGIONAL replaces one type with another.
        if op.get("path", "").startswith("/endpointConfiguration/types/"):
            info["endpointConfiguration"]["types"] = [op.get("value")]
        else:
            patch.apply(info, [op], _API_MEMBERS)
    if info.get("apiKeySource") not in ("HEADER", "AUTHORIZER"):
        raise bad_request(f"Invalid API Key source specified: {info.get('apiKeySource')}")
    rest_api.info = info
    lookup.touch(ctx, rest_api)
    return rest_api.wire()


def delete_rest_api(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    del lookup.table(ctx, "apis")[rest_api.id]
    for plan in lookup.table(ctx, "usage_plans").values():
        stages = plan.info.get("apiStages") or []
        if any(s.get("apiId") == rest_api.id for s in stages):
            plan.info["apiStages"] = [s for s in stages if s.get("apiId") != rest_api.id]
            lookup.table(ctx, "usage_plans").touch(plan.id)
    return {}


# ------------------------------------------------------------ resources


def _check_part(rest_api: RestApi, parent: Resource, part: str, ignore: str | None = None) -> None:
    if not _PATH_PART.match(part):
        raise bad_request(
            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace."
        )
    if parent.path_part and parent.path_part.endswith("+}"):
        raise bad_request(f"Cannot create a child of a resource with a greedy path variable: {parent.path}")
    for sibling in rest_api.resources.values():
        if sibling.parent_id != parent.id or sibling.id == ignore:
            continue
        if sibling.path_part == part:
            raise conflict(f"Another resource with the same parent already has this name: {part}")
        if part.startswith("{") and (sibling.path_part or "").startswith("{"):
            raise bad_request(f"A sibling ({sibling.path_part}) of this resource already has a variable path part -- only one is allowed")


def _join(parent_path: str, part: str) -> str:
    return f"{parent_path.rstrip('/')}/{part}"


def create_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    parent = lookup.resource(rest_api, req["parentId"])
    _check_part(rest_api, parent, req["pathPart"])
    resource = Resource(new_id(6), parent.id, req["pathPart"], _join(parent.path, req["pathPart"]))
    rest_api.resources[resource.id] = resource
    lookup.touch(ctx, rest_api)
    return resource.wire()


def get_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    return lookup.resource(rest_api, req["resourceId"]).wire(embed="methods" in (req.get("embed") or []))


def get_resources(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    embed = "methods" in (req.get("embed") or [])
    ordered = sorted(rest_api.resources.values(), key=lambda r: r.path)
    return lookup.page([r.wire(embed) for r in ordered], req)


def _repath(rest_api: RestApi, resource: Resource) -> None:
    parent = rest_api.resources[resource.parent_id] if resource.parent_id else None
    if parent is not None and resource.path_part is not None:
        resource.path = _join(parent.path, resource.path_part)
    for child in rest_api.resources.values():
        if child.parent_id == resource.id:
            _repath(rest_api, child)


def update_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    resource = lookup.resource(rest_api, req["resourceId"])
    for op in req.get("patchOperations") or []:
        if op.get("op") != "replace" or op.get("path") not in ("/pathPart", "/parentId"):
            raise bad_request(f"Invalid patch path '{op.get('path')}' specified for op '{op.get('op')}'. Must be one of: [/parentId, /pathPart]")
        if resource.parent_id is None:
            raise bad_request("Root resource cannot be updated")
        value = op.get("value") or ""
        if op["path"] == "/pathPart":
            _check_part(rest_api, rest_api.resources[resource.parent_id], value, ignore=resource.id)
            resource.path_part = value
        else:
            parent = lookup.resource(rest_api, value)
            _check_part(rest_api, parent, resource.path_part or "", ignore=resource.id)
            resource.parent_id = parent.id
    _repath(rest_api, resource)
    lookup.touch(ctx, rest_api)
    return resource.wire()


def delete_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rest_api = lookup.api(ctx, req["restApiId"])
    resource = lookup.resource(rest_api, req["resourceId"])
    if resource.parent_id is None:
        raise bad_request("Cannot delete root resource")
    doomed = {resource.id}
    grew = True
    while grew:
        grew = False
        for child in rest_api.resources.values():
            if child.parent_id in doomed and child.id not in doomed:
                doomed.add(child.id)
                grew = True
    for rid in doomed:
        del rest_api.resources[rid]
    lookup.touch(ctx, rest_api)
    return {}
