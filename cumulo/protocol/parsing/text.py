"""Scalars sent as text: query fields, REST labels/querystrings/headers, XML text.

`text_scalar(shape, default_timestamp_format)` returns a one-argument function
turning the wire text into the Python value for that shape.

Invariants:
- Conversion never raises: text that does not fit the shape (`abc` for an
  integer, bad base64 for a blob) is returned unchanged, so `validate()`
  reports it as a type error in the service's own error format.
- "NaN", "Infinity" and "-Infinity" are floats for float/double shapes.
- Timestamps honour the member's `timestampFormat`, else the location's default.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from botocore.model import Shape

from cumulo.protocol.timestamps import parse_timestamp

Convert = Callable[[str], Any]


def _identity(text: str) -> str:
    return text


def _to_int(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        return text


def _to_float(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text


_BOOLEANS = {"true": True, "false": False}


def _to_bool(text: str) -> Any:
    return _BOOLEANS.get(text.strip().lower(), text)


def b64decode(text: str | bytes) -> bytes:
    """Lenient base64: padding may be missing; raises ValueError when not base64."""
    try:  # the common case, well-formed and padded, in one C call
        return binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError):
        pass
    if isinstance(text, str):
        text = text.encode("ascii", "strict")
    text = text.strip()
    try:
        return base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except binascii.Error as exc:
        raise ValueError(str(exc)) from exc


def _to_blob(text: str) -> Any:
    try:
        return b64decode(text)
    except (ValueError, UnicodeEncodeError):
        return text


def _timestamp(fmt: str) -> Convert:
    def convert(text: str) -> Any:
        try:
            return parse_timestamp(text, fmt)
        except ValueError:
            return text

    return convert


_BY_TYPE: dict[str, Convert] = {
    "string": _identity,
    "character": _identity,
    "integer": _to_int,
    "long": _to_int,
    "short": _to_int,
    "byte": _to_int,
    "bigInteger": _to_int,
    "float": _to_float,
    "double": _to_float,
    "bigDecimal": _to_float,
    "boolean": _to_bool,
    "blob": _to_blob,
}


def text_scalar(shape: Shape, default_timestamp_format: str) -> Convert:
    """The converter from wire text to a value of `shape` (a scalar shape)."""
    if shape.type_name == "timestamp":
        return _timestamp(shape.serialization.get("timestampFormat", default_timestamp_format))
    return _BY_TYPE.get(shape.type_name, _identity)
