"""Topic and subscription attributes: which names are settable, AWS's checks, and the defaults read back.

Values are stored as the strings GetTopicAttributes / GetSubscriptionAttributes return; the
computed ones (counts, Owner, EffectiveDeliveryPolicy) are added when read.
"""

from __future__ import annotations

import json
from typing import Any

from cumulo.services.sns import filter_policy
from cumulo.services.sns.errors import invalid
from cumulo.services.sns.models import Subscription, Topic

_FEEDBACK = [f"{p}{kind}" for p in ("Application", "HTTP", "Lambda", "SQS", "Firehose") for kind in ("SuccessFeedbackRoleArn", "SuccessFeedbackSampleRate", "FailureFeedbackRoleArn")]
TOPIC_SETTABLE = {
    "Policy", "DisplayName", "DeliveryPolicy", "KmsMasterKeyId", "SignatureVersion", "TracingConfig",
    "ContentBasedDeduplication", "ArchivePolicy", "FifoThroughputScope", *_FEEDBACK,
}
TOPIC_CREATE_ONLY = {"FifoTopic"}
SUBSCRIPTION_SETTABLE = {"DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy"}
RAW_PROTOCOLS = {"sqs", "http", "https", "firehose"}

DEFAULT_HTTP_RETRY = {
    "minDelayTarget": 20, "maxDelayTarget": 20, "numRetries": 3, "numMaxDelayRetries": 0,
    "numNoDelayRetries": 0, "numMinDelayRetries": 0, "backoffFunction": "linear",
}
DEFAULT_DELIVERY_POLICY = {
    "http": {
        "defaultHealthyRetryPolicy": DEFAULT_HTTP_RETRY,
        "disableSubscriptionOverrides": False,
        "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"},
    }
}


def default_policy(topic: Topic) -> str:
    statement = {
        "Sid": "__default_statement_ID",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
                   "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
        "Resource": topic.arn,
        "Condition": {"StringEquals": {"AWS:SourceOwner": topic.account}},
    }
    return json.dumps({"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [statement]}, separators=(",", ":"))


def _json_object(name: str, value: str) -> dict[str, Any]:
    try:
        parsed = json.loads(value)
    except ValueError:
        raise invalid(f"{name}: failed to parse JSON. Unexpected character at position 0") from None
    if not isinstance(parsed, dict):
        raise invalid(f"{name}: must be a JSON object")
    return parsed


def check_topic_attribute(topic_fifo: bool, name: str, value: str, creating: bool = False) -> str:
    """The value to store, or InvalidParameter."""
    if name not in TOPIC_SETTABLE and not (creating and name in TOPIC_CREATE_ONLY):
        raise invalid("AttributeName")
    if name == "Policy":
        policy = _json_object("Policy", value) if value else {}
        if value and "Statement" not in policy:
            raise invalid("Policy Error: null")
    elif name == "DeliveryPolicy" and value:
        _check_delivery_policy(value)
    elif name == "SignatureVersion" and value not in ("1", "2"):
        raise invalid("SignatureVersion")
    elif name == "TracingConfig" and value not in ("PassThrough", "Active"):
        raise invalid("TracingConfig")
    elif name in ("FifoTopic", "ContentBasedDeduplication"):
        if value.lower() not in ("true", "false"):
            raise invalid(name)
        value = value.lower()
        if name == "ContentBasedDeduplication" and value == "true" and not topic_fifo:
            raise invalid("ContentBasedDeduplication Reason: Content based deduplication can only be set for FIFO topics")
    elif name == "ArchivePolicy" and value:
        if not topic_fifo:
            raise invalid("ArchivePolicy Reason: Message archiving is only supported for FIFO topics")
        policy = _json_object("ArchivePolicy", value)
        days = policy.get("MessageRetentionPeriod")
        try:
            ok = 1 <= int(str(days)) <= 365
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise invalid("ArchivePolicy Reason: MessageRetentionPeriod must be between 1 and 365 days")
    elif name == "FifoThroughputScope" and value not in ("Topic", "MessageGroup"):
        raise invalid("FifoThroughputScope")
    elif name.endswith("SampleRate") and value:
        if not value.isdigit() or not 0 <= int(value) <= 100:
            raise invalid(name)
    return value


def _check_delivery_policy(value: str) -> None:
    policy = _json_object("DeliveryPolicy", value)
    for section in policy.values():
        if not isinstance(section, dict):
            raise invalid("DeliveryPolicy: policy sections must be objects")
        retry = section.get("defaultHealthyRetryPolicy") or section.get("healthyRetryPolicy")
        if retry is not None:
            _check_retry(retry)


def _check_retry(retry: Any) -> None:
    if not isinstance(retry, dict):
        raise invalid("DeliveryPolicy: healthyRetryPolicy must be an object")
    merged = {**DEFAULT_HTTP_RETRY, **retry}
    try:
        lo, hi, n = int(merged["minDelayTarget"]), int(merged["maxDelayTarget"]), int(merged["numRetries"])
        counts = [int(merged[k]) for k in ("numNoDelayRetries", "numMinDelayRetries", "numMaxDelayRetries")]
    except (TypeError, ValueError):
        raise invalid("DeliveryPolicy: retry policy values must be integers") from None
    if not 0 < lo <= hi <= 3600:
        raise invalid("DeliveryPolicy: minDelayTarget must be less than or equal to maxDelayTarget, both between 1 and 3600")
    if not 0 <= n <= 100 or sum(counts) > n:
        raise invalid("DeliveryPolicy: numRetries must be between 0 and 100, and at least the sum of the phase retry counts")
    if merged["backoffFunction"] not in ("linear", "arithmetic", "geometric", "exponential"):
        raise invalid("DeliveryPolicy: backoffFunction must be one of linear, arithmetic, geometric, exponential")


def topic_view(topic: Topic, subs: list[Subscription]) -> dict[str, str]:
    confirmed = sum(1 for s in subs if s.confirmed)
    out = {
        "TopicArn": topic.arn,
        "Owner": topic.account,
        "Policy": default_policy(topic),
        "DisplayName": "",
        "SubscriptionsConfirmed": str(confirmed),
        "SubscriptionsPending": str(len(subs) - confirmed),
        "SubscriptionsDeleted": str(topic.deleted_subscriptions),
        "EffectiveDeliveryPolicy": json.dumps(DEFAULT_DELIVERY_POLICY, separators=(",", ":")),
    }
    if topic.fifo:
        out.update(FifoTopic="true", ContentBasedDeduplication="false")
    out.update({k: v for k, v in topic.attributes.items() if v != "" or k in ("DisplayName",)})
    if topic.attributes.get("DeliveryPolicy"):
        out["EffectiveDeliveryPolicy"] = effective_delivery_policy(topic.attributes["DeliveryPolicy"])
    return out


def effective_delivery_policy(given: str) -> str:
    policy: dict[str, Any] = json.loads(given)
    http: dict[str, Any] = dict(DEFAULT_DELIVERY_POLICY["http"])
    http.update(policy.get("http") or {})
    http["defaultHealthyRetryPolicy"] = {**DEFAULT_HTTP_RETRY, **(http.get("defaultHealthyRetryPolicy") or {})}
    return json.dumps({**policy, "http": http}, separators=(",", ":"))


def check_subscription_attribute(sub: Subscription, name: str, value: str) -> str:
    if name not in SUBSCRIPTION_SETTABLE:
        raise invalid("AttributeName")
    if name == "RawMessageDelivery":
        if value.lower() not in ("true", "false"):
            raise invalid("RawMessageDelivery: Invalid value [" + value + "]. Must be true or false.")
        value = value.lower()
        if value == "true" and sub.protocol not in RAW_PROTOCOLS:
            raise invalid(f"Delivery protocol [{sub.protocol}] does not support raw message delivery.")
    elif name == "FilterPolicyScope":
        if value not in filter_policy.SCOPES:
            raise invalid(f"FilterPolicyScope: Invalid value [{value or 'null'}]. Please use either MessageBody or MessageAttributes")
        current = sub.attributes.get("FilterPolicy", "")
        if current:
            filter_policy.validate(current, value)
    elif name == "FilterPolicy":
        filter_policy.validate(value, sub.attributes.get("FilterPolicyScope", "MessageAttributes"))
    elif name == "RedrivePolicy" and value:
        policy = _json_object("RedrivePolicy", value)
        target = policy.get("deadLetterTargetArn")
        if not isinstance(target, str) or not target.startswith("arn:"):
            raise invalid("RedrivePolicy: deadLetterTargetArn is missing or is not an ARN")
        parts, topic = target.split(":"), sub.topic_arn.split(":")
        if len(parts) != 6 or parts[2] != "sqs":
            raise invalid("RedrivePolicy: only SQS queues can be dead-letter queues")
        # https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
        if parts[3:5] != topic[3:5]:
            raise invalid("RedrivePolicy: the dead-letter queue must be in the same account and region as the subscription")
        if parts[5].endswith(".fifo") != topic[5].endswith(".fifo"):
            raise invalid("RedrivePolicy: a FIFO topic's subscriptions use a FIFO dead-letter queue, a standard topic's a standard queue")
    elif name == "DeliveryPolicy" and value:
        policy = _json_object("DeliveryPolicy", value)
        if "healthyRetryPolicy" in policy:
            _check_retry(policy["healthyRetryPolicy"])
    elif name == "ReplayPolicy" and value:
        policy = _json_object("ReplayPolicy", value)
        if "PointType" not in policy or "StartingPoint" not in policy:
            raise invalid("ReplayPolicy: PointType and StartingPoint are required")
    return value


def subscription_view(sub: Subscription) -> dict[str, str]:
    out = {
        "SubscriptionArn": sub.arn,
        "TopicArn": sub.topic_arn,
        "Owner": sub.owner,
        "Protocol": sub.protocol,
        "Endpoint": sub.endpoint,
        "ConfirmationWasAuthenticated": "true" if sub.confirmed else "false",
        "PendingConfirmation": "false" if sub.confirmed else "true",
        "RawMessageDelivery": "false",
        "SubscriptionPrincipal": f"arn:aws:iam::{sub.owner}:root",
    }
    if sub.protocol in ("http", "https"):
        given = sub.attributes.get("DeliveryPolicy")
        effective = {"healthyRetryPolicy": DEFAULT_HTTP_RETRY, **(json.loads(given) if given else {})}
        out["EffectiveDeliveryPolicy"] = json.dumps(effective, separators=(",", ":"))
    out.update({k: v for k, v in sub.attributes.items() if v != ""})
    if out.get("FilterPolicy") and "FilterPolicyScope" not in out:
        out["FilterPolicyScope"] = "MessageAttributes"
    return out
