"""Route selection for HTTP APIs: `METHOD /path` keys with `{param}` and a greedy `{proxy+}`,
`ANY`, and `$default`.

The most specific route wins (AWS's order): a route with no variables before one with
path variables, fewer variables first, a greedy variable last; a method before ANY; then
`$default`. Compiled once per deployment snapshot and kept beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

_VAR = re.compile(r"\{([^}/]+?)(\+?)\}")


@dataclass(frozen=True, slots=True)
class Compiled:
    method: str  # "ANY" for any
    path: str
    pattern: re.Pattern[str]
    names: tuple[str, ...]
    order: tuple[int, int, int, int]
    route: dict[str, Any]


def compile_route(route: dict[str, Any]) -> Compiled | None:
    key = route["RouteKey"]
    if key == "$default" or " " not in key:
        return None
    method, path = key.split(" ", 1)
    names: list[str] = []
    out, pos, greedy = "", 0, False
    for m in _VAR.finditer(path):
        out += re.escape(path[pos : m.start()])
        names.append(m.group(1))
        greedy = greedy or bool(m.group(2))
        out += "(.+)" if m.group(2) else "([^/]+)"
        pos = m.end()
    out += re.escape(path[pos:])
    literal = len(_VAR.sub("", path))
    order = (1 if greedy else 0, len(names), -literal, 1 if method == "ANY" else 0)
    return Compiled(method, path, re.compile(f"^{out}$"), tuple(names), order, route)


def compile_all(routes: list[dict[str, Any]]) -> tuple[list[Compiled], dict[str, Any] | None]:
    compiled = [c for c in (compile_route(r) for r in routes) if c is not None]
    compiled.sort(key=lambda c: c.order)
    default = next((r for r in routes if r["RouteKey"] == "$default"), None)
    return compiled, default


def select(table: tuple[list[Compiled], dict[str, Any] | None], method: str, path: str) -> tuple[dict[str, Any], dict[str, str], str] | None:
    """(route, path parameters, route path) for a request, or None when no route matches."""
    compiled, default = table
    for c in compiled:
        if c.method != "ANY" and c.method != method:
            continue
        m = c.pattern.match(path)
        if m is not None:
            return c.route, {n: unquote(v) for n, v in zip(c.names, m.groups())}, c.path
    if default is not None:
        return default, {}, "$default"
    return None
