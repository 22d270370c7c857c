"""The XML body writer shared by the query, ec2 and rest-xml serializers.

It walks a shape and a plain value and appends XML text to a list of strings
(no DOM: cheaper, and the output is exactly what is written).

Rules (botocore's XML parsers are the reader we must satisfy):
- An element is named by the member's `locationName`, else the member name.
- A list is `<name><member>..</member>..</name>`; the item element is the list
  member's `locationName`, else "member". An empty list is written `<name/>`.
- A map is `<name><entry><key>..</key><value>..</value></entry>..</name>`; the
  key/value elements follow their `locationName`s.
- A flattened list (the member's or shape's `flattened` trait, or the shape
  named in `options["flattened"]`) repeats its items in place; the repeated
  element is the list member's `locationName` if set, else the member's own
  name (botocore's reading). A flattened map repeats `<name><key/><value/></name>`.
- `options["xml_names"]` overrides the item/entry/key/value element names.
- `xmlNamespace` (a uri, or {prefix, uri}) becomes `xmlns`/`xmlns:prefix` on
  the element; `xmlAttribute` members become attributes of their structure.
- Members bound elsewhere (headers, status code) and event-stream header
  members are never written in the body (`common.in_body`).
- Text is escaped so that a parser reads back the same string (`\\r` too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.model import Shape

from cumulo.protocol.serializing.common import (
    ErrorInfo,
    SerializerOptions,
    extra_fields,
    in_body,
    scalar_text,
    text_converter,
)

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#xD;", "\n": "&#xA;", "\t": "&#x9;"}
)


def escape_text(text: str) -> str:
    return text.translate(_TEXT_ESCAPES)


def flat_document(root: str, fields: dict[str, str]) -> bytes:
    """`<root><Name>text</Name>..</root>` for an answer no model shape describes
    (S3's `<PostResponse>` to a form upload)."""
    inner = "".join(f"<{name}>{escape_text(value)}</{name}>" for name, value in fields.items())
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}>{inner}</{root}>'.encode()


def escape_attr(text: str) -> str:
    return text.translate(_ATTR_ESCAPES)


def namespace_attr(shape: Shape) -> str:
    """` xmlns="uri"` or ` xmlns:prefix="uri"` for a shape or member, else ""."""
    ns = shape.serialization.get("xmlNamespace")
    if not ns:
        return ""
    if isinstance(ns, str):
        return f' xmlns="{escape_attr(ns)}"'
    uri = escape_attr(ns.get("uri", ""))
    prefix = ns.get("prefix")
    return f' xmlns:{prefix}="{uri}"' if prefix else f' xmlns="{uri}"'


def write_extra_fields(out: list[str], info: ErrorInfo) -> None:
    """Error fields the shape does not model (S3's `BucketName`), as text elements."""
    for key, value in extra_fields(info).items():
        text = escape_text(value)
        out.append(f"<{key}>{text}</{key}>" if text else f"<{key}/>")


class XmlWriter:
    """Writes shapes as XML; one per (protocol, options), reused across requests."""

    __slots__ = ("ts_default", "flattened", "names", "_plans", "_scalars", "_attributes")

    def __init__(self, options: SerializerOptions, ts_default: str = "iso8601") -> None:
        self.ts_default = ts_default
        self.flattened = frozenset(options.get("flattened") or ())
        self.names = dict(options.get("xml_names") or {})
        # What the walk decides per shape, decided once (shapes live as long as their model):
        # a structure's body members with their element names, a scalar's namespace and text.
        self._plans: dict[Shape, tuple[tuple[str, str, Shape, bool], ...]] = {}
        self._scalars: dict[Shape, tuple[str, Callable[[Any], str]]] = {}
        self._attributes: dict[Shape, tuple[tuple[str, str, Shape], ...]] = {}

    # --- entry points -----------------------------------------------------

    def document(self, shape: Shape, value: dict[str, Any], root: str, xmlns: str | None = None) -> str:
        """A whole document: `<root xmlns=..>members</root>`."""
        out: list[str] = []
        attrs = namespace_attr(shape)
        if not attrs and xmlns:
            attrs = f' xmlns="{escape_attr(xmlns)}"'
        self.structure(out, root, shape, value, attrs)
        return "".join(out)

    def children(self, out: list[str], shape: Shape, value: dict[str, Any]) -> None:
        """The body members of a structure, without the enclosing element."""
        plan = self._plans.get(shape)
        if plan is None:
            plan = self._plans[shape] = self._plan(shape)
        for name, element, member, is_scalar in plan:
            item = value.get(name)
            if item is None:
                continue
            if is_scalar:
                self.scalar(out, element, member, item)
            else:
                self.member(out, element, member, item)

    def _plan(self, shape: Shape) -> tuple[tuple[str, str, Shape, bool], ...]:
        """(member, element name, member shape, is scalar) of each body member, in order."""
        return tuple(
            (name, self.member_name(member, name), member, member.type_name not in ("structure", "list", "map"))
            for name, member in shape.members.items()
            if in_body(member) and not member.serialization.get("xmlAttribute")
        )

    def root_name(self, shape: Shape) -> str:
        """The element naming a shape written as a document root."""
        override = self.names.get(shape.name)
        if override:
            return override
        return shape._shape_model.get("locationName") or shape.name

    # --- the walk ---------------------------------------------------------

    def is_flat(self, shape: Shape) -> bool:
        return bool(shape.serialization.get("flattened")) or shape.name in self.flattened

    def member_name(self, shape: Shape, name: str) -> str:
        kind = shape.type_name
        if kind == "list" and self.is_flat(shape):
            override = self.names.get(shape.name + ".member")
            if override:
                return override
            item_name = shape.member.serialization.get("name")
            if item_name:
                return item_name
        elif kind == "map" and self.is_flat(shape):
            override = self.names.get(shape.name + ".entry")
            if override:
                return override
        return shape.serialization.get("name", name)

    def member(self, out: list[str], name: str, shape: Shape, value: Any) -> None:
        kind = shape.type_name
        if kind == "structure":
            self.structure(out, name, shape, value, namespace_attr(shape))
        elif kind == "list":
            self.list_element(out, name, shape, value)
        elif kind == "map":
            self.map_element(out, name, shape, value)
        else:
            self.scalar(out, name, shape, value)

    def structure(self, out: list[str], name: str, shape: Shape, value: dict[str, Any], attrs: str) -> None:
        if not isinstance(value, dict):
            self.scalar(out, name, shape, value)
            return
        attributes = self._attributes.get(shape)
        if attributes is None:
            attributes = self._attributes[shape] = tuple(
                (member_name, member.serialization.get("name", member_name), member)
                for member_name, member in shape.members.items() if member.serialization.get("xmlAttribute"))
        if attributes:
            parts = [attrs]
            for member_name, attr_name, member in attributes:
                if value.get(member_name) is not None:
                    text = scalar_text(member, value[member_name], self.ts_default)
                    parts.append(f' {attr_name}="{escape_attr(text)}"')
            attrs = "".join(parts)
        out.append(f"<{name}{attrs}>")
        self.children(out, shape, value)
        out.append(f"</{name}>")

    def list_element(self, out: list[str], name: str, shape: Shape, value: list[Any]) -> None:
        item_shape = shape.member
        if self.is_flat(shape):
            for item in value:
                if item is not None:
                    self.member(out, name, item_shape, item)
            return
        item_name = (
            self.names.get(shape.name + ".member") or item_shape.serialization.get("name") or "member"
        )
        if not value:
            out.append(f"<{name}{namespace_attr(shape)}/>")
            return
        out.append(f"<{name}{namespace_attr(shape)}>")
        for item in value:
            if item is not None:
                self.member(out, item_name, item_shape, item)
        out.append(f"</{name}>")

    def map_element(self, out: list[str], name: str, shape: Shape, value: dict[Any, Any]) -> None:
        names = self.names
        key_shape, value_shape = shape.key, shape.value
        key_name = names.get(shape.name + ".key") or key_shape.serialization.get("name") or "key"
        value_name = names.get(shape.name + ".value") or value_shape.serialization.get("name") or "value"
        ns = namespace_attr(shape)
        flat = self.is_flat(shape)
        if flat:
            entry_open, entry_close = f"<{name}{ns}>", f"</{name}>"
        elif not value:
            out.append(f"<{name}{ns}/>")
            return
        else:
            entry = names.get(shape.name + ".entry") or "entry"
            entry_open, entry_close = f"<{entry}>", f"</{entry}>"
            out.append(f"<{name}{ns}>")
        for key, item in value.items():
            if item is None:
                continue
            out.append(entry_open)
            self.scalar(out, key_name, key_shape, key)
            self.member(out, value_name, value_shape, item)
            out.append(entry_close)
        if not flat:
            out.append(f"</{name}>")

    def scalar(self, out: list[str], name: str, shape: Shape, value: Any) -> None:
        known = self._scalars.get(shape)
        if known is None:
            known = self._scalars[shape] = (namespace_attr(shape), text_converter(shape, self.ts_default))
        ns, to_text = known
        raw = to_text(value)
        text = raw.translate(_TEXT_ESCAPES) if ("&" in raw or "<" in raw or ">" in raw or "\r" in raw) else raw
        out.append(f"<{name}{ns}>{text}</{name}>" if text else f"<{name}{ns}/>")
