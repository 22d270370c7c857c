"""Choice rules: the comparison operators, And/Or/Not, and their `Path` forms."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from cumulo.services.stepfunctions.asl import paths
from cumulo.services.stepfunctions.asl.errors import StatesError

_KINDS = ("String", "Numeric", "Boolean", "Timestamp")
_OPS = ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
COMPARISONS = frozenset(
    [f"{k}{op}{suffix}" for k in _KINDS for op in _OPS for suffix in ("", "Path") if not (k == "Boolean" and op != "Equals")]
    + ["StringMatches", "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"]
)


def parse_timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compare(kind: str, op: str, left: Any, right: Any) -> bool:
    if kind == "String":
        if not isinstance(left, str) or not isinstance(right, str):
            return False
    elif kind == "Numeric":
        if not _is_number(left) or not _is_number(right):
            return False
    elif kind == "Boolean":
        if not isinstance(left, bool) or not isinstance(right, bool):
            return False
    else:
        left, right = parse_timestamp(left), parse_timestamp(right)
        if left is None or right is None:
            return False
    if op == "Equals":
        return bool(left == right)
    if op == "LessThan":
        return bool(left < right)
    if op == "GreaterThan":
        return bool(left > right)
    if op == "LessThanEquals":
        return bool(left <= right)
    return bool(left >= right)


def _matches(value: Any, pattern: str) -> bool:
    if not isinstance(value, str):
        return False
    # `*` is the only wildcard; `\*` is a literal star and `\\` a backslash.
    parts = re.split(r"(\\\\|\\\*|\*)", pattern)
    regex = "".join(".*" if p == "*" else re.escape(p[1]) if p in ("\\*", "\\\\") else re.escape(p) for p in parts)
    return re.fullmatch(regex, value, re.DOTALL) is not None


def evaluate(rule: dict[str, Any], data: Any, context: Any) -> bool:
    """Whether a Choice rule (or a nested rule of And/Or/Not) holds for `data`."""
    if "And" in rule:
        return all(evaluate(r, data, context) for r in rule["And"])
    if "Or" in rule:
        return any(evaluate(r, data, context) for r in rule["Or"])
    if "Not" in rule:
        return not evaluate(rule["Not"], data, context)
    variable = rule.get("Variable", "$")
    operator = next((k for k in rule if k in COMPARISONS), None)
    if operator is None:
        raise StatesError("States.Runtime", "A Choice rule has no comparison operator")
    expected = rule[operator]
    if operator == "IsPresent":
        try:
            paths.read(data, variable, context)
            present = True
        except StatesError:
            present = False
        return present is bool(expected)
    value = paths.read(data, variable, context)
    if operator == "IsNull":
        return (value is None) is bool(expected)
    if operator == "IsNumeric":
        return _is_number(value) is bool(expected)
    if operator == "IsString":
        return isinstance(value, str) is bool(expected)
    if operator == "IsBoolean":
        return isinstance(value, bool) is bool(expected)
    if operator == "IsTimestamp":
        return (parse_timestamp(value) is not None) is bool(expected)
    if operator == "StringMatches":
        return _matches(value, expected)
    if operator.endswith("Path"):
        expected = paths.read(data, expected, context)
        operator = operator[:-4]
    kind = next(k for k in _KINDS if operator.startswith(k))
    return _compare(kind, operator[len(kind):], value, expected)


__all__ = ["COMPARISONS", "evaluate"]
