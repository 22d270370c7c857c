"""awsJson answered in CBOR (`json-cbor`): what Kinesis's Java and Go SDKs and the KCL speak.

A client that posts `Content-Type: application/x-amz-cbor-1.1` to a JSON-protocol
service (`X-Amz-Target` as usual) gets the same answer a JSON client gets, encoded
as CBOR with that content type: members by their modelled names, blobs as byte
strings, timestamps as epoch milliseconds (the AWS SDKs' CBOR timestamp format).
Errors are a CBOR map `{"__type", "message", ..members}` with `x-amzn-ErrorType`.
"""

from __future__ import annotations

from typing import Any

import cbor2
from botocore.model import OperationModel, ServiceModel, Shape

from cumulo.core.http import Response
from cumulo.protocol import eventstream
from cumulo.protocol.serializing.common import ErrorInfo, as_bytes, epoch
from cumulo.protocol.serializing.convert import Convert, Converters
from cumulo.protocol.serializing.json import JsonSerializer, rpc_body

CONTENT_TYPE = "application/x-amz-cbor-1.1"


def _millis(value: Any) -> int:
    return int(round(epoch(value) * 1000))


def _leaf(shape: Shape) -> Convert | None:
    kind = shape.type_name
    if kind == "timestamp":
        return _millis
    if kind == "blob":
        return as_bytes
    if kind in ("float", "double"):
        return lambda v: float(v) if isinstance(v, int) else v
    return None


to_cbor = Converters(_leaf, wire_names=True)


def encode_structure(shape: Shape, value: Any) -> bytes:
    return cbor2.dumps(to_cbor(shape, value))


class JsonCborSerializer(JsonSerializer):
    protocol = "json-cbor"

    def __init__(self, options: Any) -> None:
        super().__init__(options)
        self.codec = eventstream.BodyCodec(encode_structure, CONTENT_TYPE)

    def content_type(self, service: ServiceModel | None) -> str:
        return CONTENT_TYPE

    def serialize(self, operation: OperationModel, result: dict[str, Any], request_id: str) -> Response:
        shape = operation.output_shape
        headers = {"Content-Type": CONTENT_TYPE, "x-amzn-RequestId": request_id}
        if shape is None:
            return Response(200, headers, b"")
        return Response(200, headers, rpc_body(shape, result or {}, headers, self.codec))

    def serialize_error(self, service: ServiceModel | None, operation: OperationModel | None, info: ErrorInfo, request_id: str) -> Response:
        response = super().serialize_error(service, operation, info, request_id)
        body: dict[str, Any] = {"__type": response.headers["x-amzn-ErrorType"]}
        if info.shape is not None:
            body.update(to_cbor(info.shape, info.members))
        body.setdefault("message", info.message)
        response.body = cbor2.dumps(body)
        return response
