"""The `json` protocol (awsJson1_0 / awsJson1_1): the whole input is the JSON body.

The operation comes from `X-Amz-Target` (the router's job); this module only
turns the body into the input dict. Blobs are base64 strings, timestamps
default to epoch seconds.

Invariants:
- An empty body means an empty input (`{}`), as AWS accepts for no-input calls.
- Bad JSON, a body that is not a JSON object, or one nested deeper than
  `depth.MAX_DEPTH`, is a 400 `SerializationException`, never a Python exception.
- Large integers stay exact (msgspec decodes them as ints; orjson would not).
- A body valid as it stands is read by the typed fast path (`typed`) in one msgspec
  call, already validated (`validation.trust`); the generic path reads the rest,
  with the same result for any body both can read.
"""

from __future__ import annotations

from typing import Any

import msgspec
from botocore.model import OperationModel

from cumulo.core.http import Request
from cumulo.protocol import validation
from cumulo.protocol.parsing.depth import MAX_DEPTH, value_too_deep
from cumulo.protocol.parsing.tree import Decode, TreeCompiler, object_body, serialization_error
from cumulo.protocol.parsing.typed import typed_decoder

_decode_json = msgspec.json.Decoder().decode


def load_json(body: bytes) -> Any:
    """The JSON value of a body, or None for an empty one."""
    if not body or body.isspace():  # as `not body.strip()`, without copying the body
        return None
    try:
        value = _decode_json(body)
    except RecursionError:  # msgspec stops at the interpreter's recursion limit, cleanly
        value = None
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise serialization_error(f"Malformed JSON request body: {exc}") from None
    else:
        # Fewer brackets than the limit cannot nest past it (C-speed counts); else walk it.
        if body.count(b"{") + body.count(b"[") <= MAX_DEPTH or not value_too_deep(value, len(body)):
            return value
    raise serialization_error(f"The request body nests deeper than {MAX_DEPTH} levels.")


def compile_operation(operation: OperationModel) -> Decode:
    shape = operation.input_shape
    if shape is None:
        return lambda body: {}
    generic = object_body(TreeCompiler(blobs_base64=True).compile(shape), load_json, "JSON")
    fast = typed_decoder(shape)
    if fast is None:
        return generic

    def parse_body(body: bytes) -> dict[str, Any]:
        # msgspec's typed decode accepts only bodies that are valid as they stand;
        # anything else (errors to report, nulls, unknown keys) takes the generic path.
        params = fast(body) if body else None
        if params is None:
            return generic(body)
        validation.trust(operation, params)
        return params

    return parse_body


def parse(plan: Decode, request: Request, uri_params: dict[str, str] | None) -> dict[str, Any]:
    return plan(request.body)
