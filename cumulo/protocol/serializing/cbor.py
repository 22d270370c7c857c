"""The Smithy RPC v2 CBOR response serializer (`smithy-rpc-v2-cbor`).

Every response carries `smithy-protocol: rpc-v2-cbor` and `x-amzn-RequestId`.
Success: `200`, `Content-Type: application/cbor`, the output members as a CBOR
map keyed by member name (RPC v2 ignores `locationName`); an operation without
an output shape answers an empty body and no Content-Type. Timestamps are tag 1
(epoch seconds, an int or a float), blobs byte strings, floats native (NaN and
the infinities included); `None` members are left out. An event-stream output
answers `application/vnd.amazon.eventstream` with an `initial-response` first.

Errors: a CBOR map `{"__type": name, "message": .., ..members}`; awsQueryCompatible
services add `x-amzn-query-error: {code};Sender|Receiver` and keep the shape
name in `__type` (as awsJson does).
"""

from __future__ import annotations

from typing import Any

import cbor2
from botocore.model import OperationModel, ServiceModel, Shape

from cumulo.core.http import Response
from cumulo.protocol import eventstream
from cumulo.protocol.serializing.common import ErrorInfo, SerializerOptions, as_bytes, epoch
from cumulo.protocol.serializing.convert import Convert, Converters
from cumulo.protocol.serializing.json import rpc_body

CONTENT_TYPE = "application/cbor"


def _cbor_timestamp(value: Any) -> Any:
    return cbor2.CBORTag(1, epoch(value))


def _cbor_float(value: Any) -> Any:
    return float(value) if isinstance(value, int) else value


def _leaf(shape: Shape) -> Convert | None:
    kind = shape.type_name
    if kind == "timestamp":
        return _cbor_timestamp
    if kind == "blob":
        return as_bytes
    if kind in ("float", "double"):
        return _cbor_float
    return None


# A plain value, converted by its shape, as the value cbor2 encodes (member names as modelled).
to_cbor = Converters(_leaf, wire_names=False)


def encode_structure(shape: Shape, value: Any) -> bytes:
    return cbor2.dumps(to_cbor(shape, value))


class CborSerializer:
    protocol = "smithy-rpc-v2-cbor"

    def __init__(self, options: SerializerOptions) -> None:
        self.options = options
        self.codec = eventstream.BodyCodec(encode_structure, CONTENT_TYPE)

    def serialize(self, operation: OperationModel, result: dict[str, Any], request_id: str) -> Response:
        shape = operation.output_shape
        headers = {"smithy-protocol": "rpc-v2-cbor", "x-amzn-RequestId": request_id}
        if shape is None:
            return Response(200, headers, b"")
        headers["Content-Type"] = CONTENT_TYPE
        return Response(200, headers, rpc_body(shape, result or {}, headers, self.codec))

    def serialize_error(
        self, service: ServiceModel | None, operation: OperationModel | None, info: ErrorInfo, request_id: str
    ) -> Response:
        type_name = info.name if info.query_code is not None else info.code
        body: dict[str, Any] = {"__type": type_name}
        if info.shape is not None:
            body.update(to_cbor(info.shape, info.members))
        if "message" not in body and "Message" not in body:
            body["message"] = info.message
        headers = {"smithy-protocol": "rpc-v2-cbor", "x-amzn-RequestId": request_id, "Content-Type": CONTENT_TYPE}
        query_error = info.query_error_header
        if query_error is not None:
            headers["x-amzn-query-error"] = query_error
        headers.update(info.headers)
        return Response(info.status, headers, cbor2.dumps(body))
