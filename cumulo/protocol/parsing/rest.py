"""HTTP bindings shared by rest-json and rest-xml: URI labels, querystring,
headers, prefix headers and the payload member.

`compile_rest(operation, body)` builds one plan per operation; `parse_rest`
applies it. The body codec (`RestBody`) is the only per-protocol part: it
decodes the members bound to the body, or a structured payload member.

Invariants:
- Label values are percent-decoded once; a greedy label (`{Key+}`) keeps its `/`.
- A querystring map member (`httpQueryParams`) receives every field that no
  other querystring member or constant of the `requestUri` claims.
- Header names are matched lower-case (the `Request` contract); a prefix
  header map (`location: headers`) is keyed by the rest of the lower-case name.
- List headers split on commas outside double quotes; http-date timestamps,
  which contain a comma, are rejoined in pairs.
- A streaming blob payload (or an input event stream) becomes a
  `StreamingBody` and the body is left unread; other payloads are read.
- Empty text (empty body, empty header) for a payload or a structured member
  means "absent", except strings, which may be empty. An empty structure in a
  body is the codec's call: JSON's `{}` is absent, XML's `<Root/>` is present.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote

from botocore.model import OperationModel, Shape

from cumulo.core.errors import AwsError
from cumulo.core.http import Request, StreamingBody
from cumulo.protocol.parsing.text import Convert, text_scalar

_LABEL = re.compile(r"\{([^}]+)\}")


class RestBody(Protocol):
    def compile_body(self, shape: Shape) -> Callable[[bytes], dict[str, Any]]: ...
    def compile_payload(self, shape: Shape) -> Callable[[bytes], Any]: ...


@dataclass(slots=True)
class RestPlan:
    path: re.Pattern[str] | None = None
    labels: list[tuple[str, str, str, Convert]] = field(default_factory=list)  # group, label, member, convert
    constant_query: frozenset[str] = frozenset()
    query: list[tuple[str, str, Callable[[list[str]], Any]]] = field(default_factory=list)
    query_map: tuple[str, Callable[[list[str]], Any]] | None = None
    headers: list[tuple[str, str, Callable[[str], Any]]] = field(default_factory=list)
    prefix_headers: list[tuple[str, str, Convert]] = field(default_factory=list)
    payload: tuple[str, Callable[[Request], Any]] | None = None
    body: Callable[[bytes], dict[str, Any]] | None = None


def _path_regex(request_uri: str) -> tuple[re.Pattern[str], list[str]]:
    path = request_uri.split("?", 1)[0]
    parts, labels, last = [], [], 0
    for match in _LABEL.finditer(path):
        parts.append(re.escape(path[last : match.start()]))
        label = match.group(1)
        greedy = label.endswith("+")
        labels.append(label.rstrip("+"))
        parts.append(f"(?P<g{len(labels) - 1}>{'.+' if greedy else '[^/]+'})")
        last = match.end()
    parts.append(re.escape(path[last:]))
    return re.compile("".join(parts) + "/?$"), labels


def _constant_query(request_uri: str) -> frozenset[str]:
    if "?" not in request_uri:
        return frozenset()
    return frozenset(name for name, _ in parse_qsl(request_uri.split("?", 1)[1], keep_blank_values=True))


def split_header_list(value: str) -> list[str]:
    """`a, "b,c", "\\"d\\""` -> ["a", "b,c", '"d"']."""
    items, current, quoted, escaped, was_quoted = [], [], False, False, False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted, was_quoted = not quoted, True
        elif char == "," and not quoted:
            items.append("".join(current) if was_quoted else "".join(current).strip())
            current, was_quoted = [], False
        elif was_quoted and not quoted and char == " ":
            continue
        elif not current and not quoted and char == " ":
            continue
        else:
            current.append(char)
    items.append("".join(current) if was_quoted else "".join(current).strip())
    return items


def _header_decoder(shape: Shape) -> Callable[[str], Any]:
    if shape.type_name == "list":
        item = text_scalar(shape.member, "rfc822")
        http_dates = shape.member.type_name == "timestamp" and shape.member.serialization.get(
            "timestampFormat", "rfc822"
        ) == "rfc822"

        def decode_list(value: str) -> Any:
            parts = split_header_list(value)
            if http_dates:
                parts = [f"{a}, {b}" for a, b in zip(parts[::2], parts[1::2])]
            return [item(p) for p in parts]

        return decode_list
    if shape.serialization.get("jsonvalue"):

        def decode_json(value: str) -> Any:
            try:
                return json.loads(base64.b64decode(value))
            except ValueError:
                return value

        return decode_json
    return text_scalar(shape, "rfc822")


def _query_decoder(shape: Shape) -> Callable[[list[str]], Any]:
    if shape.type_name == "list":
        item = text_scalar(shape.member, "iso8601")
        return lambda values: [item(v) for v in values]
    convert = text_scalar(shape, "iso8601")
    return lambda values: convert(values[0])


def is_streaming(shape: Shape) -> bool:
    """A payload member handed over unread: a `streaming` blob or an input event stream."""
    return bool(shape.serialization.get("eventstream") or (shape.type_name == "blob" and shape.serialization.get("streaming")))


def _unstreamed_blob(request: Request) -> Any:
    if request.stream is not None:
        # The body was left unread (botocore's `has_streaming_input` is true for
        # every blob payload); `parsing.streams_input` says when to read it.
        return StreamingBody(request)
    return request.body if request.body else None


def _text_payload(request: Request) -> str | None:
    if not request.body:
        return None
    try:
        return request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise AwsError("SerializationException", "The request body is not valid UTF-8 text.", status=400) from None


def _payload_reader(shape: Shape, body: RestBody) -> Callable[[Request], Any]:
    if is_streaming(shape):
        return StreamingBody
    if shape.type_name == "blob":
        return _unstreamed_blob
    if shape.type_name == "string":
        return _text_payload
    decode = body.compile_payload(shape)

    def read(request: Request) -> Any:
        return decode(request.body) if request.body.strip() else None

    return read


def compile_rest(operation: OperationModel, body: RestBody) -> RestPlan:
    plan = RestPlan()
    request_uri = operation.http.get("requestUri", "/")
    plan.constant_query = _constant_query(request_uri)
    shape = operation.input_shape
    if shape is None:
        return plan
    path, label_names = _path_regex(request_uri)
    by_label: dict[str, tuple[str, Convert]] = {}
    payload_name = shape.serialization.get("payload")
    has_body_members = False
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri":
            by_label[wire] = (name, text_scalar(member, "iso8601"))
        elif location == "querystring":
            if member.type_name == "map":
                plan.query_map = (name, _query_decoder(member.value))
            else:
                plan.query.append((wire, name, _query_decoder(member)))
        elif location == "header":
            plan.headers.append((wire.lower(), name, _header_decoder(member)))
        elif location == "headers":
            plan.prefix_headers.append((wire.lower(), name, text_scalar(member.value, "rfc822")))
        elif name == payload_name:
            plan.payload = (name, _payload_reader(member, body))
        elif location is None:
            has_body_members = True
    if label_names:
        plan.path = path
        plan.labels = [(f"g{i}", label, *by_label[label]) for i, label in enumerate(label_names) if label in by_label]
    if has_body_members and plan.payload is None:
        plan.body = body.compile_body(shape)
    return plan


def _labels(plan: RestPlan, request: Request, uri_params: dict[str, str] | None, out: dict[str, Any]) -> None:
    if uri_params is not None:  # pre-matched and decoded by the router
        for _, label, member, convert in plan.labels:
            value = uri_params.get(label, uri_params.get(label + "+"))
            if value is not None:
                out[member] = convert(value)
        return
    match = plan.path.match(request.path) if plan.path is not None else None
    if match is None:
        return
    for group, _, member, convert in plan.labels:
        out[member] = convert(unquote(match.group(group)))


def parse_rest(plan: RestPlan, request: Request, uri_params: dict[str, str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if plan.body is not None:
        out.update(plan.body(request.body))
    if plan.labels:
        _labels(plan, request, uri_params, out)
    if plan.query or plan.query_map:
        fields: dict[str, list[str]] = {}
        for name, value in request.query_params:
            fields.setdefault(name, []).append(value)
        for wire, member, decode in plan.query:
            values = fields.pop(wire, None)
            if values is not None:
                out[member] = decode(values)
        if plan.query_map is not None:
            member, decode = plan.query_map
            extra = {k: decode(v) for k, v in fields.items() if k not in plan.constant_query}
            if extra:
                out[member] = extra
    headers = request.headers
    for header, member, decode_header in plan.headers:
        text = headers.get(header)
        if text is not None:
            out[member] = decode_header(text)
    for prefix, member, convert in plan.prefix_headers:
        found = {k[len(prefix) :]: convert(v) for k, v in headers.items() if k.startswith(prefix)}
        if found:
            out[member] = found
    if plan.payload is not None:
        member, read = plan.payload
        value = read(request)
        if value is not None:
            out[member] = value
    return out
