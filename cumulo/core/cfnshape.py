"""Template properties as an operation's input, for CloudFormation providers.

Most resource types' properties are the create operation's members under the same
names (Logs' API spells them in camelCase, the template in PascalCase), with numbers
and booleans that may arrive as strings and JSON documents that arrive as objects.
`api_input` turns one into the other by the operation's botocore model: members
matched without regard to case, scalars coerced to the model's type, an object where
the model wants a string written as JSON text, anything the operation does not take
left out. Providers still name the properties whose spelling differs.

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
        try:
            return int(float(value))
        except ValueError:
            return value
    if kind in ("double", "float") and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "boolean" and isinstance(value, str):
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
