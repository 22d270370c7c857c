"""Request parsing, one module per wire protocol.

`parse(request, operation, protocol, uri_params)` returns the operation's
input as one dict of plain Python values (see `cumulo.protocol`).

Each protocol module offers `compile_operation(operation) -> plan` and
`parse(plan, request, uri_params) -> dict`. A plan holds every decoder the
operation needs, built from the model once and cached per (operation,
protocol): the per-request path never looks shapes up by name.

Invariants:
- The request body is already read (`request.body`), except when
  `streams_input(operation)`: then the payload member is a `StreamingBody`.
- Bad input a client sent surfaces as an `AwsError` (400), never a raw
  exception: malformed bodies raise the protocol's own error here; values of
  the wrong type pass through for `validate()` to report.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable
from typing import Any, NamedTuple

from botocore.model import OperationModel

from cumulo.core.errors import AwsError
from cumulo.core.http import Request
from cumulo.protocol.parsing import cbor, json, jsoncbor, query, restjson, restxml
from cumulo.protocol.parsing.rest import is_streaming


class _Protocol(NamedTuple):
    compile: Callable[[OperationModel], Any]
    parse: Callable[[Any, Request, dict[str, str] | None], dict[str, Any]]


PROTOCOLS: dict[str, _Protocol] = {
    "query": _Protocol(query.compile_query, query.parse),
    "ec2": _Protocol(query.compile_ec2, query.parse),
    "json": _Protocol(json.compile_operation, json.parse),
    "rest-json": _Protocol(restjson.compile_operation, restjson.parse),
    "rest-xml": _Protocol(restxml.compile_operation, restxml.parse),
    "smithy-rpc-v2-cbor": _Protocol(cbor.compile_operation, cbor.parse),
    "json-cbor": _Protocol(jsoncbor.compile_operation, jsoncbor.parse),
}

_plans: dict[tuple[OperationModel, str], tuple[Any, Callable[..., dict[str, Any]], bool]] = {}


def _gunzip(request: Request) -> Request:
    """The request with its gzip body inflated, for operations with `requestcompression`.

    Only there: elsewhere (S3 PutObject) `Content-Encoding: gzip` describes the
    stored object and the body must stay as sent.
    """
    encodings = [e.strip() for e in request.headers.get("content-encoding", "").split(",")]
    if "gzip" not in encodings:
        return request
    try:
        body = zlib.decompress(request.body, wbits=31)
    except zlib.error:
        raise AwsError("SerializationException", "The request body is not valid gzip.", status=400) from None
    return dataclasses.replace(request, body=body, _query_params=None)


def streams_input(operation: OperationModel) -> bool:
    """Whether `parse` hands the body over unread (so the caller must not read it first).

    Narrower than botocore's `has_streaming_input`, which is true for every blob
    payload: a non-streaming one (Lambda Invoke's Payload) is parsed as bytes.
    """
    shape = operation.input_shape
    payload = shape.serialization.get("payload") if shape is not None else None
    return payload is not None and is_streaming(shape.members[payload])


def parse(
    request: Request,
    operation: OperationModel,
    protocol: str,
    uri_params: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The operation's input from `request`, spoken in `protocol` (botocore's name)."""
    key = (operation, protocol)
    entry = _plans.get(key)
    if entry is None:
        handler = PROTOCOLS[protocol]
        entry = _plans[key] = (handler.compile(operation), handler.parse, bool(operation.request_compression))
    plan, run, compressed = entry
    if compressed:
        request = _gunzip(request)
    return run(plan, request, uri_params)
