"""Publish and PublishBatch: validation in AWS's words, FIFO sequencing and deduplication, fan-out.

A topic publish checks the message (size, subject, structure, attributes), gives FIFO messages
their sequence number (and answers a duplicate inside the five-minute window with the first
message's id, delivering nothing), archives it when the topic archives, and fans it out
(`delivery.fan_out`) before answering. Publish also sends straight to a phone number (SMS) or a
platform endpoint (TargetArn).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import sns as wire
from cumulo.services.sns import delivery, policy, replay
from cumulo.services.sns.api.common import topic, touch_topic
from cumulo.services.sns.errors import ENDPOINT_NOT_FOUND, invalid, not_found
from cumulo.services.sns.models import DedupRecord, Notification, Topic, dedup_table, new_id

MAX_SIZE = 262_144
DEDUP_WINDOW = 300.0
MAX_BATCH = 10
_PRINTABLE = re.compile(r"^[\x20-\x7e]*$")
_BATCH_ID = re.compile(r"^[\w-]{1,80}$")
_ID = re.compile(r"^[\x21-\x7e]{1,128}$")


def _check_attributes(attrs: dict[str, Any]) -> int:
    """Validate message attributes; returns their size in bytes."""
    size = 0
    for name, value in attrs.items():
        kind = value.get("DataType") or ""
        if not kind:
            raise invalid(f"The message attribute '{name}' must contain non-empty message attribute type.")
        base = kind.split(".", 1)[0]
        if base not in ("String", "Number", "Binary"):
            raise invalid(
                f"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."
            )
        if name.startswith(("AWS.", "Amazon.")) or not re.match(r"^[\w.-]{1,256}$", name) or ".." in name or name.startswith(".") or name.endswith("."):
            raise invalid(f"The message attribute name '{name}' is invalid.")
        if base == "Binary":
            data = value.get("BinaryValue")
            if data is None:
                raise invalid(f"The message attribute '{name}' with type 'Binary' must use field 'Binary'.")
            size += len(data)
        else:
            text = value.get("StringValue")
            if text is None or (text == "" and base == "String"):
                raise invalid(f"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{kind}'.")
            if base == "Number":
                try:
                    number = float(text)
                except ValueError:
                    raise invalid(f"Could not cast message attribute '{name}' value to number.") from None
                if not -1e9 <= number <= 1e9 or (len(text.split(".", 1)[-1]) > 5 if "." in text else False):
                    raise invalid(f"Value {text} for message attribute {name} is invalid. Number values must be between -1E9 and 1E9, with 5 digits of precision")
            if kind == "String.Array":
                try:
                    items = json.loads(text)
                except ValueError:
                    items = None
                if not isinstance(items, list) or any(isinstance(i, (list, dict)) for i in items):
                    raise invalid(f"The message attribute '{name}' with type 'String.Array' has an invalid value: {text}")
            size += len(text.encode())
        size += len(name.encode()) + len(kind.encode())
    return size


def _message(entry: dict[str, Any]) -> tuple[str, dict[str, str] | None, int]:
    message = entry.get("Message")
    if message is None or message == "":
        raise invalid("Empty message")
    structured = None
    if entry.get("MessageStructure") is not None:
        if entry["MessageStructure"] != "json":
            raise invalid("MessageStructure")
        try:
            parsed = json.loads(message)
        except ValueError:
            raise invalid("Message Structure - JSON message body failed to parse") from None
        if not isinstance(parsed, dict) or "default" not in parsed:
            raise invalid("Message Structure - No default entry in JSON message body")
        structured = {k: v if isinstance(v, str) else json.dumps(v) for k, v in parsed.items()}
    subject = entry.get("Subject")
    if subject is not None and (subject == "" or len(subject) > 100 or not _PRINTABLE.match(subject)):
        raise invalid("Subject")
    size = len(message.encode()) + _check_attributes(entry.get("MessageAttributes") or {})
    if size > MAX_SIZE:
        raise invalid("Message too long")
    return message, structured, size


def _fifo_ids(t: Topic, entry: dict[str, Any], message: str) -> tuple[str | None, str | None]:
    group, dedup = entry.get("MessageGroupId"), entry.get("MessageDeduplicationId")
    if not t.fifo:
        if dedup is not None:
            raise invalid("MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type")
        if group is not None and not _ID.match(group):
            raise invalid("MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
        return group, None
    if not group:
        raise invalid("The MessageGroupId parameter is required for FIFO topics")
    if not _ID.match(group):
        raise invalid("MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
    if dedup is None:
        if t.attributes.get("ContentBasedDeduplication") != "true":
            raise invalid("The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
        dedup = hashlib.sha256(message.encode()).hexdigest()
    elif not _ID.match(dedup):
        raise invalid("MessageDeduplicationId Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
    return group, dedup


# KMS's answer when a topic's key can't encrypt -> the error SNS's Publish gives.
KMS_ERRORS = {"NotFoundException": "KMSNotFound", "DisabledException": "KMSDisabled", "KMSInvalidStateException": "KMSInvalidState"}


async def _encrypt_check(ctx: RequestContext, t: Topic) -> None:
    """A topic with server-side encryption asks KMS for a data key per publish, as SNS does; a key that is
    missing, disabled or pending deletion fails the publish (when cumulo has KMS)."""
    key = t.attributes.get("KmsMasterKeyId")
    if not key or services.get("kms") is None:
        return
    try:
        await services.call(ctx.runtime, "kms", "GenerateDataKey", {"KeyId": key, "KeySpec": "AES_256"}, t.account, t.region)
    except AwsError as error:
        raise AwsError(KMS_ERRORS.get(error.code, "KMSAccessDenied"), f"{error.message} (Service: AWSKMS; Error Code: {error.code})") from None


async def _publish_to_topic(ctx: RequestContext, t: Topic, entry: dict[str, Any]) -> dict[str, Any]:
    message, structured, _ = _message(entry)
    await _encrypt_check(ctx, t)
    group, dedup = _fifo_ids(t, entry, message)
    now = ctx.clock.now()
    n = Notification(new_id(), t.arn, message, now, entry.get("Subject"), dict(entry.get("MessageAttributes") or {}),
                     structured, group, dedup)
    if t.fifo:
        assert dedup is not None
        table = ctx.store.scope("sns", t.account, t.region).table(dedup_table(t.name))
        seen: DedupRecord | None = table.get(dedup)
        if seen is not None and seen.expires > now:
            return {"MessageId": seen.message_id, "SequenceNumber": seen.sequence_number}
        seq = t.next_seq
        n.sequence_number = delivery.next_sequence(t)
        touch_topic(ctx, t)
        table[dedup] = DedupRecord(now + DEDUP_WINDOW, n.message_id, n.sequence_number)
        replay.archive(ctx.runtime, t, n, seq)
    delivery.record_published(ctx.runtime, n)
    await delivery.fan_out(ctx.runtime, t, n)
    out: dict[str, Any] = {"MessageId": n.message_id}
    if n.sequence_number is not None:
        out["SequenceNumber"] = n.sequence_number
    return out


def _endpoint(ctx: RequestContext, arn: str) -> Any:
    parts = arn.split(":")
    if len(parts) != 6 or not parts[5].startswith("endpoint/"):
        raise invalid("TargetArn Reason: Invalid ARN")
    found = ctx.store.scope("sns", parts[4], parts[3]).table("endpoints").get(arn)
    if found is None:
        raise not_found(ENDPOINT_NOT_FOUND)
    return found


async def publish(ctx: RequestContext, req: wire.PublishInput) -> dict[str, Any]:
    targets = [k for k in ("TopicArn", "TargetArn", "PhoneNumber") if req.get(k)]
    if not targets:
        raise invalid("TopicArn or TargetArn Reason: no value for required parameter")
    if len(targets) > 1:
        raise invalid("TopicArn or TargetArn Reason: Only one of TopicArn, TargetArn or PhoneNumber may be specified")
    entry = dict(req)
    if req.get("PhoneNumber"):
        return _publish_sms(ctx, entry)
    arn = req.get("TopicArn") or req["TargetArn"]
    if ":endpoint/" in arn:
        return _publish_to_endpoint(ctx, entry, arn)
    t = topic(ctx, arn)
    policy.check(ctx, t, "Publish")
    return await _publish_to_topic(ctx, t, entry)


def _publish_sms(ctx: RequestContext, entry: dict[str, Any]) -> dict[str, Any]:
    phone = entry["PhoneNumber"]
    if not re.match(r"^\+?[0-9]{7,15}$", phone):
        raise invalid(f"PhoneNumber Reason: {phone} is not valid to publish to")
    message, _, _ = _message(entry)
    n = Notification(new_id(), "", message, ctx.clock.now(), entry.get("Subject"), dict(entry.get("MessageAttributes") or {}))
    if phone not in ctx.scope.table("opted_out"):
        delivery.ledger(ctx.runtime, ctx.account, ctx.region, "sms", phone, "", "", n, message)
    return {"MessageId": n.message_id}


PLATFORM_KEYS = {"APNS": "APNS", "APNS_SANDBOX": "APNS_SANDBOX", "GCM": "GCM", "ADM": "ADM", "BAIDU": "BAIDU", "MPNS": "MPNS", "WNS": "WNS"}


def _publish_to_endpoint(ctx: RequestContext, entry: dict[str, Any], arn: str) -> dict[str, Any]:
    ep = _endpoint(ctx, arn)
    if ep.attributes.get("Enabled", "true").lower() != "true":
        raise AwsError("EndpointDisabled", "Endpoint is disabled")
    message, structured, _ = _message(entry)
    platform = arn.split(":")[5].split("/")[1]
    n = Notification(new_id(), "", message, ctx.clock.now(), entry.get("Subject"), dict(entry.get("MessageAttributes") or {}), structured)
    parts = arn.split(":")
    delivery.ledger(ctx.runtime, parts[4], parts[3], "application", arn, "", "", n, n.body_for(PLATFORM_KEYS.get(platform, platform)))
    return {"MessageId": n.message_id}


async def publish_batch(ctx: RequestContext, req: wire.PublishBatchInput) -> dict[str, Any]:
    t = topic(ctx, req["TopicArn"])
    policy.check(ctx, t, "Publish")
    entries = req.get("PublishBatchRequestEntries") or []
    if not entries:
        raise AwsError("EmptyBatchRequest", "The batch request doesn't contain any entries")
    if len(entries) > MAX_BATCH:
        raise AwsError("TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible")
    ids = [e.get("Id", "") for e in entries]
    if len(set(ids)) != len(ids):
        raise AwsError("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id")
    for i in ids:
        if not _BATCH_ID.match(i):
            raise AwsError("InvalidBatchEntryId", "The Id of a batch entry in a batch request doesn't abide by the specification")
    total = sum(len((e.get("Message") or "").encode()) for e in entries)
    if total > MAX_SIZE:
        raise AwsError("BatchRequestTooLong", "The length of all the messages put together is more than the limit.")
    successful: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for e in entries:
        try:
            successful.append({"Id": e["Id"], **await _publish_to_topic(ctx, t, dict(e))})
        except AwsError as error:
            failed.append({"Id": e["Id"], "Code": error.code, "Message": error.message, "SenderFault": True})
    return {"Successful": successful, "Failed": failed}
