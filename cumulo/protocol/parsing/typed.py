"""A typed fast path for JSON bodies: decode, convert and validate in one msgspec call.

`typed_decoder(shape)` builds, once per input shape, msgspec Struct types that
carry the model's constraints (the ones `validation` checks: lengths, ranges,
patterns, enums, required members) and returns a function from body bytes to
the input dict, or None when the shape cannot be expressed that way. The
function returns None whenever msgspec refuses the body: the caller then takes
the generic path (tree decoding, then `validate`), which produces exactly the
answer AWS gives, errors included. So the fast path only ever accepts bodies the
generic path would accept, and gives the same input dict for them:

- blobs arrive base64-decoded, floats as floats, members keyed by member name,
  absent members absent (msgspec's `UNSET`, dropped by `to_builtins`);
- unknown keys, nulls, a wrong type, a broken constraint: refused (generic path);
- no `Any` anywhere, and unknown keys refused, so a body msgspec accepts nests
  no deeper than the shape (unless it is recursive): the depth check has nothing to find.

Shapes left to the generic path: timestamps (their formats), documents, members
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
from typing import Annotated, Any, Literal

import msgspec
from botocore.model import Shape

from cumulo.protocol.parsing.depth import MAX_DEPTH, value_too_deep
from cumulo.protocol.validation import compiled_pattern

_SCALARS: dict[str, type] = {"string": str, "boolean": bool, "integer": int, "long": int, "float": float, "double": float, "blob": bytes}


_modules = itertools.count()


class _Unsupported(Exception):
    """The shape needs the generic path."""


def _meta(**constraints: Any) -> msgspec.Meta | None:
    given = {k: v for k, v in constraints.items() if v is not None}
    return msgspec.Meta(**given) if given else None


def _constrained(kind: type, meta: msgspec.Meta | None) -> Any:
    return kind if meta is None else Annotated[kind, meta]


class _Builder:
    def __init__(self) -> None:
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
        if kind not in _SCALARS:
            raise _Unsupported  # timestamps and anything new
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


def typed_decoder(shape: Shape) -> Callable[[bytes], dict[str, Any] | None] | None:
    """The fast decoder of bodies of `shape`, or None when only the generic path can read them."""
    builder = _Builder()
    try:
        root = builder._structure(shape)
        decode = msgspec.json.Decoder(root).decode
    except (_Unsupported, TypeError, ValueError, NameError, re.error):
        sys.modules.pop(builder.module.__name__, None)
        return None
    if not builder.recursive:
        sys.modules.pop(builder.module.__name__, None)
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
        return out

    return run
