"""Event notifications: which configurations an object event matches, the event
JSON S3 sends, and delivery to SQS queues through `services.call`.

Event structure: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
Topics, Lambda functions and EventBridge come with those services; their
configurations are stored and returned but deliver nothing yet.

Delivery is best effort, as on AWS: a queue that is gone or refuses the
message does not fail the S3 request that caused the event.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote_plus

import orjson

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.core.runtime import Runtime
from cumulo.services.s3.models import Bucket, ObjectVersion

log = logging.getLogger("cumulo.s3.notifications")


def event_matches(configured: list[str], event: str) -> bool:
    """`s3:ObjectCreated:*` matches `ObjectCreated:Put`; exact names match themselves."""
    full = "s3:" + event
    for pattern in configured:
        if pattern == full or (pattern.endswith(":*") and full.startswith(pattern[:-1])):
            return True
    return False


def filter_matches(config: dict[str, Any], key: str) -> bool:
    rules = ((config.get("Filter") or {}).get("Key") or {}).get("FilterRules") or []
    for rule in rules:
        name, value = rule.get("Name", "").lower(), rule.get("Value", "")
        if name == "prefix" and not key.startswith(value):
            return False
        if name == "suffix" and not key.endswith(value):
            return False
    return True


def queue_targets(bucket: Bucket, event: str, key: str) -> list[tuple[str, str]]:
    """(configuration id, queue ARN) of every queue configuration this event matches."""
    config = bucket.config.get("notification") or {}
    return [
        (q.get("Id", ""), q["QueueArn"])
        for q in config.get("QueueConfigurations") or ()
        if event_matches(q.get("Events") or [], event) and filter_matches(q, key)
    ]


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def record(ctx: RequestContext, bucket: Bucket, event: str, version: ObjectVersion, config_id: str) -> dict[str, Any]:
    # The sequencer only has to order events of one key: a monotonic counter does.
    obj: dict[str, Any] = {"key": quote_plus(version.key, safe="/"), "sequencer": f"{time.monotonic_ns():018X}"}
    if event.startswith("ObjectCreated"):
        obj["size"] = version.size
        obj["eTag"] = version.etag.strip('"')
    if version.version_id != "null":
        obj["versionId"] = version.version_id
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": bucket.region,
        "eventTime": _iso(ctx.clock.now()),
        "eventName": event,
        "userIdentity": {"principalId": f"AWS:{ctx.principal.user_id}"},
        "requestParameters": {"sourceIPAddress": ctx.request.client if ctx.request else "127.0.0.1"},
        "responseElements": {"x-amz-request-id": ctx.request_id, "x-amz-id-2": ctx.request_id},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": config_id,
            "bucket": {"name": bucket.name, "ownerIdentity": {"principalId": bucket.account}, "arn": f"arn:aws:s3:::{bucket.name}"},
            "object": obj,
        },
    }


def _queue_of(arn: str) -> tuple[str, str, str]:
    """(region, account, queue name) of an SQS queue ARN."""
    parts = arn.split(":")
    if len(parts) != 6 or parts[2] != "sqs":
        raise ValueError(arn)
    return parts[3], parts[4], parts[5]


async def send_to_queue(runtime: Runtime, arn: str, body: str) -> None:
    region, account, name = _queue_of(arn)
    url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": name}, account, region))["QueueUrl"]
    await services.call(runtime, "sqs", "SendMessage", {"QueueUrl": url, "MessageBody": body}, account, region)


async def emit(ctx: RequestContext, bucket: Bucket, event: str, version: ObjectVersion) -> None:
    """Deliver `event` (e.g. "ObjectCreated:Put") for `version` to every matching queue."""
    if "notification" not in bucket.config:
        return
    for config_id, arn in queue_targets(bucket, event, version.key):
        body = orjson.dumps({"Records": [record(ctx, bucket, event, version, config_id)]}).decode()
        try:
            await send_to_queue(ctx.runtime, arn, body)
        except (AwsError, ValueError) as error:
            log.warning("S3 event %s for %s/%s not delivered to %s: %s", event, bucket.name, version.key, arn, error)


async def validate_and_test(ctx: RequestContext, bucket: Bucket, config: dict[str, Any]) -> None:
    """What PutBucketNotificationConfiguration checks: every queue exists; then each gets an s3:TestEvent."""
    arns = [q.get("QueueArn", "") for q in config.get("QueueConfigurations") or ()]
    bad = []
    for arn in arns:
        try:
            region, account, name = _queue_of(arn)
            await services.call(ctx.runtime, "sqs", "GetQueueUrl", {"QueueName": name}, account, region)
        except (AwsError, ValueError):
            bad.append(arn)
    if bad:
        raise AwsError(
            "InvalidArgument",
            "Unable to validate the following destination configurations",
            status=400,
            ArgumentName=bad[0],
            ArgumentValue="The destination queue does not exist",
        )
    for arn in arns:
        test = {"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": _iso(ctx.clock.now()), "Bucket": bucket.name,
                "RequestId": ctx.request_id, "HostId": ctx.request_id}
        try:
            await send_to_queue(ctx.runtime, arn, orjson.dumps(test).decode())
        except AwsError as error:
            log.warning("s3:TestEvent not delivered to %s: %s", arn, error)
