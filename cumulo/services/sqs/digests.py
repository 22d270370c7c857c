"""MD5 digests of message bodies and attributes, computed as SQS computes them.

SDKs recompute these and reject a mismatch, so they must be exact. The
attribute digest (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation)
covers the attributes sorted by name; for each one, in order: the name, the
data type, a transport byte (1 for String and Number types, 2 for Binary), and
the value, each of the three byte strings preceded by its length as a 4-byte
big-endian integer. System attributes (AWSTraceHeader) use the same encoding.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Mapping
from typing import Any

STRING_TRANSPORT = 1
BINARY_TRANSPORT = 2


def md5_of_body(body: str) -> str:
    return hashlib.md5(body.encode("utf-8")).hexdigest()


def _framed(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def md5_of_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The digest of a set of message (or system) attributes; None when there are none."""
    if not attributes:
        return None
    digest = hashlib.md5()
    for name in sorted(attributes):
        value = attributes[name]
        data_type = value["DataType"]
        digest.update(_framed(name.encode("utf-8")))
        digest.update(_framed(data_type.encode("utf-8")))
        if data_type.startswith("Binary"):
            raw = value["BinaryValue"]
            digest.update(bytes([BINARY_TRANSPORT]))
            digest.update(_framed(raw if isinstance(raw, bytes) else bytes(raw)))
        else:
            digest.update(bytes([STRING_TRANSPORT]))
            digest.update(_framed(str(value["StringValue"]).encode("utf-8")))
    return digest.hexdigest()
