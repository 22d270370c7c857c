"""Shared pieces of response serializing: scalar formatting, options, error resolution.

Every wire protocol module uses these, so a timestamp or a special float is
written the same way everywhere and an `AwsError` is resolved against the model
once, before any protocol decides how to render it.

Invariants:
- Timestamps arrive as timezone-aware `datetime`s (naive ones are taken as UTC;
  an int/float is taken as epoch seconds; a str is written as given).
- Special floats are written as the strings "NaN", "Infinity", "-Infinity"
  wherever the wire is text (JSON, XML, headers).
- Blobs are bytes (a str is encoded as UTF-8 first); base64 only where the
  protocol says so.

`SerializerOptions` (declared in `cumulo.core.options`, where services can
reach it) is the per-service data hook: a service declares its few protocol
quirks once, at registration, and passes the dict as `options=`.
"""

from __future__ import annotations

import base64
import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from botocore.model import ServiceModel, Shape

from cumulo.core.errors import AwsError
from cumulo.core.options import SerializerOptions


NO_OPTIONS: SerializerOptions = {}

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def as_utc(value: Any) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
    return datetime.fromtimestamp(float(value), timezone.utc)


def iso8601(value: Any) -> str:
    """`2014-04-29T18:30:38Z`, with milliseconds only when there are some."""
    if isinstance(value, str):
        return value
    dt = as_utc(value)
    text = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
    if dt.microsecond:
        return f"{text}.{dt.microsecond // 1000:03d}Z"
    return text + "Z"


def rfc822(value: Any) -> str:
    """The HTTP date: `Tue, 29 Apr 2014 18:30:38 GMT`."""
    if isinstance(value, str):
        return value
    dt = as_utc(value)
    return (
        f"{_WEEKDAYS[dt.weekday()]}, {dt.day:02d} {_MONTHS[dt.month - 1]} {dt.year:04d} "
        f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d} GMT"
    )


def epoch(value: Any) -> int | float:
    """Epoch seconds: an int when whole, else a float rounded to milliseconds."""
    if isinstance(value, (int, float)):
        return value
    dt = as_utc(value)
    whole = int(dt.timestamp())
    if dt.microsecond:
        return round(whole + dt.microsecond / 1_000_000, 3)
    return whole


def timestamp_format(shape: Shape, default: str) -> str:
    return shape.serialization.get("timestampFormat", default)


def timestamp_text(value: Any, fmt: str) -> str:
    """A timestamp as text, in one of the model's three formats."""
    if fmt == "iso8601":
        return iso8601(value)
    if fmt == "rfc822":
        return rfc822(value)
    if isinstance(value, str):
        return value
    return str(epoch(value))


def special_float(value: float) -> str | None:
    """The text of NaN/Infinity/-Infinity, or None for an ordinary number."""
    if isinstance(value, float) and not math.isfinite(value):
        if value != value:
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    return None


def number_text(value: Any) -> str:
    special = special_float(value)
    if special is not None:
        return special
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def as_bytes(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return str(value).encode("utf-8")


def b64(value: Any) -> str:
    return base64.b64encode(as_bytes(value)).decode("ascii")


def _plain_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _bool_text(value: Any) -> str:
    return "true" if value else "false"


def text_converter(shape: Shape, ts_default: str) -> Callable[[Any], str]:
    """How a scalar of `shape` is written as the text XML elements and HTTP
    headers carry; decided once per shape."""
    kind = shape.type_name
    if kind == "string":
        return _plain_text
    if kind == "boolean":
        return _bool_text
    if kind == "timestamp":
        fmt = timestamp_format(shape, ts_default)
        return lambda value: timestamp_text(value, fmt)
    if kind == "blob":
        return b64
    if kind in ("float", "double"):
        return number_text
    return str


def scalar_text(shape: Shape, value: Any, ts_default: str) -> str:
    """A scalar as the text XML elements and HTTP headers carry."""
    return text_converter(shape, ts_default)(value)


# Output members with these locations live outside the body (botocore's
# KNOWN_LOCATIONS); `uri`/`querystring` members of an output are body members.
RESPONSE_LOCATIONS = frozenset(("header", "headers", "statusCode"))


def in_body(shape: Shape) -> bool:
    """Whether a member is written in the body (not a header, status or event header)."""
    ser = shape.serialization
    return ser.get("location") not in RESPONSE_LOCATIONS and not ser.get("eventheader")


def host_id(request_id: str) -> str:
    """A stable `x-amz-id-2` for a request id (S3 clients log it, none check it)."""
    return base64.b64encode(request_id.encode("utf-8") * 2).decode("ascii")


# --- errors -----------------------------------------------------------------


@dataclass(slots=True)
class ErrorInfo:
    """An `AwsError` resolved against the service model, ready to render.

    `shape` is the modeled error shape (None for an unmodeled code); `name` is
    that shape's name (or the raised code); `code` is the model's error code
    (the `error.code` trait, else the name); `query_code` is the
    awsQueryCompatible code when the service is query-compatible and one is known.
    `members` holds the error shape's member values, the message included
    under the shape's own message member when it has one.
    """

    name: str
    code: str
    message: str
    status: int
    sender_fault: bool
    shape: Shape | None = None
    query_code: str | None = None
    members: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def fault(self) -> str:
        return "Sender" if self.sender_fault else "Receiver"

    @property
    def query_error_header(self) -> str | None:
        """`x-amzn-query-error` for JSON/CBOR answers of query-compatible services."""
        if self.query_code is None:
            return None
        return f"{self.query_code};{self.fault}"


_ERROR_TABLES: weakref.WeakKeyDictionary[ServiceModel, dict[str, Shape]] = weakref.WeakKeyDictionary()

MESSAGE_MEMBERS = ("message", "Message", "errorMessage", "ErrorMessage")


def _error_table(service: ServiceModel) -> dict[str, Shape]:
    """Error shapes by name and by `error.code`, built once per service model."""
    table = _ERROR_TABLES.get(service)
    if table is None:
        table = {}
        for shape in service.error_shapes:
            table.setdefault(shape.error_code, shape)
        for shape in service.error_shapes:
            table[shape.name] = shape
        _ERROR_TABLES[service] = table
    return table


def message_member(shape: Shape | None) -> str | None:
    if shape is None:
        return None
    members = shape.members
    for name in MESSAGE_MEMBERS:
        if name in members:
            return name
    return None


def extra_fields(info: ErrorInfo) -> dict[str, str]:
    """Scalar error fields that are not members of the error shape, as text.

    Handlers may add detail the model does not declare (S3 answers `NoSuchBucket`
    with `<BucketName>`); they are written where the format has room for them.
    """
    known = info.shape.members if info.shape is not None else {}
    extras = {}
    for key, value in info.members.items():
        if key in known or value is None or not key.isidentifier():
            continue
        if isinstance(value, bool):
            extras[key] = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            extras[key] = str(value)
    return extras


def resolve_error(service: ServiceModel | None, error: AwsError, options: SerializerOptions) -> ErrorInfo:
    shape = _error_table(service).get(error.code) if service is not None else None
    trait: dict[str, Any] = (shape.metadata.get("error") or {}) if shape is not None else {}
    if error.status is not None:
        status = error.status
    elif "httpStatusCode" in trait:
        status = int(trait["httpStatusCode"])
    else:
        status = 400 if error.sender_fault else 500
    if "senderFault" in trait:
        sender = bool(trait["senderFault"])
    elif shape is not None and shape.metadata.get("fault"):
        sender = False
    else:
        sender = error.sender_fault and status < 500
    name = shape.name if shape is not None else error.code
    code = shape.error_code if shape is not None else error.code
    if shape is None and service is not None and "awsQueryCompatible" in service.metadata:
        # A handler may raise the query code (`InvalidParameterValue`): a JSON answer
        # names the error it stands for (`InvalidParameterValueException`).
        for json_name, query_name in (options.get("query_error_codes") or {}).items():
            if query_name == error.code:
                name = code = json_name
                break
    query_code = None
    if service is not None and "awsQueryCompatible" in service.metadata:
        # Every error of a query-compatible service names its query code (a client
        # reads `x-amzn-query-error` for Code and Type): the service's table, the
        # model's trait, else the code itself (errors the model does not declare).
        query_code = (options.get("query_error_codes") or {}).get(name) or trait.get("code") or code
    members = dict(error.fields)
    msg_name = message_member(shape)
    if msg_name is not None and msg_name not in members and error.message:
        members[msg_name] = error.message
    message = error.message
    if not message and msg_name is not None and isinstance(members.get(msg_name), str):
        message = members[msg_name]
    return ErrorInfo(
        name=name,
        code=code,
        message=message,
        status=status,
        sender_fault=sender,
        shape=shape,
        query_code=query_code,
        members=members,
        headers=dict(error.headers),
    )
