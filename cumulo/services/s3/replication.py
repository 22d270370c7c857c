"""Replication: new writes copied for real to destination buckets in this
cumulo (the configuration handlers are in `api/replication.py`).

Rules from https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html:
- the source bucket must have versioning Enabled, and so must each destination;
  a bucket with a replication configuration cannot suspend versioning;
- a rule with a `Filter` (schema V2) must say `DeleteMarkerReplication`; rules
  with the older bare `Prefix` (V1) replicate delete markers;
- a replica keeps the source's version id, times, metadata, tags and body, is
  marked `x-amz-replication-status: REPLICA`, and is never replicated again;
  the source version becomes COMPLETED (FAILED when the destination is gone
  or no longer versioned). Replication here is immediate, so PENDING is never seen.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.s3 import bodies, keyindex
from cumulo.services.s3.common import buckets, objects
from cumulo.services.s3.models import Bucket, ObjectKey, ObjectVersion

BUCKET_ARN = re.compile(r"^arn:aws[a-z-]*:s3:::(.+)$")  # a bucket ARN of any partition


def destination_of(ctx: RequestContext, rule: dict[str, Any]) -> Bucket | None:
    m = BUCKET_ARN.match((rule.get("Destination") or {}).get("Bucket", ""))
    return buckets(ctx).get(m.group(1)) if m else None


# ---------------------------------------------------------------- replicating writes


def _matches(rule: dict[str, Any], version: ObjectVersion) -> bool:
    if rule.get("Status") != "Enabled":
        return False
    if "Filter" not in rule:
        return version.key.startswith(rule.get("Prefix") or "")
    spec = rule.get("Filter") or {}
    spec = spec.get("And") or spec
    tags = list(spec.get("Tags") or []) + ([spec["Tag"]] if spec.get("Tag") else [])
    if not version.key.startswith(spec.get("Prefix") or ""):
        return False
    return all(version.tags.get(t["Key"]) == t.get("Value") for t in tags)


def _replicates_markers(rule: dict[str, Any]) -> bool:
    if "Filter" not in rule:
        return True
    return (rule.get("DeleteMarkerReplication") or {}).get("Status") == "Enabled"


async def replicate(ctx: RequestContext, bucket: Bucket, version: ObjectVersion) -> None:
    """Copy a version just written to `bucket` to every destination a rule sends it to."""
    config = bucket.config.get("replication")
    if not config or version.extra.get("ReplicationStatus") == "REPLICA":
        return
    done: set[str] = set()
    status = ""
    rules = sorted(config.get("Rules") or [], key=lambda r: -(r.get("Priority") or 0))
    for rule in rules:
        if not _matches(rule, version) or (version.delete_marker and not _replicates_markers(rule)):
            continue
        arn = rule["Destination"]["Bucket"]
        if arn in done:
            continue
        done.add(arn)
        destination = destination_of(ctx, rule)
        if destination is not None and destination.name == bucket.name:
            continue  # a bucket replicating into itself has nothing to copy
        if destination is None or destination.versioning != "Enabled":
            status = "FAILED"
            continue
        await _copy_to(ctx, destination, version, rule)
        status = status or "COMPLETED"
    if status and not version.delete_marker:
        version.extra["ReplicationStatus"] = status
        # Set on the row as it is now: it may have cooled (and been read back anew) during the copies.
        table = objects(ctx, bucket.name)
        entry: ObjectKey | None = table.get(version.key)
        for stored in entry.versions if entry else ():
            if stored.version_id == version.version_id:
                stored.extra["ReplicationStatus"] = status
                table.touch(version.key)
                break


async def _copy_to(ctx: RequestContext, destination: Bucket, version: ObjectVersion, rule: dict[str, Any]) -> None:
    replica = ObjectVersion(
        key=version.key,
        version_id=version.version_id,
        last_modified=version.last_modified,
        etag=version.etag,
        size=version.size,
        body=await bodies.copy(ctx, version.body) if version.body is not None else None,
        delete_marker=version.delete_marker,
        content=dict(version.content),
        metadata=dict(version.metadata),
        storage_class=(rule.get("Destination") or {}).get("StorageClass") or version.storage_class,
        tags=dict(version.tags),
        checksum_algorithm=version.checksum_algorithm,
        checksum=version.checksum,
        checksum_type=version.checksum_type,
        parts=copy.deepcopy(version.parts),
        extra={**version.extra, "ReplicationStatus": "REPLICA"} if not version.delete_marker else {},
    )
    table = objects(ctx, destination.name)
    entry: ObjectKey = table.get(version.key) or ObjectKey()
    entry.versions = [v for v in entry.versions if v.version_id != replica.version_id]
    entry.versions.insert(0, replica)
    keyindex.save(ctx, destination.name, version.key, entry)
