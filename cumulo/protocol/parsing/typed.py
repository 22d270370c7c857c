"""A typed fast path for JSON and CBOR bodies: decode, convert and validate in one msgspec call.

`typed_decoder(shape)` builds, once per input shape, msgspec Struct types that
carry the model's constraints (the ones `validation` checks: lengths, ranges,
patterns, enums, required members) and returns a function from body bytes to
the input dict, or None when the shape cannot be expressed that way. The
function returns None whenever msgspec refuses the body: the caller then takes
the generic path (tree decoding, then `validate`), which produces exactly the
answer AWS gives, errors included. So the fast path only ever accepts bodies the
generic path would accept, and gives the same input dict for them.
`typed_converter(shape)` is the same for a body cbor2 has already decoded
(`smithy-rpc-v2-cbor`): `msgspec.convert` checks and converts the value tree.

- timestamps arrive as numbers (or, in JSON, text; in CBOR, tag 1 datetimes) and are
  then turned into datetimes by the generic path's own conversion (`tree.timestamp`),
  member by member; a value it cannot turn into one refuses the body;

- blobs arrive base64-decoded, floats as floats, members keyed by member name,
  absent members absent (msgspec's `UNSET`, dropped by `to_builtins`);
- unknown keys, nulls, a wrong type, a broken constraint: refused (generic path);
- no `Any` anywhere, and unknown keys refused, so a body msgspec accepts nests
  no deeper than the shape (unless it is recursive): the depth check has nothing to find.

Shapes left to the generic path: documents, members
renamed on the wire, maps keyed by anything but strings, and patterns msgspec
cannot take. Recursive shapes (DynamoDB's AttributeValue) are typed too, their
structs named in a module of their own; their values can nest without bound, so
the generic path's depth rule is applied to what msgspec decoded.
"""

from __future__ import annotations

import itertools
import re
import sys
import types
import typing
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from botocore.model import Shape

from cumulo.protocol.parsing.depth import MAX_DEPTH, value_too_deep
from cumulo.protocol.parsing.tree import timestamp
from cumulo.protocol.validation import compiled_pattern

_SCALARS: dict[str, type] = {"string": str, "boolean": bool, "integer": int, "long": int, "float": float, "double": float, "blob": bytes}
# What a timestamp may arrive as, per wire: msgspec reads it, `_Stamps` converts it.
# (A union may hold one text-like type only: CBOR's text timestamps take the generic path.)
_STAMP_TYPES: dict[str, Any] = {"json": typing.Union[float, str], "cbor": typing.Union[float, datetime]}


_modules = itertools.count()


class _Unsupported(Exception):
    """The shape needs the generic path."""


def _meta(**constraints: Any) -> msgspec.Meta | None:
    given = {k: v for k, v in constraints.items() if v is not None}
    return msgspec.Meta(**given) if given else None


def _constrained(kind: type, meta: msgspec.Meta | None) -> Any:
    return kind if meta is None else Annotated[kind, meta]


class _Refused(Exception):
    """A value the fast path cannot decide: the generic path reads the body."""


class _Builder:
    def __init__(self, wire: str) -> None:
        self._stamp = _STAMP_TYPES[wire]
        self.stamps = False  # whether any timestamp was typed (`_Stamps` converts them)
        self._active: set[str] = set()  # structures being built: one seen again is recursion
        self._structs: dict[str, Any] = {}
        self.recursive = False
        # Recursive shapes refer to their structs by name, resolved in this module's namespace.
        self.module = types.ModuleType(f"_cumulo_typed_{next(_modules)}")
        sys.modules[self.module.__name__] = self.module

    def type_of(self, shape: Shape) -> Any:
        kind = shape.type_name
        meta = shape.metadata
        if kind == "structure":
            if getattr(shape, "is_document_type", False):
                raise _Unsupported
            return self._structure(shape)
        if kind == "list":
            item = self.type_of(shape.member)
            return _constrained(typing.List[item], _meta(min_length=meta.get("min"), max_length=meta.get("max")))  # type: ignore[valid-type]
        if kind == "map":
            if shape.key.type_name != "string":
                raise _Unsupported
            key, value = self.type_of(shape.key), self.type_of(shape.value)
            return _constrained(typing.Dict[key, value], _meta(min_length=meta.get("min"), max_length=meta.get("max")))  # type: ignore[valid-type]
        if kind == "timestamp":
            self.stamps = True
            return self._stamp
        if kind not in _SCALARS:
            raise _Unsupported  # anything new
        if kind in ("string", "blob"):
            return self._text(shape, _SCALARS[kind])
        if kind in ("integer", "long", "float", "double"):
            return _constrained(_SCALARS[kind], _meta(ge=meta.get("min"), le=meta.get("max")))
        return bool

    def _text(self, shape: Shape, kind: type) -> Any:
        meta = shape.metadata
        pattern = meta.get("pattern") if kind is str else None
        regex = compiled_pattern(pattern) if pattern else None
        if kind is str and shape.enum:
            # The values that break no other rule either: exactly what the checker lets pass.
            low, high = meta.get("min", 0), meta.get("max", float("inf"))
            allowed = tuple(v for v in shape.enum if low <= len(v) <= high and (regex is None or regex.fullmatch(v)))
            if not allowed:
                raise _Unsupported
            return Literal[allowed]  # type: ignore[valid-type]
        anchored = None
        if regex is not None:
            anchored = rf"\A(?:{pattern})\Z"
            try:
                re.compile(anchored)
            except (re.error, OverflowError, RecursionError):
                raise _Unsupported from None
        return _constrained(kind, _meta(min_length=meta.get("min"), max_length=meta.get("max"), pattern=anchored))

    def _structure(self, shape: Shape) -> Any:
        if shape.name in self._active:
            self.recursive = True
            return typing.ForwardRef(f"_{shape.name}")
        known = self._structs.get(shape.name)
        if known is not None:
            return known
        self._active.add(shape.name)
        required = set(shape.required_members)
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        for name, member in shape.members.items():
            if member.serialization.get("name", name) != name or not name.isidentifier():
                raise _Unsupported
            kind = self.type_of(member)
            fields.append((name, kind) if name in required else (name, typing.Union[kind, msgspec.UnsetType], msgspec.UNSET))
        self._active.discard(shape.name)
        struct = self._structs[shape.name] = msgspec.defstruct(
            f"_{shape.name}", fields, kw_only=True, forbid_unknown_fields=True, omit_defaults=True, module=self.module.__name__
        )
        setattr(self.module, f"_{shape.name}", struct)
        return struct


class _Stamps:
    """Functions that turn a decoded value's timestamp members into datetimes in place,
    with the generic path's conversion; None for a shape with no timestamp below it."""

    def __init__(self) -> None:
        self._memo: dict[str, list[Callable[[Any], Any] | None]] = {}

    def compile(self, shape: Shape) -> Callable[[Any], Any] | None:
        kind = shape.type_name
        if kind == "timestamp":
            convert = timestamp(shape.serialization.get("timestampFormat", "unixtimestamp"))

            def leaf(value: Any) -> Any:
                value = convert(value)
                if not isinstance(value, datetime):
                    raise _Refused
                return value

            return leaf
        if kind in ("list", "map"):
            item = self.compile(shape.member if kind == "list" else shape.value)
            if item is None:
                return None
            each: Callable[[Any], Any] = item
            if kind == "list":
                return lambda value: [each(v) for v in value]
            return lambda value: {k: each(v) for k, v in value.items()}
        if kind == "structure":
            return self._structure(shape)
        return None

    def _structure(self, shape: Shape) -> Callable[[Any], Any] | None:
        seen = self._memo.get(shape.name)
        if seen is not None:  # recursion: resolved once the structure is compiled
            return lambda value: seen[0](value) if seen[0] is not None else value
        cell: list[Callable[[Any], Any] | None] = [None]
        self._memo[shape.name] = cell
        # Timestamp members converted inline (the common case: one per list item), others by their function.
        stamps: list[tuple[str, Callable[[Any], Any]]] = []
        nested: list[tuple[str, Callable[[Any], Any]]] = []
        for name, member in shape.members.items():
            if member.type_name == "timestamp":
                stamps.append((name, timestamp(member.serialization.get("timestampFormat", "unixtimestamp"))))
            elif (fix := self.compile(member)) is not None:
                nested.append((name, fix))
        if not stamps and not nested:
            return None

        last: list[Any] = [None, None]  # the last float converted and its datetime: a batch's items often share one

        def structure(value: dict[str, Any]) -> dict[str, Any]:
            for name, convert in stamps:
                if name in value:
                    raw = value[name]
                    if raw.__class__ is float and raw == last[0]:
                        value[name] = last[1]
                        continue
                    stamp = convert(raw)
                    if not isinstance(stamp, datetime):
                        raise _Refused
                    value[name] = stamp
                    if raw.__class__ is float:
                        last[0], last[1] = raw, stamp
            for name, fix in nested:
                if name in value:
                    value[name] = fix(value[name])
            return value

        cell[0] = structure
        return structure


def _build(shape: Shape, wire: str) -> tuple[Any, _Builder, Callable[[Any], Any] | None] | None:
    """The root Struct type, its builder and the timestamp converter; None when unsupported."""
    builder = _Builder(wire)
    try:
        root = builder._structure(shape)
        msgspec.json.Decoder(root)  # resolves forward references: raises on what msgspec cannot type
    except (_Unsupported, TypeError, ValueError, NameError, re.error):
        sys.modules.pop(builder.module.__name__, None)
        return None
    if not builder.recursive:
        sys.modules.pop(builder.module.__name__, None)
    return root, builder, _Stamps().compile(shape) if builder.stamps else None


def typed_decoder(shape: Shape) -> Callable[[bytes], dict[str, Any] | None] | None:
    """The fast decoder of JSON bodies of `shape`, or None when only the generic path can read them."""
    built = _build(shape, "json")
    if built is None:
        return None
    root, builder, stamps = built
    decode = msgspec.json.Decoder(root).decode
    recursive = builder.recursive
    to_builtins = msgspec.to_builtins
    keep = (bytes,)

    def run(body: bytes) -> dict[str, Any] | None:
        try:
            value = decode(body)
        except (msgspec.DecodeError, RecursionError, UnicodeDecodeError):  # ValidationError is a DecodeError
            return None
        out: dict[str, Any] = to_builtins(value, builtin_types=keep)
        # A recursive shape bounds nothing: the generic path's depth rule, as it checks it.
        if recursive and body.count(b"{") + body.count(b"[") > MAX_DEPTH and value_too_deep(out, len(body)):
            return None
        return _with_timestamps(out, stamps)

    return run


def _with_timestamps(out: dict[str, Any], stamps: Callable[[dict[str, Any]], None] | None) -> dict[str, Any] | None:
    """`out` with its timestamp members converted by `stamps`, or None when one is refused."""
    if stamps is not None:
        try:
            stamps(out)
        except _Refused:
            return None
    return out


def typed_converter(shape: Shape) -> Callable[[dict[str, Any], int], dict[str, Any] | None] | None:
    """For CBOR: a function from the decoded body (a dict; cbor2's plain values and tag 1
    datetimes only) and its encoded size to the input dict, or None when msgspec refuses it;
    None when only the generic path can read bodies of `shape`."""
    built = _build(shape, "cbor")
    if built is None:
        return None
    root, builder, stamps = built
    recursive = builder.recursive
    convert, to_builtins = msgspec.convert, msgspec.to_builtins
    native = (bytes, datetime)  # what CBOR carries as itself: no base64, no text dates

    def run(value: dict[str, Any], size: int) -> dict[str, Any] | None:
        if recursive and value_too_deep(value, size):
            return None
        try:
            typed = convert(value, root, builtin_types=native)
        except (msgspec.ValidationError, RecursionError):
            return None
        out: dict[str, Any] = to_builtins(typed, builtin_types=native)
        return _with_timestamps(out, stamps)

    return run
