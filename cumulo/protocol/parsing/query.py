"""The `query` and `ec2` protocols: form fields such as `Tag.member.1.Key=k`.

The fields (form body, plus the URL query string for GET requests) are first
folded into a tree on the dots (`{"Tag": {"member": {"1": {"Key": {"": "k"}}}}}`,
the value of a node under the key ""), then walked with decoders compiled once
per operation from the input shape.

Naming, as botocore's serializers write it:
- query: a member is `locationName` or its name; a list is `Name.member.N`
  (the member's `locationName` replaces `member`) or, when `flattened`,
  `Name.N`, where a flattened list whose member has a `locationName` is sent
  under that name instead; a map is `Name.entry.N.key`/`.value` (or
  `Name.N.key` when flattened), `key`/`value` renamed by their `locationName`.
- ec2: `queryName`, else the capitalised `locationName`, else the name; lists
  are always `Name.N`; member names are also accepted capitalised.

Lenient mode (a model that does not declare query, e.g. SQS's JSON model with
its query-era traits stripped): a member is also found under its singular
(`Attribute` for `Attributes`) and capitalised forms, its list member's shape
name and, for a list, the singular plus `Name` (`ActionName.N` for `Actions`); lists and maps are accepted both flattened and not, a bare `Name=v` as a
one-item list, and map entries may use `Name`/`Key`/`Value` (SQS's
`Attribute.N.Name`, `MessageAttribute.N.Value.StringValue`, `Tag.N.Key`).

Invariants:
- Items are ordered by their index, not by arrival.
- A list sent as `Name=` (empty) is an empty list; absent members stay absent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from botocore.model import OperationModel, Shape

from cumulo.core.errors import AwsError
from cumulo.core.http import Request
from cumulo.protocol.parsing.text import text_scalar

MISSING: Any = object()
_PROTOCOL_FIELDS = frozenset(("Action", "Version"))
Node = dict[str, Any]
Decode = Callable[[Node], Any]


def _fold(pairs: list[tuple[str, str]]) -> Node:
    root: Node = {}
    for key, value in pairs:
        node = root
        for part in key.split("."):
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            node = child
        node[""] = value
    return root


def _indexed(node: Node) -> list[Node]:
    """The children of `node` named 1, 2, 3..., in index order."""
    numbered = [(int(k), v) for k, v in node.items() if k.isdigit()]
    numbered.sort(key=lambda item: item[0])
    return [v for _, v in numbered]


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


class QueryCompiler:
    def __init__(self, ec2: bool, lenient: bool) -> None:
        self.ec2 = ec2
        self.lenient = lenient
        self._memo: dict[str, Decode] = {}

    def compile(self, shape: Shape) -> Decode:
        kind = shape.type_name
        if kind == "structure":
            return self._structure(shape)
        if kind == "list":
            return self._list(shape)
        if kind == "map":
            return self._map(shape)
        convert = text_scalar(shape, "iso8601")

        def scalar(node: Node) -> Any:
            text = node.get("", MISSING)
            return MISSING if text is MISSING else convert(text)

        return scalar

    def member_names(self, name: str, member: Shape) -> tuple[str, ...]:
        wire = member.serialization.get("name")
        if self.ec2:
            names = [member.serialization.get("queryName", ""), _capitalised(wire or ""), name, _capitalised(name)]
        else:
            names = [wire or name]
            item_name = member.type_name == "list" and member.member.serialization.get("name")
            if item_name and member.serialization.get("flattened"):
                names.insert(0, item_name)
        if self.lenient:
            singular = name[:-1] if name.endswith("s") else name
            names += [name, _capitalised(name), singular, _capitalised(singular)]
            if member.type_name == "list":  # SQS: Entries as SendMessageBatchRequestEntry.N, Actions as ActionName.N
                names += [member.member.name, _capitalised(singular) + "Name"]
        return _unique(names)

    def _structure(self, shape: Shape) -> Decode:
        if shape.name in self._memo:
            return self._memo[shape.name]
        table: list[tuple[str, tuple[str, ...], Decode]] = []

        def decode(node: Node) -> Any:
            out = {}
            for name, wire_names, member_decode in table:
                for wire in wire_names:
                    child = node.get(wire)
                    if child is not None:
                        value = member_decode(child)
                        if value is not MISSING:
                            out[name] = value
                            break
            return out

        self._memo[shape.name] = decode
        for name, member in shape.members.items():
            table.append((name, self.member_names(name, member), self.compile(member)))
        return decode

    def _containers(self, shape: Shape, wrapper: str) -> tuple[str, ...]:
        """Where the items of a list/map node live: "" (the node itself) or a wrapper child."""
        if self.ec2:
            return ("",)
        if self.lenient:
            return (wrapper, "", "member", "entry")
        return ("",) if shape.serialization.get("flattened") else (wrapper,)

    def _list(self, shape: Shape) -> Decode:
        item = self.compile(shape.member)
        containers = self._containers(shape, shape.member.serialization.get("name", "member"))
        lenient = self.lenient

        def decode(node: Node) -> Any:
            for container in containers:
                holder = node.get(container) if container else node
                if holder:
                    items = _indexed(holder)
                    if items:
                        return [v for v in map(item, items) if v is not MISSING]
            text = node.get("", MISSING)
            if text is MISSING:
                return MISSING
            if lenient and text != "":
                return [item({"": text})]
            return []

        return decode

    def _map(self, shape: Shape) -> Decode:
        key_decode, value_decode = self.compile(shape.key), self.compile(shape.value)
        key_names = _unique([shape.key.serialization.get("name", "key")] + (["key", "Name", "Key"] if self.lenient else []))
        value_names = _unique([shape.value.serialization.get("name", "value")] + (["value", "Value"] if self.lenient else []))
        containers = self._containers(shape, "entry")

        def first(entry: Node, names: tuple[str, ...], decode: Decode) -> Any:
            for name in names:
                child = entry.get(name)
                if child is not None:
                    return decode(child)
            return MISSING

        def decode(node: Node) -> Any:
            for container in containers:
                holder = node.get(container) if container else node
                entries = _indexed(holder) if holder else []
                if entries:
                    out = {}
                    for entry in entries:
                        key = first(entry, key_names, key_decode)
                        if key is not MISSING:
                            value = first(entry, value_names, value_decode)
                            out[key] = None if value is MISSING else value
                    return out
            return {} if "" in node else MISSING

        return decode


def _lenient(operation: OperationModel) -> bool:
    metadata = operation.service_model.metadata
    declared = metadata.get("protocols") or [metadata.get("protocol")]
    return "query" not in declared and "ec2" not in declared


def _compile(operation: OperationModel, ec2: bool) -> Decode:
    shape = operation.input_shape
    if shape is None:
        return lambda node: {}
    lenient = _lenient(operation)
    decode = QueryCompiler(ec2, lenient).compile(shape)
    if not lenient:
        return decode
    # Aliases must not pick up the protocol's own fields (`Actions` -> `Action`).
    return lambda node: decode({k: v for k, v in node.items() if k not in _PROTOCOL_FIELDS})


def compile_query(operation: OperationModel) -> Decode:
    return _compile(operation, ec2=False)


def compile_ec2(operation: OperationModel) -> Decode:
    return _compile(operation, ec2=True)


def form_fields(request: Request) -> list[tuple[str, str]]:
    """The URL query fields followed by the form body's fields."""
    pairs = list(request.query_params)
    body = request.body
    if body:
        try:
            pairs.extend(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
        except (UnicodeDecodeError, ValueError):
            raise AwsError("MalformedQueryString", "The request body is not a valid form.", status=400) from None
    return pairs


def parse(plan: Decode, request: Request, uri_params: dict[str, str] | None) -> dict[str, Any]:
    return plan(_fold(form_fields(request)))
