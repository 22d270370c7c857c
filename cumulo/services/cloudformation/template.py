"""Reading a template: JSON or YAML (with the short-form tags, `!Ref`, `!GetAtt a.b`,
`!Sub`, ...), and the structural checks CloudFormation makes before anything runs.

`parse(text)` gives the template as plain JSON-shaped data, short forms expanded to
their long form (`!GetAtt a.b` -> {"Fn::GetAtt": ["a", "b"]}). `check(template,
known_types)` raises AWS's "Template format error: ..." ValidationError for what
AWS refuses up front: no Resources, unknown top-level sections, resources without a
Type, types nobody provides.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import yaml

from cumulo.core.errors import AwsError

SECTIONS = frozenset({
    "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings",
    "Conditions", "Transform", "Resources", "Outputs", "Hooks",
})
RESOURCE_KEYS = frozenset({
    "Type", "Properties", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "Metadata",
    "CreationPolicy", "UpdatePolicy", "Version", "DeletionMode",
})
# Types CloudFormation itself provides (cfn.py of this package) or ignores.
MAX_BODY = 51_200


def validation(message: str) -> AwsError:
    return AwsError("ValidationError", message, status=400)


def format_error(message: str) -> AwsError:
    return validation(f"Template format error: {message}")


class _Loader(yaml.SafeLoader):
    """SafeLoader with CloudFormation's tags, and timestamps left as text (a date in a
    template is a string to CloudFormation)."""


def _construct(tag: str):  # type: ignore[no-untyped-def]
    name = "Ref" if tag == "Ref" else f"Fn::{tag}"

    def build(loader: _Loader, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if tag == "GetAtt" and isinstance(value, str):
                first, _, rest = value.partition(".")
                value = [first, rest]
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        if tag == "Condition":
            return {"Condition": value}
        return {name: value}

    return build


for _tag in ("Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "And", "Or", "Not", "FindInMap",
             "GetAZs", "Base64", "Cidr", "ImportValue", "Length", "ToJsonString", "ForEach", "Transform",
             "Condition", "ValueOf", "Contains", "EachMemberEquals", "EachMemberIn", "RefAll"):
    _Loader.add_constructor(f"!{_tag}", _construct(_tag))


def _timestamp_as_text(loader: _Loader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def parse(text: str) -> dict[str, Any]:
    """The template in `text`, JSON or YAML, as JSON-shaped data."""
    stripped = text.lstrip()
    if not stripped:
        raise validation("Template format error: template body is empty")
    if stripped.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise format_error(f"JSON not well-formed. (line {e.lineno}, column {e.colno})") from None
    else:
        try:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
            raise format_error(f"YAML not well-formed.{where}") from None
    if not isinstance(data, dict):
        raise format_error("unsupported structure.")
    # Keys must be text; numbers as YAML keys become strings as CloudFormation reads them.
    return json.loads(json.dumps(data, default=_json_default))


def dump(template: dict[str, Any]) -> str:
    return json.dumps(template, indent=2)


def check(template: dict[str, Any], known_types: set[str] | frozenset[str] | Any) -> None:
    """AWS's up-front checks of a template (after transforms)."""
    unknown = [k for k in template if k not in SECTIONS]
    if unknown:
        raise format_error(f"Invalid template property or properties [{', '.join(unknown)}]")
    version = template.get("AWSTemplateFormatVersion")
    if version is not None and str(version) != "2010-09-09":
        raise format_error(f"'{version}' is not a supported version.")
    resources = template.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise format_error("At least one Resources member must be defined.")
    for section in ("Parameters", "Mappings", "Conditions", "Outputs"):
        if section in template and not isinstance(template[section], dict):
            raise format_error(f"{section} must be an object")
    for name, value in (template.get("Parameters") or {}).items():
        if not isinstance(value, dict) or "Type" not in value:
            raise format_error(f"Parameter '{name}' is missing the required property Type")
    bad_type: list[str] = []
    for name, res in resources.items():
        if not isinstance(res, dict):
            raise format_error(f"[/Resources/{name}] resource definition is malformed")
        if "Type" not in res:
            raise format_error(f"[/Resources/{name}] Every Resources object must contain a Type member.")
        extra = [k for k in res if k not in RESOURCE_KEYS]
        if extra:
            raise format_error(f"Unrecognized resource attribute(s) [{', '.join(extra)}] on resource [{name}]")
        typ = res["Type"]
        if not isinstance(typ, str):
            raise format_error(f"[/Resources/{name}/Type] Every Type member must be a string.")
        if not (typ in known_types or typ.startswith("Custom::")) and typ not in bad_type:
            bad_type.append(typ)
        for policy in ("DeletionPolicy", "UpdateReplacePolicy"):
            if policy in res and res[policy] not in ("Delete", "Retain", "Snapshot", "RetainExceptOnCreate"):
                raise format_error(f"Unrecognized {policy} {res[policy]} for resource {name}")
    if bad_type:
        raise format_error(f"Unrecognized resource types: [{', '.join(bad_type)}]")
    for name, out in (template.get("Outputs") or {}).items():
        if not isinstance(out, dict) or "Value" not in out:
            raise format_error(f"Every Outputs member must contain a Value object, the Outputs member {name} does not.")
