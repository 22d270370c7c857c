"""Global tables, version 2017.11.29 (CreateGlobalTable, DescribeGlobalTable,
UpdateGlobalTable, ListGlobalTables, DescribeGlobalTableSettings,
UpdateGlobalTableSettings), and the replica auto scaling settings of any
replicated table (DescribeTableReplicaAutoScaling, UpdateTableReplicaAutoScaling).

A 2017 global table links existing, empty tables of one name, each with a
NEW_AND_OLD_IMAGES stream, in several regions; a `GlobalTable` record is kept
in each member region's scope so any of them can describe it. Replication
itself is `replication.py`, shared with version 2019.11.21.
Auto scaling settings are stored and answered; nothing scales, since nothing
throttles here.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, replication
from cumulo.services.dynamodb.api.tables import table_or_error
from cumulo.services.dynamodb.models import GlobalTable, Table
from cumulo.services.dynamodb.replication import V2017, in_region


def _records(ctx: RequestContext, region: str | None = None) -> Any:
    return (in_region(ctx, region) if region else ctx).scope.table("global_tables")


def _member(ctx: RequestContext, region: str, name: str) -> Table:
    table = engine.find_table(in_region(ctx, region), name)
    if table is None:
        raise AwsError("TableNotFoundException", f"Table not found: {name} in region {region}")
    if not table.stream_enabled and not table.stream_view_type:
        # AWS insists the stream be on already; a table that never had one gets it here.
        table.stream_enabled, table.stream_view_type = True, "NEW_AND_OLD_IMAGES"
        table.stream_label = ctx.clock.utcnow().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
    if not table.stream_enabled or table.stream_view_type != "NEW_AND_OLD_IMAGES":
        raise AwsError("ValidationException", f"One or more parameter values were invalid: Table {name} in region {region} "
                       "must have DynamoDB Streams enabled with the stream containing both the new and the old images of the item")
    return table


def _find(ctx: RequestContext, name: str) -> GlobalTable:
    found: GlobalTable | None = _records(ctx).get(name)
    if found is None:
        raise AwsError("GlobalTableNotFoundException", f"Global table not found: Global table with name: '{name}' does not exist.")
    return found


def _save(ctx: RequestContext, record: GlobalTable, regions: list[str]) -> None:
    """Keep the record in exactly the member regions."""
    before, record.regions = set(record.regions), sorted(regions)
    for region in before | set(regions):
        records = _records(ctx, region)
        if region in regions:
            records[record.name] = record
        elif record.name in records:
            del records[record.name]


def _description(ctx: RequestContext, record: GlobalTable) -> dict[str, Any]:
    group = []
    for region in record.regions:
        entry: dict[str, Any] = {"RegionName": region}
        table = engine.find_table(in_region(ctx, region), record.name)
        entry["ReplicaStatus"] = "ACTIVE" if table is not None and table.status in ("ACTIVE", "UPDATING") else "CREATING" if table else "DELETING"
        group.append(entry)
    return {"ReplicationGroup": group, "GlobalTableArn": record.arn, "CreationDateTime": record.created,
            "GlobalTableStatus": "ACTIVE", "GlobalTableName": record.name}


def create_global_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["GlobalTableName"]
    if name in _records(ctx):
        raise AwsError("GlobalTableAlreadyExistsException", "Global table already exists")
    if not all(r.get("RegionName") for r in req["ReplicationGroup"]):  # optional in the model, needed here
        raise AwsError("ValidationException", "1 validation error detected: Value null at 'replicationGroup.member.regionName' "
                       "failed to satisfy constraint: Member must not be null")
    regions = sorted({r["RegionName"] for r in req["ReplicationGroup"]})
    group = {region: _member(ctx, region, name) for region in regions}
    for region, table in group.items():
        if table.replicas:
            raise AwsError("ValidationException", f"Table {name} in region {region} is already a replica of a global table")
        if engine.data(in_region(ctx, region), table).rows:
            raise AwsError("ValidationException", f"One or more parameter values were invalid: Table {name} in region {region} is not empty")
    record = GlobalTable(name, ctx.arn(f"global-table/{name}", region=""), ctx.clock.now(), [])
    _save(ctx, record, regions)
    replication.link(ctx, group, V2017)
    return {"GlobalTableDescription": _description(ctx, record)}


def describe_global_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"GlobalTableDescription": _description(ctx, _find(ctx, req["GlobalTableName"]))}


def update_global_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    record = _find(ctx, req["GlobalTableName"])
    regions = list(record.regions)
    for update in req["ReplicaUpdates"]:
        if "Create" in update:
            region = update["Create"]["RegionName"]
            if region in regions:
                raise AwsError("ReplicaAlreadyExistsException", f"Replica already exists in region {region}")
            _member(ctx, region, record.name)
            regions.append(region)
        elif "Delete" in update:
            region = update["Delete"]["RegionName"]
            if region not in regions:
                raise AwsError("ReplicaNotFoundException", f"Replica not found in region {region}")
            regions.remove(region)
    group = {region: _member(ctx, region, record.name) for region in regions}
    for region in set(record.regions) - set(regions):
        gone = engine.find_table(in_region(ctx, region), record.name)
        if gone is not None:
            gone.replicas, gone.global_version = {}, None
            engine.tables(in_region(ctx, region)).touch(gone.name)
    _save(ctx, record, regions)
    replication.link(ctx, group, V2017)
    return {"GlobalTableDescription": _description(ctx, record)}


def list_global_tables(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    records = sorted(_records(ctx).values(), key=lambda r: r.name)
    if req.get("RegionName"):
        records = [r for r in records if req["RegionName"] in r.regions]
    if req.get("ExclusiveStartGlobalTableName"):
        records = [r for r in records if r.name > req["ExclusiveStartGlobalTableName"]]
    limit = req.get("Limit") or 100
    page = records[:limit]
    out: dict[str, Any] = {"GlobalTables": [
        {"GlobalTableName": r.name, "ReplicationGroup": [{"RegionName": region} for region in r.regions]} for r in page]}
    if len(records) > limit:
        out["LastEvaluatedGlobalTableName"] = page[-1].name
    return out


def _replica_settings(ctx: RequestContext, region: str, table: Table) -> dict[str, Any]:
    scaling = table.autoscaling
    return {
        "RegionName": region,
        "ReplicaStatus": "ACTIVE" if table.status in ("ACTIVE", "UPDATING") else table.status,
        "ReplicaBillingModeSummary": {"BillingMode": table.billing_mode},
        "ReplicaProvisionedReadCapacityUnits": table.read_capacity,
        "ReplicaProvisionedWriteCapacityUnits": table.write_capacity,
        "ReplicaProvisionedReadCapacityAutoScalingSettings": scaling.get("read", DISABLED),
        "ReplicaProvisionedWriteCapacityAutoScalingSettings": scaling.get("write", DISABLED),
        "ReplicaGlobalSecondaryIndexSettings": [
            {"IndexName": i.name, "IndexStatus": i.status, "ProvisionedReadCapacityUnits": i.read_capacity,
             "ProvisionedWriteCapacityUnits": i.write_capacity} for i in table.gsis.values()],
        "ReplicaTableClassSummary": {"TableClass": table.table_class},
    }


def _settings(ctx: RequestContext, record: GlobalTable) -> dict[str, Any]:
    replicas = []
    for region in record.regions:
        table = engine.find_table(in_region(ctx, region), record.name)
        if table is not None:
            replicas.append(_replica_settings(ctx, region, table))
    return {"GlobalTableName": record.name, "ReplicaSettings": replicas}


def describe_global_table_settings(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _settings(ctx, _find(ctx, req["GlobalTableName"]))


def update_global_table_settings(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    record = _find(ctx, req["GlobalTableName"])
    per_region = {u["RegionName"]: u for u in req.get("ReplicaSettingsUpdate") or []}
    unknown = set(per_region) - set(record.regions)
    if unknown:
        raise AwsError("ReplicaNotFoundException", f"Replica not found in region {sorted(unknown)[0]}")
    for region in record.regions:
        there = in_region(ctx, region)
        table = engine.find_table(there, record.name)
        if table is None:
            continue
        if req.get("GlobalTableBillingMode"):
            table.billing_mode = req["GlobalTableBillingMode"]
        if req.get("GlobalTableProvisionedWriteCapacityUnits"):
            table.write_capacity = req["GlobalTableProvisionedWriteCapacityUnits"]
        if req.get("GlobalTableProvisionedWriteCapacityAutoScalingSettingsUpdate"):
            table.autoscaling["write"] = _scaling(req["GlobalTableProvisionedWriteCapacityAutoScalingSettingsUpdate"])
        for spec in req.get("GlobalTableGlobalSecondaryIndexSettingsUpdate") or []:
            index = table.gsis.get(spec["IndexName"])
            if index is None:
                raise AwsError("IndexNotFoundException", f"Requested resource not found: Index: {spec['IndexName']} not found")
            if spec.get("ProvisionedWriteCapacityUnits"):
                index.write_capacity = spec["ProvisionedWriteCapacityUnits"]
        update = per_region.get(region)
        if update:
            if update.get("ReplicaProvisionedReadCapacityUnits"):
                table.read_capacity = update["ReplicaProvisionedReadCapacityUnits"]
            if update.get("ReplicaProvisionedReadCapacityAutoScalingSettingsUpdate"):
                table.autoscaling["read"] = _scaling(update["ReplicaProvisionedReadCapacityAutoScalingSettingsUpdate"])
            if update.get("ReplicaTableClass"):
                table.table_class = update["ReplicaTableClass"]
        engine.tables(there).touch(table.name)
    return _settings(ctx, record)


# ---------------------------------------------------------------- replica auto scaling

DISABLED: dict[str, Any] = {"AutoScalingDisabled": True}


def _scaling(update: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """An AutoScalingSettingsDescription from an AutoScalingSettingsUpdate."""
    out = {k: x for k, x in (current or {}).items() if k != "AutoScalingDisabled"}
    for key in ("MinimumUnits", "MaximumUnits", "AutoScalingRoleArn"):
        if update.get(key) is not None:
            out[key] = update[key]
    out["AutoScalingDisabled"] = bool(update.get("AutoScalingDisabled", False))
    policy = update.get("ScalingPolicyUpdate")
    if policy:
        out["ScalingPolicies"] = [{"PolicyName": policy.get("PolicyName") or "DynamoDBWriteCapacityUtilization",
                                   "TargetTrackingScalingPolicyConfiguration": policy["TargetTrackingScalingPolicyConfiguration"]}]
    return out


def _auto_scaling(ctx: RequestContext, table: Table) -> dict[str, Any]:
    replicas = []
    for region, member in sorted(replication.members(ctx, table).items()):
        scaling = table.autoscaling
        replicas.append({
            "RegionName": region,
            "ReplicaStatus": "ACTIVE" if member.status in ("ACTIVE", "UPDATING") else member.status,
            "ReplicaProvisionedReadCapacityAutoScalingSettings": scaling.get(f"read:{region}", scaling.get("read", DISABLED)),
            "ReplicaProvisionedWriteCapacityAutoScalingSettings": scaling.get("write", DISABLED),
            "GlobalSecondaryIndexes": [{
                "IndexName": i.name, "IndexStatus": i.status,
                "ProvisionedReadCapacityAutoScalingSettings": scaling.get(f"index:{i.name}:read:{region}", DISABLED),
                "ProvisionedWriteCapacityAutoScalingSettings": scaling.get(f"index:{i.name}:write", DISABLED),
            } for i in member.gsis.values()],
        })
    return {"TableName": table.name, "TableStatus": table.status, "Replicas": replicas}


def describe_table_replica_auto_scaling(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"TableAutoScalingDescription": _auto_scaling(ctx, table_or_error(ctx, req["TableName"]))}


def update_table_replica_auto_scaling(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = table_or_error(ctx, req["TableName"])
    scaling = table.autoscaling
    if req.get("ProvisionedWriteCapacityAutoScalingUpdate"):
        scaling["write"] = _scaling(req["ProvisionedWriteCapacityAutoScalingUpdate"], scaling.get("write"))
    for spec in req.get("GlobalSecondaryIndexUpdates") or []:
        if spec.get("IndexName") not in table.gsis:
            raise AwsError("ResourceNotFoundException", f"Requested resource not found: Index: {spec.get('IndexName')} not found")
        if spec.get("ProvisionedWriteCapacityAutoScalingUpdate"):
            key = f"index:{spec['IndexName']}:write"
            scaling[key] = _scaling(spec["ProvisionedWriteCapacityAutoScalingUpdate"], scaling.get(key))
    regions = replication.members(ctx, table)
    for spec in req.get("ReplicaUpdates") or []:
        region = spec["RegionName"]
        if region not in regions:
            raise AwsError("ResourceNotFoundException", f"Requested resource not found: Replica in region {region} not found")
        if spec.get("ReplicaProvisionedReadCapacityAutoScalingUpdate"):
            key = f"read:{region}"
            scaling[key] = _scaling(spec["ReplicaProvisionedReadCapacityAutoScalingUpdate"], scaling.get(key))
        for index in spec.get("ReplicaGlobalSecondaryIndexUpdates") or []:
            if index.get("ProvisionedReadCapacityAutoScalingUpdate"):
                key = f"index:{index['IndexName']}:read:{region}"
                scaling[key] = _scaling(index["ProvisionedReadCapacityAutoScalingUpdate"], scaling.get(key))
    engine.tables(ctx).touch(table.name)
    return {"TableAutoScalingDescription": _auto_scaling(ctx, table)}
