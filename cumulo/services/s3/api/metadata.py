"""S3 Metadata: the bucket metadata table configuration (V1,
`*BucketMetadataTableConfiguration`) and the metadata configuration (V2, journal
inventory and annotation tables, `*BucketMetadataConfiguration` and its Updates).
The optional tables (inventory, annotation) are one kind of record each, named
in `_OPTIONAL`: DISABLED, or ENABLED with a table.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/metadata-tables-overview.html

Stored as sent, with the ARNs S3 derives. Tables are CREATING for the first
minute on the cumulo clock, then ACTIVE (a status computed when read, no timer).
V2 tables live in the AWS managed table bucket `aws-s3`, namespace `b_<bucket>`.
A bucket holds one configuration of each version; a second Create is refused,
and reading a missing one is 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3.common import buckets, get_bucket, now
from cumulo.services.s3.models import Bucket

CREATING_SECONDS = 60


def _status(created: float, clock: float) -> str:
    return "CREATING" if clock < created + CREATING_SECONDS else "ACTIVE"


def _table_arn(table_bucket_arn: str) -> str:
    return f"{table_bucket_arn}/table/{uuid.uuid4()}"


def _exists(kind: str) -> AwsError:
    return AwsError("InvalidRequest", f"The bucket already has a metadata {kind} configuration. Delete it before creating another one.",
                    status=409)


def _save(ctx: RequestContext, bucket: Bucket, name: str, value: Any) -> dict[str, Any]:
    if value is None:
        bucket.config.pop(name, None)
    else:
        bucket.config[name] = value
    buckets(ctx).touch(bucket.name)
    return {}


# ---------------------------------------------------------------- V1: one metadata table

def create_bucket_metadata_table_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    if "metadata_table" in bucket.config:
        raise _exists("table")
    destination = dict((req.get("MetadataTableConfiguration") or {}).get("S3TablesDestination") or {})
    if not destination.get("TableBucketArn", "").startswith("arn:aws:s3tables:"):
        raise AwsError("InvalidArgument", "The TableBucketArn must be an S3 table bucket ARN", status=400,
                       ArgumentName="TableBucketArn", ArgumentValue=destination.get("TableBucketArn", ""))
    record = {**destination, "TableArn": _table_arn(destination["TableBucketArn"]), "TableNamespace": "aws_s3_metadata", "created": now(ctx)}
    return _save(ctx, bucket, "metadata_table", record)


def get_bucket_metadata_table_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    record = bucket.config.get("metadata_table")
    if record is None:
        raise AwsError("MetadataTableConfigurationNotFoundError", "The specified bucket does not have a metadata table configuration.",
                       status=404, BucketName=bucket.name)
    result = {k: record[k] for k in ("TableBucketArn", "TableName", "TableArn", "TableNamespace")}
    return {"GetBucketMetadataTableConfigurationResult": {
        "MetadataTableConfigurationResult": {"S3TablesDestinationResult": result},
        "Status": _status(record["created"], now(ctx)),
    }}


def delete_bucket_metadata_table_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return _save(ctx, bucket, "metadata_table", None)


# ---------------------------------------------------------------- V2: journal, inventory and annotation tables

# record key -> (input member, result member, table name) of the tables a configuration may enable.
_OPTIONAL = {
    "inventory": ("InventoryTableConfiguration", "InventoryTableConfigurationResult", "inventory"),
    "annotation": ("AnnotationTableConfiguration", "AnnotationTableConfigurationResult", "annotation"),
}

def _managed_bucket_arn(ctx: RequestContext) -> str:
    return ctx.arn("bucket/aws-s3", service="s3tables")


def create_bucket_metadata_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    if "metadata" in bucket.config:
        raise _exists("")
    config = req.get("MetadataConfiguration") or {}
    table_bucket = _managed_bucket_arn(ctx)
    clock = now(ctx)
    record: dict[str, Any] = {
        "TableBucketArn": table_bucket,
        "TableNamespace": "b_" + bucket.name.replace("-", "_").replace(".", "_"),
        "journal": {**dict(config.get("JournalTableConfiguration") or {}), "TableArn": _table_arn(table_bucket), "created": clock},
    }
    for name, (member, _, _) in _OPTIONAL.items():
        record[name] = {"ConfigurationState": "DISABLED"}
        asked = config.get(member)
        if asked:
            record[name] = {**dict(asked), "TableArn": _table_arn(table_bucket), "created": clock}
    return _save(ctx, bucket, "metadata", record)


def _metadata(ctx: RequestContext, req: dict[str, Any]) -> tuple[Bucket, dict[str, Any]]:
    bucket = get_bucket(ctx, req["Bucket"])
    record = bucket.config.get("metadata")
    if record is None:
        raise AwsError("MetadataConfigurationNotFoundError", "The specified bucket does not have a metadata configuration.",
                       status=404, BucketName=bucket.name)
    return bucket, record


def get_bucket_metadata_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, record = _metadata(ctx, req)
    clock = now(ctx)
    journal = record["journal"]
    result: dict[str, Any] = {
        "DestinationResult": {"TableBucketType": "aws", "TableBucketArn": record["TableBucketArn"], "TableNamespace": record["TableNamespace"]},
        "JournalTableConfigurationResult": {
            "TableStatus": _status(journal["created"], clock), "TableName": "journal", "TableArn": journal["TableArn"],
            "RecordExpiration": journal.get("RecordExpiration") or {"Expiration": "DISABLED"},
        },
    }
    for name, (_, member, table_name) in _OPTIONAL.items():
        table = record.get(name) or {"ConfigurationState": "DISABLED"}  # no annotation table in records from before it existed
        out: dict[str, Any] = {"ConfigurationState": table["ConfigurationState"]}
        if table["ConfigurationState"] == "ENABLED":
            out.update(TableStatus=_status(table["created"], clock), TableName=table_name, TableArn=table["TableArn"])
            if table.get("Role"):
                out["Role"] = table["Role"]
        result[member] = out
    return {"GetBucketMetadataConfigurationResult": {"MetadataConfigurationResult": result}}


def delete_bucket_metadata_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    return _save(ctx, bucket, "metadata", None)


def _update_optional(ctx: RequestContext, req: dict[str, Any], name: str) -> dict[str, Any]:
    bucket, record = _metadata(ctx, req)
    update = dict(req.get(_OPTIONAL[name][0]) or {})
    table = record.get(name) or {"ConfigurationState": "DISABLED"}
    if update.get("ConfigurationState") == "ENABLED" and table["ConfigurationState"] != "ENABLED":
        update.update(TableArn=table.get("TableArn") or _table_arn(record["TableBucketArn"]), created=now(ctx))
    record[name] = {**table, **update}
    return _save(ctx, bucket, "metadata", record)


def update_bucket_metadata_inventory_table_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _update_optional(ctx, req, "inventory")


def update_bucket_metadata_annotation_table_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _update_optional(ctx, req, "annotation")


def update_bucket_metadata_journal_table_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket, record = _metadata(ctx, req)
    update = req.get("JournalTableConfiguration") or {}
    record["journal"] = {**record["journal"], "RecordExpiration": update.get("RecordExpiration")}
    return _save(ctx, bucket, "metadata", record)
