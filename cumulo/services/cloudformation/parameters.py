"""Template parameters: the values a stack is given, checked against each parameter's
type and constraints as CloudFormation checks them, and `AWS::SSM::Parameter::Value<>`
types read from SSM (through services.call) when the stack operation starts.

A stored stack keeps the *given* values (what DescribeStacks shows, NoEcho masked);
`resolve_ssm` gives the values the template sees.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cumulo.services.cloudformation.template import validation

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
SSM_PREFIX = "AWS::SSM::Parameter::Value<"
MASK = "****"
# Types whose values are AWS-specific ids: CloudFormation checks they exist; cumulo
# has no EC2, so any text passes (as a List<> of them takes any list).
AWS_SPECIFIC = re.compile(r"^AWS::EC2::\w+::\w+$|^AWS::Route53::HostedZone::Id$")


def is_list_type(typ: str) -> bool:
    inner = typ[len(SSM_PREFIX):-1] if typ.startswith(SSM_PREFIX) else typ
    return inner == "CommaDelimitedList" or inner.startswith("List<")


def check_type(name: str, typ: str) -> None:
    plain = typ in ("String", "Number", "CommaDelimitedList", "List<Number>", "List<String>")
    if not (plain or typ.startswith(SSM_PREFIX) or AWS_SPECIFIC.match(typ)
            or (typ.startswith("List<") and AWS_SPECIFIC.match(typ[5:-1])) or typ == "AWS::SSM::Parameter::Name"):
        raise validation(f"Template format error: Unrecognized parameter type: {typ}")


def given_values(declared: dict[str, Any], supplied: list[dict[str, Any]], previous: dict[str, str] | None) -> dict[str, str]:
    """Parameter name -> its value as text (the form DescribeStacks shows), from the
    request's `Parameters` (with `UsePreviousValue`), the previous values and defaults."""
    values: dict[str, str] = {}
    for p in supplied:
        key = p.get("ParameterKey")
        if key is None:
            continue
        if key not in declared:
            raise validation(f"Parameters: [{key}] do not exist in the template")
        if p.get("UsePreviousValue"):
            if previous is None or key not in previous:
                raise validation(f"Invalid input for parameter key {key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template")
            values[key] = previous[key]
        elif "ParameterValue" in p:
            values[key] = p["ParameterValue"]
    missing = []
    for key, decl in declared.items():
        check_type(key, decl.get("Type", "String"))
        if key in values:
            continue
        if "Default" in decl:
            default = decl["Default"]
            values[key] = ",".join(map(str, default)) if isinstance(default, list) else _text(default)
        else:
            missing.append(key)
    if missing:
        raise validation(f"Parameters: [{', '.join(missing)}] must have values")
    for key, value in values.items():
        _constraints(key, declared[key], value)
    return values


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _constraints(key: str, decl: dict[str, Any], value: str) -> None:
    typ = decl.get("Type", "String")
    description = decl.get("ConstraintDescription")

    def refuse(default: str) -> Exception:
        return validation(f"Parameter '{key}' {description}" if description else default)

    items = value.split(",") if is_list_type(typ) else [value]
    if typ.startswith(SSM_PREFIX):
        return  # the SSM parameter's name; its value is checked when read
    for item in items:
        if typ in ("Number", "List<Number>") and not NUMBER.match(item.strip()):
            raise validation(f"Parameter '{key}' must be a number{'' if typ == 'Number' else ' list'}")
        if "AllowedValues" in decl and item not in [_text(v) for v in decl["AllowedValues"]]:
            raise refuse(f"Parameter '{key}' must be one of AllowedValues")
        if "AllowedPattern" in decl and not re.fullmatch(str(decl["AllowedPattern"]), item):
            raise refuse(f"Parameter '{key}' must match pattern {decl['AllowedPattern']}")
        if "MinLength" in decl and len(item) < int(decl["MinLength"]):
            raise refuse(f"Parameter '{key}' must contain at least {decl['MinLength']} characters")
        if "MaxLength" in decl and len(item) > int(decl["MaxLength"]):
            raise refuse(f"Parameter '{key}' must contain at most {decl['MaxLength']} characters")
        if typ in ("Number", "List<Number>"):
            number = float(item)
            if "MinValue" in decl and number < float(decl["MinValue"]):
                raise refuse(f"Parameter '{key}' must be a number not less than {decl['MinValue']}")
            if "MaxValue" in decl and number > float(decl["MaxValue"]):
                raise refuse(f"Parameter '{key}' must be a number not greater than {decl['MaxValue']}")


def template_values(declared: dict[str, Any], given: dict[str, str], ssm: dict[str, str] | None = None) -> dict[str, Any]:
    """The values the template's intrinsics see: lists split, SSM-typed ones replaced
    by what SSM held (`ssm`: parameter name -> value)."""
    out: dict[str, Any] = {}
    for key, decl in declared.items():
        typ = decl.get("Type", "String")
        value = given[key]
        if typ.startswith(SSM_PREFIX) and ssm is not None:
            value = ssm.get(key, value)
        out[key] = value.split(",") if is_list_type(typ) else value
        if is_list_type(typ) and value == "":
            out[key] = []
    return out


async def resolve_ssm(runtime: Runtime, account: str, region: str, declared: dict[str, Any], given: dict[str, str]) -> dict[str, str]:
    """Parameter key -> the value of the SSM parameter it names, for SSM-typed parameters."""
    from cumulo.core.errors import AwsError
    from cumulo.services import call

    out: dict[str, str] = {}
    for key, decl in declared.items():
        if not str(decl.get("Type", "")).startswith(SSM_PREFIX):
            continue
        try:
            got = await call(runtime, "ssm", "GetParameter", {"Name": given[key]}, account, region)
        except AwsError:
            raise validation(f"Parameters [{given[key]}] referenced by template have types not supported by CloudFormation.") from None
        out[key] = got["Parameter"]["Value"]
    return out


def shown(declared: dict[str, Any], given: dict[str, str], resolved: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The stack's `Parameters` as DescribeStacks shows them: NoEcho values masked,
    SSM-typed ones with their ResolvedValue."""
    out = []
    for key, value in given.items():
        decl = declared.get(key, {})
        item: dict[str, Any] = {"ParameterKey": key, "ParameterValue": MASK if str(decl.get("NoEcho", "")).lower() == "true" else value}
        if resolved and key in resolved:
            item["ResolvedValue"] = resolved[key]
        out.append(item)
    return out
