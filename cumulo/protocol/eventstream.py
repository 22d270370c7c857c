"""AWS event-stream encoding (`application/vnd.amazon.eventstream`).

A message is framed as:
    prelude:  total_length:u32  headers_length:u32  prelude_crc:u32 (CRC32 of the 8 bytes before)
    headers:  repeated  name_len:u8 name  type:u8 value
    payload:  bytes
    message_crc:u32 (CRC32 of everything before it)
all big-endian. Header value types: 0 true, 1 false, 2 int8, 3 int16, 4 int32,
5 int64, 6 bytes (u16 length), 7 utf-8 string (u16 length), 8 timestamp (int64
milliseconds), 9 uuid (16 bytes).

Messages the serializers send:
- events: `:message-type event`, `:event-type {Name}`, `:content-type`; the
  event's `eventheader` members become typed headers, its `eventpayload` member
  (blob, string or structure) or else its other members are the payload;
- modeled exceptions: `:message-type exception`, `:exception-type {Name}`;
- unmodeled errors: `:message-type error`, `:error-code`, `:error-message`
  (the stream ends after either).
`stream()` turns a handler's (async) iterator of `{EventName: {...}}` dicts into
an async iterator of framed messages; an `AwsError` raised by the iterator ends
the stream with an exception or error message. RPC protocols (json, cbor) put
an `initial-response` event first, carrying the output's other members.
"""

from __future__ import annotations

import logging
import struct
import uuid
import zlib
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from datetime import datetime
from typing import Any, NamedTuple

from botocore.model import Shape

from cumulo.core.errors import AwsError

CONTENT_TYPE = "application/vnd.amazon.eventstream"

log = logging.getLogger(__name__)

_U32 = struct.Struct(">I")
_PRELUDE = struct.Struct(">II")


class BodyCodec(NamedTuple):
    """How a protocol writes a structure as an event payload."""

    encode: Callable[[Shape, dict[str, Any]], bytes]
    content_type: str


class Typed(NamedTuple):
    """A header value with an explicit wire type (see the table above)."""

    type: int
    value: Any


def _header_value(value: Any) -> bytes:
    if isinstance(value, Typed):
        kind, value = value.type, value.value
    elif isinstance(value, bool):
        kind = 0 if value else 1
    elif isinstance(value, int):
        kind = 4 if -(2**31) <= value < 2**31 else 5
    elif isinstance(value, (bytes, bytearray)):
        kind = 6
    elif isinstance(value, datetime):
        kind = 8
    elif isinstance(value, uuid.UUID):
        kind = 9
    else:
        kind, value = 7, str(value)
    if kind in (0, 1):
        return bytes((kind,))
    if kind == 2:
        return struct.pack(">Bb", kind, value)
    if kind == 3:
        return struct.pack(">Bh", kind, value)
    if kind == 4:
        return struct.pack(">Bi", kind, value)
    if kind == 5:
        return struct.pack(">Bq", kind, value)
    if kind == 8:
        millis = int(value.timestamp() * 1000) if isinstance(value, datetime) else int(value)
        return struct.pack(">Bq", kind, millis)
    if kind == 9:
        return bytes((kind,)) + (value.bytes if isinstance(value, uuid.UUID) else bytes(value))
    data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    return struct.pack(">BH", kind, len(data)) + data


def encode_headers(headers: dict[str, Any]) -> bytes:
    parts = []
    for name, value in headers.items():
        raw = name.encode("utf-8")
        parts.append(bytes((len(raw),)) + raw + _header_value(value))
    return b"".join(parts)


def encode_message(headers: dict[str, Any], payload: bytes = b"") -> bytes:
    """One framed message."""
    head = encode_headers(headers)
    prelude = _PRELUDE.pack(16 + len(head) + len(payload), len(head))
    message = prelude + _U32.pack(zlib.crc32(prelude)) + head + payload
    return message + _U32.pack(zlib.crc32(message))


_HEADER_TYPES = {"boolean": None, "byte": 2, "short": 3, "integer": 4, "long": 5, "blob": 6, "string": 7, "timestamp": 8}


def _has_body(shape: Shape) -> bool:
    return any(not member.serialization.get("eventheader") for member in shape.members.values())


def event_message(name: str, shape: Shape, value: dict[str, Any], codec: BodyCodec) -> bytes:
    """An event of the stream member `name`, whose shape is `shape`."""
    headers: dict[str, Any] = {":message-type": "event", ":event-type": name}
    payload, content_type = b"", None
    for member_name, member in shape.members.items():
        item = value.get(member_name)
        ser = member.serialization
        if ser.get("eventheader"):
            if item is not None:
                kind = _HEADER_TYPES.get(member.type_name)
                headers[member_name] = bool(item) if kind is None else Typed(kind, item)
        elif ser.get("eventpayload"):
            kind = member.type_name
            if item is None:
                continue
            if kind == "blob":
                payload, content_type = bytes(item), "application/octet-stream"
            elif kind == "string":
                payload, content_type = str(item).encode("utf-8"), "text/plain"
            else:
                payload, content_type = codec.encode(member, item), codec.content_type
            break
    else:
        if _has_body(shape):
            payload, content_type = codec.encode(shape, value), codec.content_type
    if content_type is not None:
        headers[":content-type"] = content_type
    return encode_message(headers, payload)


def exception_message(name: str, shape: Shape, value: dict[str, Any], codec: BodyCodec) -> bytes:
    headers = {":message-type": "exception", ":exception-type": name, ":content-type": codec.content_type}
    return encode_message(headers, codec.encode(shape, value))


def error_message(code: str, message: str) -> bytes:
    return encode_message({":message-type": "error", ":error-code": code, ":error-message": message})


def initial_response(payload: bytes, content_type: str) -> bytes:
    headers = {":message-type": "event", ":event-type": "initial-response", ":content-type": content_type}
    return encode_message(headers, payload)


def _error_frame(stream_shape: Shape, error: AwsError, codec: BodyCodec) -> bytes:
    member = stream_shape.members.get(error.code)
    if member is not None and member.metadata.get("exception"):
        value = dict(error.fields)
        for key in ("message", "Message"):
            if key in member.members and key not in value:
                value[key] = error.message
        return exception_message(error.code, member, value, codec)
    return error_message(error.code, error.message)


def frame(stream_shape: Shape, event: dict[str, Any], codec: BodyCodec) -> bytes:
    """One `{EventName: {...}}` dict as a framed message."""
    (name, value), = event.items()
    member = stream_shape.members[name]
    if member.metadata.get("exception"):
        return exception_message(name, member, value or {}, codec)
    return event_message(name, member, value or {}, codec)


async def stream(
    stream_shape: Shape,
    events: Iterable[dict[str, Any]] | AsyncIterable[dict[str, Any]],
    codec: BodyCodec,
    initial: bytes | None = None,
) -> AsyncIterator[bytes]:
    """Frame a handler's events, one message per chunk."""
    if initial is not None:
        yield initial_response(initial, codec.content_type)
    try:
        if isinstance(events, AsyncIterable):
            async for event in events:
                yield frame(stream_shape, event, codec)
        else:
            for event in events:
                yield frame(stream_shape, event, codec)
    except AwsError as error:
        yield _error_frame(stream_shape, error, codec)
    except Exception:
        log.exception("event stream %s failed", stream_shape.name)
        yield error_message("InternalFailure", "The event stream failed inside cumulo.")
