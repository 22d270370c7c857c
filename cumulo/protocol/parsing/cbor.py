"""The `smithy-rpc-v2-cbor` protocol: the whole input is one CBOR map in the body.

The path is `/service/<ServiceName>/operation/<OperationName>` (the router's
job). Blobs are CBOR byte strings, timestamps are tag 1 epoch seconds (cbor2
turns those into aware datetimes; bare numbers are accepted too).

Invariants:
- An empty body means an empty input.
- Undecodable CBOR, a top-level value that is not a map, or one nested deeper
  than `depth.MAX_DEPTH`, is a 400 `SerializationException`.
"""

from __future__ import annotations

from typing import Any

import cbor2
from botocore.model import OperationModel

from cumulo.core.http import Request
from cumulo.protocol.parsing.depth import MAX_DEPTH, value_too_deep
from cumulo.protocol.parsing.tree import Decode, TreeCompiler, object_body, serialization_error


def load_cbor(body: bytes) -> Any:
    """The CBOR value of a body, or None for an empty one."""
    if not body:
        return None
    try:
        value = cbor2.loads(body)
    except Exception as exc:  # cbor2 raises several types, all meaning "not CBOR"
        raise serialization_error(f"Malformed CBOR request body: {exc}") from None
    if value_too_deep(value, len(body)):
        raise serialization_error(f"The request body nests deeper than {MAX_DEPTH} levels.")
    return value


def compile_operation(operation: OperationModel) -> Decode:
    shape = operation.input_shape
    if shape is None:
        return lambda body: {}
    return object_body(TreeCompiler(blobs_base64=False).compile(shape), load_cbor, "CBOR map")


def parse(plan: Decode, request: Request, uri_params: dict[str, str] | None) -> dict[str, Any]:
    return plan(request.body)
