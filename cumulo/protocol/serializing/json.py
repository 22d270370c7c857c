"""The awsJson 1.0/1.1 response serializer, and the JSON value conversion rest-json shares.

Success: `200`, `Content-Type: application/x-amz-json-{jsonVersion}`, the output
members as a JSON object (`{}` when there are none; an empty body when the
operation has no output shape). An output with an event-stream member answers
`application/vnd.amazon.eventstream`: an `initial-response` event carrying the
other members, then the events.

Error: `{"__type": name, "message": ...members}` plus the `x-amzn-ErrorType`
header. `__type` is the error shape's name for awsQueryCompatible services
(the query code travels in `x-amzn-query-error: {code};Sender|Receiver`, on
every error), else the model's error code (the shape name unless an
`error.code` trait renames it); in the service's `error_namespace`, if it names one.

Values: member names follow `locationName` (jsonName); timestamps are epoch
seconds unless the shape's `timestampFormat` says otherwise; blobs are base64;
NaN/Infinity are strings; `None` members are left out; documents pass as is.
JSON is encoded with orjson (bytes out, no intermediate str).
"""

from __future__ import annotations

from typing import Any

import orjson
from botocore.model import OperationModel, ServiceModel, Shape

from cumulo.core.http import Response
from cumulo.protocol import eventstream
from cumulo.protocol.serializing.common import (
    ErrorInfo,
    SerializerOptions,
    b64,
    epoch,
    iso8601,
    rfc822,
    special_float,
)
from cumulo.protocol.serializing.convert import Convert, Converters


def _json_float(value: Any) -> Any:
    return special_float(value) or value


def _leaf(shape: Shape) -> Convert | None:
    kind = shape.type_name
    if kind == "timestamp":
        fmt = shape.serialization.get("timestampFormat")
        if fmt == "iso8601":
            return iso8601
        if fmt == "rfc822":
            return rfc822
        return epoch
    if kind == "blob":
        return b64
    if kind in ("float", "double"):
        return _json_float
    return None


# A plain value, converted by its shape, as the JSON-ready value the wire carries.
to_json = Converters(_leaf, wire_names=True)


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def encode_structure(shape: Shape, value: dict[str, Any]) -> bytes:
    return dumps(to_json(shape, value))


def rpc_body(shape: Shape, result: dict[str, Any], headers: dict[str, str], codec: eventstream.BodyCodec) -> Any:
    """An RPC (json, cbor) output body: the encoded members, or, for an output
    with an event-stream member, the framed stream led by `initial-response`."""
    stream_name = shape.event_stream_name
    if not stream_name:
        return codec.encode(shape, result)
    headers["Content-Type"] = eventstream.CONTENT_TYPE
    initial = {k: v for k, v in result.items() if k != stream_name}
    events = result.get(stream_name) or ()
    return eventstream.stream(shape.members[stream_name], events, codec, initial=codec.encode(shape, initial))


def error_body(info: ErrorInfo, type_name: str | None) -> bytes:
    """`{"__type"?, "message", ..members}`; header-bound members are left out."""
    body: dict[str, Any] = {}
    if type_name is not None:
        body["__type"] = type_name
    if info.shape is not None:
        body.update(to_json(info.shape, info.members))
    if "message" not in body and "Message" not in body:
        body["message"] = info.message
    known = info.shape.members if info.shape is not None else {}
    for key, value in info.members.items():
        if key not in known and key not in body and isinstance(value, (str, int, float, bool)):
            body[key] = value
    return dumps(body)


class JsonSerializer:
    protocol = "json"

    def __init__(self, options: SerializerOptions) -> None:
        self.options = options
        self.codec = eventstream.BodyCodec(encode_structure, "application/json")

    def content_type(self, service: ServiceModel | None) -> str:
        version = service.metadata.get("jsonVersion", "1.0") if service is not None else "1.0"
        return f"application/x-amz-json-{version}"

    def serialize(self, operation: OperationModel, result: dict[str, Any], request_id: str) -> Response:
        shape = operation.output_shape
        headers = {"Content-Type": self.content_type(operation.service_model), "x-amzn-RequestId": request_id}
        if shape is None:
            return Response(200, headers, b"")
        return Response(200, headers, rpc_body(shape, result or {}, headers, self.codec))

    def serialize_error(
        self, service: ServiceModel | None, operation: OperationModel | None, info: ErrorInfo, request_id: str
    ) -> Response:
        type_name = info.name if info.query_code is not None else info.code
        namespace = self.options.get("error_namespace")
        if namespace:
            type_name = f"{namespace}#{type_name}"
        headers = {
            "Content-Type": self.content_type(service),
            "x-amzn-RequestId": request_id,
            "x-amzn-ErrorType": type_name,
        }
        query_error = info.query_error_header
        if query_error is not None:
            headers["x-amzn-query-error"] = query_error
        headers.update(info.headers)
        return Response(info.status, headers, error_body(info, type_name))
