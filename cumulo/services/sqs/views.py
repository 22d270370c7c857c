"""How a stored message looks to a receiver: the Message structure of ReceiveMessage.

System attributes are the ones asked for through `MessageSystemAttributeNames`
(or the older `AttributeNames`); message attributes are filtered by
`MessageAttributeNames` entries, each `All`, `.*`, an exact name or a
`prefix.*`. MD5OfMessageAttributes is the digest of the attributes returned,
which is what SDKs recompute.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cumulo.services.sqs.digests import md5_of_attributes
from cumulo.services.sqs.models import Message

SYSTEM_ATTRIBUTES = (
    "SenderId",
    "SentTimestamp",
    "ApproximateReceiveCount",
    "ApproximateFirstReceiveTimestamp",
    "SequenceNumber",
    "MessageDeduplicationId",
    "MessageGroupId",
    "AWSTraceHeader",
    "DeadLetterQueueSourceArn",
)


def system_attribute_names(names: Iterable[str]) -> tuple[str, ...]:
    wanted = set(names)
    if "All" in wanted:
        return SYSTEM_ATTRIBUTES
    return tuple(n for n in SYSTEM_ATTRIBUTES if n in wanted)


def system_attributes(message: Message, names: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in names:
        if name == "SenderId":
            out[name] = message.sender_id
        elif name == "SentTimestamp":
            out[name] = str(int(message.sent * 1000))
        elif name == "ApproximateReceiveCount":
            out[name] = str(message.receive_count)
        elif name == "ApproximateFirstReceiveTimestamp":
            if message.first_received is not None:
                out[name] = str(int(message.first_received * 1000))
        elif name == "SequenceNumber":
            if message.sequence_number is not None:
                out[name] = message.sequence_number
        elif name == "MessageDeduplicationId":
            if message.dedup_id is not None:
                out[name] = message.dedup_id
        elif name == "MessageGroupId":
            if message.group_id is not None:
                out[name] = message.group_id
        elif name == "AWSTraceHeader":
            trace = message.system_attributes.get("AWSTraceHeader")
            if trace is not None:
                out[name] = trace["StringValue"]
        elif name == "DeadLetterQueueSourceArn" and message.dead_letter_source is not None:
            out[name] = message.dead_letter_source
    return out


def attribute_filter(names: Iterable[str]) -> tuple[bool, frozenset[str], tuple[str, ...]]:
    """(all, exact names, prefixes) from MessageAttributeNames."""
    exact: set[str] = set()
    prefixes: list[str] = []
    for name in names:
        if name in ("All", ".*"):
            return True, frozenset(), ()
        if name.endswith(".*"):
            prefixes.append(name[:-1])
        else:
            exact.add(name)
    return False, frozenset(exact), tuple(prefixes)


def message_attributes(message: Message, wanted: tuple[bool, frozenset[str], tuple[str, ...]]) -> dict[str, dict[str, Any]]:
    every, exact, prefixes = wanted
    if every:
        return message.attributes
    return {n: v for n, v in message.attributes.items() if n in exact or (prefixes and n.startswith(prefixes))}


def render(
    message: Message,
    receipt_handle: str | None,
    system_names: tuple[str, ...],
    wanted: tuple[bool, frozenset[str], tuple[str, ...]],
) -> dict[str, Any]:
    out: dict[str, Any] = {"MessageId": message.message_id}
    if receipt_handle is not None:
        out["ReceiptHandle"] = receipt_handle
    out["MD5OfBody"] = message.md5_body
    out["Body"] = message.body
    if system_names:
        attrs = system_attributes(message, system_names)
        if attrs:
            out["Attributes"] = attrs
    chosen = message_attributes(message, wanted)
    if chosen:
        out["MD5OfMessageAttributes"] = (
            message.md5_attributes if chosen is message.attributes else md5_of_attributes(chosen)
        )
        out["MessageAttributes"] = {n: dict(v) for n, v in chosen.items()}
    return out

