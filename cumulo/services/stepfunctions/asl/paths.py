"""JSONPath as ASL uses it: reading paths (`InputPath`, `.$` keys, `ItemsPath`),
reference paths for writing (`ResultPath`), payload templates and the context
object `$$`.

Workflow variables (`$name`, `$name.field`) are read like paths over the
variables the running state sees, which the interpreter binds per state
(`bind_variables`) through a context variable: Parallel branches and Map
iterations, run as their own tasks, keep their own.

Reading goes through jsonpath-ng (its extended parser, for filters); the common
simple paths (`$.a.b[0]`) take a fast path that needs no parse. Writing is
only ever to a reference path (names and indexes), which is done here.
"""

from __future__ import annotations

import copy
import re
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from jsonpath_ng.exceptions import JsonPathParserError  # type: ignore[import-untyped]
from jsonpath_ng.ext import parse as _parse  # type: ignore[import-untyped]

from cumulo.services.stepfunctions.asl.errors import StatesError, runtime

_SIMPLE = re.compile(r"^\$((\.[A-Za-z_][\w-]*)|(\[\d+\])|(\['[^'\]]*'\]))*$")
_VARIABLE = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$")
_VARIABLES: ContextVar[dict[str, Any] | None] = ContextVar("sfn_variables", default=None)
_STEP = re.compile(r"\.([A-Za-z_][\w-]*)|\[(\d+)\]|\['([^'\]]*)'\]")


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for name, index, quoted in _STEP.findall(path[1:]):
        steps.append(int(index) if index else (name or quoted))
    return steps


@lru_cache(maxsize=1024)
def _compiled(path: str) -> Any:
    try:
        return _parse(path)
    except (JsonPathParserError, Exception) as error:  # the parser raises plain Exceptions too
        raise ValueError(f"invalid JSONPath {path!r}: {error}") from None


def is_simple(path: str) -> bool:
    return bool(_SIMPLE.match(path))


def bind_variables(variables: dict[str, Any]) -> None:
    """The workflow variables `$name` paths read from here on, in this task."""
    _VARIABLES.set(variables)


def _is_variable(path: str) -> bool:
    return len(path) > 1 and (path[1].isalpha() or path[1] == "_")


def valid(path: str) -> bool:
    """Whether `path` (starting with `$` or `$$`, or a variable's `$name`) parses."""
    if not path.startswith("$"):
        return False
    if _is_variable(path):
        found = _VARIABLE.match(path)
        return found is not None and valid("$" + found[2])
    body = path[1:] if path.startswith("$$") else path
    if is_simple(body):
        return True
    try:
        _compiled(body)
    except ValueError:
        return False
    return True


def read(data: Any, path: str, context: Any = None) -> Any:
    """The value at `path` in `data` (`$$...` reads the context object).

    A path that matches nothing raises States.Runtime, as AWS does; a path with
    a wildcard, slice or filter answers the list of matches."""
    if path.startswith("$$"):
        return read(context, path[1:])
    if path == "$":
        return data
    if _is_variable(path):
        found = _VARIABLE.match(path)
        variables = _VARIABLES.get() or {}
        if found is None or found[1] not in variables:
            raise runtime(f"The JSONPath '{path}' could not be found: no variable is named '{found[1] if found else path[1:]}'")
        return read(variables[found[1]], "$" + found[2])
    if is_simple(path):
        value = data
        for step in _steps(path):
            if isinstance(step, int) and isinstance(value, list) and -len(value) <= step < len(value):
                value = value[step]
            elif isinstance(step, str) and isinstance(value, dict) and step in value:
                value = value[step]
            else:
                raise runtime(f"The JSONPath '{path}' could not be found in the input '{_dump(data)}'")
        return value
    try:
        expr = _compiled(path)
    except ValueError as error:
        raise runtime(str(error)) from None
    matches = [m.value for m in expr.find(data)]
    if _definite(path):
        if not matches:
            raise runtime(f"The JSONPath '{path}' could not be found in the input '{_dump(data)}'")
        return matches[0]
    return matches


def _definite(path: str) -> bool:
    return not any(token in path for token in ("*", "..", "?(", ":", ","))


def write(data: Any, path: str | None, value: Any) -> Any:
    """`data` with `value` placed at reference path `path` (ResultPath).

    `$` replaces the whole input; None (ResultPath: null) discards the value;
    missing objects along the path are created."""
    if path is None:
        return data
    if path == "$":
        return value
    if not is_simple(path):
        raise runtime(f"Invalid path '{path}': ResultPath must be a reference path")
    root = copy.deepcopy(data) if isinstance(data, (dict, list)) else {}
    steps = _steps(path)
    node: Any = root
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        if isinstance(step, int):
            if not isinstance(node, list) or not -len(node) <= step < len(node):
                raise runtime(f"Unable to apply ResultPath '{path}' to input '{_dump(data)}'")
            if last:
                node[step] = value
            else:
                node = node[step]
            continue
        if not isinstance(node, dict):
            raise runtime(f"Unable to apply ResultPath '{path}' to input '{_dump(data)}'")
        if last:
            node[step] = value
        else:
            if not isinstance(node.get(step), (dict, list)):
                node[step] = {}
            node = node[step]
    return root


def template(payload: Any, data: Any, context: Any) -> Any:
    """A payload template (Parameters, ResultSelector, ItemSelector) evaluated:
    a key ending in `.$` takes the value of its path or intrinsic function."""
    from cumulo.services.stepfunctions.asl import intrinsics

    if isinstance(payload, dict):
        out: dict[str, Any] = {}
        for key, value in payload.items():
            if key.endswith(".$") and isinstance(value, str):
                name = key[:-2]
                if value.startswith("$"):
                    out[name] = read(data, value, context)
                elif value.startswith("States."):
                    out[name] = intrinsics.evaluate(value, data, context)
                else:
                    raise StatesError("States.Runtime", f"The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call")
            else:
                out[key] = template(value, data, context)
        return out
    if isinstance(payload, list):
        return [template(item, data, context) for item in payload]
    return payload


def _dump(value: Any) -> str:
    import json

    return json.dumps(value, separators=(",", ":"))
