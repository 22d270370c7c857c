"""DynamoDB's CloudFormation resource types, AWS::DynamoDB::Table and
AWS::DynamoDB::GlobalTable, made through DynamoDB's own API (cumulo.core.provisioning).

A table's template properties go to CreateTable, then to the operations that own
the rest (UpdateTimeToLive, UpdateContinuousBackups, EnableKinesisStreamingDestination,
UpdateContributorInsights). An update changes indexes one at a time, as UpdateTable
allows, waiting for the table to be ACTIVE between steps as CloudFormation does.
A global table is a table in the stack's region with replicas added through
UpdateTable `ReplicaUpdates` (global tables version 2019.11.21).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType, boolean
from cumulo.core.cfnshape import typed

_GONE = {"ResourceNotFoundException"}
_SETTLE_POLLS = 600  # x 50 ms: how long a transitional status is waited for


async def _call(ctx: ProvisionContext, op: str, request: dict[str, Any], region: str | None = None) -> dict[str, Any]:
    if region and region != ctx.region:
        other = ProvisionContext(ctx.runtime, ctx.account, region, ctx.stack_name, ctx.stack_id, ctx.logical_id, ctx.tags)
        return await other.call("dynamodb", op, typed("dynamodb", op, request))
    return await ctx.call("dynamodb", op, typed("dynamodb", op, request))


async def _settle(ctx: ProvisionContext, name: str, region: str | None = None) -> dict[str, Any]:
    """The table once it and its indexes are ACTIVE (CloudFormation waits the same way)."""
    for _ in range(_SETTLE_POLLS):
        table = (await _call(ctx, "DescribeTable", {"TableName": name}, region))["Table"]
        busy = table["TableStatus"] != "ACTIVE" or any(
            i.get("IndexStatus", "ACTIVE") != "ACTIVE" for i in table.get("GlobalSecondaryIndexes", []))
        if not busy:
            return table
        await asyncio.sleep(0.05)
    return table


# ---------------------------------------------------------------- template shape -> API shape


def _sse(spec: dict[str, Any] | None) -> dict[str, Any]:
    if not spec:
        return {"Enabled": False}
    out: dict[str, Any] = {"Enabled": boolean(spec.get("SSEEnabled"))}
    for key in ("SSEType", "KMSMasterKeyId"):
        if spec.get(key):
            out[key] = spec[key]
    return out


def _stream(spec: dict[str, Any] | None) -> dict[str, Any]:
    if spec and spec.get("StreamViewType"):
        return {"StreamEnabled": True, "StreamViewType": spec["StreamViewType"]}
    return {"StreamEnabled": False}


def _gsi(index: dict[str, Any], billing: str) -> dict[str, Any]:
    out: dict[str, Any] = {k: index[k] for k in ("IndexName", "KeySchema", "Projection", "OnDemandThroughput", "WarmThroughput") if k in index}
    if billing != "PAY_PER_REQUEST" and index.get("ProvisionedThroughput"):
        out["ProvisionedThroughput"] = index["ProvisionedThroughput"]
    return out


def _billing(props: dict[str, Any]) -> str:
    return props.get("BillingMode") or "PROVISIONED"


def _create_request(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    billing = _billing(props)
    request: dict[str, Any] = {"TableName": name, "AttributeDefinitions": props["AttributeDefinitions"], "KeySchema": props["KeySchema"],
                               "BillingMode": billing}
    if billing == "PROVISIONED":
        request["ProvisionedThroughput"] = props.get("ProvisionedThroughput") or {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    if props.get("GlobalSecondaryIndexes"):
        request["GlobalSecondaryIndexes"] = [_gsi(i, billing) for i in props["GlobalSecondaryIndexes"]]
    if props.get("LocalSecondaryIndexes"):
        request["LocalSecondaryIndexes"] = props["LocalSecondaryIndexes"]
    if props.get("StreamSpecification"):
        request["StreamSpecification"] = _stream(props["StreamSpecification"])
    if props.get("SSESpecification"):
        request["SSESpecification"] = _sse(props["SSESpecification"])
    for key in ("TableClass", "DeletionProtectionEnabled", "OnDemandThroughput", "WarmThroughput"):
        if props.get(key) is not None:
            request[key] = props[key]
    if (props.get("ResourcePolicy") or {}).get("PolicyDocument"):
        request["ResourcePolicy"] = _json(props["ResourcePolicy"]["PolicyDocument"])
    if tags := ctx.tag_list(props.get("Tags")):
        request["Tags"] = tags
    return request


def _json(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


# ---------------------------------------------------------------- settings outside CreateTable


async def _ttl(ctx: ProvisionContext, name: str, new: dict[str, Any] | None, old: dict[str, Any] | None, region: str | None = None) -> None:
    on = bool(new and boolean(new.get("Enabled")))
    was = bool(old and boolean(old.get("Enabled")))
    if on == was and (not on or (new or {}).get("AttributeName") == (old or {}).get("AttributeName")):
        return
    if was:
        await _call(ctx, "UpdateTimeToLive", {"TableName": name, "TimeToLiveSpecification": {"AttributeName": (old or {})["AttributeName"], "Enabled": False}}, region)
    if on:
        await _call(ctx, "UpdateTimeToLive", {"TableName": name, "TimeToLiveSpecification": {"AttributeName": (new or {})["AttributeName"], "Enabled": True}}, region)


async def _pitr(ctx: ProvisionContext, name: str, new: dict[str, Any] | None, old: dict[str, Any] | None, region: str | None = None) -> None:
    if (new or {}) == (old or {}):
        return
    spec: dict[str, Any] = {"PointInTimeRecoveryEnabled": boolean((new or {}).get("PointInTimeRecoveryEnabled"))}
    if spec["PointInTimeRecoveryEnabled"] and (new or {}).get("RecoveryPeriodInDays"):
        spec["RecoveryPeriodInDays"] = (new or {})["RecoveryPeriodInDays"]
    await _call(ctx, "UpdateContinuousBackups", {"TableName": name, "PointInTimeRecoverySpecification": spec}, region)


async def _kinesis(ctx: ProvisionContext, name: str, new: dict[str, Any] | None, old: dict[str, Any] | None) -> None:
    if (new or {}) == (old or {}):
        return
    if old and old.get("StreamArn"):
        try:
            await _call(ctx, "DisableKinesisStreamingDestination", {"TableName": name, "StreamArn": old["StreamArn"]})
        except AwsError as e:
            if e.code not in _GONE | {"ValidationException"}:
                raise
    if new and new.get("StreamArn"):
        request: dict[str, Any] = {"TableName": name, "StreamArn": new["StreamArn"]}
        if new.get("ApproximateCreationDateTimePrecision"):
            request["EnableKinesisStreamingConfiguration"] = {"ApproximateCreationDateTimePrecision": new["ApproximateCreationDateTimePrecision"]}
        await _call(ctx, "EnableKinesisStreamingDestination", request)


async def _insights(ctx: ProvisionContext, name: str, new: dict[str, Any] | None, old: dict[str, Any] | None, index: str | None = None) -> None:
    if (new or {}) == (old or {}):
        return
    request: dict[str, Any] = {"TableName": name, "ContributorInsightsAction": "ENABLE" if boolean((new or {}).get("Enabled")) else "DISABLE"}
    if index:
        request["IndexName"] = index
    await _call(ctx, "UpdateContributorInsights", request)


async def _extras(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    await _ttl(ctx, name, props.get("TimeToLiveSpecification"), old.get("TimeToLiveSpecification"))
    await _pitr(ctx, name, props.get("PointInTimeRecoverySpecification"), old.get("PointInTimeRecoverySpecification"))
    await _kinesis(ctx, name, props.get("KinesisStreamSpecification"), old.get("KinesisStreamSpecification"))
    await _insights(ctx, name, props.get("ContributorInsightsSpecification"), old.get("ContributorInsightsSpecification"))


async def _retag(ctx: ProvisionContext, arn: str, new: Any, old: Any, region: str | None = None) -> None:
    now, was = ctx.tag_map(new), ctx.tag_map(old)
    if gone := sorted(was.keys() - now.keys()):
        await _call(ctx, "UntagResource", {"ResourceArn": arn, "TagKeys": gone}, region)
    if now and now != was:
        await _call(ctx, "TagResource", {"ResourceArn": arn, "Tags": [{"Key": k, "Value": v} for k, v in now.items()]}, region)


def _index_plan(props: dict[str, Any], old: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
    wanted = {i["IndexName"]: i for i in props.get("GlobalSecondaryIndexes") or []}
    had = {i["IndexName"]: i for i in old.get("GlobalSecondaryIndexes") or []}
    rebuilt = {n for n in wanted.keys() & had.keys() if any(wanted[n].get(k) != had[n].get(k) for k in ("KeySchema", "Projection"))}
    return wanted, had, rebuilt


async def _drop_indexes(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any], region: str | None = None) -> None:
    """First step of an update: the indexes the template dropped, or changed in a way only a rebuild can."""
    wanted, had, rebuilt = _index_plan(props, old)
    for index in sorted((had.keys() - wanted.keys()) | rebuilt):
        await _call(ctx, "UpdateTable", {"TableName": name, "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": index}}]}, region)
        await _settle(ctx, name, region)


async def _add_indexes(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any], region: str | None = None) -> None:
    """Last step of an update: new indexes, one per UpdateTable, and throughput changes of kept ones."""
    wanted, had, rebuilt = _index_plan(props, old)
    billing = _billing(props)
    for index in sorted((wanted.keys() - had.keys()) | rebuilt):
        await _call(ctx, "UpdateTable", {"TableName": name, "AttributeDefinitions": props["AttributeDefinitions"],
                                         "GlobalSecondaryIndexUpdates": [{"Create": _gsi(wanted[index], billing)}]}, region)
        await _settle(ctx, name, region)
    switched = billing != _billing(old)
    for index in sorted((wanted.keys() & had.keys()) - rebuilt):
        change = {k: wanted[index][k] for k in ("ProvisionedThroughput", "OnDemandThroughput", "WarmThroughput")
                  if wanted[index].get(k) and wanted[index].get(k) != had[index].get(k) and (k != "ProvisionedThroughput" or billing == "PROVISIONED")}
        if switched:  # the billing switch already set these
            change.pop("ProvisionedThroughput", None)
        if change:
            await _call(ctx, "UpdateTable", {"TableName": name, "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": index, **change}}]}, region)
            await _settle(ctx, name, region)


async def _update_table_settings(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    request: dict[str, Any] = {}
    billing = _billing(props)
    if billing != _billing(old) or (billing == "PROVISIONED" and props.get("ProvisionedThroughput") != old.get("ProvisionedThroughput")):
        request["BillingMode"] = billing
        if billing == "PROVISIONED":
            request["ProvisionedThroughput"] = props.get("ProvisionedThroughput") or {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
            wanted, had, rebuilt = _index_plan(props, old)
            kept = sorted((wanted.keys() & had.keys()) - rebuilt)
            if kept and _billing(old) != billing:
                # Switching to provisioned capacity sets every remaining index's throughput with it.
                request["GlobalSecondaryIndexUpdates"] = [
                    {"Update": {"IndexName": n, "ProvisionedThroughput": wanted[n].get("ProvisionedThroughput") or {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}}
                    for n in kept]
    if props.get("SSESpecification") != old.get("SSESpecification"):
        request["SSESpecification"] = _sse(props.get("SSESpecification"))
    for key in ("TableClass", "OnDemandThroughput", "WarmThroughput"):
        if props.get(key) is not None and props.get(key) != old.get(key):
            request[key] = props[key]
    if props.get("DeletionProtectionEnabled") != old.get("DeletionProtectionEnabled"):
        request["DeletionProtectionEnabled"] = boolean(props.get("DeletionProtectionEnabled"))
    if request:
        await _call(ctx, "UpdateTable", {"TableName": name, **request})
        await _settle(ctx, name)
    new_stream, old_stream = props.get("StreamSpecification"), old.get("StreamSpecification")
    if (new_stream or {}).get("StreamViewType") != (old_stream or {}).get("StreamViewType"):
        if old_stream and old_stream.get("StreamViewType"):
            await _call(ctx, "UpdateTable", {"TableName": name, "StreamSpecification": {"StreamEnabled": False}})
            await _settle(ctx, name)
        if new_stream and new_stream.get("StreamViewType"):
            await _call(ctx, "UpdateTable", {"TableName": name, "StreamSpecification": _stream(new_stream)})
            await _settle(ctx, name)


async def _policy(ctx: ProvisionContext, arn: str, new: dict[str, Any] | None, old: dict[str, Any] | None, region: str | None = None) -> None:
    if (new or {}) == (old or {}):
        return
    if new and new.get("PolicyDocument"):
        await _call(ctx, "PutResourcePolicy", {"ResourceArn": arn, "Policy": _json(new["PolicyDocument"])}, region)
    else:
        await _call(ctx, "DeleteResourcePolicy", {"ResourceArn": arn}, region)


# ---------------------------------------------------------------- AWS::DynamoDB::Table


def _table(table: dict[str, Any]) -> Resource:
    attributes = {"Arn": table["TableArn"]}
    if table.get("LatestStreamArn"):
        attributes["StreamArn"] = table["LatestStreamArn"]
    return Resource(table["TableName"], attributes)


async def create_table(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("TableName") or ctx.physical_name(255)
    request = _create_request(ctx, name, props)
    if source := props.get("ImportSourceSpecification"):
        # The table is made by importing S3 data, as CloudFormation does with ImportTable.
        creation = {k: v for k, v in request.items() if k in ("TableName", "AttributeDefinitions", "KeySchema", "BillingMode",
                                                              "ProvisionedThroughput", "SSESpecification", "GlobalSecondaryIndexes", "OnDemandThroughput")}
        await _call(ctx, "ImportTable", {**{k: source[k] for k in ("S3BucketSource", "InputFormat", "InputFormatOptions", "InputCompressionType") if k in source},
                                         "TableCreationParameters": creation})
    else:
        await _call(ctx, "CreateTable", request)
    try:
        table = await _settle(ctx, name)
        if source:  # what ImportTable does not take
            if request.get("StreamSpecification"):
                await _call(ctx, "UpdateTable", {"TableName": name, "StreamSpecification": request["StreamSpecification"]})
            if request.get("Tags"):
                await _call(ctx, "TagResource", {"ResourceArn": table["TableArn"], "Tags": request["Tags"]})
        await _extras(ctx, name, props, {})
        for index in props.get("GlobalSecondaryIndexes") or []:
            await _insights(ctx, name, index.get("ContributorInsightsSpecification"), None, index["IndexName"])
    except AwsError:
        await delete_table(ctx, name, {})
        raise
    return _table(await _settle(ctx, name))


async def update_table(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _drop_indexes(ctx, name, props, old)
    await _update_table_settings(ctx, name, props, old)
    await _add_indexes(ctx, name, props, old)
    await _extras(ctx, name, props, old)
    table = await _settle(ctx, name)
    await _retag(ctx, table["TableArn"], props.get("Tags"), old.get("Tags"))
    await _policy(ctx, table["TableArn"], props.get("ResourcePolicy"), old.get("ResourcePolicy"))
    return _table(await _settle(ctx, name))


async def delete_table(ctx: ProvisionContext, name: str, props: dict[str, Any], region: str | None = None) -> None:
    try:
        await _call(ctx, "DeleteTable", {"TableName": name}, region)
    except AwsError as e:
        if e.code not in _GONE:
            raise


async def read_table(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    table = (await _call(ctx, "DescribeTable", {"TableName": name}))["Table"]
    current: dict[str, Any] = {"TableName": name, "KeySchema": table["KeySchema"], "AttributeDefinitions": table["AttributeDefinitions"],
                               "BillingMode": (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")}
    if current["BillingMode"] == "PROVISIONED":
        throughput = table["ProvisionedThroughput"]
        current["ProvisionedThroughput"] = {"ReadCapacityUnits": throughput["ReadCapacityUnits"], "WriteCapacityUnits": throughput["WriteCapacityUnits"]}
    if table.get("GlobalSecondaryIndexes"):
        current["GlobalSecondaryIndexes"] = [{"IndexName": i["IndexName"], "KeySchema": i["KeySchema"], "Projection": i["Projection"]}
                                             for i in table["GlobalSecondaryIndexes"]]
    stream = table.get("StreamSpecification") or {}
    if stream.get("StreamEnabled"):
        current["StreamSpecification"] = {"StreamViewType": stream["StreamViewType"]}
    ttl = (await _call(ctx, "DescribeTimeToLive", {"TableName": name}))["TimeToLiveDescription"]
    if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
        current["TimeToLiveSpecification"] = {"AttributeName": ttl["AttributeName"], "Enabled": True}
    return current


# ---------------------------------------------------------------- AWS::DynamoDB::GlobalTable


def _replicas(props: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["Region"]: r for r in props.get("Replicas") or []}


def _global_base(ctx: ProvisionContext, props: dict[str, Any]) -> dict[str, Any]:
    """The GlobalTable's properties in a Table's shape, for the table in the stack's region."""
    base = {k: v for k, v in props.items() if k not in ("Replicas", "WriteProvisionedThroughputSettings", "WriteOnDemandThroughputSettings", "TableName")}
    own = _replicas(props).get(ctx.region) or {}
    for key in ("Tags", "PointInTimeRecoverySpecification", "TableClass", "DeletionProtectionEnabled", "KinesisStreamSpecification",
                "ContributorInsightsSpecification", "ResourcePolicy"):
        if key in own:
            base[key] = own[key]
    if _billing(props) == "PROVISIONED":
        write = (props.get("WriteProvisionedThroughputSettings") or {}).get("WriteCapacityAutoScalingSettings") or {}
        read = (own.get("ReadProvisionedThroughputSettings") or {}).get("ReadCapacityUnits") or 5
        base["ProvisionedThroughput"] = {"ReadCapacityUnits": read, "WriteCapacityUnits": write.get("MinCapacity", 5)}
    if props.get("WriteOnDemandThroughputSettings"):
        base["OnDemandThroughput"] = {"MaxWriteRequestUnits": props["WriteOnDemandThroughputSettings"].get("MaxWriteRequestUnits")}
    if own.get("SSESpecification") and base.get("SSESpecification"):
        base["SSESpecification"] = {**base["SSESpecification"], **{k: v for k, v in own["SSESpecification"].items() if k == "KMSMasterKeyId"}}
    return base


async def _global(ctx: ProvisionContext, name: str) -> Resource:
    table = (await _call(ctx, "DescribeTable", {"TableName": name}))["Table"]
    attributes = {"Arn": table["TableArn"], "TableId": table.get("TableId", "")}
    if table.get("LatestStreamArn"):
        attributes["StreamArn"] = table["LatestStreamArn"]
    return Resource(name, attributes)


async def _replica_settings(ctx: ProvisionContext, name: str, region: str, new: dict[str, Any], old: dict[str, Any]) -> None:
    await _pitr(ctx, name, new.get("PointInTimeRecoverySpecification"), old.get("PointInTimeRecoverySpecification"), region)
    if new.get("Tags") != old.get("Tags"):
        table = (await _call(ctx, "DescribeTable", {"TableName": name}, region))["Table"]
        await _retag(ctx, table["TableArn"], new.get("Tags"), old.get("Tags"), region)


async def create_global_table(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("TableName") or ctx.physical_name(255)
    base = _global_base(ctx, props)
    await _call(ctx, "CreateTable", _create_request(ctx, name, base))
    try:
        await _settle(ctx, name)
        await _extras(ctx, name, base, {})
        for region, replica in _replicas(props).items():
            if region == ctx.region:
                continue
            await _call(ctx, "UpdateTable", {"TableName": name, "ReplicaUpdates": [{"Create": {"RegionName": region}}]})
            await _settle(ctx, name)
            await _replica_settings(ctx, name, region, replica, {})
    except AwsError:
        await delete_global_table(ctx, name, props)
        raise
    return await _global(ctx, name)


async def update_global_table(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    base, old_base = _global_base(ctx, props), _global_base(ctx, old)
    await _drop_indexes(ctx, name, base, old_base)
    await _update_table_settings(ctx, name, base, old_base)
    await _add_indexes(ctx, name, base, old_base)
    await _extras(ctx, name, base, old_base)
    table = await _settle(ctx, name)
    await _retag(ctx, table["TableArn"], base.get("Tags"), old_base.get("Tags"))
    wanted, had = _replicas(props), _replicas(old)
    for region in sorted(had.keys() - wanted.keys() - {ctx.region}):
        await _call(ctx, "UpdateTable", {"TableName": name, "ReplicaUpdates": [{"Delete": {"RegionName": region}}]})
        await _settle(ctx, name)
    for region in sorted(wanted.keys() - {ctx.region}):
        if region not in had:
            await _call(ctx, "UpdateTable", {"TableName": name, "ReplicaUpdates": [{"Create": {"RegionName": region}}]})
            await _settle(ctx, name)
        await _replica_settings(ctx, name, region, wanted[region], had.get(region) or {})
    return await _global(ctx, name)


async def delete_global_table(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    try:
        table = (await _call(ctx, "DescribeTable", {"TableName": name}))["Table"]
    except AwsError as e:
        if e.code in _GONE:
            return
        raise
    for replica in table.get("Replicas") or []:
        if replica["RegionName"] != ctx.region:
            await _call(ctx, "UpdateTable", {"TableName": name, "ReplicaUpdates": [{"Delete": {"RegionName": replica["RegionName"]}}]})
            await _settle(ctx, name)
    await delete_table(ctx, name, props)


async def read_global_table(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    current = await read_table(ctx, name, props)
    current.pop("ProvisionedThroughput", None)
    table = (await _call(ctx, "DescribeTable", {"TableName": name}))["Table"]
    regions = sorted({ctx.region, *(r["RegionName"] for r in table.get("Replicas") or [])})
    current["Replicas"] = [{"Region": r} for r in regions]
    return current


_TABLE_REPLACES = frozenset({"TableName", "KeySchema", "LocalSecondaryIndexes", "ImportSourceSpecification"})

RESOURCE_TYPES = {
    "AWS::DynamoDB::Table": ResourceType(create_table, delete_table, update_table, replaces=_TABLE_REPLACES, read=read_table),
    "AWS::DynamoDB::GlobalTable": ResourceType(create_global_table, delete_global_table, update_global_table,
                                               replaces=frozenset({"TableName", "KeySchema", "LocalSecondaryIndexes"}), read=read_global_table),
}
