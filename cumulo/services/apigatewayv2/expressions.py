"""Selection and mapping expressions: `$request.header.x`, `$request.querystring.x`,
`$request.path.x`, `$request.path`, `$request.body.a.b` (a JSONPath from the root),
`$request.method`, `$context.x`, `$stageVariables.x`, and the `${...}` form inside text
(`Bearer ${request.header.token}`).

`Sources` is the request as these expressions see it; `value` reads one expression,
`render` substitutes every expression in a text (unknown ones become "").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import orjson

_TOKEN = re.compile(r"\$\{([^}]+)\}|\$((?:request|context|stageVariables|response)(?:\.[\w$@-]+|\.\{[^}]*\})*)")


@dataclass(slots=True)
class Sources:
    method: str = ""
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    path_parameters: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    context: dict[str, Any] = field(default_factory=dict)
    stage_variables: dict[str, str] = field(default_factory=dict)
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    _json: Any = None
    _parsed: bool = False

    def json(self, response: bool = False) -> Any:
        raw = self.response_body if response else self.body
        if response:
            try:
                return orjson.loads(raw) if raw else None
            except orjson.JSONDecodeError:
                return None
        if not self._parsed:
            self._parsed = True
            try:
                self._json = orjson.loads(raw) if raw else None
            except orjson.JSONDecodeError:
                self._json = None
        return self._json


def _walk(value: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def value(expr: str, src: Sources) -> Any:
    """The value of one expression (without `$` or with it), None when absent."""
    expr = expr.strip().lstrip("$").strip("{}")
    if expr.startswith("route.request."):  # WebSocket identity sources: route.request.header.x
        expr = expr[len("route."):]
    parts = expr.split(".")
    head, rest = parts[0], parts[1:]
    if head == "request" and rest:
        kind, names = rest[0], rest[1:]
        if kind == "method" and not names:
            return src.method
        if kind == "path" and not names:
            return src.path
        if kind == "path":
            return src.path_parameters.get(".".join(names))
        if kind == "header":
            return src.headers.get(".".join(names).lower())
        if kind == "querystring":
            return src.query.get(".".join(names))
        if kind == "body":
            return _walk(src.json(), names) if names else (src.body.decode("utf-8", "replace") if src.body else None)
    if head == "response" and rest:
        kind, names = rest[0], rest[1:]
        if kind == "header":
            return src.response_headers.get(".".join(names).lower())
        if kind == "body":
            return _walk(src.json(response=True), names) if names else src.response_body.decode("utf-8", "replace")
    if head == "context":
        return _walk(src.context, rest)
    if head == "stageVariables":
        return src.stage_variables.get(".".join(rest))
    return None


def text(found: Any) -> str:
    if found is None:
        return ""
    if isinstance(found, str):
        return found
    return orjson.dumps(found).decode()


def render(template: str, src: Sources) -> str:
    """`template` with every expression in it replaced by its value as text."""
    return _TOKEN.sub(lambda m: text(value(m.group(1) or m.group(2), src)), template)
