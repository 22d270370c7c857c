"""A template's `Rules`: each rule's assertions checked against the parameters before a stack,
a change set or an update is accepted, as AWS checks them (the CDK's `CheckBootstrapVersion`
refuses an environment bootstrapped with too old a version this way).

A rule applies when its `RuleCondition` holds (or it has none); every `Assert` must then
hold, else the request fails with a ValidationError carrying the `AssertDescription`.
Besides the condition functions (`Fn::And`, `Fn::Or`, `Fn::Not`, `Fn::Equals`, `Condition`)
and `Ref`, rules have functions of their own: `Fn::Contains`, `Fn::EachMemberEquals` and
`Fn::EachMemberIn` are evaluated; `Fn::RefAll`, `Fn::ValueOf` and `Fn::ValueOfAll` ask AWS
about AWS-specific parameter values (VPC ids, ...) that cumulo does not hold, so an
assertion using them is not checked.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.cloudformation.intrinsics import Evaluator

_UNCHECKED = ("Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll")


class _Unknowable(Exception):
    """An assertion that needs what only AWS knows."""


def check(ev: Evaluator, template: dict[str, Any]) -> None:
    for name, rule in (template.get("Rules") or {}).items():
        if not isinstance(rule, dict):
            raise AwsError("ValidationError", f"Template format error: Rule {name} must be an object", status=400)
        try:
            if "RuleCondition" in rule and not _truth(_value(ev, rule["RuleCondition"])):
                continue
        except _Unknowable:
            continue
        for assertion in rule.get("Assertions") or []:
            try:
                held = _truth(_value(ev, assertion.get("Assert")))
            except _Unknowable:
                continue
            if not held:
                message = assertion.get("AssertDescription") or f"Template error: rule {name} failed its assertion"
                raise AwsError("ValidationError", str(message), status=400)


def _truth(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


def _scalar(value: Any) -> Any:
    return str(value).lower() if isinstance(value, bool) else str(value) if isinstance(value, int | float) else value


def _members(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",")]  # a List<> parameter referenced as its text
    return [_scalar(v) for v in value] if isinstance(value, list) else [_scalar(value)]


def _value(ev: Evaluator, expr: Any) -> Any:
    if isinstance(expr, list):
        return [_value(ev, e) for e in expr]
    if not (isinstance(expr, dict) and len(expr) == 1):
        return ev.resolve(expr)
    (key, arg), = expr.items()
    if key in _UNCHECKED:
        raise _Unknowable(key)
    pair = arg if isinstance(arg, list) and len(arg) == 2 else None
    if key == "Fn::Contains" and pair:
        return _scalar(_value(ev, pair[1])) in _members(_value(ev, pair[0]))
    if key == "Fn::EachMemberEquals" and pair:
        target = _scalar(_value(ev, pair[1]))
        return all(m == target for m in _members(_value(ev, pair[0])))
    if key == "Fn::EachMemberIn" and pair:
        allowed = _members(_value(ev, pair[1]))
        return all(m in allowed for m in _members(_value(ev, pair[0])))
    if key == "Fn::Not" and isinstance(arg, list) and len(arg) == 1:
        return not _truth(_value(ev, arg[0]))
    if key == "Fn::And" and isinstance(arg, list):
        return all(_truth(_value(ev, a)) for a in arg)
    if key == "Fn::Or" and isinstance(arg, list):
        return any(_truth(_value(ev, a)) for a in arg)
    if key == "Fn::Equals" and pair:
        return _scalar(_value(ev, pair[0])) == _scalar(_value(ev, pair[1]))
    if key == "Condition" and isinstance(arg, str):
        return ev.condition(arg)
    return ev.resolve(expr)
