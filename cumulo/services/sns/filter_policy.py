"""SNS filter policies: the shared event pattern language (cumulo.engines.event_patterns) with SNS's rules.

https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
- a policy is at most 256 KB, has at most five keys (leaf fields) and at most 150 combinations of
  values (the product of each field's value count, summed over `$or` alternatives);
- numbers lie within ±1,000,000,000 with at most five decimal places;
- SNS has no `wildcard` operator;
- with `FilterPolicyScope=MessageAttributes` (the default) a policy is flat (no nested objects) and is
  matched against the message attributes: String as text, Number as a number, String.Array as the
  JSON array it holds; Binary attributes are never matched. With `MessageBody` the message body must
  be a JSON object and the policy may nest.
A refused policy is `InvalidParameter: Invalid parameter: FilterPolicy: <reason>`.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.engines import event_patterns
from cumulo.engines.event_patterns import Pattern, PatternError
from cumulo.services.sns.errors import invalid

MAX_SIZE = 256 * 1024
MAX_KEYS = 5
MAX_COMBINATIONS = 150
MAX_NUMBER = 1e9
MAX_POLICIES_PER_TOPIC = 200
SCOPES = ("MessageAttributes", "MessageBody")


def _refuse(reason: str) -> AwsError:
    return invalid(f"FilterPolicy: {reason}")


@functools.lru_cache(maxsize=4096)
def compiled(text: str, scope: str) -> Pattern:
    """A validated policy (cached: policies are few and immutable)."""
    if len(text.encode()) > MAX_SIZE:
        raise _refuse("Filter policy is too large")
    try:
        pattern = event_patterns.parse(text)
    except PatternError as e:
        raise _refuse(e.reason) from None
    c = pattern.complexity
    if scope != "MessageBody" and c.depth > 1:
        raise _refuse("Filter policy scope MessageAttributes does not support nested filter policy")
    if c.fields > MAX_KEYS:
        raise _refuse("Filter policy can not have more than 5 keys")
    if c.combinations > MAX_COMBINATIONS:
        raise _refuse("Filter policy is too complex")
    for _, rule in pattern.leaves():
        _check_rule(rule)
    return pattern


def _check_rule(rule: Any) -> None:
    if not isinstance(rule, dict):
        if isinstance(rule, (int, float)) and not isinstance(rule, bool):
            _check_number(rule)
        return
    (op, arg), = rule.items()
    if op == "wildcard":
        raise _refuse("Unrecognized match type wildcard")
    if op == "numeric":
        for bound in arg[1::2]:
            _check_number(bound)
    if op == "anything-but" and isinstance(arg, dict) and "wildcard" in arg:
        raise _refuse("Unsupported anything-but pattern: wildcard")


def _check_number(n: float) -> None:
    if not -MAX_NUMBER <= n <= MAX_NUMBER:
        raise _refuse(f"Numeric value must be between {-MAX_NUMBER:.1E} and {MAX_NUMBER:.1E}".replace("+0", ""))
    if round(n, 5) != n:
        raise _refuse("Numeric value can have at most 5 digits after the decimal point")


def validate(text: str, scope: str = "MessageAttributes") -> None:
    if text.strip() in ("", "{}"):
        return
    compiled(text, scope)


def attribute_record(attributes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Message attributes as the policy sees them."""
    record: dict[str, Any] = {}
    for name, value in attributes.items():
        kind = value.get("DataType", "")
        text = value.get("StringValue")
        if text is None:
            continue  # Binary: never matched
        if kind.startswith("Number"):
            try:
                number = float(text)
                record[name] = int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
            except ValueError:
                record[name] = text
        elif kind.startswith("String.Array"):
            try:
                record[name] = json.loads(text)
            except ValueError:
                record[name] = text
        else:
            record[name] = text
    return record


def admits(policy: str, scope: str, attributes: dict[str, dict[str, Any]], body: str) -> bool:
    """Does a subscription's policy let this message through."""
    if not policy or policy.strip() == "{}":
        return True
    try:
        pattern = compiled(policy, scope)
    except AwsError:
        return False
    if scope == "MessageBody":
        try:
            event = json.loads(body)
        except ValueError:
            return False
        return isinstance(event, dict) and pattern.matches(event)
    return pattern.matches(attribute_record(attributes))
