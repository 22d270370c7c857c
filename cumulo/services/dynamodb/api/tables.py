"""Table handlers: create, describe, list, update, delete; limits and endpoints;
tags; time to live; continuous backups."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, indexes, lifecycle, pitr, schema, vectors
from cumulo.services.dynamodb.models import Table

MAX_TAGS = 50


def _stream_label(ctx: RequestContext) -> str:
    return datetime.fromtimestamp(ctx.clock.now(), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def _apply_stream(ctx: RequestContext, table: Table, spec: dict[str, Any] | None) -> None:
    if spec is None:
        return
    enabled = spec.get("StreamEnabled", False)
    if enabled:
        view = spec.get("StreamViewType")
        if not view:
            raise schema.bad("One or more parameter values were invalid: StreamSpecification: StreamViewType is required when StreamEnabled is true")
        if table.stream_enabled:
            raise schema.bad(f"Table already has an enabled stream: {table.stream_arn}")
        table.stream_enabled, table.stream_view_type = True, view
        table.stream_label = _stream_label(ctx)
    else:
        if spec.get("StreamViewType"):
            raise schema.bad("One or more parameter values were invalid: StreamViewType cannot be specified when StreamEnabled is false")
        table.stream_enabled = False


def sse_description(req: dict[str, Any], ctx: RequestContext) -> dict[str, Any] | None:
    spec = req.get("SSESpecification")
    if not spec or not spec.get("Enabled"):
        return None
    key = spec.get("KMSMasterKeyId") or ctx.arn(f"key/{uuid.uuid4()}", service="kms")
    if not key.startswith("arn:"):
        key = ctx.arn(f"key/{key}", service="kms")
    return {"Status": "ENABLED", "SSEType": spec.get("SSEType", "KMS"), "KMSMasterKeyArn": key}


def describe(ctx: RequestContext, table: Table, status: str | None = None) -> dict[str, Any]:
    d = engine.data(ctx, table)
    stats = {}
    for name, ordered in d.indexes.items():
        stats[name] = (ordered.count, 0)
    out = schema.describe(table, len(d.rows), max(d.size, 0), stats, status)
    if table.vector_indexes:
        out["VectorIndexes"] = vectors.describe(table, (item for _, item in d.rows.walk()))
    if table.global_version == "2019.11.21" and table.consistency != "STRONG":
        out["DisassociationProtectionEnabled"] = table.disassociation_protection
    if table.replicas:
        from cumulo.services.dynamodb import replication

        out.update(replication.describe(ctx, table))
    return out


def table_or_error(ctx: RequestContext, name: str) -> Table:
    """A table in any status, for the table-level operations."""
    table = engine.find_table(ctx, name)
    if table is None:
        raise AwsError("ResourceNotFoundException", f"Requested resource not found: Table: {name} not found")
    return table


def build_table(ctx: RequestContext, req: dict[str, Any], name: str) -> Table:
    """A Table from CreateTable-shaped input, validated (RestoreTable* reuse it)."""
    # The model no longer marks them required; a table still needs both.
    missing = [wire for member, wire in (("KeySchema", "keySchema"), ("AttributeDefinitions", "attributeDefinitions")) if not req.get(member)]
    if missing:
        raise AwsError("ValidationException", f"{len(missing)} validation error{'s' if len(missing) > 1 else ''} detected: " + "; ".join(
            f"Value null at '{wire}' failed to satisfy constraint: Member must not be null" for wire in missing))
    hash_key, range_key = schema.parse_key_schema(req["KeySchema"])
    defined = {d["AttributeName"]: d["AttributeType"] for d in req["AttributeDefinitions"]}
    billing = req.get("BillingMode") or "PROVISIONED"
    read, write = schema.throughput(req, billing)
    table = Table(
        name=name, account=ctx.account, region=ctx.region, table_id=str(uuid.uuid4()),
        created=ctx.clock.now(), hash_key=hash_key, range_key=range_key, attribute_types=defined,
        billing_mode=billing, read_capacity=read, write_capacity=write,
    )
    on_demand = req.get("OnDemandThroughput") or {}
    table.max_read_requests = on_demand.get("MaxReadRequestUnits")
    table.max_write_requests = on_demand.get("MaxWriteRequestUnits")
    table.warm_throughput = schema.asked_warm(req.get("WarmThroughput"))
    table.settings_replication = req.get("GlobalTableSettingsReplicationMode")
    for member in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if member in req and not req[member]:
            raise schema.bad(f"One or more parameter values were invalid: List of {member} is empty")
    gsis, lsis = req.get("GlobalSecondaryIndexes") or [], req.get("LocalSecondaryIndexes") or []
    if len(gsis) > schema.MAX_GSIS:
        raise schema.bad(f"One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of {schema.MAX_GSIS}")
    if len(lsis) > schema.MAX_LSIS:
        raise schema.bad(f"One or more parameter values were invalid: LocalSecondaryIndex count exceeds the per-table limit of {schema.MAX_LSIS}")
    seen: set[str] = set()
    for spec, kind in [*((g, "GSI") for g in gsis), *((l, "LSI") for l in lsis)]:
        if spec["IndexName"] in seen:
            raise schema.bad(f"One or more parameter values were invalid: Duplicate index name: {spec['IndexName']}")
        seen.add(spec["IndexName"])
        index = schema.make_index(spec, kind, billing)
        if kind == "LSI":
            schema.check_lsi(table, index)
            table.lsis[index.name] = index
        else:
            table.gsis[index.name] = index
    schema.check_definitions(table, defined)
    for spec in req.get("VectorIndexes") or []:
        table.vector_indexes[spec["IndexName"]] = vectors.check_definition(table, spec)
    return table


# ---------------------------------------------------------------- handlers


def create_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    registry = engine.tables(ctx)
    name = req["TableName"]
    table = build_table(ctx, req, name)
    if name in registry:
        raise AwsError("ResourceInUseException", f"Table already exists: {name}")
    _apply_stream(ctx, table, req.get("StreamSpecification"))
    table.sse = sse_description(req, ctx)
    table.table_class = req.get("TableClass") or "STANDARD"
    table.deletion_protection = bool(req.get("DeletionProtectionEnabled", False))
    tags = req.get("Tags") or []
    if len(tags) > MAX_TAGS:
        raise schema.bad("One or more parameter values were invalid: The number of tags exceeds the limit of 50")
    table.tags = {t["Key"]: t["Value"] for t in tags}
    if req.get("ResourcePolicy"):
        from cumulo.services.dynamodb.api.policies import set_policy

        set_policy(ctx, table.arn, req["ResourcePolicy"])
    lifecycle.begin(ctx, table, "CREATING")
    registry[name] = table
    indexes.forget(ctx.scope, name)
    return {"TableDescription": describe(ctx, table)}


def _in_use(table: Table) -> AwsError:
    what = "being created" if table.status == "CREATING" else "being deleted" if table.status == "DELETING" else "being updated"
    return AwsError("ResourceInUseException", f"Attempt to change a resource which is still in use: Table is {what}: {table.name}")


def delete_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = table_or_error(ctx, req["TableName"])
    if table.deletion_protection:
        raise schema.bad("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
    if table.status != "ACTIVE":
        raise _in_use(table)
    if table.replicas:
        from cumulo.services.dynamodb import replication

        replication.leave(ctx, table)
    description = describe(ctx, table, "DELETING")
    lifecycle.begin(ctx, table, "DELETING")
    engine.tables(ctx).touch(table.name)
    lifecycle.settle(ctx.scope, table, ctx.clock.now())
    return {"TableDescription": description}


def describe_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"Table": describe(ctx, table_or_error(ctx, req["TableName"]))}


def list_tables(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    names = sorted(t.name for t in lifecycle.settle_all(ctx.scope, ctx.clock.now()))
    start = req.get("ExclusiveStartTableName")
    if start:
        names = [n for n in names if n > start]
    limit = req.get("Limit") or 100
    page = names[:limit]
    out: dict[str, Any] = {"TableNames": page}
    if len(names) > limit:
        out["LastEvaluatedTableName"] = page[-1]
    return out


def update_table(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = table_or_error(ctx, req["TableName"])
    registry = engine.tables(ctx)
    changed = False
    if table.status in ("CREATING", "DELETING") or (
            table.status != "ACTIVE" and (req.get("GlobalSecondaryIndexUpdates") or req.get("ReplicaUpdates"))):
        raise _in_use(table)
    if "AttributeDefinitions" in req:
        for d in req["AttributeDefinitions"]:
            table.attribute_types.setdefault(d["AttributeName"], d["AttributeType"])
    billing = req.get("BillingMode")
    if billing and billing != table.billing_mode:
        table.billing_mode = billing
        table.billing_changed = ctx.clock.now()
        if billing == "PAY_PER_REQUEST":
            table.read_capacity = table.write_capacity = 0
            for index in table.gsis.values():
                index.read_capacity = index.write_capacity = 0
        changed = True
    if "ProvisionedThroughput" in req:
        if table.billing_mode == "PAY_PER_REQUEST":
            raise schema.bad("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
        table.read_capacity, table.write_capacity = schema.throughput(req, "PROVISIONED")
        changed = True
    elif billing == "PROVISIONED" and not table.read_capacity:
        raise schema.bad("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
    if "OnDemandThroughput" in req:
        table.max_read_requests = req["OnDemandThroughput"].get("MaxReadRequestUnits")
        table.max_write_requests = req["OnDemandThroughput"].get("MaxWriteRequestUnits")
    if "StreamSpecification" in req:
        _apply_stream(ctx, table, req["StreamSpecification"])
        changed = True
    if "SSESpecification" in req:
        table.sse = sse_description(req, ctx)
    if "TableClass" in req:
        table.table_class = req["TableClass"]
    if "DisassociationProtectionEnabled" in req:
        # "You can't combine this change with any other change in the same UpdateTable request" (API_UpdateTable).
        if set(req) - {"TableName", "DisassociationProtectionEnabled"}:
            raise schema.bad("DisassociationProtectionEnabled cannot be combined with any other change in the same UpdateTable request")
        if table.global_version != "2019.11.21":
            raise schema.bad("DisassociationProtectionEnabled applies only to a replica of a global table of version 2019.11.21")
        table.disassociation_protection = req["DisassociationProtectionEnabled"]
        changed = True
    if "DeletionProtectionEnabled" in req:
        table.deletion_protection = req["DeletionProtectionEnabled"]
    if "WarmThroughput" in req:
        current = schema.warm_values(table.warm_throughput, table.billing_mode, table.read_capacity, table.write_capacity)
        table.warm_throughput = schema.raise_warm(current, req["WarmThroughput"])
        changed = True
    if "GlobalTableSettingsReplicationMode" in req:
        table.settings_replication = req["GlobalTableSettingsReplicationMode"]
    if "MultiRegionConsistency" in req:
        # Set before ReplicaUpdates: the new replicas are copies of this table.
        table.consistency = req["MultiRegionConsistency"]
    for vector_update in req.get("VectorIndexUpdates") or []:
        if "Create" in vector_update:
            definition = vectors.check_definition(table, vector_update["Create"])
            table.vector_indexes[definition["IndexName"]] = definition
        elif "Delete" in vector_update:
            name = vector_update["Delete"]["IndexName"]
            if table.vector_indexes.pop(name, None) is None:
                raise AwsError("ResourceNotFoundException", f"Requested resource not found: Index: {name} not found")
        changed = True
    data = engine.data(ctx, table)
    for update in req.get("GlobalSecondaryIndexUpdates") or []:
        if "Create" in update:
            spec = update["Create"]
            if spec["IndexName"] in table.gsis or spec["IndexName"] in table.lsis:
                raise schema.bad(f"One or more parameter values were invalid: Index with name: {spec['IndexName']} already exists")
            index = schema.make_index(spec, "GSI", table.billing_mode)
            for key in index.key_names():
                if key not in table.attribute_types:
                    raise schema.bad(
                        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. "
                        f"Keys: [{key}], AttributeDefinitions: [{', '.join(table.attribute_types)}]"
                    )
            index.status = "CREATING"
            table.gsis[index.name] = index
            data.add_index(index)
        elif "Delete" in update:
            name = update["Delete"]["IndexName"]
            if name not in table.gsis:
                raise AwsError("ResourceNotFoundException", f"Requested resource not found: Index: {name} not found")
            table.gsis[name].status = "DELETING"
        elif "Update" in update:
            spec = update["Update"]
            index = table.gsis.get(spec["IndexName"])
            if index is None:
                raise AwsError("ResourceNotFoundException", f"Requested resource not found: Index: {spec['IndexName']} not found")
            if "ProvisionedThroughput" in spec:
                index.read_capacity, index.write_capacity = schema.throughput(spec, "PROVISIONED")
            if "WarmThroughput" in spec:
                current = schema.warm_values(index.warm_throughput, table.billing_mode, index.read_capacity, index.write_capacity)
                index.warm_throughput = schema.raise_warm(current, spec["WarmThroughput"])
                index.status = "UPDATING"
        changed = True
    if req.get("ReplicaUpdates"):
        from cumulo.services.dynamodb import replication

        replication.update_replicas(ctx, table, req["ReplicaUpdates"])
        changed = True
    if changed:
        lifecycle.begin(ctx, table, "UPDATING")
    registry[table.name] = table
    return {"TableDescription": describe(ctx, table)}


def describe_limits(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {
        "AccountMaxReadCapacityUnits": 80000,
        "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000,
        "TableMaxWriteCapacityUnits": 40000,
    }


def describe_endpoints(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    host = ctx.request.headers.get("host", "") if ctx.request is not None else ""
    return {"Endpoints": [{"Address": host or f"dynamodb.{ctx.region}.amazonaws.com", "CachePeriodInMinutes": 1440}]}


# ---------------------------------------------------------------- tags


def _table_by_arn(ctx: RequestContext, arn: str) -> Table:
    prefix = ctx.arn("table/")
    if not arn.startswith(prefix):
        raise AwsError("ValidationException", f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")
    table = engine.find_table(ctx, arn[len(prefix):].split("/", 1)[0])
    if table is None:
        raise AwsError("ResourceNotFoundException", f"Requested resource not found: ResourcArn: {arn} not found")
    return table  # type: ignore[no-any-return]


def tag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _table_by_arn(ctx, req["ResourceArn"])
    merged = {**table.tags, **{t["Key"]: t["Value"] for t in req["Tags"]}}
    if len(merged) > MAX_TAGS:
        raise schema.bad("One or more parameter values were invalid: The number of tags exceeds the limit of 50")
    table.tags = merged
    engine.tables(ctx).touch(table.name)
    return {}


def untag_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _table_by_arn(ctx, req["ResourceArn"])
    for key in req["TagKeys"]:
        table.tags.pop(key, None)
    engine.tables(ctx).touch(table.name)
    return {}


def list_tags_of_resource(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    # One page always: the model has NextToken, but DynamoDB does not paginate tags (at most 50
    # a table), so it issues no token and reads none (https://github.com/aws/aws-sdk/issues/583).
    table = _table_by_arn(ctx, req["ResourceArn"])
    return {"Tags": [{"Key": k, "Value": x} for k, x in table.tags.items()]}


# ---------------------------------------------------------------- time to live


def update_time_to_live(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = table_or_error(ctx, req["TableName"])
    spec = req["TimeToLiveSpecification"]
    enabled = spec["Enabled"]
    if enabled and table.ttl_enabled:
        raise schema.bad("TimeToLive is already enabled")
    if not enabled and not table.ttl_enabled:
        raise schema.bad("TimeToLive is already disabled")
    if not enabled and table.ttl_attribute != spec["AttributeName"]:
        raise schema.bad("TimeToLive is active on a different AttributeName: current AttributeName is " + str(table.ttl_attribute))
    table.ttl_enabled = enabled
    table.ttl_attribute = spec["AttributeName"]
    engine.data(ctx, table).track_ttl(table.ttl_attribute if enabled else None)
    engine.tables(ctx).touch(table.name)
    return {"TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": spec["AttributeName"]}}


def describe_time_to_live(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = table_or_error(ctx, req["TableName"])
    if table.ttl_enabled:
        return {"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": table.ttl_attribute}}
    return {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}


# ---------------------------------------------------------------- continuous backups


def _pitr_table(ctx: RequestContext, name: str) -> Table:
    table = engine.find_table(ctx, name)
    if table is None:
        raise AwsError("TableNotFoundException", f"Table not found: {name}")
    return table


def describe_continuous_backups(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"ContinuousBackupsDescription": pitr.describe(ctx, _pitr_table(ctx, req["TableName"]))}


def update_continuous_backups(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _pitr_table(ctx, req["TableName"])
    spec = req["PointInTimeRecoverySpecification"]
    days = spec.get("RecoveryPeriodInDays")
    if days is not None and not 1 <= days <= 35:
        raise schema.bad("RecoveryPeriodInDays must be between 1 and 35")
    if spec["PointInTimeRecoveryEnabled"]:
        pitr.enable(ctx.scope, table, ctx.clock.now(), days)
    else:
        if days is not None:
            raise schema.bad("RecoveryPeriodInDays cannot be specified when PointInTimeRecoveryEnabled is false")
        table.pitr_enabled, table.pitr_since = False, None
        pitr.drop(ctx.scope, table)
    engine.tables(ctx).touch(table.name)
    return {"ContinuousBackupsDescription": pitr.describe(ctx, table)}
