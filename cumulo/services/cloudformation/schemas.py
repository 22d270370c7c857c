"""AWS's resource type schemas (the CloudFormation registry's public types), as shipped
by cfn-lint, which keeps AWS's published schemas per region: DescribeType answers with
them, ListTypes lists them, GetTemplateSummary reads resource identifiers from them.
Read lazily, one JSON file per type asked about."""

from __future__ import annotations

import importlib
import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def public_types(region: str = "us-east-1") -> dict[str, str]:
    """Type name -> cfn-lint's schema file key, for a region ({} without cfn-lint)."""
    for name in (region.replace("-", "_"), "us_east_1"):
        try:
            module = importlib.import_module(f"cfnlint.data.schemas.providers.{name}")
        except ModuleNotFoundError:
            continue
        return dict(module.types)
    return {}


@cache
def schema(type_name: str, region: str = "us-east-1") -> dict[str, Any] | None:
    key = public_types(region).get(type_name) or public_types().get(type_name)
    if key is None:
        return None
    try:
        text = (resources.files("cfnlint.data.schemas.resources") / f"{key}.json").read_text()
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def tag_property(type_name: str) -> tuple[str, bool] | None:
    """(the property that holds a type's tags, whether they are a map) for a type whose tags
    can change in place, as its schema's `tagging` says; None for a type that takes none (a
    stack's tags reach only the others)."""
    found = schema(type_name)
    if found is None:
        return None
    properties = found.get("properties") or {}
    tagging = found.get("tagging") or {"taggable": "Tags" in properties}
    if not tagging.get("taggable", True) or not tagging.get("tagUpdatable", True):
        return None
    name = str(tagging.get("tagProperty", "/properties/Tags")).rsplit("/", 1)[-1]
    return name, (properties.get(name) or {}).get("type") == "object"
