"""The `smithy-rpc-v2-cbor` protocol: the whole input is one CBOR map in the body.

The path is `/service/<ServiceName>/operation/<OperationName>` (the router's
job). Blobs are CBOR byte strings, timestamps are tag 1 epoch seconds (cbor2
turns those into aware datetimes; bare numbers are accepted too).

Invariants:
- An empty body means an empty input.
- Undecodable CBOR, a top-level value that is not a map, or one nested deeper
  than `depth.MAX_DEPTH`, is a 400 `SerializationException`.
- A body of plain CBOR values (no tag but 1) valid as it stands is read by the typed
  fast path (`typed.typed_converter`), already validated (`validation.trust`); the
  generic path reads the rest, with the same result for any body both can read.
"""

from __future__ import annotations

from typing import Any

import cbor2
from botocore.model import OperationModel

from cumulo.core.http import Request
from cumulo.protocol import validation
from cumulo.protocol.parsing.depth import MAX_DEPTH, value_too_deep
from cumulo.protocol.parsing.tree import Decode, TreeCompiler, object_body, serialization_error
from cumulo.protocol.parsing.typed import typed_converter

# The tags cbor2 decodes into values of its own (decimals, sets, dates, UUIDs, shared
# references, ...): msgspec would convert some where the generic path refuses them, so the
# fast path refuses them all, as it does tags cbor2 does not know. Tag 1 (epoch
# datetimes, as the SDKs send timestamps) stays.
_CBOR2_TAGS = (0, 2, 3, 4, 5, 25, 28, 29, 30, 35, 36, 37, 52, 54, 100, 256, 258, 260, 261, 1004, 43000, 55799)


class _Refused(Exception):
    """A tag the fast path leaves to the generic one."""


def _refuse(*_: Any) -> Any:
    raise _Refused


_PLAIN = {tag: _refuse for tag in _CBOR2_TAGS}


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
    generic = object_body(TreeCompiler(blobs_base64=False).compile(shape), load_cbor, "CBOR map")
    fast = typed_converter(shape)
    if fast is None:
        return generic
    loads = cbor2.loads

    def parse_body(body: bytes) -> dict[str, Any]:
        # Plain values only, checked and converted by msgspec; anything else (errors to
        # report, other tags, nulls, unknown keys) takes the generic path from the bytes.
        if body:
            try:
                value = loads(body, semantic_decoders=_PLAIN, tag_hook=_refuse)
            except Exception:  # cbor2 raises several types (and wraps ours): the generic path says which
                value = None
            if value.__class__ is dict:
                params = fast(value, len(body))
                if params is not None:
                    validation.trust(operation, params)
                    return params
        return generic(body)

    return parse_body


def parse(plan: Decode, request: Request, uri_params: dict[str, str] | None) -> dict[str, Any]:
    return plan(request.body)
