"""awsJson sent as CBOR (`json-cbor`): `Content-Type: application/x-amz-cbor-1.1` with `X-Amz-Target`.

The body is one CBOR map keyed by member name, as JSON would be; blobs are byte
strings, and timestamps are epoch milliseconds (the AWS SDKs' CBOR format), or a
tag 1 epoch in seconds. Malformed CBOR is a 400 `SerializationException`.
"""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel, Shape

from cumulo.core.http import Request
from cumulo.protocol.parsing.cbor import load_cbor
from cumulo.protocol.parsing.tree import Decode, TreeCompiler, object_body
from cumulo.protocol.timestamps import from_epoch


def _millis(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return from_epoch(value / 1000)
        except (ValueError, OverflowError):
            return value
    return value  # a tag 1 arrives from cbor2 as a datetime already


class _Compiler(TreeCompiler):
    def _scalar(self, shape: Shape) -> Decode:
        if shape.type_name == "timestamp":
            return _millis
        return super()._scalar(shape)


def compile_operation(operation: OperationModel) -> Decode:
    shape = operation.input_shape
    if shape is None:
        return lambda body: {}
    return object_body(_Compiler(blobs_base64=False).compile(shape), load_cbor, "CBOR map")


def parse(plan: Decode, request: Request, uri_params: dict[str, str] | None) -> dict[str, Any]:
    return plan(request.body)

