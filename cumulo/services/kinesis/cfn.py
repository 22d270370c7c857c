"""Kinesis Data Streams' CloudFormation resource types, made through Kinesis' own API
(cumulo.core.provisioning): streams, enhanced fan-out consumers and resource policies."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from cumulo.core.cfnshape import absent, tag_changes
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType

_GONE = ("ResourceNotFoundException",)


async def _gone(ctx: ProvisionContext, operation: str, request: dict[str, Any]) -> None:
    try:
        await ctx.call("kinesis", operation, request)
    except AwsError as e:
        if not absent(e, *_GONE):
            raise


async def _active(ctx: ProvisionContext, name: str) -> dict[str, Any]:
    """The stream's summary once it is ACTIVE again (CloudFormation waits for it between
    changes; cumulo shows CREATING/UPDATING only when a status delay is configured)."""
    for _ in range(200):
        summary: dict[str, Any] = (await ctx.call("kinesis", "DescribeStreamSummary", {"StreamName": name}))["StreamDescriptionSummary"]
        if summary["StreamStatus"] == "ACTIVE":
            return summary
        await asyncio.sleep(0.05)
    raise AwsError("ResourceInUseException", f"Stream {name} did not become ACTIVE.", status=400)


def _mode(props: dict[str, Any]) -> str:
    return str((props.get("StreamModeDetails") or {}).get("StreamMode") or "PROVISIONED")


async def _settings(ctx: ProvisionContext, name: str, arn: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    hours, before = int(props.get("RetentionPeriodHours") or 24), int(old.get("RetentionPeriodHours") or 24)
    if hours > before:
        await ctx.call("kinesis", "IncreaseStreamRetentionPeriod", {"StreamName": name, "RetentionPeriodHours": hours})
        await _active(ctx, name)
    elif hours < before:
        await ctx.call("kinesis", "DecreaseStreamRetentionPeriod", {"StreamName": name, "RetentionPeriodHours": hours})
        await _active(ctx, name)
    encryption, was = props.get("StreamEncryption") or {}, old.get("StreamEncryption") or {}
    if encryption != was:
        if was:
            await ctx.call("kinesis", "StopStreamEncryption", {"StreamName": name, "EncryptionType": was["EncryptionType"], "KeyId": was["KeyId"]})
            await _active(ctx, name)
        if encryption:
            await ctx.call("kinesis", "StartStreamEncryption", {"StreamName": name, "EncryptionType": encryption["EncryptionType"],
                                                                "KeyId": encryption["KeyId"]})
            await _active(ctx, name)
    metrics, had = set(props.get("DesiredShardLevelMetrics") or []), set(old.get("DesiredShardLevelMetrics") or [])
    if metrics - had:
        await ctx.call("kinesis", "EnableEnhancedMonitoring", {"StreamName": name, "ShardLevelMetrics": sorted(metrics - had)})
    if had - metrics:
        await ctx.call("kinesis", "DisableEnhancedMonitoring", {"StreamName": name, "ShardLevelMetrics": sorted(had - metrics)})


async def create_stream(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("Name") or ctx.physical_name(128)
    request: dict[str, Any] = {"StreamName": name, "StreamModeDetails": {"StreamMode": _mode(props)}}
    if _mode(props) == "PROVISIONED":
        request["ShardCount"] = int(props.get("ShardCount") or 1)
    for key in ("WarmThroughputMiBps", "MaxRecordSizeInKiB"):
        if props.get(key) is not None:
            request[key] = int(props[key])
    if tags := ctx.tag_map(props.get("Tags")):
        request["Tags"] = tags
    await ctx.call("kinesis", "CreateStream", request)
    summary = await _active(ctx, name)
    await _settings(ctx, name, summary["StreamARN"], props, {})
    return await _stream(ctx, name)


async def _stream(ctx: ProvisionContext, name: str) -> Resource:
    summary = await _active(ctx, name)
    attributes: dict[str, Any] = {"Arn": summary["StreamARN"]}
    if summary.get("WarmThroughput"):
        attributes["WarmThroughputObject"] = {k: v for k, v in summary["WarmThroughput"].items() if k in ("CurrentMiBps", "TargetMiBps")}
    return Resource(name, attributes)


async def update_stream(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    summary = await _active(ctx, name)
    arn = summary["StreamARN"]
    if _mode(props) != _mode(old):
        await ctx.call("kinesis", "UpdateStreamMode", {"StreamARN": arn, "StreamModeDetails": {"StreamMode": _mode(props)}})
        summary = await _active(ctx, name)
    if _mode(props) == "PROVISIONED" and int(props.get("ShardCount") or 1) != summary["OpenShardCount"]:
        await ctx.call("kinesis", "UpdateShardCount", {"StreamName": name, "TargetShardCount": int(props.get("ShardCount") or 1),
                                                       "ScalingType": "UNIFORM_SCALING"})
        await _active(ctx, name)
    await _settings(ctx, name, arn, props, old)
    if props.get("WarmThroughputMiBps") != old.get("WarmThroughputMiBps") and props.get("WarmThroughputMiBps") is not None:
        await ctx.call("kinesis", "UpdateStreamWarmThroughput", {"StreamARN": arn, "WarmThroughputMiBps": int(props["WarmThroughputMiBps"])})
        await _active(ctx, name)
    if props.get("MaxRecordSizeInKiB") != old.get("MaxRecordSizeInKiB"):
        await ctx.call("kinesis", "UpdateMaxRecordSize", {"StreamARN": arn, "MaxRecordSizeInKiB": int(props.get("MaxRecordSizeInKiB") or 1024)})
    put, remove = tag_changes(ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags")))
    if remove:
        await ctx.call("kinesis", "RemoveTagsFromStream", {"StreamName": name, "TagKeys": remove})
    if put:
        await ctx.call("kinesis", "AddTagsToStream", {"StreamName": name, "Tags": put})
    return await _stream(ctx, name)


async def delete_stream(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteStream", {"StreamName": name, "EnforceConsumerDeletion": True})


async def read_stream(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    summary = (await ctx.call("kinesis", "DescribeStreamSummary", {"StreamName": name}))["StreamDescriptionSummary"]
    current: dict[str, Any] = {"Name": name, "RetentionPeriodHours": summary["RetentionPeriodHours"],
                               "StreamModeDetails": {"StreamMode": summary.get("StreamModeDetails", {}).get("StreamMode", "PROVISIONED")}}
    if current["StreamModeDetails"]["StreamMode"] == "PROVISIONED":
        current["ShardCount"] = summary["OpenShardCount"]
    return current


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def create_consumer(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {"StreamARN": props["StreamARN"], "ConsumerName": props["ConsumerName"]}
    if tags := ctx.tag_map(props.get("Tags")):
        request["Tags"] = tags
    consumer = (await ctx.call("kinesis", "RegisterStreamConsumer", request))["Consumer"]
    return Resource(consumer["ConsumerARN"], {
        "ConsumerARN": consumer["ConsumerARN"], "ConsumerName": consumer["ConsumerName"], "ConsumerStatus": consumer["ConsumerStatus"],
        "ConsumerCreationTimestamp": _iso(consumer["ConsumerCreationTimestamp"]), "StreamARN": props["StreamARN"]})


async def delete_consumer(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeregisterStreamConsumer", {"ConsumerARN": arn})


def _policy(props: dict[str, Any]) -> str:
    policy = props["ResourcePolicy"]
    return policy if isinstance(policy, str) else json.dumps(policy)


async def create_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await ctx.call("kinesis", "PutResourcePolicy", {"ResourceARN": props["ResourceArn"], "Policy": _policy(props)})
    return Resource(props["ResourceArn"])


async def update_policy(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await ctx.call("kinesis", "PutResourcePolicy", {"ResourceARN": arn, "Policy": _policy(props)})
    return Resource(arn)


async def delete_policy(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteResourcePolicy", {"ResourceARN": arn})


RESOURCE_TYPES = {
    "AWS::Kinesis::Stream": ResourceType(create_stream, delete_stream, update_stream, replaces=frozenset({"Name"}), read=read_stream),
    "AWS::Kinesis::StreamConsumer": ResourceType(create_consumer, delete_consumer, replaces=frozenset({"StreamARN", "ConsumerName"})),
    "AWS::Kinesis::ResourcePolicy": ResourceType(create_policy, delete_policy, update_policy, replaces=frozenset({"ResourceArn"})),
}
