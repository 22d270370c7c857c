"""Decoders for bodies that arrive as a value tree: JSON (json, rest-json) and CBOR.

`TreeCompiler(flavour).compile(shape)` returns a function from the decoded
body value (dicts, lists, str, numbers; CBOR adds bytes and datetimes) to the
operation input, built once per shape and reused for every request.

Invariants:
- Structures are keyed by the member's wire name (`locationName`, else the
  member name) and come out keyed by member name; unknown keys and nulls are
  dropped, so absent and null members look the same to handlers.
- A value of the wrong wire type is passed through unchanged for `validate()`
  to report; decoding never raises for it.
- Recursive shapes compile once: a structure's decoder is registered in the
  memo before its members are compiled.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from botocore.model import Shape

from cumulo.core.errors import AwsError
from cumulo.protocol.parsing.text import b64decode
from cumulo.protocol.timestamps import from_epoch, parse_timestamp

Decode = Callable[[Any], Any]
_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _identity(value: Any) -> Any:
    return value


def _copy_list(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _to_float(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return _SPECIAL_FLOATS.get(value, value)
    return value


def _to_int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _b64_blob(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return b64decode(value)
        except (ValueError, UnicodeEncodeError):
            return value
    return value


def _raw_blob(value: Any) -> Any:
    return value.encode("utf-8") if isinstance(value, str) else value


def timestamp(fmt: str) -> Decode:
    """The decoder of a timestamp member sent in `fmt`: a datetime, or the value as sent when it is none."""

    def decode(value: Any) -> Any:
        if isinstance(value, datetime):
            return value
        try:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return from_epoch(value)
            if isinstance(value, str):
                return parse_timestamp(value, fmt)
        except (ValueError, OverflowError):
            pass
        return value

    return decode


def serialization_error(message: str) -> AwsError:
    return AwsError("SerializationException", message, status=400)


def object_body(decode: Decode, load: Callable[[bytes], Any], what: str) -> Callable[[bytes], dict[str, Any]]:
    """A body parser: `load` the bytes (None when empty), require an object, `decode` it."""

    def parse_body(body: bytes) -> dict[str, Any]:
        value = load(body)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise serialization_error(f"The request body must be a {what} object.")
        return decode(value)

    return parse_body


class TreeCompiler:
    """Compiles shapes into decoders; `blobs_base64` is True for JSON, False for CBOR."""

    def __init__(self, blobs_base64: bool) -> None:
        self._blob = _b64_blob if blobs_base64 else _raw_blob
        self._memo: dict[tuple[str, str], Decode] = {}

    def compile(self, shape: Shape, body_only: bool = False) -> Decode:
        if shape.type_name == "structure" and not getattr(shape, "is_document_type", False):
            return self._structure(shape, body_only)
        if shape.type_name == "list":
            return self._list(shape)
        if shape.type_name == "map":
            return self._map(shape)
        return self._scalar(shape)

    def _scalar(self, shape: Shape) -> Decode:
        kind = shape.type_name
        if kind in ("float", "double"):
            return _to_float
        if kind in ("integer", "long"):
            return _to_int
        if kind == "blob":
            return self._blob
        if kind == "timestamp":
            return timestamp(shape.serialization.get("timestampFormat", "unixtimestamp"))
        return _identity  # string, boolean, document

    def _structure(self, shape: Shape, body_only: bool) -> Decode:
        key = (shape.name, f"struct:{body_only}")
        if key in self._memo:
            return self._memo[key]
        table: dict[str, tuple[str, Decode | None]] = {}  # wire name -> member, decoder (None: as is)

        def decode(value: Any) -> Any:
            if not isinstance(value, dict):
                return value
            out = {}
            for wire, item in value.items():
                entry = table.get(wire)
                if entry is not None and item is not None:
                    name, member_decode = entry
                    out[name] = item if member_decode is None else member_decode(item)
            return out

        self._memo[key] = decode
        for name, member in shape.members.items():
            if body_only and "location" in member.serialization:
                continue
            member_decode = self.compile(member)
            table[member.serialization.get("name", name)] = (name, None if member_decode is _identity else member_decode)
        return decode

    def _list(self, shape: Shape) -> Decode:
        item = self.compile(shape.member)
        if item is _identity:
            return _copy_list

        def decode(value: Any) -> Any:
            if not isinstance(value, list):
                return value
            return [None if v is None else item(v) for v in value]

        return decode

    def _map(self, shape: Shape) -> Decode:
        item = self.compile(shape.value)

        def decode(value: Any) -> Any:
            if not isinstance(value, dict):
                return value
            return {k: item(v) for k, v in value.items() if v is not None}

        return decode
