"""The checks SQS makes on what is sent, beyond what the model's constraints say.

Message bodies and string attribute values may only hold the characters the
SendMessage reference allows (#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to
#xFFFD | #x10000 to #x10FFFF). A message's size is its UTF-8 body plus, for
each attribute, its name, data type and value. Batch entry ids are at most 80
letters, digits, hyphens and underscores, distinct within a request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from cumulo.core.errors import AwsError

MAX_ATTRIBUTES = 10
MAX_BATCH = 10
MAX_BATCH_BYTES = 1_048_576
MAX_DELAY = 900
MAX_VISIBILITY = 43_200

_INVALID_CHAR = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTRIBUTE_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,256}$")
_BATCH_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
_QUEUE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
_FIFO_QUEUE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,75}\.fifo$")
_GROUP_OR_DEDUP_ID = re.compile(r"^[!-~]{1,128}$")  # alphanumerics and punctuation


def invalid_parameter(message: str) -> AwsError:
    return AwsError("InvalidParameterValue", message)


def parameter_out_of_range(name: str, value: Any, reason: str) -> AwsError:
    return invalid_parameter(f"Value {value} for parameter {name} is invalid. Reason: {reason}")


def check_queue_name(name: str, fifo: bool) -> None:
    if fifo:
        if not _FIFO_QUEUE_NAME.match(name):
            raise invalid_parameter(
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
                "must end with .fifo suffix and be 1 to 80 in length."
            )
    elif not _QUEUE_NAME.match(name):
        raise invalid_parameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")


def check_body(body: str) -> None:
    if body == "":
        raise AwsError("MissingParameter", "The request must contain the parameter MessageBody.")
    bad = _INVALID_CHAR.search(body)
    if bad:
        raise AwsError(
            "InvalidMessageContents",
            f"Invalid binary character '#x{ord(bad.group()):X}' was found in the message body, the set of allowed "
            "characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
        )


def check_delay(delay: int) -> None:
    if not 0 <= delay <= MAX_DELAY:
        raise parameter_out_of_range("DelaySeconds", delay, f"DelaySeconds must be >= 0 and <= {MAX_DELAY}.")


def check_visibility(timeout: int) -> None:
    if not 0 <= timeout <= MAX_VISIBILITY:
        raise parameter_out_of_range("VisibilityTimeout", timeout, f"Must be between 0 and {MAX_VISIBILITY}, if provided.")


def check_group_or_dedup_id(name: str, value: str) -> None:
    if not _GROUP_OR_DEDUP_ID.match(value):
        raise parameter_out_of_range(
            name, value, f"{name} can only include alphanumeric and punctuation characters. 1 to 128 in length."
        )


def check_message_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Validated message attributes, reduced to DataType and the one value member."""
    if len(attributes) > MAX_ATTRIBUTES:
        raise invalid_parameter(f"Number of message attributes [{len(attributes)}] exceeds the allowed maximum [{MAX_ATTRIBUTES}].")
    clean: dict[str, dict[str, Any]] = {}
    for name, value in attributes.items():
        _check_attribute_name(name)
        data_type = value.get("DataType", "")
        clean[name] = _check_attribute_value(name, data_type, value)
    return clean


def _check_attribute_name(name: str) -> None:
    lowered = name.lower()
    if (
        not _ATTRIBUTE_NAME.match(name)
        or lowered.startswith(("aws.", "amazon."))
        or name.startswith(".")
        or name.endswith(".")
        or ".." in name
    ):
        raise invalid_parameter(f"Message (user) attribute name '{name}' is invalid.")


def _check_attribute_value(name: str, data_type: str, value: Mapping[str, Any]) -> dict[str, Any]:
    base = data_type.split(".", 1)[0]
    if base not in ("String", "Number", "Binary") or len(data_type) > 256 or data_type.endswith("."):
        raise invalid_parameter(
            f"The type of message (user) attribute '{name}' is invalid. You must use only the following "
            "supported type prefixes: Binary, Number, String."
        )
    if value.get("StringListValues") or value.get("BinaryListValues"):
        raise invalid_parameter("Message attribute list values in SendMessage operation are not supported.")
    member = "BinaryValue" if base == "Binary" else "StringValue"
    raw = value.get(member)
    if raw is None or len(raw) == 0:
        raise invalid_parameter(
            f"The message attribute '{name}' must contain non-empty message attribute value for message "
            f"attribute type '{base}'."
        )
    if base == "Number":
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise invalid_parameter(f"Can't cast the value of message (user) attribute '{name}' to a number.")
    if base != "Binary" and _INVALID_CHAR.search(raw):
        raise invalid_parameter(f"Message (user) attribute '{name}' value contains invalid characters.")
    return {"DataType": data_type, member: raw}


def check_system_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    clean: dict[str, dict[str, Any]] = {}
    for name, value in attributes.items():
        if name != "AWSTraceHeader":
            raise invalid_parameter(f"Message system attribute name '{name}' is invalid.")
        if value.get("DataType") != "String" or not value.get("StringValue"):
            raise invalid_parameter(f"Message system attribute '{name}' must be of type String with a non-empty value.")
        clean[name] = {"DataType": "String", "StringValue": value["StringValue"]}
    return clean


def message_size(body: str, attributes: Mapping[str, Mapping[str, Any]]) -> int:
    size = len(body.encode("utf-8"))
    for name, value in attributes.items():
        size += len(name.encode("utf-8")) + len(value["DataType"].encode("utf-8"))
        raw = value.get("BinaryValue", value.get("StringValue", ""))
        size += len(raw) if isinstance(raw, bytes) else len(str(raw).encode("utf-8"))
    return size


def check_size(size: int, maximum: int) -> None:
    if size > maximum:
        raise invalid_parameter(f"One or more parameters are invalid. Reason: Message must be shorter than {maximum} bytes.")


def check_batch(entries: Sequence[Mapping[str, Any]], entry_shape: str) -> None:
    """The whole-request batch rules; raise the request's error before any entry runs."""
    if not entries:
        raise AwsError("EmptyBatchRequest", f"There should be at least one {entry_shape} in the request.")
    if len(entries) > MAX_BATCH:
        raise AwsError(
            "TooManyEntriesInBatchRequest", f"Maximum number of entries per request are {MAX_BATCH}. You have sent {len(entries)}."
        )
    seen: set[str] = set()
    for entry in entries:
        entry_id = entry.get("Id", "")
        if not _BATCH_ID.match(entry_id):
            raise AwsError(
                "InvalidBatchEntryId",
                "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
                "It can be at most 80 letters long.",
            )
        if entry_id in seen:
            raise AwsError("BatchEntryIdsNotDistinct", f"Id {entry_id} repeated.")
        seen.add(entry_id)


def failure(entry_id: str, error: AwsError) -> dict[str, Any]:
    return {"Id": entry_id, "SenderFault": error.sender_fault, "Code": error.code, "Message": error.message}
