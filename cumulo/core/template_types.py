"""Template values to the types an operation's input wants, for CloudFormation providers.

A template's properties arrive as the template wrote them: numbers often quoted
("30"), booleans as "true", a number where the API takes a string. CloudFormation
converts them to the types of the resource's schema before calling the service;
`typed` does the same from the operation's botocore input shape, so a provider
can pass template structures (lifecycle rules, throughput, scaling configs)
through to `ctx.call` without converting each member by hand. Members the
shape does not know are left alone (the service's validation names them).
"""

from __future__ import annotations

import functools
from typing import Any

import botocore.loaders
from botocore.model import ServiceModel, Shape


@functools.cache
def _model(service: str) -> ServiceModel:
    return ServiceModel(botocore.loaders.Loader().load_service_model(service, "service-2"), service_name=service)


def typed(service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """`params` with each value converted to the type of its member in `operation`'s input
    (botocore service name, e.g. "lambda", "dynamodb")."""
    shape = _model(service).operation_model(operation).input_shape
    if shape is None:
        return params
    converted = _convert(shape, params)
    return converted if isinstance(converted, dict) else params


def _convert(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members  # type: ignore[attr-defined]
        return {k: _convert(members[k], v) if k in members else v for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        return [_convert(shape.member, v) for v in value]  # type: ignore[attr-defined]
    if kind == "map" and isinstance(value, dict):
        return {k: _convert(shape.value, v) for k, v in value.items()}  # type: ignore[attr-defined]
    if kind in ("integer", "long") and isinstance(value, str | float) and not isinstance(value, bool):
        try:
            return int(value) if isinstance(value, str) else (int(value) if value.is_integer() else value)
        except ValueError:
            return value
    if kind in ("double", "float") and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "boolean" and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if kind == "string" and isinstance(value, bool):
        return "true" if value else "false"
    if kind == "string" and isinstance(value, int | float):
        return str(value)
    if kind == "blob" and isinstance(value, str):
        return value.encode()
    return value
