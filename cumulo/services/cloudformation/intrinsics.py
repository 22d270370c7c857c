"""The intrinsic functions, conditions and pseudo parameters: evaluating a template
value against a stack's parameters, mappings, conditions and resources.

`Evaluator.resolve(value)` turns a template value into plain data. A reference to a
resource asks `Evaluator.lookup` (logical id -> (physical id, attributes)), which the
engine fills as resources are made; a change set's preview fills it with `UNKNOWN`
for resources not made yet, and `resolve` then answers `UNKNOWN` for any value that
depends on one. `Ref: AWS::NoValue` removes the key or list item that holds it.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cumulo.services.cloudformation.template import validation


class _NoValue:
    def __repr__(self) -> str:
        return "AWS::NoValue"


class _Unknown:
    """A value not known before the resources it depends on exist (a change set preview)."""

    def __repr__(self) -> str:
        return "{{unknown}}"


NO_VALUE: Any = _NoValue()
UNKNOWN: Any = _Unknown()
SUB_VAR = re.compile(r"\$\{([^}]*)\}")
FUNCTIONS = frozenset({
    "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::If", "Fn::Equals", "Fn::And", "Fn::Or",
    "Fn::Not", "Fn::FindInMap", "Fn::GetAZs", "Fn::Base64", "Fn::Cidr", "Fn::ImportValue", "Fn::Length",
    "Fn::ToJsonString", "Fn::Transform", "Ref", "Condition",
})


def fail(message: str) -> Exception:
    return validation(f"Template error: {message}")


def pseudo_parameters(account: str, region: str, stack_name: str, stack_id: str, notification_arns: list[str]) -> dict[str, Any]:
    from cumulo.core.arns import partition

    part = partition(region)
    return {
        "AWS::AccountId": account,
        "AWS::Region": region,
        "AWS::StackName": stack_name,
        "AWS::StackId": stack_id,
        "AWS::Partition": part,
        "AWS::URLSuffix": "amazonaws.com.cn" if part == "aws-cn" else "amazonaws.com",
        "AWS::NotificationARNs": list(notification_arns),
        "AWS::NoValue": NO_VALUE,
    }


@dataclass
class Evaluator:
    template: dict[str, Any]
    params: dict[str, Any]  # parameter name -> value (lists for List<> types), pseudo parameters included
    lookup: Callable[[str], tuple[str, dict[str, Any]]] = lambda name: (UNKNOWN, {})
    # Export name -> value, for Fn::ImportValue.
    exports: Callable[[str], str | None] = lambda name: None
    region: str = "us-east-1"
    conditions: dict[str, bool] = field(default_factory=dict)
    _evaluating: set[str] = field(default_factory=set)

    # ------------------------------------------------------------------ conditions

    def condition(self, name: str) -> bool:
        if name in self.conditions:
            return self.conditions[name]
        defs = self.template.get("Conditions") or {}
        if name not in defs:
            raise fail(f"Unresolved condition dependency {name} in Fn::If" if self._evaluating else f"Condition {name} not found")
        if name in self._evaluating:
            raise validation(f"Template format error: Circular dependency between conditions: [{', '.join(sorted(self._evaluating))}]")
        self._evaluating.add(name)
        try:
            value = self.resolve(defs[name])
        finally:
            self._evaluating.discard(name)
        result = _truth(value)
        self.conditions[name] = result
        return result

    def all_conditions(self) -> dict[str, bool]:
        for name in self.template.get("Conditions") or {}:
            self.condition(name)
        return dict(self.conditions)

    # ------------------------------------------------------------------ values

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict):
            if len(value) == 1:
                (key, arg), = value.items()
                if key == "Ref":
                    return self._ref(arg)
                if key in FUNCTIONS and key != "Condition":
                    return getattr(self, "_" + key[4:].lower())(arg)
                if key == "Condition" and isinstance(arg, str) and self._evaluating:
                    return self.condition(arg)
            out = {}
            for k, v in value.items():
                r = self.resolve(v)
                if r is not NO_VALUE:
                    out[k] = r
            return out
        if isinstance(value, list):
            return [r for r in (self.resolve(v) for v in value) if r is not NO_VALUE]
        return value

    def _text(self, value: Any, where: str) -> Any:
        value = self.resolve(value)
        if value is UNKNOWN:
            return UNKNOWN
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        if not isinstance(value, str):
            raise fail(f"every {where} argument must be a string")
        return value

    def _ref(self, name: Any) -> Any:
        if not isinstance(name, str):
            raise fail("Ref must name a parameter, a pseudo parameter or a resource")
        if name in self.params:
            return self.params[name]
        if name in (self.template.get("Resources") or {}):
            return self.lookup(name)[0]
        raise validation(f"Template format error: Unresolved resource dependencies [{name}] in the Resources block of the template")

    def _getatt(self, arg: Any) -> Any:
        if isinstance(arg, str):
            arg = arg.split(".", 1)
        if not isinstance(arg, list) or len(arg) != 2:
            raise fail("Fn::GetAtt takes a resource name and an attribute name")
        name, attr = arg[0], self.resolve(arg[1])
        if name not in (self.template.get("Resources") or {}):
            raise validation(f"Template format error: Unresolved resource dependencies [{name}] in the Resources block of the template")
        physical, attrs = self.lookup(name)
        if physical is UNKNOWN or attr is UNKNOWN:
            return UNKNOWN
        if attr in attrs:
            return attrs[attr]
        typ = self.template["Resources"][name].get("Type", "")
        raise AttributeMissing(name, attr, typ)

    def _sub(self, arg: Any) -> Any:
        if isinstance(arg, list):
            if len(arg) != 2 or not isinstance(arg[1], dict):
                raise fail("Fn::Sub takes a string, or a string and a map of variables")
            text, variables = arg[0], {k: self.resolve(v) for k, v in arg[1].items()}
        else:
            text, variables = arg, {}
        if not isinstance(text, str):
            raise fail("Fn::Sub's string must be a string")
        unknown = False

        def one(match: re.Match[str]) -> str:
            nonlocal unknown
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            name = name.strip()
            if name in variables:
                value = variables[name]
            elif "." in name and name.split(".", 1)[0] in (self.template.get("Resources") or {}):
                value = self._getatt(name.split(".", 1))
            else:
                value = self._ref(name)
            if value is UNKNOWN:
                unknown = True
                return ""
            if isinstance(value, list):
                return ",".join(str(v) for v in value)
            if isinstance(value, bool):
                return "true" if value else "false"
            return str(value)

        result = SUB_VAR.sub(one, text)
        return UNKNOWN if unknown else result

    def _join(self, arg: Any) -> Any:
        if not isinstance(arg, list) or len(arg) != 2:
            raise fail("Fn::Join takes a delimiter and a list")
        delimiter, items = arg[0], self.resolve(arg[1])
        if items is UNKNOWN:
            return UNKNOWN
        if not isinstance(items, list):
            raise fail("Fn::Join's second argument must be a list")
        parts = [self._text(i, "Fn::Join list") for i in items]
        return UNKNOWN if UNKNOWN in parts else str(delimiter).join(parts)

    def _select(self, arg: Any) -> Any:
        if not isinstance(arg, list) or len(arg) != 2:
            raise fail("Fn::Select takes an index and a list")
        index, items = self.resolve(arg[0]), self.resolve(arg[1])
        if items is UNKNOWN or index is UNKNOWN:
            return UNKNOWN
        if isinstance(items, str):
            items = items.split(",")
        try:
            return items[int(index)]
        except (ValueError, IndexError, TypeError):
            raise fail("Fn::Select cannot select nonexistent value at index " + str(index)) from None

    def _split(self, arg: Any) -> Any:
        if not isinstance(arg, list) or len(arg) != 2:
            raise fail("Fn::Split takes a delimiter and a string")
        text = self._text(arg[1], "Fn::Split")
        return UNKNOWN if text is UNKNOWN else text.split(str(arg[0]))

    def _if(self, arg: Any) -> Any:
        if not isinstance(arg, list) or len(arg) != 3:
            raise fail("Fn::If requires a list argument with three elements")
        return self.resolve(arg[1] if self.condition(arg[0]) else arg[2])

    def _equals(self, arg: Any) -> bool:
        if not isinstance(arg, list) or len(arg) != 2:
            raise fail("Fn::Equals requires a list argument with two elements")
        a, b = (self.resolve(x) for x in arg)
        return _scalar(a) == _scalar(b)

    def _cond(self, item: Any) -> bool:
        if isinstance(item, dict) and list(item) == ["Condition"]:
            return self.condition(item["Condition"])
        return _truth(self.resolve(item))

    def _and(self, arg: Any) -> bool:
        if not isinstance(arg, list) or not 2 <= len(arg) <= 10:
            raise fail("Fn::And requires a list argument with between 2 and 10 elements")
        return all(self._cond(i) for i in arg)

    def _or(self, arg: Any) -> bool:
        if not isinstance(arg, list) or not 2 <= len(arg) <= 10:
            raise fail("Fn::Or requires a list argument with between 2 and 10 elements")
        return any(self._cond(i) for i in arg)

    def _not(self, arg: Any) -> bool:
        if not isinstance(arg, list) or len(arg) != 1:
            raise fail("Fn::Not requires a list argument with one element")
        return not self._cond(arg[0])

    def _findinmap(self, arg: Any) -> Any:
        if not isinstance(arg, list) or len(arg) not in (3, 4):
            raise fail("Fn::FindInMap requires a list argument with three elements")
        default = None
        if len(arg) == 4:
            if not isinstance(arg[3], dict) or "DefaultValue" not in arg[3]:
                raise fail("Fn::FindInMap's fourth element must be {DefaultValue: ...}")
            default = arg[3]["DefaultValue"]
        name, top, second = (self.resolve(x) for x in arg[:3])
        mappings = self.template.get("Mappings") or {}
        try:
            return mappings[name][str(top)][str(second)]
        except (KeyError, TypeError):
            if default is not None:
                return self.resolve(default)
            if name not in mappings:
                raise fail(f"Mapping named '{name}' is not present in the 'Mappings' section of template.") from None
            raise fail(f"Unable to get mapping for {name}::{top}::{second}") from None

    def _getazs(self, arg: Any) -> list[str]:
        region = self.resolve(arg) or self.region
        return [f"{region}{z}" for z in "abc"]

    def _base64(self, arg: Any) -> Any:
        text = self._text(arg, "Fn::Base64")
        return UNKNOWN if text is UNKNOWN else base64.b64encode(text.encode()).decode()

    def _cidr(self, arg: Any) -> Any:
        if not isinstance(arg, list) or len(arg) != 3:
            raise fail("Fn::Cidr requires a list argument with three elements")
        block, count, bits = (self.resolve(x) for x in arg)
        try:
            network = ipaddress.ip_network(str(block), strict=False)
            prefix = network.max_prefixlen - int(bits)
            subnets = network.subnets(new_prefix=prefix)
            return [str(next(subnets)) for _ in range(int(count))]
        except (ValueError, StopIteration):
            raise fail(f"Fn::Cidr cannot make {count} subnets of {bits} bits from {block}") from None

    def _importvalue(self, arg: Any) -> Any:
        name = self._text(arg, "Fn::ImportValue")
        if name is UNKNOWN:
            return UNKNOWN
        value = self.exports(name)
        if value is None:
            raise validation(f"No export named {name} found.")
        return value

    def _length(self, arg: Any) -> Any:
        items = self.resolve(arg)
        if items is UNKNOWN:
            return UNKNOWN
        if not isinstance(items, list):
            raise fail("Fn::Length requires a list")
        return len(items)

    def _tojsonstring(self, arg: Any) -> Any:
        value = self.resolve(arg)
        if value is UNKNOWN or _contains_unknown(value):
            return UNKNOWN
        return json.dumps(value, separators=(",", ":"))

    def _transform(self, arg: Any) -> Any:
        raise fail("Fn::Transform is only allowed where a macro runs (none are registered)")


class AttributeMissing(Exception):
    def __init__(self, logical: str, attribute: str, type_name: str) -> None:
        super().__init__(f"Template error: resource {logical} does not support attribute type {attribute} in Fn::GetAtt")
        self.logical, self.attribute, self.type_name = logical, attribute, type_name


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


def _truth(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise fail("a condition must evaluate to true or false")


def _contains_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(_contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_contains_unknown(v) for v in value)
    return False


contains_unknown = _contains_unknown
