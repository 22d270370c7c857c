"""SQS's CloudFormation resource types: AWS::SQS::Queue, QueuePolicy and QueueInlinePolicy,
made through SQS's own API (cumulo.core.provisioning)."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType, boolean

# Template property -> queue attribute, for the ones that are plain values.
_ATTRIBUTES = (
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "DelaySeconds",
    "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds",
    "KmsMasterKeyId",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
)
# What an attribute goes back to when the template drops it.
_DEFAULTS = {
    "DelaySeconds": "0",
    "MaximumMessageSize": "262144",
    "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0",
    "VisibilityTimeout": "30",
    "KmsMasterKeyId": "",
    "KmsDataKeyReusePeriodSeconds": "300",
    "RedrivePolicy": "",
    "RedriveAllowPolicy": "",
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _attributes(props: dict[str, Any]) -> dict[str, str]:
    attrs = {name: _text(props[name]) for name in _ATTRIBUTES if name in props}
    for name in ("RedrivePolicy", "RedriveAllowPolicy"):
        if name in props:
            attrs[name] = _text(props[name])
    if boolean(props.get("FifoQueue")):
        attrs["FifoQueue"] = "true"
    return attrs


async def _queue(ctx: ProvisionContext, url: str) -> Resource:
    arn = (await ctx.call("sqs", "GetQueueAttributes", {"QueueUrl": url, "AttributeNames": ["QueueArn"]}))["Attributes"]["QueueArn"]
    return Resource(url, {"Arn": arn, "QueueName": url.rsplit("/", 1)[1], "QueueUrl": url})


async def create_queue(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    fifo = boolean(props.get("FifoQueue"))
    name = props.get("QueueName") or ctx.physical_name(80, suffix=".fifo" if fifo else "")
    request: dict[str, Any] = {"QueueName": name, "Attributes": _attributes(props)}
    if tags := ctx.tag_map(props.get("Tags")):
        request["tags"] = tags
    url = (await ctx.call("sqs", "CreateQueue", request))["QueueUrl"]
    return await _queue(ctx, url)


async def update_queue(ctx: ProvisionContext, url: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    attrs = _attributes(props)
    for name in _attributes(old).keys() - attrs.keys():
        if name in _DEFAULTS:
            attrs[name] = _DEFAULTS[name]
    if attrs:
        await ctx.call("sqs", "SetQueueAttributes", {"QueueUrl": url, "Attributes": attrs})
    new_tags, old_tags = ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags"))
    if gone := sorted(old_tags.keys() - new_tags.keys()):
        await ctx.call("sqs", "UntagQueue", {"QueueUrl": url, "TagKeys": gone})
    if new_tags and new_tags != old_tags:
        await ctx.call("sqs", "TagQueue", {"QueueUrl": url, "Tags": new_tags})
    return await _queue(ctx, url)


async def delete_queue(ctx: ProvisionContext, url: str, props: dict[str, Any]) -> None:
    try:
        await ctx.call("sqs", "DeleteQueue", {"QueueUrl": url})
    except AwsError as e:
        if e.code != "QueueDoesNotExist":
            raise


async def read_queue(ctx: ProvisionContext, url: str, props: dict[str, Any]) -> dict[str, Any]:
    attrs = (await ctx.call("sqs", "GetQueueAttributes", {"QueueUrl": url, "AttributeNames": ["All"]}))["Attributes"]
    current: dict[str, Any] = {"QueueName": url.rsplit("/", 1)[1]}
    for name in (*_ATTRIBUTES, "FifoQueue"):
        if name in attrs:
            current[name] = attrs[name]
    for name in ("RedrivePolicy", "RedriveAllowPolicy"):
        if name in attrs:
            current[name] = json.loads(attrs[name])
    return current


async def _set_policy(ctx: ProvisionContext, urls: list[str], policy: Any) -> None:
    text = policy if isinstance(policy, str) else json.dumps(policy)
    for url in urls:
        await ctx.call("sqs", "SetQueueAttributes", {"QueueUrl": url, "Attributes": {"Policy": text}})


async def _clear_policy(ctx: ProvisionContext, urls: list[str]) -> None:
    for url in urls:
        try:
            await ctx.call("sqs", "SetQueueAttributes", {"QueueUrl": url, "Attributes": {"Policy": ""}})
        except AwsError as e:
            if e.code != "QueueDoesNotExist":
                raise


async def create_queue_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await _set_policy(ctx, props["Queues"], props["PolicyDocument"])
    return Resource(ctx.physical_name(), {"Id": ctx.logical_id})


async def update_queue_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _clear_policy(ctx, [url for url in old["Queues"] if url not in props["Queues"]])
    await _set_policy(ctx, props["Queues"], props["PolicyDocument"])
    return Resource(pid, {"Id": pid})


async def delete_queue_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    await _clear_policy(ctx, props["Queues"])


async def create_inline_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await _set_policy(ctx, [props["Queue"]], props["PolicyDocument"])
    return Resource(props["Queue"])


async def update_inline_policy(ctx: ProvisionContext, url: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _set_policy(ctx, [url], props["PolicyDocument"])
    return Resource(url)


async def delete_inline_policy(ctx: ProvisionContext, url: str, props: dict[str, Any]) -> None:
    await _clear_policy(ctx, [url])


RESOURCE_TYPES = {
    "AWS::SQS::Queue": ResourceType(create_queue, delete_queue, update_queue, replaces=frozenset({"QueueName", "FifoQueue"}), read=read_queue),
    "AWS::SQS::QueuePolicy": ResourceType(create_queue_policy, delete_queue_policy, update_queue_policy),
    "AWS::SQS::QueueInlinePolicy": ResourceType(create_inline_policy, delete_inline_policy, update_inline_policy, replaces=frozenset({"Queue"})),
}
