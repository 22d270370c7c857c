"""KMS's CloudFormation resource types: AWS::KMS::Key, Alias and ReplicaKey, made
through KMS's own API (cumulo.core.provisioning).

Deleting a key schedules its deletion, `PendingWindowInDays` (7 to 30, default 30)
ahead, as CloudFormation does: the key turns `PendingDeletion` and KMS's timer
removes it when the window ends.
"""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType, boolean

_GONE = {"NotFoundException"}


def _text(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


def _tags(ctx: ProvisionContext, template_tags: list[dict[str, str]] | None) -> list[dict[str, str]]:
    # KMS refuses the reserved aws: prefix to callers.
    return [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in ctx.tag_list(template_tags) if not t["Key"].startswith("aws:")]


def _in(ctx: ProvisionContext, region: str) -> ProvisionContext:
    if region == ctx.region:
        return ctx
    return ProvisionContext(ctx.runtime, ctx.account, region, ctx.stack_name, ctx.stack_id, ctx.logical_id, ctx.tags)


async def _key(ctx: ProvisionContext, key_id: str) -> Resource:
    meta = (await ctx.call("kms", "DescribeKey", {"KeyId": key_id}))["KeyMetadata"]
    return Resource(meta["KeyId"], {"Arn": meta["Arn"], "KeyId": meta["KeyId"]})


async def _settings(ctx: ProvisionContext, key_id: str, props: dict[str, Any], old: dict[str, Any] | None, *, replica: bool = False) -> None:
    """Everything of a key CreateKey/ReplicateKey does not set (`old` None), or an update changes."""
    creating = old is None
    old = old or {}
    if not creating and props.get("Description", "") != old.get("Description", ""):
        await ctx.call("kms", "UpdateKeyDescription", {"KeyId": key_id, "Description": props.get("Description", "")})
    if not creating and props.get("KeyPolicy") and props.get("KeyPolicy") != old.get("KeyPolicy"):
        await ctx.call("kms", "PutKeyPolicy", {"KeyId": key_id, "PolicyName": "default", "Policy": _text(props["KeyPolicy"]),
                                               "BypassPolicyLockoutSafetyCheck": boolean(props.get("BypassPolicyLockoutSafetyCheck"))})
    if not replica:
        rotate, rotated = boolean(props.get("EnableKeyRotation")), boolean(old.get("EnableKeyRotation"))
        period, old_period = props.get("RotationPeriodInDays"), old.get("RotationPeriodInDays")
        if rotate and (not rotated or period != old_period):
            request: dict[str, Any] = {"KeyId": key_id}
            if period is not None:
                request["RotationPeriodInDays"] = int(period)
            await ctx.call("kms", "EnableKeyRotation", request)
        elif rotated and not rotate:
            await ctx.call("kms", "DisableKeyRotation", {"KeyId": key_id})
    enabled = props.get("Enabled") is None or boolean(props.get("Enabled"))
    was = old.get("Enabled") is None or boolean(old.get("Enabled"))
    if enabled != was:
        await ctx.call("kms", "EnableKey" if enabled else "DisableKey", {"KeyId": key_id})
    if not creating:
        new_tags, old_tags = _tags(ctx, props.get("Tags")), _tags(ctx, old.get("Tags"))
        if gone := sorted({t["TagKey"] for t in old_tags} - {t["TagKey"] for t in new_tags}):
            await ctx.call("kms", "UntagResource", {"KeyId": key_id, "TagKeys": gone})
        if new_tags and new_tags != old_tags:
            await ctx.call("kms", "TagResource", {"KeyId": key_id, "Tags": new_tags})


async def _schedule_deletion(ctx: ProvisionContext, key_id: str, props: dict[str, Any]) -> None:
    try:
        await ctx.call("kms", "ScheduleKeyDeletion", {"KeyId": key_id, "PendingWindowInDays": int(props.get("PendingWindowInDays", 30))})
    except AwsError as e:
        # Gone, or already pending deletion: either way the key is on its way out.
        if e.code not in _GONE | {"KMSInvalidStateException"}:
            raise


# ---------------------------------------------------------------- AWS::KMS::Key


async def create_key(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {}
    for key in ("Description", "KeySpec", "KeyUsage", "Origin"):
        if props.get(key):
            request[key] = props[key]
    if props.get("MultiRegion") is not None:
        request["MultiRegion"] = boolean(props["MultiRegion"])
    if props.get("KeyPolicy"):
        request["Policy"] = _text(props["KeyPolicy"])
        request["BypassPolicyLockoutSafetyCheck"] = boolean(props.get("BypassPolicyLockoutSafetyCheck"))
    if tags := _tags(ctx, props.get("Tags")):
        request["Tags"] = tags
    key_id = (await ctx.call("kms", "CreateKey", request))["KeyMetadata"]["KeyId"]
    try:
        await _settings(ctx, key_id, props, None)
    except AwsError:
        await _schedule_deletion(ctx, key_id, {"PendingWindowInDays": 7})
        raise
    return await _key(ctx, key_id)


async def update_key(ctx: ProvisionContext, key_id: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _settings(ctx, key_id, props, old)
    return await _key(ctx, key_id)


async def delete_key(ctx: ProvisionContext, key_id: str, props: dict[str, Any]) -> None:
    await _schedule_deletion(ctx, key_id, props)


async def read_key(ctx: ProvisionContext, key_id: str, props: dict[str, Any]) -> dict[str, Any]:
    meta = (await ctx.call("kms", "DescribeKey", {"KeyId": key_id}))["KeyMetadata"]
    policy = (await ctx.call("kms", "GetKeyPolicy", {"KeyId": key_id, "PolicyName": "default"}))["Policy"]
    current: dict[str, Any] = {"Description": meta.get("Description", ""), "Enabled": meta["Enabled"], "KeySpec": meta["KeySpec"],
                               "KeyUsage": meta["KeyUsage"], "MultiRegion": meta.get("MultiRegion", False), "KeyPolicy": json.loads(policy)}
    if meta["KeySpec"] == "SYMMETRIC_DEFAULT" and meta.get("Origin") == "AWS_KMS":
        current["EnableKeyRotation"] = (await ctx.call("kms", "GetKeyRotationStatus", {"KeyId": key_id}))["KeyRotationEnabled"]
    return current


# ---------------------------------------------------------------- AWS::KMS::Alias


async def create_alias(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await ctx.call("kms", "CreateAlias", {"AliasName": props["AliasName"], "TargetKeyId": props["TargetKeyId"]})
    return Resource(props["AliasName"])


async def update_alias(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await ctx.call("kms", "UpdateAlias", {"AliasName": name, "TargetKeyId": props["TargetKeyId"]})
    return Resource(name)


async def delete_alias(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    try:
        await ctx.call("kms", "DeleteAlias", {"AliasName": name})
    except AwsError as e:
        if e.code not in _GONE:
            raise


async def read_alias(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    meta = (await ctx.call("kms", "DescribeKey", {"KeyId": name}))["KeyMetadata"]
    return {"AliasName": name, "TargetKeyId": meta["KeyId"]}


# ---------------------------------------------------------------- AWS::KMS::ReplicaKey


async def create_replica(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    primary = props["PrimaryKeyArn"]
    request: dict[str, Any] = {"KeyId": primary, "ReplicaRegion": ctx.region}
    if props.get("Description"):
        request["Description"] = props["Description"]
    if props.get("KeyPolicy"):
        request["Policy"] = _text(props["KeyPolicy"])
    if tags := _tags(ctx, props.get("Tags")):
        request["Tags"] = tags
    # ReplicateKey is called in the primary key's region, naming this one.
    replica = (await _in(ctx, primary.split(":")[3]).call("kms", "ReplicateKey", request))["ReplicaKeyMetadata"]
    await _settings(ctx, replica["KeyId"], props, None, replica=True)
    return await _key(ctx, replica["KeyId"])


async def update_replica(ctx: ProvisionContext, key_id: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _settings(ctx, key_id, props, old, replica=True)
    return await _key(ctx, key_id)


RESOURCE_TYPES = {
    "AWS::KMS::Key": ResourceType(create_key, delete_key, update_key, replaces=frozenset({"KeySpec", "KeyUsage", "MultiRegion", "Origin"}), read=read_key),
    "AWS::KMS::Alias": ResourceType(create_alias, delete_alias, update_alias, replaces=frozenset({"AliasName"}), read=read_alias),
    "AWS::KMS::ReplicaKey": ResourceType(create_replica, delete_key, update_replica, replaces=frozenset({"PrimaryKeyArn"}), read=read_key),
}
