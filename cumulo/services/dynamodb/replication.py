"""Global tables: replicas of one table in other regions of the same account.

A replicated table keeps `replicas`, the other regions of its group, each
with its settings (overrides, status), and `global_version`: "2019.11.21" when
the group was built with UpdateTable `ReplicaUpdates`, "2017.11.29" with
CreateGlobalTable. Every member holds the same list seen from its own region.

Writes replicate through this service's own write path for each replica's
scope (`engine.commit_write` with `replicate=False`), so each region's
indexes, counts, stream, PITR log and TTL index follow, exactly as for a
client's write there. Replication is immediate and last-writer-wins: the
change made last is the one every replica holds
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html).
"""

from __future__ import annotations

import copy
import dataclasses
import uuid
from typing import Any

from cumulo.core.arns import arn
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, indexes, lifecycle
from cumulo.services.dynamodb.models import Table

V2019 = "2019.11.21"
V2017 = "2017.11.29"


def in_region(ctx: RequestContext, region: str) -> RequestContext:
    """The same caller, acting on this service in another region."""
    return dataclasses.replace(ctx, service="dynamodb", region=region, request=None, extras={})


def replicate(ctx: RequestContext, table: Table, rkey: str, old: Any, new: Any) -> None:
    for region in table.replicas:
        there = in_region(ctx, region)
        target = engine.tables(there).get(table.name)
        if target is None or target.status == "DELETING":
            continue
        current = engine.data(there, target).rows.get(rkey)
        engine.commit_write(there, target, rkey, current, new, replicate=False)


def members(ctx: RequestContext, table: Table) -> dict[str, Table]:
    """Region -> the member table, for every region of the group (this one too)."""
    out = {ctx.region: table}
    for region in table.replicas:
        found = engine.tables(in_region(ctx, region)).get(table.name)
        if found is not None:
            out[region] = found
    return out


def link(ctx: RequestContext, group: dict[str, Table], version: str, settings: dict[str, dict[str, Any]] | None = None) -> None:
    """Make every table of `group` (region -> table) a replica of the others."""
    settings = settings or {}
    for region, member in group.items():
        member.replicas = {r: {**member.replicas.get(r, {}), **settings.get(r, {})} for r in group if r != region}
        member.global_version = version if member.replicas else None
        engine.tables(in_region(ctx, region)).touch(member.name)


def _new_replica(ctx: RequestContext, table: Table, spec: dict[str, Any]) -> Table:
    """Create the table in another region, with a copy of the items."""
    region = spec["RegionName"]
    there = in_region(ctx, region)
    if table.name in engine.tables(there):
        raise AwsError("ValidationException",
                       f"Failed to create a the new replica of table with name: '{table.name}' because one or more replicas already existed as tables.")
    replica = copy.deepcopy(table)
    replica.region, replica.table_id, replica.created = region, str(uuid.uuid4()), ctx.clock.now()
    replica.pitr_enabled, replica.pitr_since, replica.pitr_seq, replica.pitr_first = False, None, 0, 1
    replica.kinesis, replica.tags, replica.stream_seq = {}, dict(table.tags), 0
    if table.stream_enabled:
        replica.stream_label = table.stream_label
    if spec.get("TableClassOverride"):
        replica.table_class = spec["TableClassOverride"]
    override = spec.get("ProvisionedThroughputOverride") or {}
    if override.get("ReadCapacityUnits"):
        replica.read_capacity = override["ReadCapacityUnits"]
    lifecycle.begin(there, replica, "CREATING")
    engine.tables(there)[replica.name] = replica
    indexes.forget(there.scope, replica.name)
    data = engine.data(there, replica)
    for rkey, item in engine.data(ctx, table).rows.walk():
        data.write(rkey, None, item)
    return replica


def update_replicas(ctx: RequestContext, table: Table, updates: list[dict[str, Any]]) -> None:
    """UpdateTable `ReplicaUpdates` (global tables version 2019.11.21)."""
    if table.global_version == V2017:
        raise AwsError("ValidationException", "Cannot perform ReplicaUpdates on a global table of version 2017.11.29")
    group = members(ctx, table)
    settings: dict[str, dict[str, Any]] = {}
    for update in updates:
        if "Create" in update:
            spec = update["Create"]
            region = spec["RegionName"]
            if region in group:
                raise AwsError("ValidationException", f"Cannot add replica: a replica already exists in region {region}")
            if not table.stream_enabled:
                # Replication reads the table's stream: AWS turns it on with both images.
                table.stream_enabled, table.stream_view_type = True, "NEW_AND_OLD_IMAGES"
                table.stream_label = ctx.clock.utcnow().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
            group[region] = _new_replica(ctx, table, spec)
            settings[region] = _overrides(spec)
        elif "Update" in update:
            spec = update["Update"]
            if spec["RegionName"] not in table.replicas:
                raise AwsError("ValidationException", f"Cannot update replica: no replica in region {spec['RegionName']}")
            settings[spec["RegionName"]] = _overrides(spec)
        elif "Disassociate" in update:
            disassociate(ctx, table, group, update["Disassociate"])
            return
        elif "Delete" in update:
            region = update["Delete"]["RegionName"]
            if region not in table.replicas:
                raise AwsError("ValidationException", f"Cannot delete replica: no replica in region {region}")
            gone = group.pop(region, None)
            if gone is not None:
                there = in_region(ctx, region)
                gone.replicas, gone.global_version = {}, None
                lifecycle.begin(there, gone, "DELETING")
                lifecycle.settle(there.scope, gone, ctx.clock.now())
    for member in group.values():
        for region in list(member.replicas):
            if region not in group:
                del member.replicas[region]
    link(ctx, group, V2019, settings)


def _overrides(spec: dict[str, Any]) -> dict[str, Any]:
    keep = ("KMSMasterKeyId", "ProvisionedThroughputOverride", "OnDemandThroughputOverride", "GlobalSecondaryIndexes")
    out = {k: spec[k] for k in keep if spec.get(k)}
    if spec.get("TableClassOverride"):
        out["ReplicaTableClassSummary"] = {"TableClass": spec["TableClassOverride"]}
    return out


def disassociate(ctx: RequestContext, table: Table, group: dict[str, Table], spec: dict[str, Any]) -> None:
    """ReplicaUpdates `Disassociate`: the local replica leaves its multi-Region eventually
    consistent group and stays a standalone table with its data and settings; the
    others stop replicating to it. Only with disassociation protection turned off."""
    if spec["RegionName"] != ctx.region:
        raise AwsError("ValidationException", "Disassociate must name the Region the request is sent to")
    if spec.get("DisassociationMode") != "WAIT_FOR_REPLICATION":
        raise AwsError("ValidationException", "DisassociationMode must be WAIT_FOR_REPLICATION")
    if table.global_version != V2019 or table.consistency == "STRONG":
        raise AwsError("ValidationException", "Only a replica of a multi-Region eventually consistent global table of version 2019.11.21 can be disassociated")
    if table.disassociation_protection:
        raise AwsError("ValidationException", f"Disassociation protection is enabled for the replica of table {table.name} in {ctx.region}; "
                       "disable it with DisassociationProtectionEnabled first")
    leave(ctx, table)
    engine.tables(ctx)[table.name] = table


def leave(ctx: RequestContext, table: Table) -> None:
    """The table is being deleted: the other replicas stop replicating to it."""
    group = members(ctx, table)
    group.pop(ctx.region, None)
    version = table.global_version or V2019
    table.replicas, table.global_version = {}, None
    link(ctx, group, version)


def status_of(ctx: RequestContext, table: Table, region: str) -> str:
    there = in_region(ctx, region)
    found = engine.find_table(there, table.name)
    if found is None:
        return "DELETING"
    return "ACTIVE" if found.status in ("ACTIVE", "UPDATING") else found.status


def describe(ctx: RequestContext, table: Table) -> dict[str, Any]:
    replicas = []
    for region, settings in sorted(table.replicas.items()):
        replicas.append({
            "RegionName": region,
            "ReplicaStatus": status_of(ctx, table, region),
            "ReplicaArn": arn("dynamodb", region, table.account, f"table/{table.name}"),
            **{k: x for k, x in settings.items() if k != "GlobalSecondaryIndexes"},
            **({"GlobalSecondaryIndexes": settings["GlobalSecondaryIndexes"]} if settings.get("GlobalSecondaryIndexes") else {}),
        })
    return {"Replicas": replicas, "GlobalTableVersion": table.global_version}
