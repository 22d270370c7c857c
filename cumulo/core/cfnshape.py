"""Template properties as an operation's input, for CloudFormation providers.

Most resource types' properties are the create operation's members under the same
names (Logs' API spells them in camelCase, the template in PascalCase), with numbers
and booleans that may arrive as strings and JSON documents that arrive as objects.
`api_input` turns one into the other by the operation's botocore model: members
matched without regard to case, scalars coerced to the model's type, an object where
the model wants a string written as JSON text, anything the operation does not take
left out. `typed` converts the values only, keeping every member as the template
named it. Providers still name the properties whose spelling differs.

It reads botocore's model data directly: the protocol layer is not for services.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime
from typing import Any

import botocore.loaders
import botocore.model
from botocore.model import Shape


@functools.cache
def _model(service: str) -> botocore.model.ServiceModel:
    loader = botocore.loaders.Loader()
    return botocore.model.ServiceModel(loader.load_service_model(service, "service-2"), service)


def input_shape(service: str, operation: str) -> Shape | None:
    return _model(service).operation_model(operation).input_shape


def api_input(service: str, operation: str, props: dict[str, Any], **fixed: Any) -> dict[str, Any]:
    """`props` shaped as `operation`'s input; `fixed` members (already shaped) win."""
    shape = input_shape(service, operation)
    out: dict[str, Any] = _coerce(shape, props) if shape is not None else {}
    out.update({k: v for k, v in fixed.items() if v is not None})
    return out


def typed(service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """`params` under the template's own member names, each value converted to its member's
    type in `operation`'s input ("30" -> 30, "true" -> True, 5 -> "5", text -> bytes);
    members the input does not know are kept as they are, for the service's validation
    to name. For providers that pass template structures through (lifecycle rules,
    throughput, function configuration) without naming each member."""
    shape = input_shape(service, operation)
    if shape is None:
        return params
    converted = _typed(shape, params)
    return converted if isinstance(converted, dict) else params


def _typed(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members  # type: ignore[attr-defined]
        return {k: _typed(members[k], v) if k in members else v for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        return [_typed(shape.member, v) for v in value]  # type: ignore[attr-defined]
    if kind == "map" and isinstance(value, dict):
        return {k: _typed(shape.value, v) for k, v in value.items()}  # type: ignore[attr-defined]
    if kind in ("structure", "list", "map"):
        return value
    return scalar(kind, value)


def coerce(service: str, shape_name: str, value: Any) -> Any:
    """`value` shaped as the named shape of `service`'s model."""
    return _coerce(_model(service).shape_for(shape_name), value)


def _coerce(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return value
        members = {name.lower(): (name, member) for name, member in shape.members.items()}  # type: ignore[attr-defined]
        out: dict[str, Any] = {}
        for key, item in value.items():
            found = members.get(key.lower())
            if found is not None and item is not None:
                out[found[0]] = _coerce(found[1], item)
        return out
    if kind == "list":
        items = value if isinstance(value, list) else [value]
        return [_coerce(shape.member, v) for v in items]  # type: ignore[attr-defined]
    if kind == "map":
        if isinstance(value, list):  # [{Key, Value}] where the API takes a map
            value = {t.get("Key", t.get("key")): t.get("Value", t.get("value")) for t in value}
        if not isinstance(value, dict):
            return value
        return {k: _coerce(shape.value, v) for k, v in value.items()}  # type: ignore[attr-defined]
    return scalar(kind, value)


def scalar(kind: str, value: Any) -> Any:
    """A template scalar as the model's `kind` wants it."""
    if kind in ("integer", "long") and isinstance(value, str | float) and not isinstance(value, bool):
        if isinstance(value, float):
            return int(value) if value.is_integer() else value
        try:
            return int(value)  # exact, however large
        except ValueError:
            pass
        try:
            number = float(value)
        except ValueError:
            return value  # left for the service's validation to name
        return int(number) if number.is_integer() else value
    if kind in ("double", "float") and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "boolean" and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if kind == "string":
        if isinstance(value, dict | list):
            return json.dumps(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
    if kind == "timestamp" and isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if kind == "blob" and isinstance(value, str):
        return value.encode()
    return value


def changed(props: dict[str, Any], old: dict[str, Any], *names: str) -> bool:
    """Whether any of `names` differs between the old and new properties."""
    return any(props.get(n) != old.get(n) for n in names)


def tag_changes(new: dict[str, str], old: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """(tags to set, keys to remove) to go from `old` to `new`."""
    return {k: v for k, v in new.items() if old.get(k) != v}, sorted(old.keys() - new.keys())


def absent(error: Exception, *codes: str) -> bool:
    """Whether `error` says the resource is already gone (for an idempotent delete)."""
    return getattr(error, "code", None) in (codes or ("ResourceNotFoundException",))
