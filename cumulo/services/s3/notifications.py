"""Event notifications: which configurations an object event matches, the event
JSON S3 sends, and delivery through `services.call`: SQS queues (SendMessage),
Lambda functions (an `Event` Invoke), SNS topics (Publish) and EventBridge
(PutEvents to the default bus) when cumulo has those services; a target whose
service cumulo lacks keeps its configuration and is skipped with a log line.

Event structure: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
EventBridge's: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html

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

from cumulo.core.arns import arn as make_arn
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


# Configuration list -> (the member naming its target's ARN, the target's service).
TARGETS = {
    "QueueConfigurations": ("QueueArn", "sqs"),
    "LambdaFunctionConfigurations": ("LambdaFunctionArn", "lambda"),
    "TopicConfigurations": ("TopicArn", "sns"),
}


def targets(bucket: Bucket, event: str, key: str) -> list[tuple[str, str, str]]:
    """(target service, configuration id, ARN) of every configuration this event matches."""
    config = bucket.config.get("notification") or {}
    return [
        (service, c.get("Id", ""), c[member])
        for name, (member, service) in TARGETS.items()
        for c in config.get(name) or ()
        if member in c and event_matches(c.get("Events") or [], event) and filter_matches(c, key)
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
            "bucket": {"name": bucket.name, "ownerIdentity": {"principalId": bucket.account}, "arn": make_arn("s3", "", "", bucket.name, home=bucket.region)},
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


def _region_account(arn: str) -> tuple[str, str]:
    parts = arn.split(":")
    if len(parts) < 6:
        raise ValueError(arn)
    return parts[3], parts[4]


async def deliver(runtime: Runtime, service: str, arn: str, body: str) -> None:
    """One event to one target, through the target service's own handler."""
    if service == "sqs":
        await send_to_queue(runtime, arn, body)
        return
    if services.get(service) is None:
        log.info("S3 event for %s not delivered: cumulo has no %s service yet", arn, service)
        return
    region, account = _region_account(arn)
    if service == "lambda":
        params: dict[str, Any] = {"FunctionName": arn, "InvocationType": "Event", "Payload": body.encode()}
        await services.call(runtime, "lambda", "Invoke", params, account, region)
    else:
        params = {"TopicArn": arn, "Message": body, "Subject": "Amazon S3 Notification"}
        await services.call(runtime, "sns", "Publish", params, account, region)


_REASONS = {"ObjectCreated:Put": "PutObject", "ObjectCreated:Post": "POST Object", "ObjectCreated:Copy": "CopyObject",
            "ObjectCreated:CompleteMultipartUpload": "CompleteMultipartUpload"}


async def to_eventbridge(ctx: RequestContext, bucket: Bucket, event: str, version: ObjectVersion) -> None:
    """Every object event to the default bus, when the bucket turned EventBridge on."""
    if services.get("events") is None:
        log.info("S3 event for bucket %s not sent to EventBridge: cumulo has no events service yet", bucket.name)
        return
    detail_type = "Object Created" if event.startswith("ObjectCreated") else "Object Deleted"
    obj: dict[str, Any] = {"key": version.key, "sequencer": f"{time.monotonic_ns():018X}"}
    if event.startswith("ObjectCreated"):
        obj.update(size=version.size, etag=version.etag.strip('"'))
    if version.version_id != "null":
        obj["version-id"] = version.version_id
    detail = {"version": "0", "bucket": {"name": bucket.name}, "object": obj, "request-id": ctx.request_id,
              "requester": bucket.account, "source-ip-address": ctx.request.client if ctx.request else "127.0.0.1",
              "reason": _REASONS.get(event, "DeleteObject")}
    entry = {"Source": "aws.s3", "DetailType": detail_type, "Detail": orjson.dumps(detail).decode(),
             "Resources": [make_arn("s3", "", "", bucket.name, home=bucket.region)], "EventBusName": "default"}
    await services.call(ctx.runtime, "events", "PutEvents", {"Entries": [entry]}, bucket.account, bucket.region)


async def emit(ctx: RequestContext, bucket: Bucket, event: str, version: ObjectVersion) -> None:
    """Deliver `event` (e.g. "ObjectCreated:Put") for `version` to every matching target."""
    config = bucket.config.get("notification")
    if not config:
        return
    for service, config_id, arn in targets(bucket, event, version.key):
        body = orjson.dumps({"Records": [record(ctx, bucket, event, version, config_id)]}).decode()
        try:
            await deliver(ctx.runtime, service, arn, body)
        except (AwsError, ValueError) as error:
            log.warning("S3 event %s for %s/%s not delivered to %s: %s", event, bucket.name, version.key, arn, error)
    if "EventBridgeConfiguration" in config:
        try:
            await to_eventbridge(ctx, bucket, event, version)
        except AwsError as error:
            log.warning("S3 event %s for %s/%s not sent to EventBridge: %s", event, bucket.name, version.key, error)


async def validate_and_test(ctx: RequestContext, bucket: Bucket, config: dict[str, Any]) -> None:
    """What PutBucketNotificationConfiguration checks: every queue and topic exists; then each gets an s3:TestEvent."""
    arns = [q.get("QueueArn", "") for q in config.get("QueueConfigurations") or ()]
    bad = []
    for arn in arns:
        try:
            region, account, name = _queue_of(arn)
            await services.call(ctx.runtime, "sqs", "GetQueueUrl", {"QueueName": name}, account, region)
        except (AwsError, ValueError):
            bad.append(arn)
    topics = [t.get("TopicArn", "") for t in config.get("TopicConfigurations") or ()] if services.get("sns") is not None else []
    bad_topics = []
    for arn in topics:
        try:
            region, account = _region_account(arn)
            await services.call(ctx.runtime, "sns", "GetTopicAttributes", {"TopicArn": arn}, account, region)
            if arn.endswith(".fifo"):
                raise ValueError(arn)  # S3 notifies standard topics only
        except (AwsError, ValueError):
            bad_topics.append(arn)
    if bad or bad_topics:
        raise AwsError(
            "InvalidArgument",
            "Unable to validate the following destination configurations",
            status=400,
            ArgumentName=(bad or bad_topics)[0],
            ArgumentValue="The destination queue does not exist" if bad else "The destination topic does not exist",
        )
    for service, arn in [("sqs", a) for a in arns] + [("sns", t) for t in topics]:
        test = {"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": _iso(ctx.clock.now()), "Bucket": bucket.name,
                "RequestId": ctx.request_id, "HostId": ctx.request_id}
        try:
            await deliver(ctx.runtime, service, arn, orjson.dumps(test).decode())
        except (AwsError, ValueError) as error:
            log.warning("s3:TestEvent not delivered to %s: %s", arn, error)
