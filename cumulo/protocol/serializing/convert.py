"""Compiled shape converters: a handler's plain value rebuilt for a JSON-like encoder.

JSON and CBOR bodies are encoded from plain dicts and lists, so a value only
needs rebuilding where the wire differs from Python: body members only, `None`
members left out, members renamed by `locationName` (JSON), map keys as
strings, and a few scalars special-cased (timestamps, blobs, floats), each by
a leaf rule the protocol supplies.

`Converters(leaf_for, wire_names)` compiles one function per shape, once, and
caches it by the shape object (shapes live as long as their model):

    to_json = Converters(json_leaf, wire_names=True)
    to_json(shape, value)

Invariants:
- The result is what a plain recursive walk of the shape would build: the same
  members in model order, the same keys and the same leaf values.
- A subtree with nothing to convert (no leaf rule below it, no structure) is
  passed through as is: a list is only copied when it is not already a list. So
  is a list of structures whose members all pass unchanged, when every item is
  a dict of known members without None (batch answers: 500 RequestResponses);
  their keys keep the handler's order, which JSON and CBOR readers ignore.
- Recursive shapes compile once per run: a structure is registered before its
  members are compiled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.model import Shape

from cumulo.protocol.serializing.common import in_body

Convert = Callable[[Any], Any]
# The leaf rule for one scalar shape, or None when its values pass as they are.
LeafFor = Callable[[Shape], "Convert | None"]

_CACHE_LIMIT = 20_000  # top-level shapes of ad-hoc models (tests) must not pile up


def _as_list(value: Any) -> Any:
    return value if type(value) is list else list(value)


def _str_keys(value: Any) -> Any:
    return {str(key): item for key, item in value.items()}


class _Compiler:
    """One compile run: structures memoized by name so recursion terminates."""

    def __init__(self, leaf_for: LeafFor, wire_names: bool) -> None:
        self.leaf_for = leaf_for
        self.wire_names = wire_names
        self.memo: dict[str, Convert] = {}
        # Structures whose members all pass as they are, under their own names: their member names.
        self.plain: dict[Convert, frozenset[str]] = {}

    def compile(self, shape: Shape) -> Convert | None:
        """The converter of `shape`'s values, or None where they pass unchanged."""
        kind = shape.type_name
        if kind == "structure":
            if shape.is_document_type:
                return None
            return self.structure(shape)
        if kind == "list":
            return self.list(shape)
        if kind == "map":
            return self.map(shape)
        return self.leaf_for(shape)

    def structure(self, shape: Shape) -> Convert:
        known = self.memo.get(shape.name)
        if known is not None:
            return known
        # (member, key written, converter or None), in model order; and by member name.
        plan: list[tuple[str, str, Convert | None]] = []
        index: dict[str, tuple[str, Convert | None]] = {}

        def convert(value: Any) -> Any:
            if not isinstance(value, dict):
                return value
            if len(value) == 1:  # one member present (a union, a small answer): no plan walk
                for name, item in value.items():
                    entry = index.get(name)
                    if entry is None or item is None:
                        return {}
                    key, conv = entry
                    return {key: item if conv is None else conv(item)}
            body = {}
            for name, key, conv in plan:
                item = value.get(name)
                if item is not None:
                    body[key] = item if conv is None else conv(item)
            return body

        self.memo[shape.name] = convert
        for name, member in shape.members.items():
            if not in_body(member):
                continue
            key = member.serialization.get("name", name) if self.wire_names else name
            conv = self.compile(member)
            plan.append((name, key, conv))
            index[name] = (key, conv)
        if len(plan) == len(shape.members) and all(conv is None and key == name for name, key, conv in plan):
            self.plain[convert] = frozenset(index)
        return convert

    def list(self, shape: Shape) -> Convert:
        item_conv = self.compile(shape.member)
        if item_conv is None:
            return _as_list

        names = self.plain.get(item_conv)
        if names is not None:
            # Items already as the wire has them (known members only, no None): the list as is.
            def convert_plain(value: Any) -> Any:
                if type(value) is list and all(type(i) is dict and i.keys() <= names and None not in i.values() for i in value):
                    return value
                return [None if item is None else item_conv(item) for item in value]

            return convert_plain

        def convert(value: Any) -> Any:
            return [None if item is None else item_conv(item) for item in value]

        return convert

    def map(self, shape: Shape) -> Convert:
        value_conv = self.compile(shape.value)
        if value_conv is None:
            return _str_keys

        def convert(value: Any) -> Any:
            return {str(key): None if item is None else value_conv(item) for key, item in value.items()}

        return convert


class Converters:
    """Converters for one encoder's leaf rules, compiled per shape on first use."""

    __slots__ = ("_leaf_for", "_wire_names", "_compiled")

    def __init__(self, leaf_for: LeafFor, wire_names: bool) -> None:
        self._leaf_for = leaf_for
        self._wire_names = wire_names
        self._compiled: dict[Shape, Convert | None] = {}

    def __call__(self, shape: Shape, value: Any) -> Any:
        try:
            convert = self._compiled[shape]
        except KeyError:
            convert = self.compile(shape)
        return value if convert is None else convert(value)

    def compile(self, shape: Shape) -> Convert | None:
        if len(self._compiled) > _CACHE_LIMIT:
            self._compiled.clear()
        convert = self._compiled[shape] = _Compiler(self._leaf_for, self._wire_names).compile(shape)
        return convert
