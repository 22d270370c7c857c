"""REST output bindings shared by rest-json and rest-xml.

A REST output structure splits over the response:
- `location: statusCode` (`responseCode`) member -> the HTTP status, else the
  operation's `http.responseCode` (or the service's `status_codes` option), else 200;
- `location: header` members -> headers: strings as is (a `jsonvalue` string
  is JSON then base64), booleans `true`/`false`, timestamps rfc822 unless the
  shape says otherwise, blobs base64, lists joined with ", " (items holding a
  comma or a quote are quoted, RFC 7230 style);
- `location: headers` (a prefix-header map such as `x-amz-meta-`) -> one header
  per key, prefix + key;
- the `payload` member, if the shape names one: a blob or string payload is the
  raw body (bytes, or an async iterator of bytes passed through untouched for
  streaming blobs), a structure/union/document payload is encoded by the
  protocol alone, an event-stream payload becomes the framed stream;
- otherwise the remaining (body) members are encoded by the protocol; a shape
  with no body members gives an empty body. (`uri`/`querystring` members of an
  output shape are body members: clients read them there.)
The request id headers are left out only when a catch-all (empty prefix)
header map is bound, since the client would read them into that map.
The protocol module supplies only the structure encoder and its content type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.model import OperationModel, Shape

from cumulo.core.http import Response
from cumulo.protocol import eventstream
from cumulo.protocol.serializing.common import SerializerOptions, as_bytes, b64, in_body, text_converter, timestamp_format, timestamp_text
from cumulo.protocol.serializing.json import dumps

BodyEncoder = Callable[[Shape, Any], bytes]


def _quote(item: str) -> str:
    if "," in item or '"' in item:
        return '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return item


HeaderText = Callable[[Any], str]


def header_text(shape: Shape) -> HeaderText:
    """How a value of `shape` is written as a header, decided once per shape."""
    kind = shape.type_name
    if kind == "list":
        item_shape = shape.member
        if item_shape.type_name == "timestamp":
            fmt = timestamp_format(item_shape, "rfc822")
            return lambda value: ", ".join(timestamp_text(item, fmt) for item in value)
        item_text = header_text(item_shape)
        return lambda value: ", ".join(_quote(item_text(item)) for item in value)
    if kind == "string" and shape.serialization.get("jsonvalue"):
        return lambda value: b64(dumps(value))
    return text_converter(shape, "rfc822")


# (position in model order, member, is a prefix-header map, header name or prefix, header text)
HeaderBinding = tuple[int, str, bool, str, HeaderText]


@dataclass(slots=True, frozen=True)
class Bindings:
    """What a REST output shape binds outside the body, decided once per shape.

    `headers`: each header-bound member in model order, and `by_member` the
    same by member name; `status`: the status-code members; `catch_all`: the
    prefix-header maps with the empty prefix; `payload`: the payload member;
    `has_body`: whether any member is written in the body.
    """

    headers: tuple[HeaderBinding, ...]
    by_member: dict[str, HeaderBinding]
    status: tuple[str, ...]
    catch_all: tuple[str, ...]
    payload: str | None
    has_body: bool


_bindings: dict[Shape, Bindings] = {}
_CACHE_LIMIT = 20_000  # shapes of ad-hoc models (tests) must not pile up


def bindings(shape: Shape) -> Bindings:
    try:
        return _bindings[shape]
    except KeyError:
        pass
    headers: list[HeaderBinding] = []
    status = []
    catch_all = []
    for name, member in shape.members.items():
        ser = member.serialization
        location = ser.get("location")
        if location == "header":
            headers.append((len(headers), name, False, ser.get("name", name), header_text(member)))
        elif location == "headers":
            headers.append((len(headers), name, True, ser.get("name", ""), header_text(member.value)))
            if not ser.get("name"):
                catch_all.append(name)
        elif location == "statusCode":
            status.append(name)
    if len(_bindings) > _CACHE_LIMIT:
        _bindings.clear()
    found = _bindings[shape] = Bindings(
        tuple(headers),
        {binding[1]: binding for binding in headers},
        tuple(status),
        tuple(catch_all),
        shape.serialization.get("payload"),
        any(in_body(member) for member in shape.members.values()),
    )
    return found


def apply_bindings(shape: Shape, value: dict[str, Any], headers: dict[str, str]) -> int | None:
    """Write header/status members into `headers`, in model order; return a bound status code."""
    plan = bindings(shape)
    bound: list[tuple[HeaderBinding, Any]]
    if len(value) * 2 < len(plan.headers):  # a sparse answer (S3 binds ~40 headers): walk its own keys
        by_member = plan.by_member
        bound = sorted((by_member[name], item) for name, item in value.items() if name in by_member)
    else:
        bound = [(binding, value.get(binding[1])) for binding in plan.headers]
    for (_, _, prefixed, wire, to_text), item in bound:
        if item is None:
            continue
        if prefixed:
            for key, entry in item.items():
                if entry is not None:
                    headers[wire + key] = to_text(entry)
        else:
            headers[wire] = to_text(item)
    status = None
    for name in plan.status:
        item = value.get(name)
        if item is not None:
            status = int(item)
    return status


def binds_all_headers(shape: Shape, value: dict[str, Any]) -> bool:
    """An output whose prefix-header map has the empty prefix owns every header
    (Data Exchange's SendApiAsset): a request-id header would show up in it."""
    return any(value.get(name) is not None for name in bindings(shape).catch_all)


def _set_default(headers: dict[str, str], name: str, value: str) -> None:
    lowered = name.lower()
    if not any(key.lower() == lowered for key in headers):
        headers[name] = value


class RestSerializer:
    """The REST skeleton; subclasses set `content_type` and encode structures."""

    options: SerializerOptions

    protocol = ""
    content_type = ""
    event_codec: eventstream.BodyCodec

    def encode(self, shape: Shape, value: Any) -> bytes:
        raise NotImplementedError

    def encode_payload(self, shape: Shape, value: Any) -> bytes:
        """A structure/union/document named as the payload."""
        return self.encode(shape, value)

    def request_id_headers(self, request_id: str) -> dict[str, str]:
        raise NotImplementedError

    def output(self, operation: OperationModel, shape: Shape | None, value: dict[str, Any], status: int, request_id: str) -> Response:
        if shape is None:
            return Response(status, self.request_id_headers(request_id), b"")
        plan = bindings(shape)
        headers = {} if plan.catch_all and binds_all_headers(shape, value) else self.request_id_headers(request_id)
        bound = apply_bindings(shape, value, headers)
        if bound is not None:
            status = bound
        payload_name = plan.payload
        if payload_name is not None:
            member = shape.members[payload_name]
            body = self._payload(member, value.get(payload_name), headers)
        elif plan.has_body:
            body = self.encode(shape, value)
            _set_default(headers, "Content-Type", self.content_type)
        else:
            body = b""
        return Response(status, headers, body)

    def _payload(self, member: Shape, item: Any, headers: dict[str, str]) -> Any:
        kind = member.type_name
        if member.serialization.get("eventstream"):
            headers["Content-Type"] = eventstream.CONTENT_TYPE
            return eventstream.stream(member, item or (), self.event_codec)
        if item is None:
            return b""
        if kind == "blob":
            _set_default(headers, "Content-Type", "application/octet-stream")
            if hasattr(item, "__aiter__"):
                return item
            return as_bytes(item)
        if kind == "string":
            _set_default(headers, "Content-Type", "text/plain")
            return as_bytes(item)
        _set_default(headers, "Content-Type", self.content_type)
        return self.encode_payload(member, item)

    def serialize(self, operation: OperationModel, result: dict[str, Any], request_id: str) -> Response:
        # A service's `status_codes` option names statuses the model leaves out (S3's 204s).
        status = self.options.get("status_codes", {}).get(operation.name) or int(operation.http.get("responseCode", 200))
        return self.output(operation, operation.output_shape, result or {}, status, request_id)
