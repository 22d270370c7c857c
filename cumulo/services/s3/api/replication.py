"""Put/Get/DeleteBucketReplication: the configuration, validated as S3 does
(see `replication.py` for the rules and for replicating writes)."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3.common import buckets, get_bucket
from cumulo.services.s3.replication import BUCKET_ARN, destination_of


def _invalid(message: str) -> AwsError:
    return AwsError("InvalidRequest", message, status=400)


def put_bucket_replication(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    if bucket.versioning != "Enabled":
        raise _invalid("Versioning must be 'Enabled' on the bucket to apply a replication configuration")
    config = copy.deepcopy(req.get("ReplicationConfiguration") or {})
    rules = config.get("Rules") or []
    if not rules or len(rules) > 1000:
        raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)
    priorities: set[int] = set()
    for rule in rules:
        arn = (rule.get("Destination") or {}).get("Bucket", "")
        if not BUCKET_ARN.match(arn):
            raise AwsError("InvalidArgument", "Invalid bucket ARN.", status=400, ArgumentName="Bucket", ArgumentValue=arn)
        destination = destination_of(ctx, rule)
        if destination is None:
            raise _invalid("Destination bucket must exist.")
        if destination.versioning != "Enabled":
            raise _invalid("Destination bucket must have versioning enabled.")
        if "Filter" in rule:
            if "DeleteMarkerReplication" not in rule:
                raise _invalid("DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema.")
            spec = rule.get("Filter") or {}
            tagged = spec.get("Tag") or (spec.get("And") or {}).get("Tags")
            if tagged and (rule.get("DeleteMarkerReplication") or {}).get("Status") == "Enabled":
                raise _invalid("Delete marker replication is not supported if any Tag filter is specified.")
            priority = rule.get("Priority", 0)
            if priority in priorities:
                raise _invalid("Found overlapping priority in replication configuration.")
            priorities.add(priority)
        rule.setdefault("ID", str(uuid.uuid4()))
    bucket.config["replication"] = config
    buckets(ctx).touch(bucket.name)
    return {}


def get_bucket_replication(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    config = bucket.config.get("replication")
    if config is None:
        raise AwsError("ReplicationConfigurationNotFoundError", "The replication configuration was not found", status=404, BucketName=bucket.name)
    return {"ReplicationConfiguration": config}


def delete_bucket_replication(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    if bucket.config.pop("replication", None) is not None:
        buckets(ctx).touch(bucket.name)
    return {}
