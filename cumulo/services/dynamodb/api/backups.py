"""On-demand backups and restores: CreateBackup, DescribeBackup, ListBackups,
DeleteBackup, RestoreTableFromBackup, RestoreTableToPointInTime.

A backup keeps a copy of the table's settings and items. A point-in-time
restore rebuilds the items as they were at the requested second from the
table's change log (`pitr.py`). A restored table starts CREATING (`lifecycle`).
"""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Iterable
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, indexes, lifecycle, pitr, vectors
from cumulo.services.dynamodb.api.tables import describe
from cumulo.services.dynamodb.models import Backup, Table, backup_table

NOT_FOUND = "Backup not found for arn: "


def _backups(ctx: RequestContext) -> Any:
    return ctx.scope.table("backups")


def _details(backup: Backup) -> dict[str, Any]:
    return {
        "BackupArn": backup.arn,
        "BackupName": backup.name,
        "BackupSizeBytes": backup.size,
        "BackupStatus": backup.status,
        "BackupType": backup.kind,
        "BackupCreationDateTime": backup.created,
    }


def _restore(ctx: RequestContext, source: Table, items: Iterable[dict[str, Any]], req: dict[str, Any], summary: dict[str, Any]) -> dict[str, Any]:
    name = req["TargetTableName"]
    registry = engine.tables(ctx)
    if name in registry:
        raise AwsError("TableAlreadyExistsException", f"Table already exists: {name}")
    table = copy.deepcopy(source)
    table.name, table.table_id, table.created = name, str(uuid.uuid4()), ctx.clock.now()
    table.account, table.region = ctx.account, ctx.region
    table.tags, table.stream_enabled, table.stream_label, table.stream_seq = {}, False, None, 0
    table.ttl_enabled, table.pitr_enabled, table.pitr_since, table.deletion_protection = False, False, None, False
    table.pitr_seq, table.pitr_first, table.replicas, table.global_version, table.kinesis = 0, 1, {}, None, {}
    for index in table.gsis.values():
        index.status = "ACTIVE"
    if req.get("BillingModeOverride"):
        table.billing_mode = req["BillingModeOverride"]
    if req.get("ProvisionedThroughputOverride"):
        table.read_capacity = req["ProvisionedThroughputOverride"]["ReadCapacityUnits"]
        table.write_capacity = req["ProvisionedThroughputOverride"]["WriteCapacityUnits"]
    if req.get("VectorIndexOverride") is not None:
        # The restored table's vector indexes are these instead of the source's.
        table.vector_indexes = {}
        for spec in req["VectorIndexOverride"]:
            table.vector_indexes[spec["IndexName"]] = vectors.check_definition(table, spec)
    table.restore_summary = {**summary, "RestoreDateTime": ctx.clock.now(), "RestoreInProgress": False}
    lifecycle.begin(ctx, table, "CREATING")
    registry[name] = table
    indexes.forget(ctx.scope, name)
    data = engine.data(ctx, table)
    for item in items:  # items are never changed in place (a write replaces one): no copy needed
        data.write(indexes.row_key(table, item), None, item)
    return {"TableDescription": describe(ctx, table)}


def create_backup(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = engine.find_table(ctx, req["TableName"])
    if table is None:
        raise AwsError("TableNotFoundException", f"Table not found: {req['TableName']}")
    data = engine.data(ctx, table)
    now = ctx.clock.now()
    arn = f"{table.arn}/backup/{int(now * 1000):017d}-{uuid.uuid4().hex[:8]}"
    backup = Backup(arn, req["BackupName"], table.name, table.arn, table.table_id, now, "USER", max(data.size, 0),
                    copy.deepcopy(table), [])
    # One cold row per item, like the table's own: a backup costs no memory per item.
    copied = ctx.scope.table(backup_table(arn))
    for rkey, item in data.rows.walk():
        copied[rkey] = item
    _backups(ctx)[arn] = backup
    return {"BackupDetails": _details(backup)}


def delete_backup(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    backup = _backups(ctx).get(req["BackupArn"])
    if backup is None:
        raise AwsError("BackupNotFoundException", NOT_FOUND + req["BackupArn"])
    description = describe_backup(ctx, {"BackupArn": backup.arn})["BackupDescription"]
    del _backups(ctx)[req["BackupArn"]]
    ctx.scope.table(backup_table(backup.arn)).clear()
    description["BackupDetails"]["BackupStatus"] = "DELETED"
    return {"BackupDescription": description}


def describe_backup(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    backup = _backups(ctx).get(req["BackupArn"])
    if backup is None:
        raise AwsError("BackupNotFoundException", NOT_FOUND + req["BackupArn"])
    t = backup.table
    return {
        "BackupDescription": {
            "BackupDetails": _details(backup),
            "SourceTableDetails": {
                "TableName": t.name, "TableId": t.table_id, "TableArn": t.arn, "TableSizeBytes": backup.size,
                "KeySchema": t.key_schema(), "TableCreationDateTime": t.created, "ItemCount": len(backup.items) + len(ctx.scope.table(backup_table(backup.arn))),
                "BillingMode": t.billing_mode,
                "ProvisionedThroughput": {"ReadCapacityUnits": t.read_capacity, "WriteCapacityUnits": t.write_capacity},
            },
        }
    }


def list_backups(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = sorted(_backups(ctx).values(), key=lambda b: (b.created, b.arn))
    if req.get("TableName"):
        found = [b for b in found if b.table_name == req["TableName"]]
    if req.get("TimeRangeLowerBound") is not None:
        found = [b for b in found if b.created >= req["TimeRangeLowerBound"].timestamp()]
    if req.get("TimeRangeUpperBound") is not None:
        found = [b for b in found if b.created <= req["TimeRangeUpperBound"].timestamp()]
    if req.get("ExclusiveStartBackupArn"):
        arns = [b.arn for b in found]
        start = req["ExclusiveStartBackupArn"]
        found = found[arns.index(start) + 1 :] if start in arns else found
    limit = req.get("Limit") or 100
    page = found[:limit]
    out: dict[str, Any] = {"BackupSummaries": [
        {"TableName": b.table_name, "TableId": b.table_id, "TableArn": b.table_arn, **_details(b)} for b in page
    ]}
    if len(found) > limit:
        out["LastEvaluatedBackupArn"] = page[-1].arn
    return out


def restore_table_from_backup(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    backup = _backups(ctx).get(req["BackupArn"])
    if backup is None:
        raise AwsError("BackupNotFoundException", NOT_FOUND + req["BackupArn"])
    summary = {"SourceBackupArn": backup.arn, "SourceTableArn": backup.table_arn}
    copied = ctx.scope.table(backup_table(backup.arn))
    items = itertools.chain((copy.deepcopy(i) for i in backup.items), (item for _, item in copied.walk()))
    return _restore(ctx, backup.table, items, req, summary)


def restore_table_to_point_in_time(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req.get("SourceTableName") or (req.get("SourceTableArn") or "").split(":table/")[-1]
    source = engine.find_table(ctx, name)
    if source is None:
        raise AwsError("TableNotFoundException", f"Table not found: {name}")
    at = pitr.restore_time(source, req, ctx.clock.now())
    if req["TargetTableName"] in engine.tables(ctx):
        raise AwsError("TableAlreadyExistsException", f"Table already exists: {req['TargetTableName']}")
    items = pitr.items_at(ctx.scope, source, engine.data(ctx, source).rows, at)
    return _restore(ctx, source, list(items.values()), req, {"SourceTableArn": source.arn})
