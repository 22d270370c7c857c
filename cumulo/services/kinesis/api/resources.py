"""Kinesis handlers addressing any resource by ARN: tags and resource-based policies.

A `ResourceARN` names a stream, one of its consumers, or a channel. Policies are
kept on streams and consumers, as AWS allows; they are JSON checked for shape.
"""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.kinesis.api.streams import MAX_TAGS, _check_tags
from cumulo.services.kinesis.consumers import find_consumer
from cumulo.services.kinesis.models import Channel
from cumulo.services.kinesis.streams import find

MAX_POLICY = 20 * 1024


def _holder(ctx: RequestContext, arn: str) -> tuple[Any, Any, str]:
    """(table, entity, key) of the resource an ARN names; the entity has `tags` (and, but for channels, `policy`)."""
    if ":channel/" in arn:
        channel: Channel | None = ctx.scope.table("channels").get(arn)
        if channel is None:
            raise AwsError("ResourceNotFoundException", f"Channel {arn} under account {ctx.account} not found.")
        return ctx.scope.table("channels"), channel, arn
    if "/consumer/" in arn:
        scope, stream, consumer = find_consumer(ctx, {"ConsumerARN": arn})
        return scope.table("streams"), consumer, stream.name
    scope, stream = find(ctx, {"StreamARN": arn})
    return scope.table("streams"), stream, stream.name


def list_tags_for_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, entity, _ = _holder(ctx, req["ResourceARN"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in sorted(entity.tags.items())]}


def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, entity, key = _holder(ctx, req["ResourceARN"])
    _check_tags(req["Tags"], ctx.request is None)
    merged = {**entity.tags, **req["Tags"]}
    if len(merged) > MAX_TAGS:
        raise AwsError("InvalidArgumentException", f"A resource cannot have more than {MAX_TAGS} tags.")
    entity.tags = merged
    table.touch(key)
    return {}


def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, entity, key = _holder(ctx, req["ResourceARN"])
    for tag in req["TagKeys"]:
        entity.tags.pop(tag, None)
    table.touch(key)
    return {}


def _policy_holder(ctx: RequestContext, arn: str) -> tuple[Any, Any, str]:
    if ":channel/" in arn:
        raise AwsError("InvalidArgumentException", f"Resource policies are not supported for {arn}.")
    return _holder(ctx, arn)


def put_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, entity, key = _policy_holder(ctx, req["ResourceARN"])
    text = req["Policy"]
    try:
        document = json.loads(text)
    except ValueError:
        raise AwsError("InvalidArgumentException", "Policy is not valid JSON.") from None
    if not isinstance(document, dict) or not isinstance(document.get("Statement"), (list, dict)) or len(text) > MAX_POLICY:
        raise AwsError("InvalidArgumentException", "Invalid policy document: it must be a JSON object with a Statement, at most 20 KB.")
    entity.policy = text
    table.touch(key)
    return {}


def get_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, entity, _ = _policy_holder(ctx, req["ResourceARN"])
    return {"Policy": getattr(entity, "policy", None) or "{}"}


def delete_resource_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, entity, key = _policy_holder(ctx, req["ResourceARN"])
    if not getattr(entity, "policy", None):
        raise AwsError("ResourceNotFoundException", f"No resource policy found for resource ARN {req['ResourceARN']}.")
    entity.policy = None
    table.touch(key)
    return {}
