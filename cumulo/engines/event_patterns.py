"""Event patterns: the matching language of EventBridge rules, SNS filter policies, Pipes and Lambda filters.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
A pattern is a JSON object: a nested object descends into the record, a list
holds the allowed matches of a field (any one suffices; a list field matches
when any element does). Matches: literal values, `prefix`, `suffix`,
`equals-ignore-case`, `anything-but` (values, or a prefix/suffix), `numeric`
(comparisons, ANDed), `exists`, `wildcard`. A record passes when any of the
mapping's patterns matches. For SQS, a JSON `body` is matched as an object.
"""

from __future__ import annotations

import fnmatch
import json
from typing import Any

_MISSING = object()
_OPS = {"<": float.__lt__, "<=": float.__le__, "=": float.__eq__, ">": float.__gt__, ">=": float.__ge__}


def parse(pattern: str) -> dict[str, Any]:
    """A pattern's JSON; ValueError when it is not an object of lists and objects."""
    value = json.loads(pattern)
    if not isinstance(value, dict):
        raise ValueError("a filter pattern must be a JSON object")
    return value


def matches_any(patterns: list[dict[str, Any]], record: dict[str, Any]) -> bool:
    return not patterns or any(matches(p, record) for p in patterns)


def matches(pattern: dict[str, Any], value: Any) -> bool:
    for key, rule in pattern.items():
        field = value.get(key, _MISSING) if isinstance(value, dict) else _MISSING
        if isinstance(rule, dict):
            if field is _MISSING or not matches(rule, field):
                return False
        elif isinstance(rule, list):
            if not _field_matches(rule, field):
                return False
        else:
            return False  # a pattern's leaves must be lists
    return True


def _field_matches(rules: list[Any], field: Any) -> bool:
    values = field if isinstance(field, list) else [field]
    return any(_one(rule, v) for rule in rules for v in values) or (not values and any(_one(r, _MISSING) for r in rules))


def _one(rule: Any, value: Any) -> bool:
    if not isinstance(rule, dict):
        return value is not _MISSING and _same(rule, value)
    if len(rule) != 1:
        return False
    op, arg = next(iter(rule.items()))
    if op == "exists":
        return (value is not _MISSING) == bool(arg)
    if value is _MISSING:
        return False
    if op == "prefix":
        return isinstance(value, str) and _text_test(arg, value, str.startswith)
    if op == "suffix":
        return isinstance(value, str) and _text_test(arg, value, str.endswith)
    if op == "equals-ignore-case":
        return isinstance(value, str) and value.lower() == str(arg).lower()
    if op == "wildcard":
        return isinstance(value, str) and fnmatch.fnmatchcase(value, str(arg))
    if op == "numeric":
        return _numeric(arg, value)
    if op == "anything-but":
        if isinstance(arg, dict):
            return not _one(arg, value)
        banned = arg if isinstance(arg, list) else [arg]
        return not any(_same(b, value) for b in banned)
    return False


def _text_test(arg: Any, value: str, test: Any) -> bool:
    if isinstance(arg, dict) and "equals-ignore-case" in arg:
        return test(value.lower(), str(arg["equals-ignore-case"]).lower())
    return test(value, str(arg))


def _same(rule: Any, value: Any) -> bool:
    if isinstance(rule, bool) or isinstance(value, bool) or rule is None or value is None:
        return rule is value or rule == value and type(rule) is type(value)
    if isinstance(rule, (int, float)) and isinstance(value, (int, float)):
        return float(rule) == float(value)
    return rule == value


def _numeric(arg: Any, value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not isinstance(arg, list):
        return False
    for i in range(0, len(arg) - 1, 2):
        op, bound = _OPS.get(arg[i]), arg[i + 1]
        if op is None or not op(float(value), float(bound)):
            return False
    return True
