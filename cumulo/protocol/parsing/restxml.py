"""The `rest-xml` protocol: HTTP bindings (see `rest.py`) plus an XML body.

Body members are the children of the root element (whatever its name: clients
use the input shape's `locationName`, which some models lack). A structure
`payload` member is the whole document. Decoders are compiled once per shape.

XML forms, as botocore writes them:
- structure members are child elements named `locationName` or the member
  name; `xmlAttribute` members are attributes of the structure's element;
- lists are `<Name><member>..</member></Name>` (item name from the member's
  `locationName`), or repeated `<Name>` elements when `flattened`;
- maps are `<Name><entry><key/><value/></entry></Name>`, or repeated
  `<Name><key/><value/></Name>` when flattened (`key`/`value` renamed by
  their `locationName`).

Invariants:
- Namespaces are ignored when matching names (elements and attributes).
- String text is kept exactly (whitespace included); other scalars are stripped.
- Bad XML, or XML nested deeper than `depth.MAX_DEPTH`, is a 400 `MalformedXML`
  with S3's wording.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

from botocore.model import OperationModel, Shape

from cumulo.core.errors import AwsError
from cumulo.core.http import Request
from cumulo.protocol.parsing.depth import xml_too_deep
from cumulo.protocol.parsing.rest import RestPlan, compile_rest, parse_rest
from cumulo.protocol.parsing.text import text_scalar

Element = ElementTree.Element
Decode = Callable[[Element], Any]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag[:1] == "{" else tag.rsplit(":", 1)[-1]


def _malformed() -> AwsError:
    return AwsError(
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema",
        status=400,
    )


def load_xml(body: bytes) -> Element:
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise _malformed() from None
    if xml_too_deep(body, root):
        raise _malformed()
    return root


class XmlCompiler:
    def __init__(self) -> None:
        self._memo: dict[str, Callable[[Element], dict[str, Any]]] = {}

    def compile(self, shape: Shape) -> Decode:
        kind = shape.type_name
        if kind == "structure":
            return self.structure(shape)
        if kind == "list":
            return self._list(shape)
        if kind == "map":
            return self._map(shape)
        convert = text_scalar(shape, "iso8601")
        if kind == "string":
            return lambda element: convert(element.text or "")
        return lambda element: convert((element.text or "").strip())

    def structure(self, shape: Shape, body_only: bool = False) -> Callable[[Element], dict[str, Any]]:
        key = f"{shape.name}:{body_only}"
        if key in self._memo:
            return self._memo[key]
        children: dict[str, tuple[str, Decode, bool]] = {}  # tag -> member, decode, repeated
        attributes: dict[str, tuple[str, Callable[[str], Any]]] = {}

        def decode(element: Element) -> dict[str, Any]:
            out: dict[str, Any] = {}
            if attributes and element.attrib:
                for attr, text in element.attrib.items():
                    attribute = attributes.get(_local(attr))
                    if attribute is not None:
                        out[attribute[0]] = attribute[1](text)
            repeated: dict[str, list[Element]] = {}
            for child in element:
                entry = children.get(_local(child.tag))
                if entry is None:
                    continue
                if entry[2]:
                    repeated.setdefault(entry[0], []).append(child)
                else:
                    out[entry[0]] = entry[1](child)
            for name, elements in repeated.items():
                out[name] = children_decoders[name](elements)
            return out

        children_decoders: dict[str, Callable[[list[Element]], Any]] = {}
        self._memo[key] = decode
        for name, member in shape.members.items():
            if body_only and "location" in member.serialization:
                continue
            wire = member.serialization.get("name", name)
            if member.serialization.get("xmlAttribute"):
                attributes[_local(wire)] = (name, text_scalar(member, "iso8601"))
                continue
            flattened = bool(member.serialization.get("flattened")) and member.type_name in ("list", "map")
            children[wire] = (name, self.compile(member), flattened)
            if flattened:
                children_decoders[name] = self._flattened(member)
        for entry in list(children.values()):
            # botocore names an element after its target shape's `locationName`
            # when the member has none; other clients use the member name.
            children.setdefault(entry[0], entry)
        return decode

    def _flattened(self, shape: Shape) -> Callable[[list[Element]], Any]:
        if shape.type_name == "list":
            item = self.compile(shape.member)
            return lambda elements: [item(e) for e in elements]
        entry = self._entry(shape)
        return lambda elements: dict(entry(e) for e in elements)

    def _list(self, shape: Shape) -> Decode:
        item = self.compile(shape.member)
        if shape.serialization.get("flattened"):  # a flattened list as a single element
            return lambda element: [item(element)]
        return lambda element: [item(child) for child in element]

    def _entry(self, shape: Shape) -> Callable[[Element], tuple[Any, Any]]:
        key_name = shape.key.serialization.get("name", "key")
        value_name = shape.value.serialization.get("name", "value")
        key_decode, value_decode = self.compile(shape.key), self.compile(shape.value)

        def entry(element: Element) -> tuple[Any, Any]:
            key = value = None
            for child in element:
                tag = _local(child.tag)
                if tag == key_name:
                    key = key_decode(child)
                elif tag == value_name:
                    value = value_decode(child)
            return key, value

        return entry

    def _map(self, shape: Shape) -> Decode:
        entry = self._entry(shape)
        if shape.serialization.get("flattened"):
            return lambda element: dict([entry(element)])
        return lambda element: dict(entry(child) for child in element)


class XmlBody:
    def __init__(self) -> None:
        self._compiler = XmlCompiler()

    def compile_body(self, shape: Shape) -> Callable[[bytes], dict[str, Any]]:
        decode = self._compiler.structure(shape, body_only=True)
        return lambda body: decode(load_xml(body)) if body.strip() else {}

    def compile_payload(self, shape: Shape) -> Callable[[bytes], Any]:
        decode = self._compiler.compile(shape)
        # A present root element is a present structure, however empty: an empty
        # <NotificationConfiguration/> is how S3 clients turn notifications off.
        return lambda body: decode(load_xml(body))


def compile_operation(operation: OperationModel) -> RestPlan:
    return compile_rest(operation, XmlBody())


def parse(plan: RestPlan, request: Request, uri_params: dict[str, str] | None) -> dict[str, Any]:
    return parse_rest(plan, request, uri_params)
