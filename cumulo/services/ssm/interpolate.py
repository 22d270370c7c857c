"""Document parameters: checking given values against a document's declarations, and `{{ name }}` substitution.

Values travel as SSM sends them (name -> list of strings); `resolve` turns them
into typed values (String, StringList, Integer, Boolean, MapList, StringMap)
with defaults filled in. `render` substitutes `{{ ref }}` in a step's inputs:
a string that is exactly one reference takes the referenced value with its
type (a list stays a list), anything else is string interpolation.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cumulo.core.errors import AwsError

REF = re.compile(r"\{\{\s*([\w.:\-]+)\s*\}\}")


def resolve(declared: dict[str, Any], given: dict[str, list[str]], error_code: str) -> dict[str, Any]:
    for name in given:
        if name not in declared:
            raise AwsError(error_code, f"Parameter \"{name}\" is not a parameter of the document.")
    out: dict[str, Any] = {}
    for name, spec in declared.items():
        kind = spec.get("type", "String")
        if name in given:
            raw = given[name]
            out[name] = _typed(name, kind, raw, error_code)
        elif "default" in spec:
            out[name] = spec["default"]
        else:
            raise AwsError(error_code, f"Parameter \"{name}\" is required but missing.")
        allowed = spec.get("allowedValues")
        if allowed and isinstance(out[name], str) and out[name] not in allowed:
            raise AwsError(error_code, f"Parameter \"{name}\" has a value that is not one of the allowed values: {allowed}.")
        pattern = spec.get("allowedPattern")
        if pattern and isinstance(out[name], str) and out[name] and not re.search(pattern, out[name]):
            raise AwsError(error_code, f"Parameter \"{name}\" \"{out[name]}\" failed to satisfy constraint: {pattern}")
    return out


def _typed(name: str, kind: str, raw: list[str], error_code: str) -> Any:
    try:
        if kind == "StringList":
            return list(raw)
        if kind == "Integer":
            return int(raw[0])
        if kind == "Boolean":
            return raw[0].lower() == "true"
        if kind == "MapList":
            return [json.loads(v) if isinstance(v, str) else v for v in raw]
        if kind == "StringMap":
            return json.loads(raw[0]) if isinstance(raw[0], str) else raw[0]
        return raw[0] if raw else ""
    except (ValueError, IndexError):
        raise AwsError(error_code, f"Parameter \"{name}\" is not a valid {kind}.") from None


def as_strings(values: dict[str, Any]) -> dict[str, list[str]]:
    """Typed values back into SSM's wire form."""
    out: dict[str, list[str]] = {}
    for name, value in values.items():
        if isinstance(value, list):
            out[name] = [v if isinstance(v, str) else json.dumps(v) for v in value]
        elif isinstance(value, bool):
            out[name] = ["true" if value else "false"]
        elif isinstance(value, (dict,)):
            out[name] = [json.dumps(value)]
        else:
            out[name] = [str(value)]
    return out


def render(value: Any, lookup: dict[str, Any]) -> Any:
    if isinstance(value, str):
        whole = REF.fullmatch(value.strip())
        if whole and whole.group(1) in lookup:
            return lookup[whole.group(1)]

        def sub(m: re.Match[str]) -> str:
            found = lookup.get(m.group(1))
            if found is None:
                return m.group(0)
            return found if isinstance(found, str) else json.dumps(found)

        return REF.sub(sub, value)
    if isinstance(value, list):
        return [render(v, lookup) for v in value]
    if isinstance(value, dict):
        return {k: render(v, lookup) for k, v in value.items()}
    return value


def select(data: Any, selector: str) -> Any:
    """A JSONPath-like selector as Automation outputs use: `$.A.B[0].C`, `$.List[*].Name`, `$`."""
    path = selector.strip()
    if not path.startswith("$"):
        raise ValueError(f"selector {selector} must start with $")
    tokens = re.findall(r"\.([^.\[\]]+)|\[(\d+|\*|'[^']*'|\"[^\"]*\")\]", path[1:])
    current: list[Any] = [data]
    many = False
    for name, index in tokens:
        nxt: list[Any] = []
        for item in current:
            if name:
                if isinstance(item, dict) and name in item:
                    nxt.append(item[name])
                elif isinstance(item, list) and name == "length":
                    nxt.append(len(item))
            elif index == "*":
                many = True
                nxt.extend(item if isinstance(item, list) else item.values() if isinstance(item, dict) else [])
            elif index[0] in "'\"":
                if isinstance(item, dict) and index[1:-1] in item:
                    nxt.append(item[index[1:-1]])
            elif isinstance(item, list) and int(index) < len(item):
                nxt.append(item[int(index)])
        current = nxt
    if many:
        return current
    if not current:
        raise KeyError(selector)
    return current[0]
