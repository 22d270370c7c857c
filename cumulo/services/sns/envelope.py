"""The JSON documents SNS sends: notifications (to SQS, HTTP/S, email-json), confirmations, Lambda events.

https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html
Members appear in AWS's order; `Subject` and `MessageAttributes` only when the message has them.
URLs (SigningCertURL, SubscribeURL, UnsubscribeURL) point at this server.
"""

from __future__ import annotations

import base64
import functools
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from cumulo.services.sns import signing
from cumulo.services.sns.models import Notification, Subscription

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime


def iso(epoch: float) -> str:
    d = datetime.fromtimestamp(epoch, timezone.utc)  # formatted by hand: strftime is the slower half of this
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:{d.minute:02d}:{d.second:02d}.{d.microsecond // 1000:03d}Z"


def base_url(runtime: Runtime) -> str:
    host = runtime.config.host
    if host in ("0.0.0.0", "::", ""):
        host = "localhost"
    return f"http://{host}:{runtime.config.port}"


def unsubscribe_url(runtime: Runtime, subscription_arn: str) -> str:
    return f"{base_url(runtime)}/_cumulo/sns/unsubscribe?SubscriptionArn={_quoted(subscription_arn)}"


@functools.lru_cache(maxsize=4096)
def _quoted(arn: str) -> str:
    return quote(arn, safe="")  # the same few subscription ARNs, once per publish each


def subscribe_url(runtime: Runtime, topic_arn: str, token: str) -> str:
    return f"{base_url(runtime)}/_cumulo/sns/confirm?TopicArn={quote(topic_arn, safe='')}&Token={token}"


def attributes_json(attributes: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    return {
        name: {"Type": a.get("DataType", "String"), "Value": a["StringValue"] if "StringValue" in a else _b64(a.get("BinaryValue", b""))}
        for name, a in attributes.items()
    }


def _b64(value: Any) -> str:
    return base64.b64encode(value if isinstance(value, bytes) else str(value).encode()).decode()


def notification(runtime: Runtime, n: Notification, sub: Subscription, version: str, body: str) -> dict[str, Any]:
    doc: dict[str, Any] = {"Type": "Notification", "MessageId": n.message_id}
    if n.sequence_number is not None:
        doc["SequenceNumber"] = n.sequence_number
    doc["TopicArn"] = n.topic_arn
    if n.subject is not None:
        doc["Subject"] = n.subject
    doc["Message"] = body
    doc["Timestamp"] = iso(n.timestamp)
    doc["SignatureVersion"] = version
    doc["Signature"] = signing.sign(runtime, doc, version)
    doc["SigningCertURL"] = base_url(runtime) + signing.CERT_PATH
    doc["UnsubscribeURL"] = unsubscribe_url(runtime, sub.arn)
    if n.attributes:
        doc["MessageAttributes"] = attributes_json(n.attributes)
    return doc


def confirmation(runtime: Runtime, kind: str, message_id: str, sub: Subscription, token: str, now: float, version: str) -> dict[str, Any]:
    url = subscribe_url(runtime, sub.topic_arn, token)
    if kind == "SubscriptionConfirmation":
        text = (f"You have chosen to subscribe to the topic {sub.topic_arn}.\n"
                "To confirm the subscription, visit the SubscribeURL included in this message.")
    else:
        text = (f"You have chosen to deactivate subscription {sub.arn}.\n"
                "To cancel this operation and restore the subscription, visit the SubscribeURL included in this message.")
    doc: dict[str, Any] = {
        "Type": kind,
        "MessageId": message_id,
        "Token": token,
        "TopicArn": sub.topic_arn,
        "Message": text,
        "SubscribeURL": url,
        "Timestamp": iso(now),
        "SignatureVersion": version,
    }
    doc["Signature"] = signing.sign(runtime, doc, version)
    doc["SigningCertURL"] = base_url(runtime) + signing.CERT_PATH
    return doc


def lambda_event(runtime: Runtime, n: Notification, sub: Subscription, version: str, body: str) -> dict[str, Any]:
    """https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html: note Lambda's `...Url` spelling."""
    doc = notification(runtime, n, sub, version, body)
    sns = {
        "Type": "Notification",
        "MessageId": n.message_id,
        "TopicArn": n.topic_arn,
        "Subject": n.subject,
        "Message": body,
        "Timestamp": doc["Timestamp"],
        "SignatureVersion": version,
        "Signature": doc["Signature"],
        "SigningCertUrl": doc["SigningCertURL"],
        "UnsubscribeUrl": doc["UnsubscribeURL"],
        "MessageAttributes": attributes_json(n.attributes),
    }
    if n.sequence_number is not None:
        sns["SequenceNumber"] = n.sequence_number
    return {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0", "EventSubscriptionArn": sub.arn, "Sns": sns}]}
