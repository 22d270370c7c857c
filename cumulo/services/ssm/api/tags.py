"""Tags on every taggable SSM resource: AddTagsToResource, ListTagsForResource, RemoveTagsFromResource.

Tags live in `tags/<ResourceType>` keyed by the resource id; the resource must
exist (each kind names the table and key that hold it).
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated.ssm import AddTagsToResourceRequest, ListTagsForResourceRequest, RemoveTagsFromResourceRequest
from cumulo.services.ssm import instances, params
from cumulo.services.ssm.common import MAX_TAGS, table, tag_dict, tag_list

# ResourceType -> the table its resources live in.
HOMES = {
    "Parameter": "parameters",
    "Document": "documents",
    "MaintenanceWindow": "resources/window",
    "PatchBaseline": "resources/baseline",
    "OpsItem": "resources/opsitem",
    "OpsMetadata": "resources/opsmetadata",
    "ManagedInstance": "resources/instance",
    "Automation": "automations",
    "Association": "resources/association",
    "Activation": "resources/activation",
    "CloudConnector": "resources/connector",
}


def resource_key(ctx: RequestContext, kind: str, given: str) -> str:
    """The stored key of resource `given` of `kind`; InvalidResourceId when there is none."""
    if kind not in HOMES:
        raise AwsError("InvalidResourceType", "The resource type is not valid. ")
    key = params.name_from(given) if kind == "Parameter" else given
    if kind == "OpsMetadata" and not given.startswith("arn:"):
        # Its tagging id is what follows "opsmetadata/" in its ARN.
        key = f"arn:aws:ssm:{ctx.region}:{ctx.account}:opsmetadata/{given.lstrip('/')}"
    if kind == "ManagedInstance":
        instances.all_instances(ctx)  # the local instance, when on, is registered on first sight
    home = ctx.scope.table(HOMES[kind])
    if key not in home:
        if kind == "Parameter":
            raise AwsError("InvalidResourceId", "The resource ID is not valid. Verify that the resource ID is correct.")
        raise AwsError("InvalidResourceId", "The resource ID is not valid. Verify that the resource ID is correct and try again.")
    return key


def add_tags_to_resource(ctx: RequestContext, req: AddTagsToResourceRequest) -> dict[str, Any]:
    kind = req["ResourceType"]
    key = resource_key(ctx, kind, req["ResourceId"])
    tags_table = table(ctx, f"tags/{kind}")
    merged = {**(tags_table.get(key) or {}), **tag_dict(req["Tags"], internal=ctx.request is None)}
    if len(merged) > MAX_TAGS:
        raise AwsError("TooManyTagsError", "The Targets parameter includes too many tags. Remove one or more tags and try the request again.")
    tags_table[key] = merged
    return {}


def list_tags_for_resource(ctx: RequestContext, req: ListTagsForResourceRequest) -> dict[str, Any]:
    kind = req["ResourceType"]
    key = resource_key(ctx, kind, req["ResourceId"])
    return {"TagList": tag_list(table(ctx, f"tags/{kind}").get(key) or {})}


def remove_tags_from_resource(ctx: RequestContext, req: RemoveTagsFromResourceRequest) -> dict[str, Any]:
    kind = req["ResourceType"]
    key = resource_key(ctx, kind, req["ResourceId"])
    tags_table = table(ctx, f"tags/{kind}")
    current = dict(tags_table.get(key) or {})
    for k in req["TagKeys"]:
        current.pop(k, None)
    tags_table[key] = current
    return {}


def set_tags(ctx: RequestContext, kind: str, key: str, tags: Any) -> None:
    """Tags given at creation."""
    given = tag_dict(tags, internal=ctx.request is None)
    if given:
        table(ctx, f"tags/{kind}")[key] = given


def drop_tags(ctx: RequestContext, kind: str, key: str) -> None:
    t = table(ctx, f"tags/{kind}")
    if key in t:
        del t[key]


__all__ = ["add_tags_to_resource", "list_tags_for_resource", "remove_tags_from_resource"]
