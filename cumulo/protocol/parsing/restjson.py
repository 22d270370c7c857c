"""The `rest-json` protocol: HTTP bindings (see `rest.py`) plus a JSON body.

Body members (no `location`) are read from a JSON object body, with the same
decoders as the `json` protocol (blobs base64, timestamps epoch seconds by
default). A structure, union or document `payload` member is the whole JSON body.

Invariants:
- An empty body leaves every body member absent.
- Bad JSON is a 400 `SerializationException`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.model import OperationModel, Shape

from cumulo.core.http import Request
from cumulo.protocol.parsing.json import load_json
from cumulo.protocol.parsing.rest import RestPlan, compile_rest, parse_rest
from cumulo.protocol.parsing.tree import TreeCompiler, object_body


class JsonBody:
    def __init__(self) -> None:
        self._compiler = TreeCompiler(blobs_base64=True)

    def compile_body(self, shape: Shape) -> Callable[[bytes], dict[str, Any]]:
        return object_body(self._compiler.compile(shape, body_only=True), load_json, "JSON")

    def compile_payload(self, shape: Shape) -> Callable[[bytes], Any]:
        decode = self._compiler.compile(shape)
        # Clients send `{}` for an unset structure payload: empty means absent.
        return lambda body: decode(load_json(body)) or None


def compile_operation(operation: OperationModel) -> RestPlan:
    return compile_rest(operation, JsonBody())


def parse(plan: RestPlan, request: Request, uri_params: dict[str, str] | None) -> dict[str, Any]:
    return parse_rest(plan, request, uri_params)
