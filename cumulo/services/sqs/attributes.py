"""Queue attributes: names, defaults, ranges, and the rules for setting them.

Attribute values are strings on the wire and in `Queue.attributes`, normalised
as GetQueueAttributes returns them (a RedrivePolicy is compact JSON with an
integer maxReceiveCount, booleans are "true"/"false"). Ranges and defaults are
the ones the CreateQueue reference gives
(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.sqs.models import Queue

# name -> (minimum, maximum, default)
NUMERIC: dict[str, tuple[int, int, int]] = {
    "DelaySeconds": (0, 900, 0),
    "MaximumMessageSize": (1024, 1_048_576, 1_048_576),
    "MessageRetentionPeriod": (60, 1_209_600, 345_600),
    "ReceiveMessageWaitTimeSeconds": (0, 20, 0),
    "VisibilityTimeout": (0, 43_200, 30),
    "KmsDataKeyReusePeriodSeconds": (60, 86_400, 300),
}
FIFO_ONLY = ("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit")
COMPUTED = (
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "QueueArn",
)
SETTABLE = (
    *NUMERIC,
    "Policy",
    "RedrivePolicy",
    "RedriveAllowPolicy",
    "KmsMasterKeyId",
    "SqsManagedSseEnabled",
    *FIFO_ONLY,
)
# The order GetQueueAttributes(All) answers in.
ALL_ORDER = (
    "QueueArn",
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "VisibilityTimeout",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "DelaySeconds",
    "ReceiveMessageWaitTimeSeconds",
    "Policy",
    "RedrivePolicy",
    "RedriveAllowPolicy",
    "KmsMasterKeyId",
    "KmsDataKeyReusePeriodSeconds",
    "SqsManagedSseEnabled",
    *FIFO_ONLY,
)
ENUMS = {
    "DeduplicationScope": ("messageGroup", "queue"),
    "FifoThroughputLimit": ("perQueue", "perMessageGroupId"),
}
REDRIVE_PERMISSIONS = ("allowAll", "denyAll", "byQueue")
MAX_RECEIVE_COUNT = (1, 1000)

Lookup = Callable[[str], Queue | None]


def defaults(fifo: bool) -> dict[str, str]:
    attrs = {name: str(spec[2]) for name, spec in NUMERIC.items() if name != "KmsDataKeyReusePeriodSeconds"}
    attrs["SqsManagedSseEnabled"] = "true"
    if fifo:
        attrs.update(FifoQueue="true", ContentBasedDeduplication="false", DeduplicationScope="queue", FifoThroughputLimit="perQueue")
    return attrs


def unknown(name: str) -> AwsError:
    return AwsError("InvalidAttributeName", f"Unknown Attribute {name}.")


def invalid(name: str, reason: str = "") -> AwsError:
    return AwsError("InvalidAttributeValue", f"Invalid value for the parameter {name}." + (f" Reason: {reason}" if reason else ""))


def _redrive_invalid(value: str, reason: str) -> AwsError:
    return AwsError("InvalidParameterValue", f"Value {value} for parameter RedrivePolicy is invalid. Reason: {reason}")


def _bool(name: str, value: str) -> str:
    lowered = value.strip().lower()
    if lowered not in ("true", "false"):
        raise invalid(name)
    return lowered


def normalize(queue_name: str, queue_arn: str, fifo: bool, name: str, value: str, lookup: Lookup) -> str:
    """The stored form of one attribute a client sets; raises AWS's error when it is not valid.

    An empty string for Policy, RedrivePolicy, RedriveAllowPolicy or
    KmsMasterKeyId removes the attribute (returned as "").
    """
    if name not in SETTABLE:
        raise unknown(name)
    if name in FIFO_ONLY and not fifo and not (name == "FifoQueue" and value.strip().lower() == "false"):
        raise unknown(name)
    if name in NUMERIC:
        low, high, _ = NUMERIC[name]
        try:
            number = int(value.strip())
        except (ValueError, AttributeError):
            raise invalid(name) from None
        if not low <= number <= high:
            raise invalid(name)
        return str(number)
    if name in ("FifoQueue", "ContentBasedDeduplication", "SqsManagedSseEnabled"):
        return _bool(name, value)
    if name in ENUMS:
        if value not in ENUMS[name]:
            raise invalid(name)
        return value
    if name == "Policy":
        return _policy(value)
    if name == "RedrivePolicy":
        return _redrive_policy(queue_arn, fifo, value, lookup)
    if name == "RedriveAllowPolicy":
        return _redrive_allow_policy(value)
    return value  # KmsMasterKeyId: any key id, alias or ARN


def _json_object(name: str, value: str, reason: str) -> dict[str, Any]:
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise invalid(name, reason)
    return parsed


def _policy(value: str) -> str:
    if value:
        _json_object("Policy", value, "The policy document must be a valid JSON object.")
    return value


def _redrive_policy(source_arn: str, fifo: bool, value: str, lookup: Lookup) -> str:
    if not value:
        return ""
    policy = _json_object("RedrivePolicy", value, "Redrive policy is not a valid JSON map.")
    for key in ("deadLetterTargetArn", "maxReceiveCount"):
        if key not in policy:
            raise _redrive_invalid(value, f"Redrive policy does not contain mandatory attribute: {key}.")
    extra = set(policy) - {"deadLetterTargetArn", "maxReceiveCount"}
    if extra:
        raise _redrive_invalid(value, "Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount].")
    try:
        count = int(policy["maxReceiveCount"])
    except (ValueError, TypeError):
        count = 0
    if not MAX_RECEIVE_COUNT[0] <= count <= MAX_RECEIVE_COUNT[1]:
        raise _redrive_invalid(
            value,
            f"Invalid value for maxReceiveCount: {policy['maxReceiveCount']}, valid values are from 1 to 1000 both inclusive.",
        )
    target_arn = str(policy["deadLetterTargetArn"])
    target = lookup(target_arn)
    if target is None:
        raise _redrive_invalid(value, "Dead-letter target does not exist.")
    if target.fifo != fifo:
        raise _redrive_invalid(value, "Dead-letter queue must be same type of queue as the source..")
    allow = target.attributes.get("RedriveAllowPolicy")
    if allow:
        rule = json.loads(allow)
        permission = rule.get("redrivePermission")
        if permission == "denyAll" or (permission == "byQueue" and source_arn not in rule.get("sourceQueueArns", [])):
            raise _redrive_invalid(value, f"Queue {source_arn} is not allowed to use {target_arn} as a dead-letter queue.")
    return json.dumps({"deadLetterTargetArn": target_arn, "maxReceiveCount": count}, separators=(",", ":"))


def _redrive_allow_policy(value: str) -> str:
    if not value:
        return ""
    policy = _json_object("RedriveAllowPolicy", value, "Redrive allow policy is not a valid JSON map.")
    if policy.get("redrivePermission") not in REDRIVE_PERMISSIONS:
        raise invalid("RedriveAllowPolicy", "Amazon SQS can't create the redrive allow policy, as it's in an unsupported format.")
    permission = policy["redrivePermission"]
    sources = policy.get("sourceQueueArns")
    if permission == "byQueue":
        if not isinstance(sources, list) or not 1 <= len(sources) <= 10:
            raise invalid("RedriveAllowPolicy", "You must specify between 1 and 10 sourceQueueArns when redrivePermission is byQueue.")
    elif sources is not None:
        raise invalid("RedriveAllowPolicy", "To specify sourceQueueArns, you must set redrivePermission to byQueue.")
    out: dict[str, Any] = {"redrivePermission": permission}
    if sources is not None:
        out["sourceQueueArns"] = sources
    return json.dumps(out, separators=(",", ":"))


def apply(queue: Queue, changes: dict[str, str]) -> None:
    """Store normalised changes on a queue, keeping the SSE attributes consistent."""
    for name, value in changes.items():
        if value == "" and name in ("Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId"):
            queue.attributes.pop(name, None)
        else:
            queue.attributes[name] = value
    if changes.get("KmsMasterKeyId"):
        # SSE-KMS and SSE-SQS are exclusive: choosing a KMS key turns SSE-SQS off.
        queue.attributes["SqsManagedSseEnabled"] = "false"
        queue.attributes.setdefault("KmsDataKeyReusePeriodSeconds", str(NUMERIC["KmsDataKeyReusePeriodSeconds"][2]))
    elif changes.get("SqsManagedSseEnabled") == "true":
        queue.attributes.pop("KmsMasterKeyId", None)
        queue.attributes.pop("KmsDataKeyReusePeriodSeconds", None)


def check_sse(changes: dict[str, str]) -> None:
    if changes.get("KmsMasterKeyId") and changes.get("SqsManagedSseEnabled") == "true":
        raise invalid(
            "SqsManagedSseEnabled",
            "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
        )


def requested(names: Iterable[str], fifo: bool) -> list[str]:
    """The attribute names a GetQueueAttributes request asks for, in answer order."""
    wanted: list[str] = []
    for name in names:
        if name == "All":
            return [n for n in ALL_ORDER if fifo or n not in FIFO_ONLY]
        if name not in SETTABLE and name not in COMPUTED:
            raise unknown(name)
        if name in FIFO_ONLY and not fifo:
            continue
        if name not in wanted:
            wanted.append(name)
    return wanted
